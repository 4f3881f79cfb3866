/**
 * The command line's arguments, read by the table (table.ts): which flags a command takes and which
 * of them take a value, whether it takes positionals. A flag the table does not give the command is a
 * usage mistake, as is a value missing or an argument where none is taken.
 */
import { signOptionsProblem, type SignOptions } from '../emit/sign.ts';
import { commandSpec, flagFor } from './table.ts';

export interface Args {
  readonly command: string;
  readonly flags: Map<string, string | true>;
  /** Arguments that are not options (remediation ids for `test`). */
  readonly positionals: readonly string[];
  readonly help: boolean;
}

export class UsageError extends Error {}

/** `argv` (without node and the script) as a command, its flags and positionals; throws a UsageError. */
export function parseArgs(argv: readonly string[]): Args {
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
      if (command !== 'help' && commandSpec(command)?.positionals === undefined) throw new UsageError(`unexpected argument '${arg}' for 'remc ${command}'`);
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    const spec = flagFor(command, name);
    if (!spec) throw new UsageError(`unknown option '${arg}' for 'remc ${command}'`);
    if (spec.value === undefined) flags.set(name, true);
    else {
      const value = inline ?? rest[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`option '${name}' needs a value`);
      flags.set(name, value);
    }
  }
  if (command === 'help') return { command: rest[0] ?? '', flags, positionals, help: true };
  return { command: command.startsWith('-') ? '' : command, flags, positionals, help };
}

/** A flag's value, when it was given one. */
export function value(args: Args, flag: string): string | undefined {
  const given = args.flags.get(flag);
  return typeof given === 'string' ? given : undefined;
}

const SIGN_FLAGS = { '--sign-pfx': 'pfx', '--sign-cert': 'cert', '--sign-key': 'key', '--sign-password-env': 'passwordEnv', '--sign-timestamp': 'timestampUrl' } as const;

/** The signing options given (undefined: none), or what is wrong with them. */
export function signOptions(args: Args): SignOptions | undefined | string {
  const given = Object.keys(SIGN_FLAGS).filter((f) => args.flags.has(f));
  if (given.length === 0) return undefined;
  const options: { -readonly [K in keyof SignOptions]: SignOptions[K] } = {};
  for (const [flag, key] of Object.entries(SIGN_FLAGS)) {
    const v = value(args, flag);
    if (v !== undefined) options[key] = v;
  }
  const problem = signOptionsProblem(options);
  return problem === undefined ? options : `${given.join(', ')}: ${problem}`;
}
