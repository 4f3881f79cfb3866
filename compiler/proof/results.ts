/**
 * What `remc test` finds: the result of each check of a remediation, of the remediation, of the
 * templates' Pester tests and of the whole run; and the words and lines the CLI prints of them.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { RemediationCoverage } from './coverage.ts';

export type CheckKind = 'parse' | 'compat' | 'csharp' | 'template scenarios' | 'scenarios' | 'clm';

/** A template scenario `remc test` did not run for a remediation: none of its checks is what it is about. */
export interface NotApplicable {
  /** `template scenario broker-plugin-registration/"Get-AppxPackage fails"` */
  readonly scenario: string;
  /** Why, per check: `broker: its probe runs only when ...`. */
  readonly reason: string;
}

export interface CheckResult {
  readonly kind: CheckKind;
  /** How the CLI names it: "parse", "5.1 compat", "C# 5", "template scenarios", "scenarios". */
  readonly label: string;
  readonly passed: number;
  readonly total: number;
  /** One line each: `file:line:column: message`, or `scenario, step: invariant: what is wrong`. */
  readonly problems: readonly string[];
  /** Why the check did not run (then it neither passes nor fails). */
  readonly skipped?: string;
  /** Scenarios left out because they are not about any check the remediation declares: not run, not counted, never passed. */
  readonly notApplicable?: readonly NotApplicable[];
}

/**
 * What one check of a remediation did in the runs `remc test` made in Constrained Language Mode:
 * `ran` (probed, and fixed when due, without a refusal), `skipped` (it needs FullLanguage and said so,
 * as it must), `refused` (PowerShell refused what it does: `detail` says what and where), or
 * `not probed` (idle in every step: nothing called for its fix in those runs).
 */
export interface ClmCheckResult {
  readonly check: string;
  /** The template's folder name, or 'custom'. */
  readonly template: string;
  readonly needsFullLanguage: boolean;
  readonly result: 'ran' | 'skipped' | 'refused' | 'not probed';
  readonly detail?: string;
}

export interface RemediationTestResult {
  readonly id: string;
  /** Every check passed (parse, 5.1, C# 5, the scenarios); what they proved is `coverage`. */
  readonly ok: boolean;
  readonly checks: readonly CheckResult[];
  /**
   * What the scenario steps' outcomes proved of each check of the remediation (absent when the
   * scenarios were not run): a check whose triggers never fired, whose fix never ran, or (without a
   * fix) that was never seen both out of and in its desired state is unproven.
   */
  readonly coverage?: RemediationCoverage;
  /** Each check under Constrained Language Mode (absent when no scenario ran in it). */
  readonly clm?: readonly ClmCheckResult[];
  /**
   * Taken from the cache (compiler/proof/proof-cache.ts): every check passed in an earlier run and
   * nothing the proof depends on has changed since; `durationMs` is that run's.
   */
  readonly cached?: boolean;
  readonly durationMs: number;
}

export interface PesterSummary {
  readonly ok: boolean;
  readonly passed: number;
  /** Skipped by Pester on this host (tests of the real seam that need Windows): never counted as passed. */
  readonly skipped: number;
  readonly total: number;
  readonly problems: readonly string[];
  readonly durationMs: number;
  /** Templates whose Pester tests ran (or came from the cache). */
  readonly templates: number;
  /** Of those, how many came from the cache (unchanged since a passing run). */
  readonly cached: number;
}

export interface TestReport {
  /** Everything passed (and, with `strict`, every check is proven). */
  readonly ok: boolean;
  /** Whether an unproven check fails the run (--strict). */
  readonly strict?: boolean;
  /** The build's diagnostics (the checks do not run when it fails). */
  readonly diagnostics: readonly Diagnostic[];
  /** Why nothing was tested: no pwsh, an unknown id. */
  readonly error?: string;
  readonly remediations: readonly RemediationTestResult[];
  readonly pester?: PesterSummary;
  readonly durationMs: number;
}

/** A check's result from its problems: `failedItems` of `total` failed (one when unsaid and there are problems). */
export function countsOf(kind: CheckKind, label: string, total: number, problems: string[], failedItems?: number): CheckResult {
  const failed = Math.min(total, failedItems ?? (problems.length > 0 ? 1 : 0));
  return { kind, label, passed: total - failed, total, problems };
}

/** "parse 2/2, 5.1 compat 2/2, C# 5 1/1, template scenarios 13/13 (1 not applicable), scenarios 2/2, CLM 3/3" */
export function describeChecks(result: RemediationTestResult): string {
  return result.checks
    .map((c) => (c.skipped ? `${c.label} skipped` : `${c.label} ${c.passed}/${c.total}${c.notApplicable?.length ? ` (${c.notApplicable.length} not applicable)` : ''}`))
    .join(', ');
}

/** The lines under a remediation's line that say what did not run and why: `not applicable: <scenario>: <check>: <why>`. */
export function notApplicableLines(result: RemediationTestResult): string[] {
  return result.checks.flatMap((c) => (c.notApplicable ?? []).map((n) => `not applicable: ${n.scenario}: ${n.reason}`));
}

/**
 * The word of a remediation's line: FAILED when a check failed; `unproven` when everything passed but
 * the scenarios did not prove every check (see compiler/proof/coverage.ts); `ok` only when both hold.
 */
export function resultWord(result: RemediationTestResult): 'ok' | 'unproven' | 'FAILED' {
  if (!result.ok) return 'FAILED';
  return result.coverage && !result.coverage.proven ? 'unproven' : 'ok';
}
