/**
 * PowerShell emission: a remediation model becomes detect.ps1 and remediate.ps1. Every line goes
 * through the printer, every declared value through the literal encoder; template and runtime
 * PowerShell is copied from real .ps1 files, and a script carries only the pieces it uses.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckModel, RemediationModel } from './model.ts';
import { REMC_ROOT, REMC_VERSION } from './paths.ts';
import { psHereString, psValue, type PsValue } from './ps/literal.ts';
import { analyzeScript } from './ps/compat.ts';
import { ScriptWriter } from './ps/printer.ts';
import { pascalCase } from './template.ts';

export type ScriptKind = 'detect' | 'remediate';

/** Runtime helpers, each a real .ps1 file under compiler/ps/runtime/. */
type RuntimePart = 'common' | 'state' | 'detect' | 'remediate' | 'relaunch64';

const RUNTIME_DIR = path.join(REMC_ROOT, 'compiler', 'ps', 'runtime');
const TEMPLATES_DIR = path.join(REMC_ROOT, 'templates');

/** Reads remc's own PowerShell once per process: every remediation of a build shares it. */
const fileCache = new Map<string, string | undefined>();
function readSource(file: string): string | undefined {
  if (!fileCache.has(file)) fileCache.set(file, existsSync(file) ? readFileSync(file, 'utf8') : undefined);
  return fileCache.get(file);
}

export class TemplateFileError extends Error {}

function requireSource(file: string): string {
  const text = readSource(file);
  if (text === undefined) throw new TemplateFileError(`missing ${path.relative(REMC_ROOT, file)}`);
  return text;
}

/** The runtime a script needs: state only where fixes exist, the relaunch only for 64-bit remediations. */
function runtimeParts(model: RemediationModel, kind: ScriptKind): RuntimePart[] {
  const parts: RuntimePart[] = ['common'];
  if (!model.detectOnly) parts.push('state');
  parts.push(kind);
  if (model.runAs64Bit) parts.push('relaunch64');
  return parts;
}

/** The template files a script needs, each once even when several checks use the template. */
function templateFiles(model: RemediationModel, kind: ScriptKind): Array<{ template: string; file: string }> {
  const seen = new Set<string>();
  const files: Array<{ template: string; file: string }> = [];
  for (const check of model.checks) {
    const name = check.template.name;
    if (seen.has(name)) continue;
    seen.add(name);
    const names = ['seam.ps1', 'probe.ps1', ...(kind === 'remediate' && check.fix ? ['fix.ps1'] : [])];
    for (const file of names) files.push({ template: name, file });
  }
  return files;
}

/** One top-level function of a source file, with the commands it calls (lower case). */
interface FunctionChunk {
  readonly name: string;
  readonly text: string;
  readonly calls: ReadonlySet<string>;
}

/**
 * A runtime or template file cut into its top-level functions (the files hold nothing else: see
 * docs/check-protocol.md). Each starts at a `function` in column 0, with the comment lines just
 * above it. Cached: every script of a build shares the files.
 */
