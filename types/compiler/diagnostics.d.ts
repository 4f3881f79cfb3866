// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * One diagnostic shape for every problem remc reports: a stable code, a message, a location with the
 * source line, and a hint. Problems are collected into arrays, never thrown one by one.
 */
export type Severity = 'error' | 'warning';
export interface SourceLocation {
    /** Path relative to the project root, with forward slashes. */
    readonly file: string;
    /** 1-based. */
    readonly line: number;
    /** 1-based. */
    readonly column: number;
    /** The text of that line, for the code frame (no line break). */
    readonly lineText?: string;
}
export interface Diagnostic {
    readonly code: DiagnosticCode;
    readonly severity: Severity;
    readonly message: string;
    readonly location?: SourceLocation;
    readonly hint?: string;
    /** Other places that explain this one (e.g. the first of two declarations with one id). */
    readonly notes?: readonly Note[];
}
export interface Note {
    readonly message: string;
    readonly location: SourceLocation;
}
/**
 * The catalog: every code remc can report, with its default hint. Codes are stable: tests, docs and
 * users' CI filters depend on them, so a code is never reused for another meaning.
 */
export declare const CATALOG: {
    readonly REMC001: 'The declaration cannot be bundled: fix the syntax error, or the import this line names.';
    readonly REMC002: 'The declaration threw while it was evaluated; fix the code at this line.';
    readonly REMC003: 'Each file in remediations/ must `export default defineRemediation({ ... })`.';
    readonly REMC004: 'Type errors make the declaration untrustworthy; fix them (remc check runs tsc).';
    readonly REMC010: 'Give each remediation a unique id: it names the dist/ folder and the Intune script.';
    readonly REMC011: 'Use lowercase letters, digits and single hyphens (e.g. "teams-signin-50058"), at most 64 characters.';
    readonly REMC012: 'Add at least one check, e.g. checks: [brokerPluginRegistration()].';
    readonly REMC013: 'Remove the option or correct its name; see the JSDoc of the factory for the options it takes.';
    readonly REMC014: 'Give the option a value of the documented type.';
    readonly REMC015: 'Run the remediation in a context the template supports, or use another template.';
    readonly REMC016: 'Shorten the text: Intune (and the generated scripts) have size limits.';
    readonly REMC017: 'Give each check in a remediation a distinct name (the `checkName` option).';
    readonly REMC018: 'A trigger must name a diagnostic check that is part of the same remediation.';
    readonly REMC019: 'No remediations found: add a file such as remediations/my-fix.ts (see the README tutorial).';
    readonly REMC020: 'A required option is missing.';
    readonly REMC021: "A script carries only printable ASCII and no {{ or }} (RMM tools read them as placeholders): write the character with [char] (e.g. [char]0xE9), and a literal '{{' as ('{' * 2).";
    readonly REMC022: 'Use a factory that remc ships (docs/templates.md), one of your templates/<name>/ folders, or customCheck().';
    readonly REMC023: 'Windows PowerShell 5.1 (what Intune runs) cannot run this; use 5.1 syntax, and only cmdlets and parameters that Windows PowerShell 5.1 ships (compiler/ps/data/windows-powershell-5.1), none that prompt, reboot or write outside the summary line.';
    readonly REMC024: 'A template folder holds probe.ps1, and fix.ps1 exactly when its spec declares a `trigger` option (docs/check-protocol.md).';
    readonly REMC025: 'The options contradict each other; see the template\'s reference in docs/templates.md.';
    readonly REMC026: 'A custom check\'s probe file defines exactly one Test-* function, its fix file exactly one Repair-*, both next to the declaration (docs/check-protocol.md).';
    readonly REMC027: 'Two pieces of PowerShell in one remediation define the same function; rename one (function names are global in a script).';
    readonly REMC028: "Constrained Language Mode (AppLocker, WDAC) refuses this construct (about_Language_Modes; the types it allows: compiler/ps/data/clm-core-types.json): rewrite it with cmdlets and allowed types (Get-ChildItem, Remove-Item, $env:NAME, hashtables), or declare needsFullLanguage: true: where that mode applies, the check is then skipped, and says so.";
    readonly REMC029: 'Each entry of checks must be a check: call the factory (brokerPluginRegistration(), not brokerPluginRegistration).';
    readonly REMC030: 'The generated output differs from what is on disk: run `remc build` and commit the result.';
    readonly REMC031: 'remc could not write the output; nothing was changed.';
    readonly REMC032: "A template's probe.ps1, seam.ps1 and fix.ps1 hold only top-level functions, each starting in column 0 (docs/check-protocol.md): move a nested function out to the top level.";
    readonly REMC033: 'Name the check with a letter first, then letters, digits and hyphens (the checkName option); the name appears in every summary line.';
    readonly REMC034: "A project's template never replaces a built-in one: give its folder and its spec's name a name no built-in template has (docs/templates.md lists them).";
    readonly REMC090: "The template's fix is opt-in (docs/templates.md says with which option): without it the check only detects, so a trigger has nothing to run. Opt in, or remove the trigger.";
    readonly REMC050: 'Intune runs this remediation only when its scripts are signed by a trusted publisher: build with a certificate (remc build --sign-pfx FILE, its password in $REMC_SIGN_PASSWORD; see "Release bundle and signing" in the README), or set enforceSignatureCheck to false.';
    readonly REMC051: 'Signing needs osslsigncode 2.9 or newer on PATH and a code-signing certificate it can open: check the file names, and the password in the environment variable named by --sign-password-env (default REMC_SIGN_PASSWORD). Nothing was written.';
    readonly REMC052: 'osslsigncode could not sign a generated script; the message says why. Nothing was written.';
    readonly REMC053: 'Name only the targets `remc build --help` lists.';
    readonly REMC054: 'The script is longer than this target accepts; build the remediation without this target, or split its checks into two remediations. Without --strict-targets the build skips this remediation for this target (a warning; index.json lists it under skipped) and writes the rest.';
    readonly REMC055: 'Build a detect-only remediation for IntuneCD without this target, or give it a fix. Without --strict-targets the build skips this remediation for this target (a warning; index.json lists it under skipped) and writes the rest.';
    readonly REMC056: "An assignment is { group: '<Entra group name>' } (exclude: true excludes it: no schedule, no filter), { allDevices: true } or { allUsers: true }, with schedule: { daily: 'HH:MM' }, { hourly: 1-23 } or { once: 'YYYY-MM-DDTHH:MM' }; each target once (README: 6. Assignments).";
    readonly REMC057: "This tool would run the script as another account than the remediation's runAs, where it would check another account's registry and profile: build it without this target, or, where the tool can run a script as the signed-in user (tactical, ninjaone, immybot), name the target in userContextIn and set the tool so. Without --strict-targets the build skips this remediation for this target (a warning; index.json lists it under skipped) and writes the rest.";
    readonly REMC058: "userContextIn names the tools a user remediation (runAs: 'user') runs in as the signed-in user: tactical, ninjaone, immybot; the others run scripts as SYSTEM only, and Intune and the layouts follow runAs.";
    readonly REMC060: 'Name a remediation this project declares (remc list shows them).';
    readonly REMC061: 'Graph refused or could not answer; the message names the request and Graph\'s reason. Nothing was written.';
    readonly REMC062: 'Each remediation is one script in Intune: resolve the duplicate or the --adopt named here, then publish again. Nothing was written.';
    readonly REMC063: 'Assignments name groups (Entra ID) and assignment filters (Intune) by their display name, which must exist and be unique; rename one, or correct the declaration. Nothing was written.';
    readonly REMC064: 'Add "remc": { "owner": "<key>" } to package.json (remc init writes one): the key marks the scripts this repository publishes; keep it for the life of the repository.';
    readonly REMC065: 'Set REMC_GRAPH_URL to the Graph beta base URL (default https://graph.microsoft.com/beta) and REMC_GRAPH_TIMEOUT to seconds.';
    readonly REMC066: 'Sign in as the README\'s "Publishing to Intune" says: REMC_GRAPH_TOKEN, or REMC_GRAPH_AUTH with the variables it names.';
    readonly REMC067: 'Sign for Intune (the intune target, or remc publish) and build the IntuneCD target unsigned: a signed script cannot go through IntuneCD unchanged.';
    readonly REMC068: 'Set REMC_TACTICAL_URL to the Tactical RMM API URL and REMC_TACTICAL_API_KEY to an API key, and build the tactical target first (remc build --target tactical). Nothing was sent.';
    readonly REMC069: 'Tactical RMM refused the request, or holds more than one script with the marker named; the message says which. Nothing was written.';
    readonly REMC095: "A check runs the program itself, never through a shell: give the full path of an .exe (a drive or %SystemRoot%, %ProgramFiles%, ... at its start) and each argument as one item of `arguments`.";
    readonly REMC096: "commandFix runs a program whose effect remc cannot read back, so its own probe never finds drift: trigger it with the symptom it repairs, onFinding(signal) or diagnosis.finds('os'), of another check.";
    readonly REMC097: "Program output is text in the device's display language (netsh, sc and most tools translate it): prefer desiredExitCodes, or match only what no translation changes (numbers, GUIDs, paths); this is a warning, the build goes on.";
    readonly REMC115: "appxRemoval does not remove Windows' own components or the frameworks other apps load: removing them breaks sign-in, Start, Settings or other apps, or cannot be undone (docs/templates.md lists them, each with its source). Remove the check; to keep users from an app such as the Store, block it by policy instead.";
    readonly REMC105: "Name a local group by the English name of a built-in group (docs/templates.md lists them) or by its SID, and each member once, by SID or with its domain (DOMAIN\\name, AzureAD\\user@contoso.com, .\\name for an account of the device): the device resolves names, and a bare one could be a local or a domain account.";
    readonly REMC106: "exclusive removes every member of the group that is not declared (never the built-in Administrator, at most maxRemovals a run): it applies only with ensure: 'present', and maxRemovals only with it.";
    readonly REMC125: "A scheduledTask folder match (no name) acts on every task it matches, on every device: never from the root folder with recurse, never the root folder without author (every vendor's tasks sit there), never \\Microsoft\\ and below (Windows' own tasks). Give the product's own folder, or name the one task.";
    readonly REMC126: "recurse, author and maxTasks bound a scheduledTask folder match (a check without name): a check that names its task matches that one task only.";
    readonly REMC100: "fileState reads one file on the device's own disks: give its full path with a drive (C:\\...) or one of the machine's folders (%ProgramData%, %ProgramFiles%, %SystemRoot%, ...; %LOCALAPPDATA%, %APPDATA%, %USERPROFILE% as the user), without wildcards, . or .. steps.";
    readonly REMC101: "A fileState condition on the file's age, text or version describes a file that is there: declare ensure: 'present' with it, or ensure: 'absent' alone.";
    readonly REMC102: "fileState's minAgeDays and maxAgeDays together are a window of ages: minAgeDays must be at most maxAgeDays, or no file could ever be in its desired state.";
    readonly REMC070: 'For one trigger, give it alone; to fire on either of two, list them (`trigger: [a, b]`).';
    readonly REMC071: 'Write allOf(...) flat, each part once: onDrift(), onFinding(check) or diagnosis.finds(...); an allOf inside an allOf is the same as one allOf with all the parts, and an allOf of onDrift() alone is onDrift().';
    readonly REMC110: "The check turns Windows Defender Firewall off on the declared profiles of every device it is assigned to; this is a warning, the build goes on. Keep it off only where another firewall is in force, and leave the firewall to that product's own management.";
    readonly REMC111: "A default inbound action of allow lets in every connection no rule blocks, on every device the check is assigned to; this is a warning, the build goes on. Windows' default is block: allow the few programs or ports that need it with firewall rules instead.";
    readonly REMC112: "Name the rule by its Name (`Get-NetFirewallRule | Select-Object Name, DisplayName` lists both: e.g. RemoteDesktop-UserMode-In-TCP) or its whole group by its Group ('@FirewallAPI.dll,-28752'), exactly one of the two: a DisplayName or DisplayGroup is translated into each device's language.";
    readonly REMC120: "defenderPreference keeps a short list of Defender preferences, named as Set-MpPreference's parameters: DisableRealtimeMonitoring, DisableBehaviorMonitoring, DisableIOAVProtection, DisableScriptScanning, PUAProtection, MAPSReporting, SubmitSamplesConsent, CloudBlockLevel, CloudExtendedTimeout, EnableNetworkProtection. Keep any other preference with a policy (Intune, Group Policy).";
    readonly REMC121: "Give each Defender preference one of its values by name (PUAProtection: 'disabled', 'enabled' or 'audit'; docs/templates.md lists them all), a Disable* preference true or false, CloudExtendedTimeout a whole number of seconds from 0 to 50.";
    readonly REMC122: 'Name at least one Defender preference in settings: a check that keeps none has nothing to check.';
    readonly REMC123: "The check turns a part of Microsoft Defender Antivirus protection off on every device it is assigned to; this is a warning, the build goes on. Keep it off only where another antivirus protects the devices.";
    readonly REMC075: 'This option needs the other account: run the remediation as the account it names, or drop the option.';
    readonly REMC080: "Assign the remediation only to the devices that need the secret, give the account behind it no more rights than that, and rotate it when a device is lost or retired; where Windows has a way of its own (Windows LAPS for local administrator passwords, a provisioning package), use that instead.";
    readonly REMC081: "Mark a registry value that holds it `secret: true` (detection then compares a salted hash instead), or have the device read it from where it already is (a certificate store, Windows LAPS); if it is real and was ever published, rotate it.";
};
export type DiagnosticCode = keyof typeof CATALOG;
export declare function diagnostic(code: DiagnosticCode, message: string, location?: SourceLocation, hint?: string, severity?: Severity, notes?: readonly Note[]): Diagnostic;
/** Sort by file, line, column, then code, so output order never depends on evaluation order. */
export declare function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[];
/**
 * Renders a diagnostic the way compilers do:
 *
 *   remediations/x.ts:4:5 - error REMC011: id "Bad Id" is not a safe file name
 *
 *     4 |   id: 'Bad Id',
 *       |   ^
 *   hint: Use lowercase letters, ...
 */
export declare function formatDiagnostic(d: Diagnostic): string;
export declare function hasErrors(list: readonly Diagnostic[]): boolean;
/** The known name nearest to a misspelt one (edit distance at most 2, or a case-insensitive match). */
export declare function closest(word: string, candidates: readonly string[]): string | undefined;
