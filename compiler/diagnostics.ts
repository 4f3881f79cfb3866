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
export const CATALOG = {
  REMC001: 'The declaration cannot be bundled: fix the syntax error, or the import this line names.',
  REMC002: 'The declaration threw while it was evaluated; fix the code at this line.',
  REMC003: 'Each file in remediations/ must `export default defineRemediation({ ... })`.',
  REMC004: 'Type errors make the declaration untrustworthy; fix them (remc check runs tsc).',
  REMC010: 'Give each remediation a unique id: it names the dist/ folder and the Intune script.',
  REMC011: 'Use lowercase letters, digits and single hyphens (e.g. "teams-signin-50058"), at most 64 characters.',
  REMC012: 'Add at least one check, e.g. checks: [brokerPluginRegistration()].',
  REMC013: 'Remove the option or correct its name; see the JSDoc of the factory for the options it takes.',
  REMC014: 'Give the option a value of the documented type.',
  REMC015: 'Run the remediation in a context the template supports, or use another template.',
  REMC016: 'Shorten the text: Intune (and the generated scripts) have size limits.',
  REMC017: 'Give each check in a remediation a distinct name (the `checkName` option).',
  REMC018: 'A trigger must name a diagnostic check that is part of the same remediation.',
  REMC019: 'No remediations found: add a file such as remediations/my-fix.ts (see the README tutorial).',
  REMC020: 'A required option is missing.',
  REMC021: "A script carries only printable ASCII and no {{ or }} (RMM tools read them as placeholders): write the character with [char] (e.g. [char]0xE9), and a literal '{{' as ('{' * 2).",
  REMC022: 'Use a factory that remc ships (docs/templates.md), one of your templates/<name>/ folders, or customCheck().',
  REMC023: 'Windows PowerShell 5.1 (what Intune runs) cannot run this; use 5.1 syntax, and only cmdlets and parameters that Windows PowerShell 5.1 ships (compiler/ps/data/windows-powershell-5.1), none that prompt, reboot or write outside the summary line.',
  REMC024: 'A template folder holds probe.ps1, and fix.ps1 exactly when its spec declares a `trigger` option (docs/check-protocol.md).',
  REMC025: 'The options contradict each other; see the template\'s reference in docs/templates.md.',
  REMC026: 'A custom check\'s probe file defines exactly one Test-* function, its fix file exactly one Repair-*, both next to the declaration (docs/check-protocol.md).',
  REMC027: 'Two pieces of PowerShell in one remediation define the same function; rename one (function names are global in a script).',
  REMC028: "Constrained Language Mode (AppLocker, WDAC) refuses this construct (about_Language_Modes; the types it allows: compiler/ps/data/clm-core-types.json): rewrite it with cmdlets and allowed types (Get-ChildItem, Remove-Item, $env:NAME, hashtables), or declare needsFullLanguage: true: where that mode applies, the check is then skipped, and says so.",
  REMC029: 'Each entry of checks must be a check: call the factory (brokerPluginRegistration(), not brokerPluginRegistration).',
  REMC030: 'The generated output differs from what is on disk: run `remc build` and commit the result.',
  REMC031: 'remc could not write the output; nothing was changed.',
  REMC032: "A template's probe.ps1, seam.ps1 and fix.ps1 hold only top-level functions, each starting in column 0 (docs/check-protocol.md): move a nested function out to the top level.",
  REMC033: 'Name the check with a letter first, then letters, digits and hyphens (the checkName option); the name appears in every summary line.',
  REMC034: "A project's template never replaces a built-in one: give its folder and its spec's name a name no built-in template has (docs/templates.md lists them).",
  REMC090: "The template's fix is opt-in (docs/templates.md says with which option): without it the check only detects, so a trigger has nothing to run. Opt in, or remove the trigger.",
  REMC050: 'Intune runs this remediation only when its scripts are signed by a trusted publisher: build with a certificate (remc build --sign-pfx FILE, its password in $REMC_SIGN_PASSWORD; see "Release bundle and signing" in the README), or set enforceSignatureCheck to false.',
  REMC051: 'Signing needs osslsigncode 2.9 or newer on PATH and a code-signing certificate it can open: check the file names, and the password in the environment variable named by --sign-password-env (default REMC_SIGN_PASSWORD). Nothing was written.',
  REMC052: 'osslsigncode could not sign a generated script; the message says why. Nothing was written.',
  REMC053: 'Name only the targets `remc build --help` lists.',
  REMC054: 'The script is longer than this target accepts; build the remediation without this target, or split its checks into two remediations. Without --strict-targets the build skips this remediation for this target (a warning; index.json lists it under skipped) and writes the rest.',
  REMC055: 'Build a detect-only remediation for IntuneCD without this target, or give it a fix. Without --strict-targets the build skips this remediation for this target (a warning; index.json lists it under skipped) and writes the rest.',
  REMC056: "An assignment is { group: '<Entra group name>' } (exclude: true excludes it: no schedule, no filter), { allDevices: true } or { allUsers: true }, with schedule: { daily: 'HH:MM' }, { hourly: 1-23 } or { once: 'YYYY-MM-DDTHH:MM' }; each target once (README: 6. Assignments).",
  REMC057: "This tool would run the script as another account than the remediation's runAs, where it would check another account's registry and profile: build it without this target, or, where the tool can run a script as the signed-in user (tactical, ninjaone, immybot), name the target in userContextIn and set the tool so. Without --strict-targets the build skips this remediation for this target (a warning; index.json lists it under skipped) and writes the rest.",
  REMC058: "userContextIn names the tools a user remediation (runAs: 'user') runs in as the signed-in user: tactical, ninjaone, immybot; the others run scripts as SYSTEM only, and Intune and the layouts follow runAs.",
  REMC060: 'Name a remediation this project declares (remc list shows them).',
  REMC061: 'Graph refused or could not answer; the message names the request and Graph\'s reason. Nothing was written.',
  REMC062: 'Each remediation is one script in Intune: resolve the duplicate or the --adopt named here, then publish again. Nothing was written.',
  REMC063: 'Assignments name groups (Entra ID) and assignment filters (Intune) by their display name, which must exist and be unique; rename one, or correct the declaration. Nothing was written.',
  REMC064: 'Add "remc": { "owner": "<key>" } to package.json (remc init writes one): the key marks the scripts this repository publishes; keep it for the life of the repository.',
  REMC065: 'Set REMC_GRAPH_URL to the Graph beta base URL (default https://graph.microsoft.com/beta) and REMC_GRAPH_TIMEOUT to seconds.',
  REMC066: 'Sign in as the README\'s "Publishing to Intune" says: REMC_GRAPH_TOKEN, or REMC_GRAPH_AUTH with the variables it names.',
  REMC067: 'Sign for Intune (the intune target, or remc publish) and build the IntuneCD target unsigned: a signed script cannot go through IntuneCD unchanged.',
  REMC068: 'Set REMC_TACTICAL_URL to the Tactical RMM API URL and REMC_TACTICAL_API_KEY to an API key, and build the tactical target first (remc build --target tactical). Nothing was sent.',
  REMC069: 'Tactical RMM refused the request, or holds more than one script with the marker named; the message says which. Nothing was written.',
  REMC095: "A check runs the program itself, never through a shell: give the full path of an .exe (a drive or %SystemRoot%, %ProgramFiles%, ... at its start) and each argument as one item of `arguments`.",
  REMC096: "commandFix runs a program whose effect remc cannot read back, so its own probe never finds drift: trigger it with the symptom it repairs, onFinding(signal) or diagnosis.finds('os'), of another check.",
  REMC097: "Program output is text in the device's display language (netsh, sc and most tools translate it): prefer desiredExitCodes, or match only what no translation changes (numbers, GUIDs, paths); this is a warning, the build goes on.",
  REMC115: "appxRemoval does not remove Windows' own components or the frameworks other apps load: removing them breaks sign-in, Start, Settings or other apps, or cannot be undone (docs/templates.md lists them, each with its source). Remove the check; to keep users from an app such as the Store, block it by policy instead.",
  REMC105: "Name a local group by the English name of a built-in group (docs/templates.md lists them) or by its SID, and each member once, by SID or with its domain (DOMAIN\\name, AzureAD\\user@contoso.com, .\\name for an account of the device): the device resolves names, and a bare one could be a local or a domain account.",
  REMC106: "exclusive removes every member of the group that is not declared (never the built-in Administrator, at most maxRemovals a run): it applies only with ensure: 'present', and maxRemovals only with it.",
  REMC125: "A scheduledTask folder match (no name) acts on every task it matches, on every device: never from the root folder with recurse, never the root folder without author (every vendor's tasks sit there), never \\Microsoft\\ and below (Windows' own tasks). Give the product's own folder, or name the one task.",
  REMC126: "recurse, author and maxTasks bound a scheduledTask folder match (a check without name): a check that names its task matches that one task only.",
  REMC100: "fileState reads one file on the device's own disks: give its full path with a drive (C:\\...) or one of the machine's folders (%ProgramData%, %ProgramFiles%, %SystemRoot%, ...; %LOCALAPPDATA%, %APPDATA%, %USERPROFILE% as the user), without wildcards, . or .. steps.",
  REMC101: "A fileState condition on the file's age, text or version describes a file that is there: declare ensure: 'present' with it, or ensure: 'absent' alone.",
  REMC102: "fileState's minAgeDays and maxAgeDays together are a window of ages: minAgeDays must be at most maxAgeDays, or no file could ever be in its desired state.",
  REMC070: 'For one trigger, give it alone; to fire on either of two, list them (`trigger: [a, b]`).',
  REMC071: 'Write allOf(...) flat, each part once: onDrift(), onFinding(check) or diagnosis.finds(...); an allOf inside an allOf is the same as one allOf with all the parts, and an allOf of onDrift() alone is onDrift().',
  REMC110: "The check turns Windows Defender Firewall off on the declared profiles of every device it is assigned to; this is a warning, the build goes on. Keep it off only where another firewall is in force, and leave the firewall to that product's own management.",
  REMC111: "A default inbound action of allow lets in every connection no rule blocks, on every device the check is assigned to; this is a warning, the build goes on. Windows' default is block: allow the few programs or ports that need it with firewall rules instead.",
  REMC112: "Name the rule by its Name (`Get-NetFirewallRule | Select-Object Name, DisplayName` lists both: e.g. RemoteDesktop-UserMode-In-TCP) or its whole group by its Group ('@FirewallAPI.dll,-28752'), exactly one of the two: a DisplayName or DisplayGroup is translated into each device's language.",
  REMC120: "defenderPreference keeps a short list of Defender preferences, named as Set-MpPreference's parameters: DisableRealtimeMonitoring, DisableBehaviorMonitoring, DisableIOAVProtection, DisableScriptScanning, PUAProtection, MAPSReporting, SubmitSamplesConsent, CloudBlockLevel, CloudExtendedTimeout, EnableNetworkProtection. Keep any other preference with a policy (Intune, Group Policy).",
  REMC121: "Give each Defender preference one of its values by name (PUAProtection: 'disabled', 'enabled' or 'audit'; docs/templates.md lists them all), a Disable* preference true or false, CloudExtendedTimeout a whole number of seconds from 0 to 50.",
  REMC122: 'Name at least one Defender preference in settings: a check that keeps none has nothing to check.',
  REMC123: "The check turns a part of Microsoft Defender Antivirus protection off on every device it is assigned to; this is a warning, the build goes on. Keep it off only where another antivirus protects the devices.",
  REMC075: 'This option needs the other account: run the remediation as the account it names, or drop the option.',
  REMC080:
    "Assign the remediation only to the devices that need the secret, give the account behind it no more rights than that, and rotate it when a device is lost or retired; where Windows has a way of its own (Windows LAPS for local administrator passwords, a provisioning package), use that instead.",
  REMC081: "Mark a registry value that holds it `secret: true` (detection then compares a salted hash instead), or have the device read it from where it already is (a certificate store, Windows LAPS); if it is real and was ever published, rotate it.",
} as const;

