/**
 * customCheck: a check written in the admin's own PowerShell, next to the declaration. Its files keep the
 * check protocol (docs/check-protocol.md) and get every guarantee a template gets: parsed by PowerShell,
 * checked against Windows PowerShell 5.1 syntax and commands at their own file:line, ASCII, no stderr
 * writers, prompts or reboots, and run through the scenarios declared beside the declaration with
 * fakes of their own. Whether they need FullLanguage is read from their code too (REMC028 when the
 * declaration says otherwise).
 */
import type { Trigger } from '../protocol.ts';
import { callSites } from './site.ts';
import { NO_REQUIREMENTS, option, type Check, type ConfigRecord, type OptionSchema, type RunAs, type TemplateSpec } from './template.ts';

/** The files a custom check names, relative to the file that declares it. */
export interface CustomCheckFiles {
  readonly probe: string;
  readonly fix?: string | undefined;
  readonly fakes?: string | undefined;
}

export interface CustomCheckProps<R extends RunAs, B extends boolean> {
  /** The check's name in summaries, triggers and scenarios. */
  readonly name: string;
  /**
   * The probe file, relative to this declaration (e.g. `'./bitlocker.probe.ps1'`): top-level functions
   * only, exactly one named `Test-*` (the probe), returning `@{ InDesiredState; Summary; Facts }`.
   */
  readonly probe: string;
  /** The fix file, relative to this declaration: exactly one `Repair-*` function. Without it the check is detect-only. */
  readonly fix?: string;
  /** The accounts the PowerShell can run as: `'user'`, `'system'`, or both. */
  readonly runAs: R | readonly R[];
  /** Needs 64-bit PowerShell (System32 tools, AppX, the 64-bit registry through providers). Default false. */
  readonly needs64Bit?: B;
  /** Needs administrative rights (under Intune: `runAs: 'system'`). Default false. */
  readonly needsAdmin?: boolean;
  /**
   * The check needs FullLanguage: Constrained Language Mode (AppLocker, WDAC) would refuse its
   * PowerShell, so there it is skipped, and the summary line says so. Default false.
   *
   * remc reads the probe and fix files for what that mode refuses (Add-Type; New-Object, static method
   * calls `[T]::M()` and conversions `[T]$x` of types it does not allow; classes) and stops the build
   * with REMC028 when it finds any while this is not `true`. Set `true` also for what no reading can
   * see: method calls on an object whose type only running shows (`(Get-Item $path).Delete()`), which
   * that mode refuses for most .NET types. Left false, `remc test` proves them by running the check's
   * scenarios in Constrained Language Mode.
   */
  readonly needsFullLanguage?: boolean;
  /** When the fix may run (only with `fix`). Default: the probe finds drift. */
  readonly trigger?: Trigger | readonly Trigger[];
  /** Values the PowerShell reads as `$Config` (keys PascalCased: `serviceName` becomes `$Config.ServiceName`). */
  readonly config?: ConfigRecord;
  /** Tests only: fakes of the commands the probe and fix call (aliases), loaded by this remediation's scenarios. */
  readonly fakes?: string;
}

const CUSTOM_OPTIONS: OptionSchema = {
  name: option.string({ required: true }),
  probe: option.string({ required: true, pattern: /\.ps1$/i, patternText: 'is not a .ps1 file' }),
  fix: option.string({ pattern: /\.ps1$/i, patternText: 'is not a .ps1 file' }),
  fakes: option.string({ pattern: /\.ps1$/i, patternText: 'is not a .ps1 file' }),
  runAs: option.custom<unknown, true>(
    "'user', 'system' or both",
    { anyOf: [{ enum: ['user', 'system'] }, { type: 'array', items: { enum: ['user', 'system'] }, minItems: 1 }] },
    (v) => {
      const list = Array.isArray(v) ? v : [v];
      return list.length > 0 && list.every((x) => x === 'user' || x === 'system') ? undefined : `expected 'user', 'system' or both, got ${JSON.stringify(v)}`;
    },
    { required: true },
  ),
  needs64Bit: option.boolean({ default: false }),
  needsAdmin: option.boolean({ default: false }),
  needsFullLanguage: option.boolean({ default: false }),
  trigger: option.triggers({ default: [{ kind: 'drift' }], schedule: true }),
  config: option.custom('an object of config values', { type: 'object' }, (v) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : `expected an object, got ${JSON.stringify(v)}`,
  ),
};

/** The spec every custom check shares: its options are the files and requirements, its config is `config`. */
const CUSTOM_SPEC: TemplateSpec = {
  name: 'custom',
  factory: 'customCheck',
  title: 'Custom check',
  summary: "A check in the admin's own PowerShell.",
  defaultName: 'custom',
  options: CUSTOM_OPTIONS,
  requirements: NO_REQUIREMENTS,
  requirementsFor(props) {
    const runAs = props['runAs'];
    return {
      runAs: Array.isArray(runAs) ? (runAs as RunAs[]) : [runAs as RunAs],
      needs64Bit: props['needs64Bit'] === true,
      needsAdmin: props['needsAdmin'] === true,
      needsUserSession: false,
    };
  },
  validate(props) {
    if (props['trigger'] !== undefined && props['fix'] === undefined) return [{ option: 'trigger', message: 'a trigger needs a fix file: without `fix` the check is detect-only' }];
    return [];
  },
  validateHost: () => [],
  resolve: (props) => props,
  secretsOf: () => [],
  nameFor: () => 'custom',
  derivesNames: false,
  config: (props) => (props['config'] as ConfigRecord | undefined) ?? {},
};

/** The host a custom check admits. */
export type CustomHost<R extends RunAs, B extends boolean> = { readonly runAs: R; readonly is64Bit: B extends true ? true : boolean };

/**
 * A check in your own PowerShell:
 *
 * ```ts
 * customCheck({ name: 'bitlocker', probe: './bitlocker.probe.ps1', runAs: 'system', needsAdmin: true })
 * ```
 */
export function customCheck<R extends RunAs, B extends boolean = false>(props: CustomCheckProps<R, B>): Check<CustomHost<R, B>> {
  const files: CustomCheckFiles = { probe: props.probe, fix: props.fix, fakes: props.fakes };
  return {
    kind: 'remc.check',
    template: 'custom',
    spec: CUSTOM_SPEC,
    custom: files,
    props: props as unknown as Record<string, unknown>,
    name: props.name,
    site: callSites(customCheck),
  } as unknown as Check<CustomHost<R, B>>; // the host is a phantom, never set at run time
}
