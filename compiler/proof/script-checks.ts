/**
 * What `remc test` proves of a remediation's scripts without running them: every .ps1 parsed by
 * PowerShell's own parser (the generated scripts, and a custom check's own files), the Windows
 * PowerShell 5.1 compatibility check, and C# 5 for every native.cs its templates carry.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RemediationModel } from '../lower/model.ts';
import { checkWindowsPowerShell51 } from '../ps/compat/index.ts';
import { compileCSharp5 } from './csharp.ts';
import { parsePowerShellFiles, type ParseError } from './parse.ts';
import type { PwshPool } from './pool.ts';
import { usedTemplates } from './remediation-info.ts';
import { countsOf, type CheckResult } from './results.ts';
import type { Toolchain } from './toolchain.ts';

/** What the parser found in each file, by absolute path. */
export type ParseErrors = ReadonlyMap<string, readonly ParseError[]>;

/** The scripts of a remediation that were built (the pair, and the combined script when asked for). */
export function scriptsOf(outDir: string, model: RemediationModel): string[] {
  return ['detect.ps1', 'remediate.ps1', 'combined.ps1'].filter((f) => existsSync(path.join(outDir, model.id, f)));
}

/** A custom check's own files: parsed too, so an error names the .ps1 the admin wrote. */
function customFiles(model: RemediationModel): string[] {
  return [...new Set(model.checks.flatMap((c) => (c.source.kind === 'custom' ? [c.source.probe, ...(c.source.fix ? [c.source.fix] : [])] : [])))];
}

/** One parser process for every emitted script of the remediations, and their custom checks' files. */
export async function parseScripts(outDir: string, models: readonly RemediationModel[], toolchain: Toolchain, pool: PwshPool | undefined): Promise<ParseErrors> {
  const files = [...models.flatMap((m) => scriptsOf(outDir, m).map((f) => path.join(outDir, m.id, f))), ...new Set(models.flatMap(customFiles))];
  const parsed = await parsePowerShellFiles(files, { toolchain, ...(pool ? { pool } : {}) });
  return new Map(parsed.map((r) => [path.resolve(r.file), r.errors]));
}

/** The parse proof of a remediation's scripts (`files`) and custom check files, and how many did not parse. */
export function parseCheck(root: string, outDir: string, model: RemediationModel, files: readonly string[], parseErrors: ParseErrors): { check: CheckResult; unparsed: number } {
  const problems: string[] = [];
  let unparsed = 0;
  for (const f of files) {
    const errors = parseErrors.get(path.resolve(outDir, model.id, f)) ?? [];
    if (errors.length > 0) unparsed++;
    for (const e of errors) problems.push(`${model.id}/${f}:${e.line}:${e.column}: ${e.message}`);
  }
  for (const f of customFiles(model)) {
    const errors = parseErrors.get(path.resolve(f)) ?? [];
    if (errors.length > 0) unparsed++;
    for (const e of errors) problems.push(`${path.relative(root, f).split(path.sep).join('/')}:${e.line}:${e.column}: ${e.message}`);
  }
  return { check: countsOf('parse', 'parse', files.length + customFiles(model).length, problems, unparsed), unparsed };
}

/** Windows PowerShell 5.1 compatibility of a remediation's scripts (`files`). */
export function compatCheck(outDir: string, model: RemediationModel, files: readonly string[]): CheckResult {
  const problems: string[] = [];
  let failed = 0;
  for (const f of files) {
    const found = checkWindowsPowerShell51({ path: `${model.id}/${f}`, text: readFileSync(path.join(outDir, model.id, f), 'utf8') });
    if (found.length > 0) failed++;
    for (const p of found) problems.push(`${model.id}/${f}:${p.line}:${p.column}: ${p.rule}: ${p.message}`);
  }
  return countsOf('compat', '5.1 compat', files.length, problems, failed);
}

/**
 * C# 5 of the native.cs its templates compile with Add-Type (undefined when they carry none): each
 * file compiled once per run, its problems kept in `cache` by path.
 */
export async function csharpCheck(model: RemediationModel, cache: Map<string, Promise<string[]>>): Promise<CheckResult | undefined> {
  const natives = usedTemplates(model).filter((t) => t.native !== undefined);
  if (natives.length === 0) return undefined;
  const problems: string[] = [];
  let failed = 0;
  for (const t of natives) {
    let found = cache.get(t.native!);
    if (!found) {
      const name = `${t.origin}/native.cs`;
      const text = readFileSync(t.native!, 'utf8');
      found = compileCSharp5([{ name, text }]).then(
        (r) => (r.ok ? [] : r.errors.length > 0 ? r.errors.map((e) => `${e.file || name}:${e.line}:${e.column}: ${e.code}: ${e.message}`) : [`${name}: ${r.output.trim().split(/\r?\n/)[0] ?? 'did not compile'}`]),
        (error: unknown) => [`${name}: cannot compile: ${error instanceof Error ? error.message : String(error)}`],
      );
      cache.set(t.native!, found);
    }
    const list = await found;
    if (list.length > 0) failed++;
    problems.push(...list);
  }
  return countsOf('csharp', 'C# 5', natives.length, problems, failed);
}