const chunkCache = new Map<string, FunctionChunk[]>();
function functionChunks(text: string, origin: string): FunctionChunk[] {
  let chunks = chunkCache.get(origin);
  if (chunks) return chunks;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const starts: number[] = [];
  lines.forEach((line, i) => {
    if (/^function\s+[\w-]+/i.test(line)) {
      let start = i;
      while (start > 0 && /^#/.test(lines[start - 1]!)) start--;
      starts.push(start);
    }
  });
  chunks = starts.map((start, k) => {
    const body = lines.slice(start, starts[k + 1] ?? lines.length).join('\n').replace(/\s+$/, '');
    const analysis = analyzeScript(body);
    return { name: /^function\s+([\w-]+)/im.exec(body)![1]!.toLowerCase(), text: body, calls: new Set(analysis.commands.map((c) => (c.name ?? '').toLowerCase())) };
  });
  const defined = analyzeScript(text).functions.map((f) => f.toLowerCase()).sort();
  if (chunks.map((c) => c.name).sort().join() !== defined.join()) {
    throw new TemplateFileError(`${origin} must hold only top-level functions, each starting in column 0`);
  }
  chunkCache.set(origin, chunks);
  return chunks;
}

/** The functions reachable from `roots` through the calls of the functions in `chunks`. */
function reachable(chunks: readonly FunctionChunk[], roots: readonly string[]): Set<string> {
  const byName = new Map(chunks.map((c) => [c.name, c]));
  const seen = new Set<string>();
  const queue = roots.map((r) => r.toLowerCase());
  while (queue.length > 0) {
    const name = queue.pop()!;
    const chunk = byName.get(name);
    if (!chunk || seen.has(name)) continue;
    seen.add(name);
    queue.push(...chunk.calls);
  }
  return seen;
}

function checkTable(check: CheckModel): PsValue {
  return {
    Name: check.name,
    Probe: check.probe,
    Fix: check.fix ?? null,
    Triggers: check.triggers.map((t) => (t.kind === 'drift' ? { Kind: 'drift' } : { Kind: 'cause', Check: t.check, Causes: [...t.causes] })),
    Config: check.config,
  };
}

function describeTriggers(check: CheckModel): string {
  if (!check.fix) return 'detect-only';
  return check.triggers.map((t) => (t.kind === 'drift' ? 'fix on drift' : `fix when ${t.check} finds ${t.causes.join('/')}`)).join(', or ');
}

export function emitScript(model: RemediationModel, kind: ScriptKind): string {
  const w = new ScriptWriter();
  const role = kind === 'detect' ? 'detection' : 'remediation';
  w.comment(`Generated by remc ${REMC_VERSION} from ${model.source.file} (sha256 ${model.source.sha256}).`, 200);
  w.comment('Do not edit: change the declaration and run `remc build`.');
  w.blank();
  w.help([
    ['SYNOPSIS', `${model.displayName} (${role} script)`],
    ['DESCRIPTION', model.description],
    [
      'NOTES',
      [
        `Remediation ${model.id} ${model.version}, published by ${model.publisher}.`,
        `Runs as ${model.runAs === 'user' ? 'the signed-in user' : 'SYSTEM'} in ${model.runAs64Bit ? '64-bit' : '32-bit'} Windows PowerShell 5.1.`,
        `Checks: ${model.checks.map((c) => `${c.name} (${c.template.title}: ${describeTriggers(c)})`).join('; ')}.`,
        kind === 'detect'
          ? model.detectOnly
            ? 'Exit 1 when a check is out of its desired state or a probe failed, else 0.'
            : 'Exit 1 when a fix is due or a probe failed, else 0. Never changes the machine.'
          : 'Exit 0 when every due fix worked and nothing is due any more, else 1.',
        'The last line of output is a one-line summary of at most 2,048 characters.',
      ].join('\n'),
    ],
  ]);
  w.blank();
  w.line("$ErrorActionPreference = 'Stop'");
  w.line("$ProgressPreference = 'SilentlyContinue'");

  // Only the functions the script reaches are printed: from its main block and the probes and fixes
  // its check table names (the runtime calls those by name).
  const sources = [
    ...runtimeParts(model, kind).map((part) => ({ section: `remc runtime: ${part}`, template: undefined, origin: `compiler/ps/runtime/${part}.ps1`, file: path.join(RUNTIME_DIR, `${part}.ps1`) })),
    ...templateFiles(model, kind).map(({ template, file }) => ({ section: `template: ${template}`, template, origin: `templates/${template}/${file}`, file: path.join(TEMPLATES_DIR, template, file) })),
  ].map((source) => ({ ...source, chunks: functionChunks(requireSource(source.file), source.origin) }));
  const entry = kind === 'detect' ? 'Invoke-RemcDetection' : 'Invoke-RemcRemediation';
  const roots = [
    entry,
    'Format-RemcLine',
    ...(model.runAs64Bit ? ['Invoke-RemcRelaunch64'] : []),
    ...(model.detectOnly ? [] : ['Read-RemcState']),
    ...model.checks.flatMap((c) => [c.probe, ...(kind === 'remediate' && c.fix ? [c.fix] : [])]),
  ];
  const used = reachable(sources.flatMap((s) => s.chunks), roots);

  let section = '';
  for (const source of sources) {
    const chunks = source.chunks.filter((c) => used.has(c.name));
    if (chunks.length === 0) continue;
    const opens = source.section !== section;
    if (opens) {
      section = source.section;
      w.blank();
      w.comment(section);
      const native = source.template ? readSource(path.join(TEMPLATES_DIR, source.template, 'native.cs')) : undefined;
      if (native !== undefined) w.line(`$script:RemcNative${pascalCase(source.template!)} = ${psHereString(native)}`);
    }
    for (const [i, chunk] of chunks.entries()) {
      if (i > 0 || !opens) w.blank();
      w.source(chunk.text, `${source.origin}#${chunk.name}`);
    }
  }

  w.blank();
  w.comment('What was declared: the literal encoder writes every value.');
  w.line(
    `$RemcRemediation = ${psValue({
      Id: model.id,
      Version: model.version,
      RunAs: model.runAs,
      CoolDownHours: model.coolDownHours,
      DetectOnly: model.detectOnly,
    })}`,
  );
  w.line(`$RemcChecks = ${psValue(model.checks.map(checkTable))}`);
  w.blank();
  const state = model.detectOnly ? '$null' : '(Read-RemcState -Remediation $RemcRemediation)';
  w.block('try {', (b) => {
    if (model.runAs64Bit) b.line('$RemcResult = Invoke-RemcRelaunch64 -ScriptPath $PSCommandPath');
    else b.line('$RemcResult = $null');
    b.block('if ($null -eq $RemcResult) {', (c) => {
      c.line(`$RemcResult = ${entry} -Remediation $RemcRemediation -Checks $RemcChecks -State ${state}`);
    });
  });
  w.block('catch {', (b) => {
    b.line(`$RemcResult = @{ ExitCode = 1; Summary = "[$($RemcRemediation.Id)] ERROR: $($_.Exception.Message)" }`);
  });
  w.line('Write-Output (Format-RemcLine -Text $RemcResult.Summary)');
  w.line('exit $RemcResult.ExitCode');
  return w.toString();
}
