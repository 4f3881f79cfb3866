/**
 * appxRegistration: an AppX / MSIX package, named exactly, must be registered for the signed-in user
 * with status Ok. When it is registered but not Ok, the fix registers it again from its own install
 * location (`<InstallLocation>\AppxManifest.xml`); when it is not registered, from the declared
 * `manifest` (without one, the probe says so and the fix fails saying why). The registration is
 * `Add-AppxPackage -Register <manifest> -DisableDevelopmentMode -ForceApplicationShutdown`, for the
 * current user only (never `-AllUsers`), run in a background job that is abandoned after
 * `timeoutSeconds`, because Add-AppxPackage has no time limit of its own.
 *
 * Safe because it touches one package, matched with -eq (never as a wildcard); it re-registers what is
 * already installed (no download, no other user), and a failure is reported with its HRESULT.
 * brokerPluginRegistration() is the special case of Microsoft.AAD.BrokerPlugin. To remove a package for
 * every user and from new profiles instead, appxRemoval() does it as SYSTEM (templates/appx-removal/).
 */
import { onDrift } from '../../compiler/declare/api.ts';
import { defineTemplate, option } from '../../compiler/declare/template.ts';

export const appxRegistration = defineTemplate({
  title: 'AppX package registration',
  summary:
    'Keeps an AppX / MSIX package registered with status Ok for the signed-in user: re-registers it from its install ' +
    'location when it is damaged, or from a declared manifest when it is missing.',
  notes: ['To remove a package for every user of the device and keep it from new profiles instead, use `appxRemoval()`, which runs as SYSTEM.'],
  defaultName: 'appx',
  // AppX registration is per user, and the Appx cmdlets do not load in 32-bit PowerShell on 64-bit Windows.
  requirements: { runAs: ['user'], needs64Bit: true, needsUserSession: true },
  options: {
    /**
     * The package's exact name (its identity Name, as `Get-AppxPackage` shows it in `Name`, e.g.
     * `Microsoft.WindowsStore`), not its family or full name. Matched with -eq, never as a wildcard.
     */
    // Identity Name rules (Microsoft Learn, "Identity (Windows 10)"): 3 to 50 letters, digits, periods and dashes.
    packageName: option.string({
      required: true,
      pattern: /^[A-Za-z0-9.-]{3,50}$/,
      patternText: 'is not an AppX package name (3 to 50 letters, digits, dots and hyphens: no spaces, no wildcards)',
    }),
    /**
     * The AppxManifest.xml to register when the package is not registered for the user at all, e.g.
     * `%SystemRoot%\SystemApps\Contoso.App_8wekyb3d8bbwe\AppxManifest.xml`; environment variables are
     * expanded on the device. Leave it out and a missing package is reported, not repaired. A package that
     * is registered but not Ok is always registered again from its own install location.
     */
    manifest: option.string({
      nonEmpty: true,
      pattern: /^[^*?"<>|]+\.xml$/i,
      patternText: 'is not a path to an AppxManifest.xml (no wildcards)',
    }),
    /**
     * How long the registration may take, in seconds. Add-AppxPackage has no limit of its own: after this
     * the fix stops waiting and fails (Windows may still finish the registration; the next run checks).
     */
    timeoutSeconds: option.number({ integer: true, min: 10, max: 900, default: 120 }),
    /** When the registration may run. A missing or not-Ok registration is itself the symptom. */
    trigger: option.triggers({ default: [onDrift()] }),
  },
  config: (props) => ({
    packageName: props.packageName,
    // Always present in $Config: $null means "no manifest declared".
    manifest: props.manifest ?? null,
    timeoutSeconds: props.timeoutSeconds,
  }),
});
