/**
 * The command line: `remc <command>`, each command in a file of its own (build.ts, test.ts, bundle.ts,
 * setup.ts, init.ts, publish.ts, tactical.ts), its flags and help in the table (table.ts). This only reads the
 * arguments, answers --help and --version, and hands over; exit 0 on success, 1 on any error (and for
 * usage mistakes).
 */
import path from 'node:path';
import { REMC_VERSION } from '../paths.ts';
import { parseArgs, value, type Args } from './args.ts';
import { runBuild, runCheck, runList } from './build.ts';
import { runBundle } from './bundle.ts';
import { commandHelp, mainHelp } from './help.ts';
import { runInit } from './init.ts';
import { runSetup } from './setup.ts';
import type { CommandName } from './table.ts';
import { runTest } from './test.ts';

/** Each command's run, given the project folder (`--project`, else the current one) and its arguments. */
const RUN: Record<CommandName, (root: string, args: Args) => Promise<number>> = {
  build: runBuild,
  check: runCheck,
  list: (root) => runList(root),
  test: runTest,
  bundle: runBundle,
  setup: (_root, args) => runSetup(args),
  init: (_root, args) => runInit(args),
  // Loaded only here: the Graph client is no part of the other commands' start-up.
  publish: async (root, args) => (await import('./publish.ts')).publishCommand(root, args),
  status: async (root, args) => (await import('./publish.ts')).statusCommand(root, args),
  tactical: async (root, args) => (await import('./tactical.ts')).tacticalCommand(root, args),
};

export async function main(argv: readonly string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    console.error(`remc: ${(error as Error).message}\n\n${mainHelp()}`);
    return 1;
  }
  if (argv[0] === '--version' || argv[0] === '-v') {
    console.log(REMC_VERSION);
    return 0;
  }
  if (args.help || args.command === '') {
    const text = args.command === '' ? mainHelp() : commandHelp(args.command);
    if (text === undefined) {
      console.error(`remc: unknown command '${args.command}'\n\n${mainHelp()}`);
      return 1;
    }
    console.log(text);
    return args.command === '' && !args.help ? 1 : 0;
  }
  const run = Object.hasOwn(RUN, args.command) ? RUN[args.command as CommandName] : undefined;
  if (!run) {
    console.error(`remc: unknown command '${args.command}'\n\n${mainHelp()}`);
    return 1;
  }
  return run(path.resolve(value(args, '--project') ?? '.'), args);
}
