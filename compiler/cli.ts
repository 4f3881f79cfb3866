/**
 * The command line: `remc build | check | list | test`. Prints a line per remediation and a summary;
 * exit 0 on success, 1 on any error (and for usage mistakes).
 */
import path from 'node:path';
import { build, compile } from './build.ts';
import { formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.ts';
import type { RemediationModel } from './model.ts';
import { REMC_VERSION } from './paths.ts';
import { describeChecks, runTests, type RemediationTestResult } from './pester/test-command.ts';
import { typecheck } from './typecheck.ts';
import { watch } from './watch.ts';

const HELP: Record<string, string> = {
  '': `remc ${REMC_VERSION}: compiles TypeScript remediation declarations into Intune detect/remediate pairs

Usage: remc <command> [options]

Commands:
  build    compile remediations/*.ts into dist/ (detect.ps1, remediate.ps1, remediation.json, index.json)
  check    type-check and validate the declarations without writing anything
  list     list the declared remediations
  test     build into a temporary folder and prove every remediation (parse, 5.1, scenarios, Pester)

Run 'remc <command> --help' for a command's options.`,
  build: `Usage: remc build [--out DIR] [--check | --watch] [--project DIR]

Compiles every remediations/**/*.ts of the project into DIR (default dist/). The output is written
only when the whole build succeeds, and swapped in at once: a failed build leaves DIR as it was.

Options:
  --out DIR       output folder (default: dist)
  --check         write nothing; fail (exit 1) when DIR differs from what the build would write
  --watch         build, then rebuild what each saved change affects (one line per rebuild)
  --project DIR   the project folder (default: the current folder)`,
  check: `Usage: remc check [--project DIR]

Type-checks the project with tsc and validates every declaration (the build's own rules), writing
nothing. Exit 1 when there is any error.`,
  list: `Usage: remc list [--project DIR]

Lists the declared remediations: id, account, bitness, checks and source file.`,
  test: `Usage: remc test [ids...] [--project DIR] [--out DIR]

Builds the project into a temporary folder (never dist/) and tests each remediation (all, or the ids
given): every generated .ps1 parsed by PowerShell's own parser; the Windows PowerShell 5.1 check of
the scripts and C# 5 for each native.cs its templates carry; the scenarios of its templates
(templates/<t>/scenarios.ts) and its own (remediations/<id>.scenarios.ts), each run detect ->
remediate -> detect in pwsh against the templates' fakes. Then the templates' Pester tests.
Needs PowerShell 7 and Pester (node test/setup/powershell.mjs). Exit 1 when anything fails.

Options:
  --project DIR   the project folder (default: the current folder)
  --out DIR       build into DIR and keep it (default: a temporary folder, removed afterwards)`,
};

interface Args {
  readonly command: string;
  readonly flags: Map<string, string | true>;
  /** Arguments that are not options (remediation ids for `test`). */
  readonly positionals: readonly string[];
  readonly help: boolean;
}

const FLAGS: Record<string, { takesValue: boolean; commands: readonly string[] }> = {
  '--out': { takesValue: true, commands: ['build', 'test'] },
  '--check': { takesValue: false, commands: ['build'] },
  '--watch': { takesValue: false, commands: ['build'] },
  '--project': { takesValue: true, commands: ['build', 'check', 'list', 'test'] },
};

/** Commands that take arguments besides options. */
const POSITIONALS: readonly string[] = ['test'];

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

function describe(model: RemediationModel): string {
  const full = model.checks.filter((c) => c.requirements.needsFullLanguage).map((c) => c.name);
  return `${model.runAs}, ${model.runAs64Bit ? '64-bit' : '32-bit'}, ${plural(model.checks.length, 'check')}${model.detectOnly ? ', detect-only' : ''}${full.length > 0 ? `, FullLanguage: ${full.join(' ')}` : ''}`;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

async function runBuild(root: string, args: Args): Promise<number> {
  const started = performance.now();
  const out = (args.flags.get('--out') as string | undefined) ?? 'dist';
  const check = args.flags.has('--check');
  if (args.flags.has('--watch')) {
    if (check) {
      console.error('remc: --watch and --check do not go together');
      return 1;
    }
    await watch({ root, outDir: path.resolve(root, out), log: (line) => console.log(line) });
    return new Promise<number>(() => {}); // runs until interrupted
  }
  const report = await build({ root, out, check });
  const shownOut = path.relative(process.cwd(), report.outDir) || '.';
  if (hasErrors(report.diagnostics)) {
    printDiagnostics(report.diagnostics);
    console.error(check && report.drift ? `Check failed: ${shownOut}/ is not what remc build would write.` : `Build failed: ${countErrors(report.diagnostics)}; ${shownOut}/ was not changed.`);
    return 1;
  }
  for (const model of report.remediations) {
    const sizes = ['detect.ps1', 'remediate.ps1']
      .map((f) => [f, report.artifacts.get(`${model.id}/${f}`)] as const)
      .filter(([, bytes]) => bytes)
      .map(([f, bytes]) => `${f} ${kb(bytes!.length)}`);
    console.log(`  ${model.id.padEnd(32)} ${describe(model).padEnd(34)} ${sizes.join(', ')}`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const what = `${plural(report.remediations.length, 'remediation')} (${plural(report.artifacts.size, 'file')})`;
  if (check) console.log(`${shownOut}/ is up to date: ${what}, checked in ${seconds} s.`);
  else console.log(`Built ${what} into ${shownOut}/ in ${seconds} s${report.written ? '' : '; nothing changed'}.`);
  return 0;
}

async function runCheck(root: string): Promise<number> {
  const started = performance.now();
  const compiled = await compile(root);
  const types = compiled.files.length > 0 ? await typecheck(root, compiled.files) : [];
  const diagnostics = [...types, ...compiled.diagnostics];
  if (hasErrors(diagnostics)) {
    printDiagnostics(diagnostics);
    console.error(`Check failed: ${countErrors(diagnostics)}.`);
    return 1;
  }
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

function printTestResult(result: RemediationTestResult): void {
  console.log(`  ${result.id.padEnd(32)} ${(result.ok ? 'ok' : 'FAILED').padEnd(7)} ${describeChecks(result)}`);
  for (const check of result.checks) for (const problem of check.problems) console.error(`    ${check.label}: ${problem}`);
}

async function runTest(root: string, args: Args): Promise<number> {
  const out = args.flags.get('--out') as string | undefined;
  const report = await runTests({ root, ids: args.positionals, ...(out !== undefined ? { out } : {}), onResult: printTestResult });
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
    console.log(`  ${'templates (Pester)'.padEnd(32)} ${(p.ok ? 'ok' : 'FAILED').padEnd(7)} ${p.passed}/${plural(p.total, 'test')} passed${p.skipped > 0 ? `, ${p.skipped} skipped (they need Windows)` : ''} in ${(p.durationMs / 1000).toFixed(1)} s`);
    for (const problem of p.problems) console.error(`    Pester: ${problem}`);
  }
  const passed = report.remediations.filter((r) => r.ok).length;
  const failed = report.remediations.length - passed;
  console.log(`Tested ${plural(report.remediations.length, 'remediation')}: ${passed} passed, ${failed} failed in ${(report.durationMs / 1000).toFixed(2)} s${report.pester && !report.pester.ok ? '; the templates\' Pester tests failed' : ''}.`);
  return report.ok ? 0 : 1;
}

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
    case 'check':
      return runCheck(root);
    case 'list':
      return runList(root);
    case 'test':
      return runTest(root, args);
    default:
      console.error(`remc: unknown command '${args.command}'\n\n${HELP['']}`);
      return 1;
  }
}
