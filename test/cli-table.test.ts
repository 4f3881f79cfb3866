/**
 * The command line's table (compiler/cli/table.ts) is the one source of its help and its parser: every
 * flag the parser accepts for a command is in that command's help, every flag the help documents is
 * accepted, a flag documented with a value needs one, and the positionals the usage line shows are the
 * ones accepted. Read from the printed help, so a help text edited by hand (or a parser that stops
 * reading the table) fails here.
 */
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../compiler/cli/args.ts';
import { commandHelp, mainHelp } from '../compiler/cli/help.ts';
import { COMMANDS, FLAGS } from '../compiler/cli/table.ts';

const FLAG = /--[a-z][a-z0-9-]*/g;

/** Whether parsing `argv` fails with a usage error whose message matches `pattern`. */
function refused(argv: readonly string[], pattern: RegExp): boolean {
  try {
    parseArgs(argv);
    return false;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return pattern.test(error.message);
  }
}

/** The option rows of a command's help (`  --name VALUE  help`): each flag and its value placeholder, if any. */
function documented(help: string): Map<string, string | undefined> {
  const rows = new Map<string, string | undefined>();
  for (const m of help.matchAll(/^ {2}(--[a-z][a-z0-9-]*)(?: (\S+))? {2,}\S/gm)) rows.set(m[1]!, m[2]);
  return rows;
}

const help = new Map(COMMANDS.map((c) => [c.name, commandHelp(c.name)!]));
/** Every flag-like word remc could be asked about: the table's names and whatever any help mentions. */
const candidates = [...new Set([...FLAGS.map((f) => f.name), ...[...help.values()].flatMap((h) => h.match(FLAG) ?? []), '--verbose', '--output'])].filter((n) => n !== '--help');

describe('the command line table', () => {
  it('lists every command in remc --help with its summary, and each has its own help', () => {
    const listed = [...mainHelp().matchAll(/^ {2}([a-z]+) {2,}(.+)$/gm)].map((m) => [m[1], m[2]]);
    expect(listed).toEqual(COMMANDS.map((c) => [c.name, c.summary]));
    for (const [name, text] of help) expect(text.split('\n')[0]).toMatch(new RegExp(`^Usage: remc ${name}\\b`));
  });

  for (const command of COMMANDS) {
    it(`remc ${command.name}: the flags the parser accepts are the flags its help documents`, () => {
      const text = help.get(command.name)!;
      const rows = documented(text);
      const accepted = candidates.filter((name) => !refused([command.name, `${name}=x`], /unknown option/));
      expect(accepted.sort()).toEqual([...rows.keys()].sort());
      for (const [name, placeholder] of rows) {
        // Documented with a value: the value is required; documented as a switch: none is.
        expect(refused([command.name, name], /needs a value/), `${command.name} ${name}`).toBe(placeholder !== undefined);
      }
      // The usage line names only documented flags, and every one but the signing refinements.
      const usage = text.split('\n')[0]!;
      const inUsage = new Set(usage.match(FLAG) ?? []);
      for (const name of inUsage) expect(rows.has(name), `${name} in the usage line`).toBe(true);
      expect([...rows.keys()].filter((name) => !inUsage.has(name)).every((name) => ['--sign-password-env', '--sign-timestamp'].includes(name))).toBe(true);
    });

    it(`remc ${command.name}: takes arguments besides options exactly when its usage line shows them`, () => {
      const usage = help.get(command.name)!.split('\n')[0]!;
      const shown = new RegExp(`^Usage: remc ${command.name} \\[(?!--)`).test(usage);
      expect(refused([command.name, 'some-id'], /unexpected argument/)).toBe(!shown);
    });
  }

  it('defines a flag once per command, and the signing flags once for every command that signs', () => {
    const pairs = FLAGS.flatMap((f) => f.commands.map((c) => `${c} ${f.name}`));
    expect(new Set(pairs).size).toBe(pairs.length);
    const signing = FLAGS.filter((f) => f.signing);
    expect(signing.map((f) => f.name)).toEqual(['--sign-pfx', '--sign-cert', '--sign-key', '--sign-password-env', '--sign-timestamp']);
    for (const f of signing) expect([...f.commands].sort()).toEqual(['build', 'bundle', 'publish', 'test']);
  });

  it('says each default where the flag is documented', () => {
    for (const f of FLAGS.filter((f) => f.default !== undefined)) {
      for (const c of f.commands) expect(help.get(c)!.replace(/\s+/g, ' '), `${c} ${f.name}`).toContain(`(default: ${f.default})`);
    }
  });
});
