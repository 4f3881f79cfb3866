/**
 * The command line: `remc build | check | list`. Prints a line per remediation and a summary;
 * exit 0 on success, 1 on any error (and for usage mistakes).
 */
import path from 'node:path';
import { build, compile } from './build.ts';
import { formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.ts';
import type { RemediationModel } from './model.ts';
import { REMC_VERSION } from './paths.ts';
import { typecheck } from './typecheck.ts';

const HELP: Record<string, string> = {
  '': `remc ${REMC_VERSION}: compiles TypeScript remediation declarations into Intune detect/remediate pairs

Usage: remc <command> [options]

Commands:
  build    compile remediations/*.ts into dist/ (detect.ps1, remediate.ps1, remediation.json, index.json)
  check    type-check and validate the declarations without writing anything
  list     list the declared remediations

Run 'remc <command> --help' for a command's options.`,
  build: `Usage: remc build [--out DIR] [--check] [--project DIR]

Compiles every remediations/**/*.ts of the project into DIR (default dist/). The output is written
only when the whole build succeeds, and swapped in at once: a failed build leaves DIR as it was.

Options:
  --out DIR       output folder (default: dist)
  --check         write nothing; fail (exit 1) when DIR differs from what the build would write
  --project DIR   the project folder (default: the current folder)`,
  check: `Usage: remc check [--project DIR]

Type-checks the project with tsc and validates every declaration (the build's own rules), writing
nothing. Exit 1 when there is any error.`,
  list: `Usage: remc list [--project DIR]

Lists the declared remediations: id, account, bitness, checks and source file.`,
};

interface Args {
  readonly command: string;
  readonly flags: Map<string, string | true>;
  readonly help: boolean;
}

const FLAGS: Record<string, { takesValue: boolean; commands: readonly string[] }> = {
  '--out': { takesValue: true, commands: ['build'] },
  '--check': { takesValue: false, commands: ['build'] },
  '--project': { takesValue: true, commands: ['build', 'check', 'list'] },
};

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args {
  const [command = '', ...rest] = argv;
  const flags = new Map<string, string | true>();
  let help = command === '--help' || command === '-h' || command === 'help';
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
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
  if (command === 'help') return { command: rest[0] ?? '', flags, help: true };
  return { command: command.startsWith('-') ? '' : command, flags, help };
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
  return `${model.runAs}, ${model.runAs64Bit ? '64-bit' : '32-bit'}, ${plural(model.checks.length, 'check')}${model.detectOnly ? ', detect-only' : ''}`;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

async function runBuild(root: string, args: Args): Promise<number> {
  const started = performance.now();
  const out = (args.flags.get('--out') as string | undefined) ?? 'dist';
  const check = args.flags.has('--check');
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
    console.log(`${model.id}\t${describe(model)}\t${model.checks.map((c) => `${c.name}:${c.template.name}`).join(' ')}\t${model.source.file}`);
  }
  return 0;
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
    default:
      console.error(`remc: unknown command '${args.command}'\n\n${HELP['']}`);
      return 1;
  }
}
