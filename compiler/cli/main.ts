/**
 * The command line: `remc build | check | list | test`. Prints a line per remediation and a summary;
 * exit 0 on success, 1 on any error (and for usage mistakes).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { build, compile } from '../pipeline.ts';
import { bundle, SUMS_FILE } from '../write/bundle.ts';
import { diagnostic, formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import type { RemediationModel } from '../lower/model.ts';
import { REMC_VERSION } from '../paths.ts';
import { signOptionsProblem, type SignOptions } from '../write/sign.ts';
import { clmLine, describeChecks, notApplicableLines, resultWord, runTests, type RemediationTestResult, type TestOptions, type TestReport } from '../proof/test-command.ts';
import { unprovenLines } from '../proof/coverage.ts';
import { jsonReport, junitReport, REPORTERS } from '../proof/report.ts';
import { mergeCheckDiagnostics, typecheck } from '../load/typecheck.ts';
import { watch } from './watch.ts';
import { isYamlDeclaration } from '../load/yaml.ts';
import { unknownTarget } from '../lower/lower.ts';
import { TARGETS, type TargetName } from '../declare/targets.ts';
import { init } from './init.ts';
import { PESTER_VERSION, PWSH_VERSION, setup } from '../proof/setup.ts';
import { AUTH_METHODS } from '../publish/credentials.ts';

const GRAPH_ENV = `Graph (never on the command line, so no secret reaches the process list):
  REMC_GRAPH_URL      the Graph base URL (default https://graph.microsoft.com/beta; national clouds set
                      their own); http:// only on a loopback host
  REMC_GRAPH_TIMEOUT  the overall time limit in seconds (default 900); throttled requests (429, 503)
                      wait as Graph's Retry-After asks, within it
  REMC_GRAPH_AUTH     how to sign in; by default the first the environment provides for:
${Object.entries(AUTH_METHODS).map(([k, v]) => `                        ${k.padEnd(18)} ${v}`).join('\n')}`;

const HELP: Record<string, string> = {
  init: `Usage: remc init [DIR] [--yaml]

Scaffolds a remc project in DIR (default: the current folder; created when missing): package.json
with the build, check and test scripts, tsconfig.json (editor completion and type errors), .gitignore
(what to commit), remediations/print-spooler.ts, an example that builds and passes remc test, and
.github/workflows/remc.yml, a CI workflow that tests, builds, bundles and signs (see the README).
Never replaces a file: when one exists, it names it and writes nothing. An existing package.json (as
\`npm install\` leaves it) only gains the scripts it lacks.

Options:
  --yaml   write the example as remediations/print-spooler.remc.yaml`,
  setup: `Usage: remc setup [--verify]

Installs what remc test runs on: PowerShell ${PWSH_VERSION}, Pester ${PESTER_VERSION} and the .NET Framework 4.8
reference assemblies (to compile C# as Windows PowerShell 5.1 does), with the .NET SDK, into a folder
shared by all your projects: $REMC_CACHE, else $XDG_CACHE_HOME/remc, else ~/.cache/remc (Windows:
%LOCALAPPDATA%\\remc). Prints a line per step. When everything is already there it only checks the
files (milliseconds). REMC_PWSH and REMC_PESTER point at a pwsh and a Pester.psd1 of your own instead.

Options:
  --verify   start PowerShell and import Pester even when everything is there`,
  '': `remc ${REMC_VERSION}: compiles TypeScript remediation declarations into Intune detect/remediate pairs

Usage: remc <command> [options]

Commands:
  build    compile remediations/*.ts into dist/ (detect.ps1, remediate.ps1, remediation.json, README.md)
  check    type-check and validate the declarations without writing anything
  list     list the declared remediations
  test     build into a temporary folder and prove every remediation (parse, 5.1, scenarios, Pester)
  bundle   build and write a release zip: a folder per remediation, index.json and SHA256SUMS
  setup    install PowerShell and Pester for remc test (needs the .NET SDK), once per user
  init     scaffold a new project: package.json, tsconfig.json, .gitignore, one example remediation, CI workflow
  publish  plan (and with --apply make) the changes in Intune through Microsoft Graph
  status   what the fleet's devices reported: devices per status word, per remediation

Run 'remc <command> --help' for a command's options.`,
  build: `Usage: remc build [--out DIR] [--target T,...] [--check | --watch] [--project DIR] [--sign-pfx FILE | --sign-cert FILE --sign-key FILE]

Compiles every remediations/**/*.ts of the project into DIR (default dist/). The output is written
only when the whole build succeeds, and swapped in at once: a failed build leaves DIR as it was.

