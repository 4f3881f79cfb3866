/**
 * What a check needs of its host, held against the remediation's: the account, 64-bit PowerShell and
 * administrative rights it needs (REMC015), and FullLanguage, read from its PowerShell, which a custom
 * check must declare when its code needs it (REMC028).
 */
import type { RunAs } from '../declare/api.ts';
import type { SourceLocation } from '../diagnostics.ts';
import type { Requirements, TemplateSpec } from '../declare/template.ts';
import { languageNeed } from './language-mode.ts';
import type { CheckSource } from './check-source.ts';
import type { Report } from './problems.ts';

/** The host a remediation's checks run on, as its declaration says it. */
export interface CheckHost {
  readonly runAs: RunAs;
  readonly runAs64Bit: boolean;
}

type Where = (p?: readonly (string | number)[]) => SourceLocation;

/** A check's requirements (what its spec says for its options, and its FullLanguage need); each conflict with the host reported. */
export function checkRequirements(
  check: { readonly spec: TemplateSpec; readonly props: Readonly<Record<string, unknown>>; readonly name: string; readonly source: CheckSource; readonly custom: boolean },
  host: CheckHost,
  where: Where,
  report: Report,
): Requirements {
  const { spec } = check;
  const req: Requirements = { ...spec.requirementsFor(check.props), needsFullLanguage: fullLanguage(check.source, check.custom, check.props, check.name, where, report) };
  if (!req.runAs.includes(host.runAs)) {
    report('REMC015', `${spec.factory}() runs as ${req.runAs.join(' or ')} only, but the remediation runs as ${host.runAs}`, where(), `Set runAs: '${req.runAs[0]}' in defineRemediation, or remove this check.`);
  }
  if (req.needs64Bit && !host.runAs64Bit) {
    report('REMC015', `${spec.factory}() needs 64-bit PowerShell, but the remediation sets runAs64Bit: false`, where(), 'Remove runAs64Bit: false (64-bit is the default).');
  }
  if (req.needsAdmin && host.runAs !== 'system') {
    report('REMC015', `${spec.factory}() needs administrative rights, which only runAs: 'system' has under Intune`, where());
  }
  return req;
}

/**
 * Whether the check needs FullLanguage: read from its PowerShell (compiler/validate/language-mode.ts). A custom
 * check may declare `needsFullLanguage: true` for what no reading sees (instance method calls); one
 * whose code holds a construct Constrained Language Mode refuses while its declaration does not say
 * `true` is REMC028, at the declaration, naming the first such construct.
 */
function fullLanguage(source: CheckSource, custom: boolean, props: Readonly<Record<string, unknown>>, name: string, where: Where, report: Report): boolean {
  const need = languageNeed(source);
  if (!custom) return need.needsFullLanguage;
  const declared = props['needsFullLanguage'] === true;
  const [first] = need.findings;
  if (first && !declared) {
    const more = need.findings.length > 1 ? ` (and ${need.findings.length - 1} more)` : '';
    const said = props['needsFullLanguage'] === false ? 'declares needsFullLanguage: false' : 'does not declare needsFullLanguage: true';
    report(
      'REMC028',
      `custom check '${name}' needs FullLanguage: ${first.file}:${first.line} \`${first.construct}\`: ${first.message}${more}, but it ${said}`,
      where(props['needsFullLanguage'] !== undefined ? ['needsFullLanguage'] : []),
      undefined,
      need.findings.slice(0, 5).map((f) => ({
        message: `\`${f.construct}\`: ${f.message}`,
        location: { file: f.file, line: f.line, column: f.column, lineText: f.lineText },
      })),
    );
  }
  return declared || need.needsFullLanguage;
}
