/**
 * Whether a check needs FullLanguage, read from its PowerShell rather than declared: a template's
 * probe.ps1, seam.ps1 and fix.ps1 (and its native.cs, which only Add-Type can load), a custom check's
 * probe and fix files, each through the Constrained Language Mode analyzer (compiler/ps/clm/).
 *
 * What the analyzer cannot type (instance method calls, property assignments) is proven by running:
 * remc's own scenario tests for the built-in templates, `remc test` for a project's checks. A custom
 * check may therefore declare `needsFullLanguage: true` for what no reading sees; a declaration that
 * leaves it false while the code holds a refused construct is REMC028 (compiler/validate/requirements.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CheckSource } from './check-source.ts';
import { constrainedLanguageFindings, type ClmFinding } from '../ps/clm/index.ts';

/** A construct Constrained Language Mode refuses, with the file it is in. */
export interface LanguageFinding extends ClmFinding {
  /** As messages name the file: `templates/path-cleanup/seam.ps1`, `remediations/x.probe.ps1`. */
  readonly file: string;
  /** The text of its line (for the code frame). */
  readonly lineText: string;
}

export interface LanguageNeed {
  readonly needsFullLanguage: boolean;
  /** Every refused construct, file by file (native.cs, seam, probe, fix), each file in order. */
  readonly findings: readonly LanguageFinding[];
}

/** Findings per file, kept while the file is unchanged (watch mode edits files; a build reads each once). */
const cache = new Map<string, { readonly stamp: string; readonly findings: readonly LanguageFinding[] }>();

function fileFindings(file: string, origin: string): readonly LanguageFinding[] {
  const stat = statSync(file);
  const stamp = `${stat.mtimeMs}:${stat.size}:${origin}`;
  const hit = cache.get(file);
  if (hit && hit.stamp === stamp) return hit.findings;
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const findings = constrainedLanguageFindings(text).map((f) => ({ ...f, file: origin, lineText: lines[f.line - 1] ?? '' }));
  cache.set(file, { stamp, findings });
  return findings;
}

/** What the analysis needs of a check's source (a template folder has it too). */
export type LanguageSource = Pick<CheckSource, 'kind' | 'origin' | 'probe' | 'fix' | 'seam' | 'native'>;

/** How messages name one of the source's files (as the emitted scripts' section headers do). */
export function sourceFileOrigin(source: LanguageSource, file: string): string {
  return source.kind === 'template' ? `${source.origin}/${path.basename(file)}` : `${source.origin.replace(/[^/]+$/, '')}${path.basename(file)}`;
}

/** What Constrained Language Mode refuses in a check's PowerShell, and so whether it needs FullLanguage. */
export function languageNeed(source: LanguageSource): LanguageNeed {
  const findings: LanguageFinding[] = [];
  if (source.native !== undefined) {
    const origin = sourceFileOrigin(source, source.native);
    findings.push({
      file: origin,
      line: 1,
      column: 1,
      rule: 'add-type',
      construct: path.basename(source.native),
      message: 'C# that the template compiles with Add-Type, which Constrained Language Mode refuses',
      lineText: readFileSync(source.native, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '',
    });
  }
  for (const file of [source.seam, source.probe, source.fix]) {
    if (file !== undefined) findings.push(...fileFindings(file, sourceFileOrigin(source, file)));
  }
  return { needsFullLanguage: findings.length > 0, findings };
}