Options:
  --out DIR       output folder (default: dist)
  --target T,...  build these targets for every remediation, instead of each declaration's
                  \`targets\` (default: ${TARGETS.filter((t) => t.default).map((t) => t.name).join(', ')}); under DIR:
${TARGETS.map((t) => `                    ${t.name.padEnd(10)} ${t.help}`).join('\n')}
  --check         write nothing; fail (exit 1) when DIR differs from what the build would write
  --watch         build, then rebuild what each saved change affects (one line per rebuild)
  --project DIR   the project folder (default: the current folder)

Signing (Authenticode, with osslsigncode 2.9 or newer; see "Release bundle and signing" in the README):
  --sign-pfx FILE           sign every .ps1 with the certificate and key in this PKCS#12 file
  --sign-cert FILE          ... or with this PEM certificate (chain)
  --sign-key FILE           ... and this PEM private key
  --sign-password-env NAME  the environment variable holding the password (default REMC_SIGN_PASSWORD);
                            a password is never taken from the command line
  --sign-timestamp URL      countersign with this RFC 3161 timestamp server
  The signing time is SOURCE_DATE_EPOCH when set (reproducible signed output), else now.

A declaration with enforceSignatureCheck: true is an error (REMC050) in a build without a certificate.
Signed scripts go into remediation.json and index.json as signed bytes.`,
  bundle: `Usage: remc bundle [--out FILE] [--project DIR] [--sign-pfx FILE | --sign-cert FILE --sign-key FILE]

Builds the project (the same pipeline and rules as remc build, in memory) and writes one zip: a
folder per remediation with its detect.ps1, remediate.ps1 and remediation.json, index.json, and
SHA256SUMS (check it with \`sha256sum -c SHA256SUMS\` after unzipping). Two bundles of the same input
are byte-identical on any machine, folder or time zone: sorted entries, fixed timestamps and modes.
The zip is written only when the build succeeds, and replaced at once; dist/ is not touched.

Options:
  --out FILE      the zip to write (default: remc-bundle.zip)
  --project DIR   the project folder (default: the current folder)

Signing (Authenticode, with osslsigncode 2.9 or newer; see "Release bundle and signing" in the README):
  --sign-pfx FILE           sign every .ps1 with the certificate and key in this PKCS#12 file
  --sign-cert FILE          ... or with this PEM certificate (chain)
  --sign-key FILE           ... and this PEM private key
  --sign-password-env NAME  the environment variable holding the password (default REMC_SIGN_PASSWORD);
                            a password is never taken from the command line
  --sign-timestamp URL      countersign with this RFC 3161 timestamp server
  The signing time is SOURCE_DATE_EPOCH when set (reproducible signed output), else now.`,
  publish: `Usage: remc publish [ids...] [--apply] [--prune] [--adopt ID=SCRIPT_ID,...] [--json] [--exit-code] [--project DIR] [--sign-pfx FILE | ...]

Builds the project in memory (as remc build does; signed bytes with --sign-*) and compares each
remediation built for Intune with the script this repository published, found by the ownership line
at the end of its description (owner = package.json "remc.owner"), never by display name. Without
--apply it prints the plan and writes nothing: create, update (which fields; scripts compared as
decoded bytes), unchanged, orphan (published, no longer declared). Group and filter names of the
declared assignments are looked up first: a name that does not exist or is not unique writes nothing.

Options:
  --apply            write the plan: create, update (PATCH), assign (the whole set), then read each
                     back; one remediation's failure does not stop the others (exit 1)
  --prune            delete orphans (shown as delete)
  --adopt ID=SCRIPT  take over a script remc did not publish (e.g. made in the portal) as remediation ID
  --json             print { "actions": [ { remediation, action, scriptId, changes } ] }
  --exit-code        exit 2 when the plan has changes (a CI gate)
  --project DIR      the project folder (default: the current folder)
  --sign-pfx FILE, --sign-cert FILE --sign-key FILE, --sign-password-env NAME, --sign-timestamp URL
                     sign the scripts as remc build does and publish the signed bytes

${GRAPH_ENV}

Least Graph permissions: DeviceManagementScripts.ReadWrite.All; with assignments also Group.Read.All
(group names) and DeviceManagementConfiguration.Read.All (filter names).`,
  status: `Usage: remc status [ids...] [--json] [--devices] [--fail-on STATUS,...] [--project DIR]

Reads each published script's device run states from Intune (all pages), takes every device's latest
detection output (after the remediation when one ran), reads its last line as remc's summary line and
counts the devices by its status word (OK, FIX DUE, HELD, ESCALATE ...); an output that is not this
remediation's summary line counts as unparsed. Also shows the most common reasons per status and
Intune's own detection and remediation states.

Options:
  --devices            list the devices per status
  --fail-on S,...      exit 1 when any device is in one of these statuses (e.g. ESCALATE,ERROR,unparsed)
  --json               print { "remediations": [ { remediation, scriptId, devices, byStatus, unparsed, ... } ] }
  --project DIR        the project folder (default: the current folder)

${GRAPH_ENV}

Least Graph permissions: DeviceManagementScripts.Read.All and DeviceManagementManagedDevices.Read.All.`,
  check: `Usage: remc check [--project DIR]

Type-checks the project with tsc and validates every declaration (the build's own rules), writing
nothing. Exit 1 when there is any error.`,
  list: `Usage: remc list [--project DIR]

Lists the declared remediations: id, account, bitness, checks and source file.`,
  test: `Usage: remc test [ids...] [--project DIR] [--out DIR] [--reporter junit|json] [--no-cache] [--workers N] [--combined] [--strict]

Builds the project into a temporary folder (never dist/) and tests each remediation (all, or the ids
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
"<check>: CLM: ran", "CLM: skipped (needs FullLanguage)", "CLM: refused ..." or "CLM: not probed".

Options:
  --project DIR   the project folder (default: the current folder)
  --out DIR       build into DIR and keep it (default: a temporary folder, removed afterwards)
  --reporter R    write the report to stdout as JUnit XML (junit) or JSON (json) for CI; the lines
                  per remediation then go to stderr
  --no-cache      run every template's Pester tests (default: a template whose content is unchanged
                  since a passing run is taken from .cache/remc-test/)
  --workers N     pwsh worker processes (default: one per core)
  --sign-pfx FILE, --sign-cert FILE --sign-key FILE, --sign-password-env NAME, --sign-timestamp URL
                  sign the scripts as remc build does, and test the signed scripts (testing needs no
                  certificate: the signature is a comment block)
  --combined      also prove the combined script (the base of the RMM exports): parse and 5.1 check,
                  and every scenario run against it (combined.ps1 -Mode <step>, and each template
                  scenario once in the default mode) instead of the pair
  --strict        an unproven check fails the run (exit 1); in CI, so a remediation cannot pass on
                  scenarios that never exercised it. The JSON report carries each remediation's
                  coverage; JUnit has a "coverage: <check>" testcase per check, an unproven one
                  skipped with what is missing, or failed under --strict`,
};

