/**
 * windowsFeature: keeps one optional Windows feature (the list of "Turn Windows features on or off")
 * enabled or disabled, e.g. `windowsFeature({ name: 'NetFx3', state: 'enabled' })` for .NET Framework
 * 3.5 or `windowsFeature({ name: 'SMB1Protocol', state: 'disabled' })`. The probe reads the feature with
 * `Get-WindowsOptionalFeature -Online -FeatureName` (the DISM module, locale-independent state names);
 * the fix runs `Enable-WindowsOptionalFeature -Online -All -NoRestart` (with `-Source` and
 * `-LimitAccess` when declared) or `Disable-WindowsOptionalFeature -Online -NoRestart` in a background
 * job it stops waiting for after `timeoutSeconds`.
 *
 * Why it is safe:
 * - It never restarts the device. A change that needs a restart (DISM's RestartNeeded, or the state
 *   EnablePending / DisablePending) is reported: the fix says "a restart finishes it", and until the
 *   restart the probe says the feature is pending, never that it is enabled or disabled; the fix then
 *   waits for the restart (HELD) instead of asking DISM again.
 * - It touches only the declared feature (and, when enabling, the parent features it needs: `-All`).
 *   Disabling never removes the feature's payload (no `-Remove`), so enabling it again needs no source.
 * - A feature this Windows does not have is reported, never searched for; a DISM failure is reported
 *   with its error code (0x800F0954 is the usual one for .NET 3.5 on a WSUS-managed device: declare a
 *   `source`, or allow optional content from Windows Update by policy).
 * - One attempt per run, bounded by `timeoutSeconds`; the remediation's cool-down limits the repeats.
 */
import { onDrift } from '../../compiler/declare/api.ts';
import { defineTemplate, option } from '../../compiler/declare/template.ts';

export const windowsFeature = defineTemplate({
  title: 'Windows optional feature',
  summary:
    'Keeps an optional Windows feature (e.g. NetFx3, SMB1Protocol) enabled or disabled with the DISM cmdlets, never restarting: ' +
    'a restart the change needs is reported, and the feature counts as pending, not done, until it happens.',
  example: String.raw`windowsFeature({ name: 'NetFx3', state: 'enabled', source: '\\\\fileserver\\media\\sources\\sxs' })`,
  defaultName: 'feature',
  // The DISM cmdlets need administrative rights (SYSTEM under Intune), and a 32-bit DISM cannot service
  // a running 64-bit Windows.
  requirements: { runAs: ['system'], needsAdmin: true, needs64Bit: true },
  options: {
    /**
     * The feature's name as `Get-WindowsOptionalFeature -Online` lists it in `FeatureName`, e.g.
     * `NetFx3`, `SMB1Protocol` or `Microsoft-Windows-Subsystem-Linux` (not its display name). No
     * wildcards.
     */
    name: option.string({
      required: true,
      pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
      patternText: 'is not an optional feature name (letters, digits, dots, dashes and underscores; no wildcards or spaces)',
    }),
    /** The state the feature must have. A feature waiting for a restart (EnablePending, DisablePending) has neither yet. */
    state: option.oneOf(['enabled', 'disabled'], { required: true }),
    /**
     * Where enabling finds the feature's files when Windows does not have them, e.g.
     * `\\fileserver\media\sources\sxs` (the `sources\sxs` folder of the Windows media of the same
     * version and language) or `C:\sxs`: an absolute path, used as written. Under SYSTEM a share is
     * reached as the device's computer account, so it must grant that account read access. Left out,
     * Windows looks where its policy says (Windows Update, or a WSUS server, which usually has no .NET
     * 3.5 payload: error 0x800F0954).
     */
    source: option.string({
      nonEmpty: true,
      pattern: /^(?:[A-Za-z]:\\|\\\\[^\\]+\\[^\\]+)[^*?"<>|%]*$/,
      patternText: 'is not an absolute folder path (C:\\... or \\\\server\\share\\...; no wildcards or environment variables)',
    }),
    /** Enabling must not contact Windows Update (DISM's `-LimitAccess`): only `source` and the local store are used. */
    limitAccess: option.boolean({ default: false }),
    /**
     * How long the fix waits for DISM, in seconds. DISM has no limit of its own: after this the fix stops
     * waiting and fails (Windows may still finish the change; the next run reads the result).
     */
    timeoutSeconds: option.number({ integer: true, min: 30, max: 1800, default: 600 }),
    /** Say what the fix would change without changing anything. */
    reportOnly: option.boolean({ default: false }),
    /** When the fix may run. A feature in the wrong state is itself the symptom. */
    trigger: option.triggers({ default: [onDrift()] }),
  },
  config: (p) => ({
    name: p.name,
    state: p.state,
    // Always present in $Config: '' means "no source declared".
    source: p.source ?? '',
    limitAccess: p.limitAccess,
    timeoutSeconds: p.timeoutSeconds,
    reportOnly: p.reportOnly,
  }),
  validate: (p) => {
    if (p.state !== 'disabled') return [];
    const stray = (['source', 'limitAccess'] as const).filter((o) => (o === 'source' ? p.source !== undefined : p.limitAccess === true));
    return stray.map((o) => ({
      option: o,
      message: `${o} applies only to enabling a feature, and this check keeps ${p.name} disabled`,
      hint: `Remove ${o}, or declare state: 'enabled'.`,
    }));
  },
});
