/**
 * appxRemoval: an AppX / MSIX package, named exactly, is installed for no user of the device and (with
 * `deprovision`, the default) is not provisioned for new users either: the usual removal of preinstalled
 * apps such as Microsoft.BingNews. The probe reads `Get-AppxPackage -AllUsers -Name <name>` (each
 * package's PackageUserInformation: the SIDs whose InstallState is Installed) and
 * `Get-AppxProvisionedPackage -Online` (the entry whose DisplayName is the name). The fix runs, in a
 * background job it stops waiting for after `timeoutSeconds`, `Remove-AppxProvisionedPackage -Online
 * -PackageName <PackageName>` for that entry, then `Remove-AppxPackage -Package <PackageFullName>
 * -AllUsers` for each installed package (its bundle when it came in one), and reads both again.
 *
 * Why a template of its own, not `appxRegistration({ ensure: 'absent' })`: defineTemplate could vary the
 * requirements with the option (`requirementsOf`, plus a hand-written overloaded factory type for the
 * host, as pathCleanup has), but the two would share nothing besides packageName: appxRegistration acts
 * for the signed-in user (runAs user, the user's logon session) with Add-AppxPackage -Register, its
 * `manifest` means nothing for a removal and `deprovision` nothing for a registration, and its probe,
 * fix, seam, fakes and scenarios are per user, where removal for every user and de-provisioning need
 * SYSTEM and other users' state. One template would be two behind a switch, each option valid for one.
 *
 * Why it is safe:
 * - One package, matched with -eq on its identity Name (never a wildcard); the provisioned entry only
 *   by DisplayName -eq the same name.
 * - Windows components and frameworks are refused when the remediation is built (REMC115): the list
 *   below, each entry with its source. On the device, a framework package (IsFramework) or one a
 *   policy marks non-removable (NonRemovable) is never handed to Remove-AppxPackage: drift no fix
 *   repairs (ACTION NEEDED, with advice), so the fix does not run for it.
 * - Success is only what Get-AppxPackage and Get-AppxProvisionedPackage say afterwards: a user Windows
 *   could not remove it for is reported with the HRESULT and that user's SID, never as fixed.
 * - Remove-AppxPackage -AllUsers needs Windows 10 1809 or later; on older Windows the fix fails saying so
 *   (the cmdlet has no -AllUsers there).
 */
import { onDrift } from '../../compiler/declare/api.ts';
import { defineTemplate, option, type OptionProblem } from '../../compiler/declare/template.ts';

/** A package this template refuses to remove: its name (or a prefix ending in '.'), why, and where that is said. */
interface Refused {
  readonly name: string;
  readonly prefix?: true;
  readonly why: string;
}

/**
 * Kept short and sourced. "System app" means listed under "System apps" ("integral to the OS", not
 * uninstallable through the UI) in Microsoft Learn, "Understand the different apps included in Windows
 * 10" (windows/application-management/apps-in-windows-10); "framework" means listed there as a framework
 * package (IsFramework), which other apps load at run time.
 */
const REFUSED_PACKAGES: readonly Refused[] = [
  { name: 'Microsoft.AAD.BrokerPlugin', why: 'a Windows system app, the Web Account Manager broker that signs work and school accounts in to Microsoft 365' },
  { name: 'Microsoft.AccountsControl', why: 'a Windows system app, the account picker of Windows sign-in' },
  { name: 'Microsoft.Windows.ShellExperienceHost', why: 'a Windows system app, the Start and taskbar shell' },
  { name: 'Microsoft.Windows.StartMenuExperienceHost', why: 'the Start menu, a Windows system app in C:\\Windows\\SystemApps from Windows 10 1903 on' },
  { name: 'windows.immersivecontrolpanel', why: 'a Windows system app, the Settings app' },
  {
    name: 'Microsoft.WindowsStore',
    why: 'Learn says the Store app cannot be removed, and once gone it only comes back by restoring or resetting Windows',
  },
  { name: 'Microsoft.DesktopAppInstaller', why: 'App Installer, which registers the Windows Package Manager (winget) that installs and updates apps' },
  { name: 'Microsoft.VCLibs.', prefix: true, why: 'a framework package, the Visual C++ runtime that packaged apps load' },
  { name: 'Microsoft.NET.Native.', prefix: true, why: 'a framework package, the .NET Native runtime that packaged apps load' },
  { name: 'Microsoft.UI.Xaml.', prefix: true, why: 'a framework package, the WinUI library that packaged apps load' },
];

