/**
 * Validation: every rule a declaration is held to, run before anything is built, and every problem
 * collected with the location of the option at fault; nothing is thrown. Each concern has its file:
 * the option table (options.ts), ids, targets, checks (with their sources, requirements and
 * triggers), the functions their PowerShell defines (functions.ts) and assignments. What passes goes
 * to lowering (compiler/lower/), which reports nothing.
 */
import { diagnostic, type Diagnostic, type SourceLocation } from '../diagnostics.ts';
import type { RunAs } from '../declare/api.ts';
import type { RawSite } from '../declare/site.ts';
import { REMEDIATION_OPTIONS } from '../declare/remediation-options.ts';
import type { Declaration, Locator } from '../load/declaration.ts';
import { checkAssignments } from './assignments.ts';
import { checkChecks, type ValidCheck } from './checks.ts';
import { checkDefinedOnce } from './functions.ts';
import { checkPrintable } from './printable.ts';
import { Ids } from './ids.ts';
import { checkOptions } from './options.ts';
import { Problems, type At } from './problems.ts';
import { sourceContext, type SourceContext } from './sources.ts';
import { checkTargets, checkUserContext } from './targets.ts';


/** A declaration that keeps every rule, with what validation found: what lowering reads. */
export interface ValidRemediation {
  readonly declaration: Declaration;
  /** defineRemediation's options as declared (defaults are the table's to apply). */
  readonly props: Readonly<Record<string, unknown>>;
  readonly checks: readonly ValidCheck[];
  /** Locates a path below the options (`['targets']`, `['assignments', 0]`); the export itself for `[]`. */
  readonly at: (path?: readonly (string | number)[]) => SourceLocation;
}

export interface ValidateOptions {
  /**
   * The output goes to devices unsigned (build, bundle without a certificate): a declaration that
   * enforces the signature check is then an error. Left out where it is unknown (check, list).
   */
  readonly unsigned?: boolean;
}

export interface ValidateResult {
  /** The declarations without a problem, in the order given. */
  readonly remediations: readonly ValidRemediation[];
  readonly diagnostics: readonly Diagnostic[];
}

interface Raw {
  readonly kind?: unknown;
  readonly props?: unknown;
  readonly site?: readonly RawSite[];
}

/** What the rules of one declaration share with the others: the project's ids and template folders. */
interface Project {
  readonly ids: Ids;
  readonly sources: SourceContext;
  readonly unsigned: boolean;
}

export function validate(declarations: readonly Declaration[], root: string, options: ValidateOptions = {}): ValidateResult {
  const project: Project = { ids: new Ids(), sources: sourceContext(root), unsigned: options.unsigned === true };
  const diagnostics: Diagnostic[] = [];
  const remediations: ValidRemediation[] = [];
  for (const declaration of declarations) {
    const raw = declaration.value as Raw | undefined;
    if (typeof raw !== 'object' || raw === null || raw.kind !== 'remc.remediation') {
      diagnostics.push(diagnostic('REMC003', `${declaration.file} has no default export made by defineRemediation()`, declaration.exportLocation));
      continue;
    }
    const problems = new Problems();
    const at: At = (path = [], sites = raw.site ?? []) =>
      declaration.locator.locate(sites, path) ?? declaration.exportLocation ?? { file: declaration.file, line: 1, column: 1 };
    const props = (raw.props ?? {}) as Record<string, unknown>;
    const checks = checkRemediation(props, at, declaration.locator, problems, project);
    if (problems.list.length === 0) remediations.push({ declaration, props, checks, at });
    diagnostics.push(...problems.list, ...problems.warnings);
  }
  return { remediations, diagnostics };
}

/** Every rule of one declaration, in the order its problems are reported; its valid checks. */
function checkRemediation(props: Readonly<Record<string, unknown>>, at: At, locator: Locator, problems: Problems, project: Project): ValidCheck[] {
  const report = problems.add;
  checkOptions(props, REMEDIATION_OPTIONS, 'defineRemediation', (key) => at(key ? [key] : []), report);
  if (typeof props['id'] === 'string') project.ids.check(props['id'], at(['id']), report);
  if (project.unsigned && props['enforceSignatureCheck'] === true) {
    const id = typeof props['id'] === 'string' ? props['id'] : '';
    report('REMC050', `"${id}" sets enforceSignatureCheck, but this build has no signing certificate: Intune would refuse to run its unsigned scripts`, at(['enforceSignatureCheck']));
  }
  checkTargets(props['targets'], (index) => at(['targets', index]), report);
  checkUserContext(props['userContextIn'], props['runAs'], (index) => at(index === undefined ? ['userContextIn'] : ['userContextIn', index]), report);
  // The host the checks are held to, as declared (a wrong runAs is the table's to report; its checks are held to 'user').
  const host = { runAs: (props['runAs'] === 'system' ? 'system' : 'user') as RunAs, runAs64Bit: props['runAs64Bit'] !== false };
  const checks = checkChecks(props['checks'], { at, locator, problems, sources: project.sources, host });
  checkDefinedOnce(checks.map((c) => c.source), project.sources.root, report);
  checkPrintable(checks.map((c) => c.source), project.sources.root, report);
  // Left out, the assignments are not the declaration's to say: nothing to check.
  if (props['assignments'] !== undefined) checkAssignments(props['assignments'], (path) => at(['assignments', ...path]), report);
  return checks;
}
