/**
 * The command line, defined once: every command (its summary, what it does, what it takes besides
 * options) and every flag (its value, help, default and the commands that take it). `remc --help`,
 * each `remc <command> --help` and the parser (which flags exist for a command, which take a value)
 * are all made from these two lists (help.ts, args.ts), so what is accepted and what is documented
 * cannot drift apart.
 */
import { DEFAULT_TARGETS, TARGETS } from '../declare/targets.ts';
import { REPORTERS } from '../proof/report.ts';
import { PESTER_VERSION, PWSH_VERSION } from '../proof/setup.ts';
import { AUTH_METHODS } from '../publish/credentials.ts';

export type CommandName = 'build' | 'check' | 'list' | 'test' | 'bundle' | 'setup' | 'init' | 'publish' | 'status' | 'tactical';

export interface CommandSpec {
  readonly name: CommandName;
  /** Its line in `remc --help`. */
  readonly summary: string;
  /** What it takes besides options, as the usage line shows it (`[ids...]`); none when absent. */
  readonly positionals?: string;
  /** What it does: the paragraphs between the usage line and the options, wrapped as written. */
  readonly about: string;
  /** What signing does for this command, said after the signing flags (the commands that sign). */
  readonly signing?: string;
  /** Paragraphs after the options. */
  readonly after?: string;
}

export interface FlagSpec {
  readonly name: `--${string}`;
  /** What the value is called in the help (`DIR`, `FILE`); a flag without one is a switch. */
  readonly value?: string;
  readonly help: string;
  /** Said as "(default: ...)" after the help. */
  readonly default?: string;
  /** Said after the default: the rest of the sentence, or lines of its own (indented lines are kept as they are). */
  readonly more?: string;
  /** In the usage line, the flag this one is the alternative to: `[--check | --watch]`. */
  readonly or?: string;
  readonly commands: readonly CommandName[];
  /** The signing flags: shown in a section of their own, the same for every command that signs. */
  readonly signing?: true;
}

/** The signing section: its heading, the line after its flags, and the usage line's form of it. */
export const SIGNING = {
  title: 'Signing (Authenticode, with osslsigncode 2.9 or newer; see "Release bundle and signing" in the README):',
  note: 'The signing time is SOURCE_DATE_EPOCH when set (reproducible signed output), else now.',
  /** The usage line shows the certificate's two forms; the other signing flags refine either. */
  usage: [['--sign-pfx'], ['--sign-cert', '--sign-key']] as const,
  commands: ['build', 'bundle', 'test', 'publish'] as const satisfies readonly CommandName[],
};

const GRAPH_ENV = `Graph (never on the command line, so no secret reaches the process list):
  REMC_GRAPH_URL      the Graph base URL (default https://graph.microsoft.com/beta; national clouds set
                      their own); http:// only on a loopback host
  REMC_GRAPH_TIMEOUT  the overall time limit in seconds (default 900); throttled requests (429, 503)
                      wait as Graph's Retry-After asks, within it
  REMC_GRAPH_AUTH     how to sign in; by default the first the environment provides for:
${Object.entries(AUTH_METHODS).map(([k, v]) => `                        ${k.padEnd(18)} ${v}`).join('\n')}`;

/** The commands, in the order `remc --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'build',
    summary: 'compile remediations/*.ts into dist/ (detect.ps1, remediate.ps1, remediation.json, README.md)',
    about: `Compiles every remediations/**/*.ts of the project into DIR (default dist/). The output is written
only when the whole build succeeds, and swapped in at once: a failed build leaves DIR as it was.`,
    signing: `A declaration with enforceSignatureCheck: true is an error (REMC050) in a build without a certificate.