export type DiagnosticCode = keyof typeof CATALOG;

export function diagnostic(
  code: DiagnosticCode,
  message: string,
  location?: SourceLocation,
  hint: string = CATALOG[code],
  severity: Severity = 'error',
  notes?: readonly Note[],
): Diagnostic {
  return { code, severity, message, ...(location ? { location } : {}), hint, ...(notes && notes.length > 0 ? { notes } : {}) };
}

/** Sort by file, line, column, then code, so output order never depends on evaluation order. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => d.location;
  return [...list].sort((a, b) => {
    const la = key(a);
    const lb = key(b);
    if (la && lb) {
      if (la.file !== lb.file) return la.file < lb.file ? -1 : 1;
      if (la.line !== lb.line) return la.line - lb.line;
      if (la.column !== lb.column) return la.column - lb.column;
    } else if (la || lb) {
      return la ? 1 : -1; // project-wide problems first
    }
    if (a.code !== b.code) return a.code < b.code ? -1 : 1;
    return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
}

/**
 * Renders a diagnostic the way compilers do:
 *
 *   remediations/x.ts:4:5 - error REMC011: id "Bad Id" is not a safe file name
 *
 *     4 |   id: 'Bad Id',
 *       |   ^
 *   hint: Use lowercase letters, ...
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = (loc: SourceLocation | undefined) => (loc ? `${loc.file}:${loc.line}:${loc.column} - ` : '');
  const lines = [`${where(d.location)}${d.severity} ${d.code}: ${d.message}`, ...codeFrame(d.location)];
  for (const note of d.notes ?? []) lines.push(`${where(note.location)}note: ${note.message}`, ...codeFrame(note.location));
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

function codeFrame(loc: SourceLocation | undefined): string[] {
  if (loc?.lineText === undefined) return [];
  const gutter = String(loc.line);
  const pad = ' '.repeat(gutter.length);
  const text = loc.lineText.replace(/\t/g, ' ');
  return ['', `  ${gutter} | ${text}`, `  ${pad} | ${' '.repeat(Math.max(0, loc.column - 1))}^`];
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}

/** The known name nearest to a misspelt one (edit distance at most 2, or a case-insensitive match). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : distance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