interface Args {
  readonly command: string;
  readonly flags: Map<string, string | true>;
  /** Arguments that are not options (remediation ids for `test`). */
  readonly positionals: readonly string[];
  readonly help: boolean;
}

const FLAGS: Record<string, { takesValue: boolean; commands: readonly string[] }> = {
  '--out': { takesValue: true, commands: ['build', 'test', 'bundle'] },
  '--check': { takesValue: false, commands: ['build'] },
  '--target': { takesValue: true, commands: ['build'] },
  '--watch': { takesValue: false, commands: ['build'] },
  '--project': { takesValue: true, commands: ['build', 'check', 'list', 'test', 'bundle', 'publish', 'status'] },
  '--reporter': { takesValue: true, commands: ['test'] },
  '--no-cache': { takesValue: false, commands: ['test'] },
  '--workers': { takesValue: true, commands: ['test'] },
  '--combined': { takesValue: false, commands: ['test'] },
  '--strict': { takesValue: false, commands: ['test'] },
  '--yaml': { takesValue: false, commands: ['init'] },
  '--sign-pfx': { takesValue: true, commands: ['build', 'bundle', 'test', 'publish'] },
  '--sign-cert': { takesValue: true, commands: ['build', 'bundle', 'test', 'publish'] },
  '--sign-key': { takesValue: true, commands: ['build', 'bundle', 'test', 'publish'] },
  '--sign-password-env': { takesValue: true, commands: ['build', 'bundle', 'test', 'publish'] },
  '--sign-timestamp': { takesValue: true, commands: ['build', 'bundle', 'test', 'publish'] },
  '--verify': { takesValue: false, commands: ['setup'] },
  '--apply': { takesValue: false, commands: ['publish'] },
  '--prune': { takesValue: false, commands: ['publish'] },
  '--adopt': { takesValue: true, commands: ['publish'] },
  '--exit-code': { takesValue: false, commands: ['publish'] },
  '--json': { takesValue: false, commands: ['publish', 'status'] },
  '--devices': { takesValue: false, commands: ['status'] },
  '--fail-on': { takesValue: true, commands: ['status'] },
};

