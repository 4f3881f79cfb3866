// Syntax-checks PowerShell with the real parser ([Parser]::ParseFile / ParseInput), many files per pwsh start.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PwshPool } from './pool.ts';
import { runPwsh } from './pwsh.ts';
import type { Toolchain } from './toolchain.ts';

export interface ParseError {
  /** 1-based, as PowerShell reports them. For a missing '}' this is the unclosed '{'. */
  line: number;
  column: number;
  message: string;
  /** PowerShell's error id, e.g. MissingEndCurlyBrace; 'FileNotFound' when the file does not exist. */
  errorId: string;
}

export interface ParseResult {
  /** The path or name as given by the caller. */
  file: string;
  errors: ParseError[];
}

export interface ParseOptions {
  timeoutMs?: number;
  toolchain?: Toolchain;
  /** Parse on a worker of this pool (a fresh runspace) instead of a pwsh process of its own. */
  pool?: PwshPool;
}

type Item = { kind: 'file'; file: string } | { kind: 'text'; name: string; text: string };

// ParseFile returns an empty AST without errors for a missing file, hence the explicit check.
const PARSER = String.raw`
param([Parameter(Mandatory = $true)][string] $SpecFile, [Parameter(Mandatory = $true)][string] $ResultFile)
$items = [System.IO.File]::ReadAllText($SpecFile) | ConvertFrom-Json
$results = foreach ($item in $items) {
    $tokens = $null
    $errors = $null
    if ($item.kind -eq 'text') {
        $null = [System.Management.Automation.Language.Parser]::ParseInput([string] $item.text, [string] $item.name, [ref] $tokens, [ref] $errors)
    } elseif (-not [System.IO.File]::Exists($item.file)) {
        $errors = @([pscustomobject]@{ Extent = [pscustomobject]@{ StartLineNumber = 0; StartColumnNumber = 0 }; Message = "file not found: $($item.file)"; ErrorId = 'FileNotFound' })
    } else {
        $null = [System.Management.Automation.Language.Parser]::ParseFile([string] $item.file, [ref] $tokens, [ref] $errors)
    }
    [ordered]@{ errors = @(foreach ($e in $errors) {
        [ordered]@{ line = $e.Extent.StartLineNumber; column = $e.Extent.StartColumnNumber; message = $e.Message; errorId = $e.ErrorId }
    }) }
}
$json = ConvertTo-Json -InputObject @($results) -Depth 5 -Compress
[System.IO.File]::WriteAllText($ResultFile, $json, [System.Text.UTF8Encoding]::new($false))
`;

async function parseItems(items: readonly Item[], labels: readonly string[], options: ParseOptions): Promise<ParseResult[]> {
  if (items.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'remc-parse-'));
  try {
    const specFile = join(dir, 'spec.json');
    const resultFile = join(dir, 'result.json');
    const scriptFile = join(dir, 'parse.ps1');
    writeFileSync(specFile, JSON.stringify(items));
    writeFileSync(scriptFile, PARSER);
    const run = options.pool
      ? await options.pool.run({ file: scriptFile, positional: [specFile, resultFile], ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) })
      : await runPwsh(
          { file: scriptFile },
          { args: [specFile, resultFile], ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}), ...(options.toolchain ? { toolchain: options.toolchain } : {}) },
        );
    if (run.timedOut) throw new Error(`PowerShell parse timed out after ${run.durationMs} ms`);
    let parsed: { errors: ParseError[] }[];
    try {
      parsed = JSON.parse(readFileSync(resultFile, 'utf8')) as { errors: ParseError[] }[];
    } catch {
      throw new Error(`PowerShell parse failed (pwsh exit ${run.exitCode}): ${run.stderr.trim() || run.stdout.trim()}`);
    }
    if (parsed.length !== items.length) throw new Error(`PowerShell parse returned ${parsed.length} results for ${items.length} inputs`);
    return parsed.map((r, i) => ({ file: labels[i] ?? '', errors: r.errors }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Parses each file (one pwsh process for all); a missing file is reported as an error, not thrown. */
export function parsePowerShellFiles(paths: readonly string[], options: ParseOptions = {}): Promise<ParseResult[]> {
  return parseItems(
    paths.map((p) => ({ kind: 'file', file: resolve(p) })),
    paths,
    options,
  );
}

/** Parses in-memory sources; `name` is what the errors refer to. */
export function parsePowerShellTexts(
  sources: readonly { name: string; text: string }[],
  options: ParseOptions = {},
): Promise<ParseResult[]> {
  return parseItems(
    sources.map((s) => ({ kind: 'text', name: s.name, text: s.text })),
    sources.map((s) => s.name),
    options,
  );
}

export async function parsePowerShellText(name: string, text: string, options: ParseOptions = {}): Promise<ParseResult> {
  const [result] = await parsePowerShellTexts([{ name, text }], options);
  if (!result) throw new Error('PowerShell parse returned no result');
  return result;
}
