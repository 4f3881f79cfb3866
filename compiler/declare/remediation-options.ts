/**
 * The options of defineRemediation, each stated once: its name, its value (type, schema and check),
 * its doc (the JSDoc above it) and its default. Everything else reads this table: the validation
 * (compiler/validate/), the defaults lowering applies, the `RemediationProps` type editors show (the
 * docs come along through the mapped type; `npm run gen` adds each default to types/ as `@default`)
 * and the YAML schema's descriptions and defaults (compiler/dev/yaml-schema.ts).
 */
import type { Assignment } from './assignments.ts';
import { assignmentsSchema } from './assignments.ts';
import { LIMITS } from './limits.ts';
import { DEFAULT_TARGETS, TARGET_NAMES, USER_CONTEXT_TARGETS, type TargetName } from './targets.ts';
import { option, type Check, type Option, type OptionSchema } from './template.ts';

export const REMEDIATION_OPTIONS = {
  /**
   * Stable identifier: names the `dist/<id>/` folder and identifies the remediation in the index.
   * Lowercase letters, digits and single hyphens, at most 64 characters.
   */
  id: option.string({ required: true }),
  /** The name admins see in Intune (`displayName`). */
  displayName: option.string({ required: true, maxLength: LIMITS.displayName }),
  /** What the remediation detects and fixes; becomes the Intune description and the scripts' help. */
  description: option.string({ required: true, maxLength: LIMITS.description }),
  /** Who maintains it (`publisher` in Intune). */
  publisher: option.string({ required: true, maxLength: LIMITS.publisher }),
  /** Version of the declaration, written into the scripts' header and the index. */
  version: option.string({ nonEmpty: true, maxLength: LIMITS.version, default: '1.0.0' }),
  /** `'user'` runs as the signed-in user; `'system'` as SYSTEM (Intune's `runAsAccount`). */
  runAs: option.oneOf(['user', 'system'], { required: true }),
  /** Run in 64-bit PowerShell (Intune's `runAs32Bit: false`); a 32-bit start relaunches itself in 64-bit. */
  runAs64Bit: option.boolean({ default: true }),
  /**
   * Intune's "Enforce script signature check": the device only runs the scripts if they are signed
   * by a trusted publisher.
   */
  enforceSignatureCheck: option.boolean({ default: false }),
  /**
   * After the remediation ran a fix, no fix runs again for this many hours on the same machine (per
   * user for `runAs: 'user'`), and symptom evidence older than the fix is ignored. 0 turns it off.
   */
  coolDownHours: option.number({ min: 0, max: 8760, default: 24 }),
  /**
   * The limit on repeats: after this many fixes within `fixWindowHours` on the same machine (per user for
   * `runAs: 'user'`), the remediation stops fixing and reports ESCALATE with what it saw: a fix that does
   * not hold needs a person, not another run.
   */
  maxFixes: option.number({ min: 1, max: 100, integer: true, default: 3 }),
  /** The window, in hours, in which `maxFixes` counts fixes. */
  fixWindowHours: option.number({ min: 1, max: 8760, default: 168, defaultText: '168 (a week)' }),
  /**
   * A symptom (a cause or finding that triggers a fix) must be seen by this many consecutive detections,
   * at most 48 hours apart, before its fix runs; until then detection says CONFIRMING and exits 0. One
   * bad hour is not a broken machine. Drift (observable state) is fixed at once.
   */
  confirmRuns: option.number({ min: 1, max: 10, integer: true, default: 1 }),
  /**
   * The time, in seconds, the probes of one run may take together (Intune runs one script at a time, so
   * a slow one delays every other): a probe that would start after it is spent is skipped, and says so.
   */
  probeBudgetSeconds: option.number({ min: 5, max: 3000, default: 120 }),
  /**
   * What `remc build` makes of the remediation: `'intune'` (the detect/remediate pair and the Graph
   * body), `'combined'` (one detect -> fix -> verify script), the RMM exports `'tactical'`, `'datto'`,
   * `'n-able'`, `'ninjaone'`, `'immybot'`, and the repository layouts `'intunecd'` and `'community'`.
   * `remc build --target` replaces this list for one build.
   */
  targets: option.custom<readonly TargetName[]>(
    `an array of targets (${TARGET_NAMES.map((t) => `'${t}'`).join(', ')})`,
    { type: 'array', items: { enum: [...TARGET_NAMES] }, minItems: 1, uniqueItems: true },
    (v) => (Array.isArray(v) && v.length > 0 && v.every((t) => typeof t === 'string') ? undefined : 'expected a non-empty array of target names'),
    { default: DEFAULT_TARGETS },
  ),
  /**
   * For `runAs: 'user'`: the RMM tools this remediation is run in as the signed-in user, through the
   * tool's own setting (`'tactical'`: its export sets `run_as_user`; `'ninjaone'`: Run As "Current
   * Logged-on User"; `'immybot'`: the User execution context), which the export's notes then state.
   * These tools run scripts as SYSTEM otherwise, where a user remediation would read SYSTEM's own
   * registry and profile: a user remediation exported to a tool not named here (or to Datto RMM or
   * N-able, which run scripts as SYSTEM only) is not built for it (REMC057). Whatever the tool does,
   * the script itself refuses to run as another account than `runAs` (WRONG ACCOUNT).
   */
  userContextIn: option.custom<readonly TargetName[]>(
    `an array of targets that can run a script as the signed-in user (${USER_CONTEXT_TARGETS.map((t) => `'${t}'`).join(', ')})`,
    { type: 'array', items: { enum: [...USER_CONTEXT_TARGETS] }, uniqueItems: true },
    (v) => (Array.isArray(v) && v.every((t) => typeof t === 'string') ? undefined : 'expected an array of target names'),
    { default: [] },
  ),
  /**
   * Where Intune runs it: the groups (or all devices, all users) `remc publish` assigns it to, each with
   * its schedule, e.g. `[{ group: 'Pilot devices', schedule: { daily: '02:00' } }]`; `[]` assigns it to
   * nothing. Left out, publish creates the script without assignments and leaves those of a published
   * one as they are. The build output does not carry them. A detect-only remediation may be assigned too.
   */
  assignments: option.custom<readonly Assignment[]>(
    'an array of assignments',
    assignmentsSchema(),
    (v) => (Array.isArray(v) ? undefined : `expected an array of assignments such as [{ group: 'Pilot devices', schedule: { daily: '02:00' } }], got ${v === null ? 'null' : typeof v}`),
    { defaultText: "(not set: the assignments are not the declaration's)" },
  ),
  /** The checks, probed in this order; at least one. */
  checks: option.custom<readonly Check[], true>('an array of checks', { type: 'array' }, (v) => (Array.isArray(v) ? undefined : `expected an array of checks, got ${typeof v}`), { required: true }),
} as const satisfies OptionSchema;

/** The table's type: what `RemediationProps` is derived from. */
export type RemediationOptions = typeof REMEDIATION_OPTIONS;
export type RemediationOption = keyof RemediationOptions;

/** The value type of one option. */
export type RemediationValue<K extends RemediationOption> = RemediationOptions[K] extends Option<infer T, boolean> ? T : never;

/** The options a declaration must give. */
export type RequiredRemediationOption = { [K in RemediationOption]: RemediationOptions[K] extends Option<unknown, true> ? K : never }[RemediationOption];