Signed scripts go into remediation.json and index.json as signed bytes.`,
  },
  {
    name: 'check',
    summary: 'type-check and validate the declarations without writing anything',
    about: `Type-checks the project with tsc and validates every declaration (the build's own rules), writing
nothing. Exit 1 when there is any error.`,
  },
  {
    name: 'list',
    summary: 'list the declared remediations',
    about: 'Lists the declared remediations: id, account, bitness, checks and source file.',
  },
  {
    name: 'test',
    summary: 'build into a temporary folder and prove every remediation (parse, 5.1, scenarios, Pester)',
    positionals: '[ids...]',
    about: `Builds the project into a temporary folder (never dist/) and tests each remediation (all, or the ids
given): every generated .ps1 parsed by PowerShell's own parser; the Windows PowerShell 5.1 check of
the scripts and C# 5 for each native.cs its templates carry; the scenarios of its templates
(templates/<t>/scenarios.ts) and its own (remediations/<id>.scenarios.ts), each run detect ->
remediate -> detect in pwsh against the templates' fakes. Then the templates' Pester tests.
Needs PowerShell 7 and Pester: run remc setup once. Exit 1 when anything fails.

What the scenarios proved, from the outcome every step writes: a check with a fix is proven when
each of its triggers fired in some step and its fix ran (fixed, reported or failed) in some
remediation step; a check without a fix (detect-only, a diagnosis, a symptom source) when some step
saw it out of its desired state (drift, or a cause) and some step saw it in it. A remediation whose
checks all passed says ok only when every check is proven; else it says unproven and lists under it
"unproven: <check>: <what is missing>" (e.g. "trigger finding:signal never fired", "fix never ran",
"never seen out of its desired state"). Write a scenario that makes it happen (README: "A scenario
for your remediation"). An unproven check does not change the exit code unless --strict.

A template scenario runs only for the checks it is about (a scenario of a probe error, for one, is
not about a check whose probe runs only when another check's finding calls for it); when it is about
none of the remediation's checks it is listed as "not applicable: <scenario>: <check>: <why>", never
counted as passed nor as proof.

Constrained Language Mode (AppLocker, WDAC): each template's first applicable scenario runs once more
with every step in Constrained Language Mode, and so does the first own scenario of a remediation
with custom checks. A check that needs FullLanguage must be skipped saying so; one that does not must
never be refused by PowerShell (a refusal fails the run, naming the check). Each check's line:
"<check>: CLM: ran", "CLM: skipped (needs FullLanguage)", "CLM: refused ..." or "CLM: not probed".`,
    signing: `With a certificate, the scripts are signed as remc build does and the signed scripts tested (testing
needs no certificate: the signature is a comment block).`,
  },
  {
    name: 'bundle',
    summary: 'build and write a release zip: a folder per remediation, index.json and SHA256SUMS',
    about: `Builds the project (the same pipeline and rules as remc build, in memory) and writes one zip: a
folder per remediation with its detect.ps1, remediate.ps1 and remediation.json, index.json, and
SHA256SUMS (check it with \`sha256sum -c SHA256SUMS\` after unzipping). Two bundles of the same input
are byte-identical on any machine, folder or time zone: sorted entries, fixed timestamps and modes.
The zip is written only when the build succeeds, and replaced at once; dist/ is not touched.`,
  },
  {
    name: 'setup',
    summary: 'install PowerShell and Pester for remc test (needs the .NET SDK), once per user',
    about: `Installs what remc test runs on: PowerShell ${PWSH_VERSION}, Pester ${PESTER_VERSION} and the .NET Framework 4.8
reference assemblies (to compile C# as Windows PowerShell 5.1 does), with the .NET SDK, into a folder
shared by all your projects: $REMC_CACHE, else $XDG_CACHE_HOME/remc, else ~/.cache/remc (Windows:
%LOCALAPPDATA%\\remc). Prints a line per step. When everything is already there it only checks the
files (milliseconds). REMC_PWSH and REMC_PESTER point at a pwsh and a Pester.psd1 of your own instead.`,
  },
  {
    name: 'init',
    summary: 'scaffold a new project: package.json, tsconfig.json, .gitignore, one example remediation, CI workflow',
    positionals: '[DIR]',
    about: `Scaffolds a remc project in DIR (default: the current folder; created when missing): package.json
with the build, check and test scripts, tsconfig.json (editor completion and type errors), .gitignore
(what to commit), remediations/print-spooler.ts, an example that builds and passes remc test, and
.github/workflows/remc.yml, a CI workflow that tests, builds, bundles and signs (see the README).
Never replaces a file: when one exists, it names it and writes nothing. An existing package.json (as
\`npm install\` or \`npm init -y\` leaves it) only gains the scripts it lacks; npm's placeholder test
script gives way to remc test.`,
  },
  {
    name: 'publish',
    summary: 'plan (and with --apply make) the changes in Intune through Microsoft Graph',
    positionals: '[ids...]',
    about: `Builds the project in memory (as remc build does; signed bytes with --sign-*) and compares each
remediation built for Intune with the script this repository published, found by the ownership line
at the end of its description (owner = package.json "remc.owner"), never by display name. Without
--apply it prints the plan and writes nothing: create, update (which fields; scripts compared as
decoded bytes), unchanged, orphan (published, no longer declared). Group and filter names of the
declared assignments are looked up first: a name that does not exist or is not unique writes nothing.`,
    signing: 'With a certificate, the scripts are signed as remc build does and the signed bytes published.',
    after: `${GRAPH_ENV}

Least Graph permissions: DeviceManagementScripts.ReadWrite.All; with assignments also Group.Read.All
(group names) and DeviceManagementConfiguration.Read.All (filter names).`,
  },
  {
    name: 'status',
    summary: 'what the fleet\'s devices reported: devices per status word, per remediation',
    positionals: '[ids...]',
    about: `Reads each published script's device run states from Intune (all pages), takes every device's latest
detection output (after the remediation when one ran), reads its last line as remc's summary line and
counts the devices by its status word (OK, FIX DUE, HELD, ESCALATE ...); an output that is not this
remediation's summary line counts as unparsed. Also shows the most common reasons per status and
Intune's own detection and remediation states.`,
    after: `${GRAPH_ENV}

Least Graph permissions: DeviceManagementScripts.Read.All and DeviceManagementManagedDevices.Read.All.`,
  },
  {
    name: 'tactical',
    summary: 'plan (and with --apply make) the import of the tactical target into Tactical RMM, updating in place',
    about: `Reads the REST bodies remc build wrote for the tactical target (DIR/tactical/api/<id>.json) and
compares each with the user-defined script in Tactical RMM that carries its marker, remc-guid:<guid>
at the end of the description (the guid is made from the remediation id; Tactical's REST API keeps no
guid of its own for such scripts). Without --apply it prints the plan and writes nothing: create (no
script carries the marker: POST /scripts/), update (which fields: PUT /scripts/<id>/), unchanged.
Several scripts with one marker stop the import: delete all but one. Each write is read back.`,
    after: `Tactical RMM (never on the command line, so the key reaches no process list and is never printed):
  REMC_TACTICAL_URL      the API URL (e.g. https://api.example.com); http:// only on a loopback host
  REMC_TACTICAL_API_KEY  an API key (Settings > Global Settings > API Keys) of a user who may manage
                         scripts; sent as the X-API-KEY header`,
  },
];

/**
 * The flags, in the order each command's usage line and help list them. A name may have a definition
 * per meaning (`--out` is a folder for build and test, a zip for bundle), never two for one command.
 */
export const FLAGS: readonly FlagSpec[] = [
  { name: '--project', value: 'DIR', help: 'the project folder', default: 'the current folder', commands: ['build', 'check', 'list', 'test', 'bundle', 'publish', 'status', 'tactical'] },
  { name: '--out', value: 'DIR', help: 'output folder', default: 'dist', commands: ['build'] },
  { name: '--out', value: 'DIR', help: 'build into DIR and keep it', default: 'a temporary folder, removed afterwards', commands: ['test'] },
  { name: '--out', value: 'FILE', help: 'the zip to write', default: 'remc-bundle.zip', commands: ['bundle'] },
  {
    name: '--target',
    value: 'T,...',
    help: "build these targets for every remediation, instead of each declaration's `targets`",
    default: DEFAULT_TARGETS.join(', '),
    more: `; under DIR:\n${TARGETS.map((t) => `  ${t.name.padEnd(10)} ${t.help}`).join('\n')}`,
    commands: ['build'],
  },
  {
    name: '--strict-targets',
    help: 'a target one remediation cannot meet (REMC054 over N-able\'s size, REMC055 detect-only for IntuneCD, REMC057 a tool that would run it as another account) is an error: exit 1, nothing written',
    default: 'a warning naming remediation and target; that pair is not built (index.json lists it under skipped) and the rest is',
    commands: ['build', 'check', 'bundle'],
  },
  { name: '--check', help: 'write nothing; fail (exit 1) when DIR differs from what the build would write', commands: ['build'] },
  { name: '--watch', help: 'build, then rebuild what each saved change affects (one line per rebuild)', or: '--check', commands: ['build'] },
  {
    name: '--reporter',
    value: REPORTERS.join('|'),
    help: 'write the report to stdout as JUnit XML (junit) or JSON (json) for CI; the lines per remediation then go to stderr',
    commands: ['test'],
  },
  {
    name: '--no-cache',
    help: "prove every remediation and run every template's Pester tests",
    default: 'a remediation or template unchanged since a passing run is taken from .cache/remc-test/',
    commands: ['test'],
  },
  { name: '--workers', value: 'N', help: 'pwsh worker processes', default: 'one per core', commands: ['test'] },
  {
    name: '--combined',
    help: 'also prove the combined script (the base of the RMM exports): parse and 5.1 check, and every scenario run against it (combined.ps1 -Mode <step>, and each template scenario once in the default mode) instead of the pair',
    commands: ['test'],
  },
  {
    name: '--strict',
    help: 'an unproven check fails the run (exit 1); in CI, so a remediation cannot pass on scenarios that never exercised it. The JSON report carries each remediation\'s coverage; JUnit has a "coverage: <check>" testcase per check, an unproven one skipped with what is missing, or failed under --strict',
    commands: ['test'],
  },
  { name: '--verify', help: 'start PowerShell and import Pester even when everything is there', commands: ['setup'] },
  { name: '--yaml', help: 'write the example as remediations/print-spooler.remc.yaml', commands: ['init'] },
  {
    name: '--apply',
    help: "write the plan: create, update (PATCH), assign (the whole set), then read each back; one remediation's failure does not stop the others (exit 1)",
    commands: ['publish'],
  },
  { name: '--prune', help: 'delete orphans (shown as delete)', commands: ['publish'] },
  { name: '--adopt', value: 'ID=SCRIPT_ID,...', help: 'take over a script remc did not publish (e.g. made in the portal) as remediation ID', commands: ['publish'] },
  { name: '--from', value: 'DIR', help: 'the build folder that holds tactical/api/', default: 'dist', commands: ['tactical'] },
  { name: '--apply', help: "write the plan (POST or PUT per script), then read each back; one script's failure does not stop the others (exit 1)", commands: ['tactical'] },
  { name: '--json', help: 'print the plan as JSON:', more: '\n  { "actions": [ { remediation, action, scriptId, changes } ] }', commands: ['publish', 'tactical'] },
  { name: '--exit-code', help: 'exit 2 when the plan has changes (a CI gate)', commands: ['publish', 'tactical'] },
  { name: '--json', help: 'print the status as JSON:', more: '\n  { "remediations": [ { remediation, scriptId, devices, byStatus, unparsed, ... } ] }', commands: ['status'] },
  { name: '--devices', help: 'list the devices per status', commands: ['status'] },
  { name: '--fail-on', value: 'STATUS,...', help: 'exit 1 when any device is in one of these statuses (e.g. ESCALATE,ERROR,unparsed)', commands: ['status'] },
  { name: '--sign-pfx', value: 'FILE', help: 'sign every .ps1 with the certificate and key in this PKCS#12 file', commands: SIGNING.commands, signing: true },
  { name: '--sign-cert', value: 'FILE', help: '... or with this PEM certificate (chain)', commands: SIGNING.commands, signing: true },
  { name: '--sign-key', value: 'FILE', help: '... and this PEM private key', commands: SIGNING.commands, signing: true },
  {
    name: '--sign-password-env',
    value: 'NAME',
    help: 'the environment variable holding the password',
    default: 'REMC_SIGN_PASSWORD',
    more: '; a password is never taken from the command line',
    commands: SIGNING.commands,
    signing: true,
  },
  { name: '--sign-timestamp', value: 'URL', help: 'countersign with this RFC 3161 timestamp server', commands: SIGNING.commands, signing: true },
];

export function commandSpec(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** The flags `command` takes, in the table's order. */
export function flagsOf(command: CommandName): FlagSpec[] {
  return FLAGS.filter((f) => f.commands.includes(command));
}

/** The definition of `name` for `command`, or undefined when that command does not take it. */
export function flagFor(command: string, name: string): FlagSpec | undefined {
  return FLAGS.find((f) => f.name === name && (f.commands as readonly string[]).includes(command));
}
