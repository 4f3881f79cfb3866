// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * customCheck: a check written in the admin's own PowerShell, next to the declaration. Its files keep the
 * check protocol (docs/check-protocol.md) and get every guarantee a template gets: parsed by PowerShell,
 * checked against Windows PowerShell 5.1 syntax and commands at their own file:line, ASCII, no stderr
 * writers, prompts or reboots, and run through the scenarios declared beside the declaration with
 * fakes of their own. Whether they need FullLanguage is read from their code too (REMC028 when the
 * declaration says otherwise).
 */
import type { Trigger } from '../protocol.js';
import { type Check, type ConfigRecord, type RunAs } from './template.js';
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
/** The host a custom check admits. */
export type CustomHost<R extends RunAs, B extends boolean> = {
    readonly runAs: R;
    readonly is64Bit: B extends true ? true : boolean;
};
/**
 * A check in your own PowerShell:
 *
 * ```ts
 * customCheck({ name: 'bitlocker', probe: './bitlocker.probe.ps1', runAs: 'system', needsAdmin: true })
 * ```
 */
export declare function customCheck<R extends RunAs, B extends boolean = false>(props: CustomCheckProps<R, B>): Check<CustomHost<R, B>>;