/** Commands that take arguments besides options. */
const POSITIONALS: readonly string[] = ['test', 'init', 'publish', 'status'];

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args {
  const [command = '', ...rest] = argv;
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  let help = command === '--help' || command === '-h' || command === 'help';
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-')) {
      // `remc help <command>` names the command; `remc test <ids...>` names remediations.
      if (command !== 'help' && !POSITIONALS.includes(command)) throw new UsageError(`unexpected argument '${arg}' for 'remc ${command}'`);
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    const spec = FLAGS[name];
    if (!spec || !spec.commands.includes(command)) throw new UsageError(`unknown option '${arg}' for 'remc ${command}'`);
    if (!spec.takesValue) flags.set(name, true);
    else {
      const value = inline ?? rest[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`option '${name}' needs a value`);
      flags.set(name, value);
    }
  }
  if (command === 'help') return { command: rest[0] ?? '', flags, positionals, help: true };
  return { command: command.startsWith('-') ? '' : command, flags, positionals, help };
}

/** The signing options given (undefined: none), or what is wrong with them. */
function signOptions(args: Args): SignOptions | undefined | string {
  const value = (flag: string) => args.flags.get(flag) as string | undefined;
  const given = ['--sign-pfx', '--sign-cert', '--sign-key', '--sign-password-env', '--sign-timestamp'].filter((f) => args.flags.has(f));
  if (given.length === 0) return undefined;
  const options: SignOptions = {
    ...(value('--sign-pfx') !== undefined ? { pfx: value('--sign-pfx')! } : {}),
    ...(value('--sign-cert') !== undefined ? { cert: value('--sign-cert')! } : {}),
    ...(value('--sign-key') !== undefined ? { key: value('--sign-key')! } : {}),
    ...(value('--sign-password-env') !== undefined ? { passwordEnv: value('--sign-password-env')! } : {}),
    ...(value('--sign-timestamp') !== undefined ? { timestampUrl: value('--sign-timestamp')! } : {}),
  };
  const problem = signOptionsProblem(options);
  return problem === undefined ? options : `${given.join(', ')}: ${problem}`;
}