/** The refused entry that covers a package name, compared without case as Windows compares them. */
function refusedPackage(name: string): Refused | undefined {
  const lower = name.toLowerCase();
  return REFUSED_PACKAGES.find((r) => (r.prefix ? lower.startsWith(r.name.toLowerCase()) : lower === r.name.toLowerCase()));
}

function refusedNotes(): string[] {
  const list = REFUSED_PACKAGES.map((r) => `- \`${r.name}${r.prefix ? '*' : ''}\`: ${r.why}.`).join('\n');
  return [
    `Refused when the remediation is built (REMC115), in any letter case:\n${list}`,
    'On the device, a package Windows calls a framework (IsFramework) or marks non-removable by policy (NonRemovable) is never removed: ACTION NEEDED, with advice. ' +
      'Remove-AppxPackage has -AllUsers from Windows 10 1809 on; on older Windows the fix fails saying so.',
    'To re-register a damaged package for the signed-in user instead, use `appxRegistration()`.',
  ];
}

export const appxRemoval = defineTemplate({
  title: 'AppX package removal',
  summary:
    'Keeps an AppX / MSIX package (e.g. Microsoft.BingNews) removed: installed for no user of the device and not provisioned for new ' +
    'users. Removes it for every user (Remove-AppxPackage -AllUsers) and de-provisions it (Remove-AppxProvisionedPackage -Online); a user ' +
    'Windows could not remove it for is reported with the HRESULT.',
  example: "appxRemoval({ packageName: 'Microsoft.BingNews' })",
  notes: refusedNotes(),
  defaultName: 'appx-removal',
  // Named after its package ('Microsoft-BingNews'), so a list of removals needs no checkName each.
  nameOf: (p) => (typeof p.packageName === 'string' ? p.packageName.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 36) || undefined : undefined),
  // Other users' packages and the provisioned list need administrative rights (SYSTEM under Intune), and
  // the Appx cmdlets do not load in 32-bit PowerShell on 64-bit Windows.
  requirements: { runAs: ['system'], needsAdmin: true, needs64Bit: true },
  options: {
    /**
     * The package's exact name (its identity Name, as `Get-AppxPackage` shows it in `Name`, e.g.
     * `Microsoft.BingNews`), not its family or full name. Matched with -eq, never as a wildcard; the
     * provisioned entry is the one whose DisplayName is this name.
     */
    // Identity Name rules (Microsoft Learn, "Identity (Windows 10)"): 3 to 50 letters, digits, periods and dashes.
    packageName: option.string({
      required: true,
      pattern: /^[A-Za-z0-9.-]{3,50}$/,
      patternText: 'is not an AppX package name (3 to 50 letters, digits, dots and hyphens: no spaces, no wildcards)',
    }),
    /**
     * Also remove the package's provisioned entry (`Remove-AppxProvisionedPackage -Online`), so that
     * profiles created later do not get it. Set false to remove it only from the users who have it; the
     * probe then does not read the provisioned list.
     */
    deprovision: option.boolean({ default: true }),
    /**
     * How long the fix waits for the removal, in seconds. Remove-AppxPackage has no limit of its own:
     * after this the fix stops waiting and fails (Windows may still finish; the next run reads the result).
     */
    timeoutSeconds: option.number({ integer: true, min: 30, max: 1800, default: 300 }),
    /** When the removal may run. The package being installed or provisioned is itself the symptom. */
    trigger: option.triggers({ default: [onDrift()] }),
  },
  config: (p) => ({
    packageName: p.packageName,
    deprovision: p.deprovision,
    timeoutSeconds: p.timeoutSeconds,
  }),
  validate: (p): OptionProblem[] => {
    const name = typeof p.packageName === 'string' ? p.packageName : '';
    const refused = refusedPackage(name);
    if (!refused) return [];
    return [
      {
        option: 'packageName',
        code: 'REMC115',
        message: `will not remove ${name}: ${refused.why}`,
      },
    ];
  },
});