function printDiagnostics(list: readonly Diagnostic[]): void {
  for (const d of sortDiagnostics(list)) console.error(`${formatDiagnostic(d)}\n`);
}

function countErrors(list: readonly Diagnostic[]): string {
  const errors = list.filter((d) => d.severity === 'error');
  const files = new Set(errors.map((d) => d.location?.file).filter(Boolean));
  return `${errors.length} error${errors.length === 1 ? '' : 's'}${files.size > 0 ? ` in ${files.size} file${files.size === 1 ? '' : 's'}` : ''}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * One line per remediation. `FullLanguage:` names the checks Constrained Language Mode skips (read from
 * their code, or declared); `CLM by static check:` the custom checks (and project templates) whose code
 * holds nothing that mode refuses as far as reading it tells, which only running them there proves.
 */
function describe(model: RemediationModel): string {
  const full = model.checks.filter((c) => c.requirements.needsFullLanguage).map((c) => c.name);
  const read = model.checks.filter((c) => !c.requirements.needsFullLanguage && !c.source.builtin).map((c) => c.name);
  return `${model.runAs}, ${model.runAs64Bit ? '64-bit' : '32-bit'}, ${plural(model.checks.length, 'check')}${model.detectOnly ? ', detect-only' : ''}${full.length > 0 ? `, FullLanguage: ${full.join(' ')}` : ''}${read.length > 0 ? `, CLM by static check: ${read.join(' ')}` : ''}`;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** `--target intune,tactical`: the names, or the diagnostics of the unknown ones. */
function parseTargets(value: string): TargetName[] | Diagnostic[] {
  const names = value.split(',').map((n) => n.trim()).filter(Boolean);
  const problems = names.map(unknownTarget).filter((p): p is string => p !== undefined);
  if (names.length === 0) return [diagnostic('REMC053', `--target needs at least one target name, got '${value}'`)];
  return problems.length > 0 ? problems.map((p) => diagnostic('REMC053', `--target: ${p}`)) : (names as TargetName[]);
}

async function runBuild(root: string, args: Args): Promise<number> {
  const started = performance.now();
  const out = (args.flags.get('--out') as string | undefined) ?? 'dist';
  const check = args.flags.has('--check');
  const sign = signOptions(args);
  if (typeof sign === 'string') {
    console.error(`remc: ${sign}`);
    return 1;
  }
  const targetFlag = args.flags.get('--target') as string | undefined;
  const targets = targetFlag === undefined ? undefined : parseTargets(targetFlag);
  if (targets && targets.some((t) => typeof t !== 'string')) {
    printDiagnostics(targets as Diagnostic[]);
    console.error('Build failed: unknown target; nothing was written.');
    return 1;
  }
  if (args.flags.has('--watch')) {
    if (check) {
      console.error('remc: --watch and --check do not go together');
      return 1;
    }
    if (sign) {
      console.error('remc: --watch builds unsigned; sign with remc build or remc bundle');
      return 1;
    }
    await watch({ root, outDir: path.resolve(root, out), log: (line) => console.log(line), ...(targets ? { targets: targets as TargetName[] } : {}) });
    return new Promise<number>(() => {}); // runs until interrupted
  }
  const report = await build({ root, out, check, sign, ...(targets ? { targets: targets as TargetName[] } : {}) });
  const shownOut = path.relative(process.cwd(), report.outDir) || '.';
  if (hasErrors(report.diagnostics)) {
    printDiagnostics(report.diagnostics);
    console.error(check && report.drift ? `Check failed: ${shownOut}/ is not what remc build would write.` : `Build failed: ${countErrors(report.diagnostics)}; ${shownOut}/ was not changed.`);
    return 1;
  }
  printDiagnostics(report.diagnostics.filter((d) => d.severity === 'warning')); // e.g. an unused `# remc-allow REMC023`
  for (const model of report.remediations) {
    const sizes = ['detect.ps1', 'remediate.ps1']
      .map((f) => [f, report.sizes.get(`${model.id}/${f}`)] as const)
      .filter(([, bytes]) => bytes !== undefined)
      .map(([f, bytes]) => `${f} ${kb(bytes!)}`);
    console.log(`  ${model.id.padEnd(32)} ${describe(model).padEnd(34)} ${sizes.join(', ')}`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const what = `${plural(report.remediations.length, 'remediation')} (${plural(report.sizes.size, 'file')})`;
  if (check) console.log(`${shownOut}/ is up to date: ${what}, checked in ${seconds} s.`);
  else console.log(`Built ${what} into ${shownOut}/ in ${seconds} s${report.written ? '' : '; nothing changed'}.`);
  return 0;
}

async function runBundle(root: string, args: Args): Promise<number> {
  const started = performance.now();
  const out = args.flags.get('--out') as string | undefined;
  const sign = signOptions(args);
  if (typeof sign === 'string') {
    console.error(`remc: ${sign}`);
    return 1;
  }
  const report = await bundle({ root, sign, ...(out !== undefined ? { out } : {}) });
  const shown = path.relative(process.cwd(), report.outFile) || report.outFile;
  if (hasErrors(report.diagnostics) || !report.zip) {
    printDiagnostics(report.diagnostics);
    console.error(`Bundle failed: ${countErrors(report.diagnostics)}; ${shown} was not changed.`);
    return 1;
  }
  const sha256 = createHash('sha256').update(report.zip).digest('hex');
  const what = `${plural(report.remediations.length, 'remediation')} (${plural(report.artifacts.size + 1, 'file')} with ${SUMS_FILE})`;
  console.log(`Bundled ${what} into ${shown} (${kb(report.zip.length)}, sha256 ${sha256}) in ${((performance.now() - started) / 1000).toFixed(2)} s.`);
  return 0;
}

async function runCheck(root: string): Promise<number> {
  const started = performance.now();
  const compiled = await compile(root);
  // tsc reads the TypeScript declarations; YAML ones are checked by the rules (and editors by the schema).
  const tsFiles = compiled.files.filter((f) => !isYamlDeclaration(f));
  const types = tsFiles.length > 0 ? await typecheck(root, tsFiles) : [];
  const diagnostics = mergeCheckDiagnostics(types, compiled.diagnostics);
  if (hasErrors(diagnostics)) {
    printDiagnostics(diagnostics);
    console.error(`Check failed: ${countErrors(diagnostics)}.`);
    return 1;
  }
  printDiagnostics(diagnostics.filter((d) => d.severity === 'warning')); // e.g. an unused `# remc-allow REMC023`
  for (const model of compiled.remediations) console.log(`  ${model.id.padEnd(32)} ok`);
  console.log(`Checked ${plural(compiled.remediations.length, 'remediation')} (types and rules) in ${((performance.now() - started) / 1000).toFixed(2)} s.`);
  return 0;
}

async function runList(root: string): Promise<number> {
  const compiled = await compile(root);
  if (hasErrors(compiled.diagnostics)) {
    printDiagnostics(compiled.diagnostics);
    console.error(`List failed: ${countErrors(compiled.diagnostics)}.`);
    return 1;
  }
  for (const model of compiled.remediations) {
    console.log(`${model.id}\t${describe(model)}\t${model.checks.map((c) => `${c.name}:${c.source.name}`).join(' ')}\t${model.source.file}`);
  }
  return 0;
}

function printTestResult(result: RemediationTestResult, log: (line: string) => void = console.log): void {
  log(`  ${result.id.padEnd(32)} ${resultWord(result).padEnd(8)} ${describeChecks(result)} in ${(result.durationMs / 1000).toFixed(1)} s`);
  for (const check of result.checks) for (const problem of check.problems) console.error(`    ${check.label}: ${problem}`);
  // What the scenarios did not prove, what did not apply, and each check in Constrained Language Mode:
  // on the line's own stream (results, not errors).
  for (const line of unprovenLines(result.coverage)) log(`    unproven: ${line}`);
  for (const line of notApplicableLines(result)) log(`    ${line}`);
  for (const c of result.clm ?? []) log(`    ${clmLine(c)}`);
}

/** "Tested 7 remediations: 5 passed, 2 unproven, 0 failed in 40.1 s" (unproven only when there are any). */
function testSummary(report: TestReport): string {
  const failed = report.remediations.filter((r) => resultWord(r) === 'FAILED').length;
  const unproven = report.remediations.filter((r) => resultWord(r) === 'unproven').length;
  const passed = report.remediations.length - failed - unproven;
  const strictly = unproven > 0 && report.strict ? '; --strict: unproven checks fail the run' : '';
  return `Tested ${plural(report.remediations.length, 'remediation')}: ${passed} passed, ${unproven > 0 ? `${unproven} unproven, ` : ''}${failed} failed in ${(report.durationMs / 1000).toFixed(2)} s${report.pester && !report.pester.ok ? '; the templates\' Pester tests failed' : ''}${strictly}.`;
}

/** `remc test --reporter junit|json`: the report on stdout for CI, the usual lines on stderr. */
async function runTestWithReporter(root: string, args: Args, reporter: string): Promise<number> {
  if (!(REPORTERS as readonly string[]).includes(reporter)) {
    console.error(`remc: --reporter must be one of ${REPORTERS.join(', ')} (got '${reporter}')`);
    return 1;
  }
  const options = testOptions(args);
  if (typeof options === 'string') {
    console.error(`remc: ${options}`);
    return 1;
  }
  const report = await runTests({ root, ...options, onResult: (r) => printTestResult(r, console.error) });
  if (report.error) console.error(`remc test: ${report.error}`);
  if (hasErrors(report.diagnostics)) printDiagnostics(report.diagnostics);
  process.stdout.write(reporter === 'junit' ? junitReport(report) : jsonReport(report));
  return report.ok ? 0 : 1;
}

/** The options `remc test` passes to runTests, or what is wrong with them. */
function testOptions(args: Args): Omit<TestOptions, 'root'> | string {
  const out = args.flags.get('--out') as string | undefined;
  const workers = args.flags.get('--workers') as string | undefined;
  if (workers !== undefined && !/^[1-9]\d{0,2}$/.test(workers)) return `--workers must be a whole number from 1 (got '${workers}')`;
  const sign = signOptions(args);
  if (typeof sign === 'string') return sign;
  return {
    ...(sign ? { sign } : {}),
    ids: args.positionals,
    ...(out !== undefined ? { out } : {}),
    ...(args.flags.has('--no-cache') ? { cache: false } : {}),
    ...(workers !== undefined ? { workers: Number(workers) } : {}),
    ...(args.flags.has('--combined') ? { form: 'combined' as const } : {}),
    ...(args.flags.has('--strict') ? { strict: true } : {}),
  };
}

async function runTest(root: string, args: Args): Promise<number> {
  const reporter = args.flags.get('--reporter') as string | undefined;
  if (reporter !== undefined) return runTestWithReporter(root, args, reporter);
  const options = testOptions(args);
  if (typeof options === 'string') {
    console.error(`remc: ${options}`);
    return 1;
  }
  const report = await runTests({ root, ...options, onResult: (r) => printTestResult(r) });
  if (report.error) {
    console.error(`remc test: ${report.error}`);
    return 1;
  }
  if (hasErrors(report.diagnostics)) {
    printDiagnostics(report.diagnostics);
    console.error(`Test failed: the build has ${countErrors(report.diagnostics)}.`);
    return 1;
  }
  if (report.pester) {
    const p = report.pester;
    console.log(`  ${'templates (Pester)'.padEnd(32)} ${(p.ok ? 'ok' : 'FAILED').padEnd(8)} ${p.passed}/${plural(p.total, 'test')} passed${p.skipped > 0 ? `, ${p.skipped} skipped (they need Windows)` : ''} in ${(p.durationMs / 1000).toFixed(1)} s`);
    for (const problem of p.problems) console.error(`    Pester: ${problem}`);
    if (p.cached > 0) console.log(`    ${p.cached} of ${plural(p.templates, 'template')} unchanged since a passing run, taken from the cache (--no-cache runs them)`);
  }
  console.log(testSummary(report));
  return report.ok ? 0 : 1;
}

async function runSetup(args: Args): Promise<number> {
  const result = await setup({ verify: args.flags.has('--verify'), log: (line) => console.log(line) });
  if (!result.ok) {
    console.error(`remc setup: ${result.error}`);
    return 1;
  }
  return 0;
}

async function runInit(args: Args): Promise<number> {
  if (args.positionals.length > 1) {
    console.error(`remc: 'remc init' takes one folder, got ${args.positionals.length}\n\n${HELP['init']}`);
    return 1;
  }
  const dir = args.positionals[0] ?? '.';
  const result = await init({ dir, yaml: args.flags.has('--yaml') });
  if (!result.ok) {
    console.error(`remc init: ${result.error}`);
    return 1;
  }
  for (const file of result.created) console.log(`  created ${file}`);
  if (result.addedScripts.length > 0) console.log(`  package.json: added the scripts ${result.addedScripts.join(', ')}`);
  if (result.addedOwner) console.log('  package.json: added remc.owner, the key remc publish marks this repository\'s scripts in Intune with');
  const cd = path.relative(process.cwd(), path.resolve(dir));
  // `npm install` only when remc is not installed yet; `remc setup` once per user, for `remc test`.
  const install = existsSync(path.join(path.resolve(dir), 'node_modules', 'remc')) ? '' : 'npm install && ';
  console.log(`Scaffolded a remc project${cd ? ` in ${cd}/` : ''}. Next: ${cd ? `cd ${cd} && ` : ''}${install}npx remc setup && npx remc build && npx remc test && npx remc check`);
  return 0;
}

const STDIO = { env: process.env, out: (line: string) => console.log(line), err: (line: string) => console.error(line) };

export async function main(argv: readonly string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    console.error(`remc: ${(error as Error).message}\n\n${HELP['']}`);
    return 1;
  }
  if (argv[0] === '--version' || argv[0] === '-v') {
    console.log(REMC_VERSION);
    return 0;
  }
  if (args.help || args.command === '') {
    const text = HELP[args.command];
    if (text === undefined) {
      console.error(`remc: unknown command '${args.command}'\n\n${HELP['']}`);
      return 1;
    }
    console.log(text);
    return args.command === '' && !args.help ? 1 : 0;
  }
  const root = path.resolve((args.flags.get('--project') as string | undefined) ?? '.');
  switch (args.command) {
    case 'build':
      return runBuild(root, args);
    case 'bundle':
      return runBundle(root, args);
    case 'check':
      return runCheck(root);
    case 'list':
      return runList(root);
    case 'test':
      return runTest(root, args);
    case 'init':
      return runInit(args);
    case 'setup':
      return runSetup(args);
    case 'publish': {
      const sign = signOptions(args);
      if (typeof sign === 'string') {
        console.error(`remc: ${sign}`);
        return 1;
      }
      const flag = (name: string) => args.flags.has(name);
      // Loaded only here: the Graph client is no part of the other commands' start-up.
      const { runPublish } = await import('./publish.ts');
      return runPublish({ root, ids: args.positionals, apply: flag('--apply'), prune: flag('--prune'), json: flag('--json'), exitCode: flag('--exit-code'), adopt: args.flags.get('--adopt') as string | undefined, sign }, STDIO);
    }
    case 'status': {
      const { runStatus } = await import('./publish.ts');
      return runStatus({ root, ids: args.positionals, json: args.flags.has('--json'), devices: args.flags.has('--devices'), failOn: args.flags.get('--fail-on') as string | undefined }, STDIO);
    }
    default:
      console.error(`remc: unknown command '${args.command}'\n\n${HELP['']}`);
      return 1;
  }
}
