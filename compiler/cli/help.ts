/**
 * The help texts, made from the command line's table (table.ts): `remc --help` lists the commands by
 * their summaries; `remc <command> --help` is the usage line (positionals and flags), what the command
 * does, its options, the signing flags for the commands that sign, and what it says after them.
 */
import { REMC_VERSION } from '../paths.ts';
import { COMMANDS, commandSpec, flagsOf, SIGNING, type CommandSpec, type FlagSpec } from './table.ts';

/** Help lines are wrapped at this column (the descriptive paragraphs are kept as they are written). */
const WIDTH = 104;
const NBSP = '\u00a0';

/** `remc --help`: what remc is and its commands. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return `remc ${REMC_VERSION}: compiles TypeScript remediation declarations into Intune detect/remediate pairs

Usage: remc <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}

Run 'remc <command> --help' for a command's options.`;
}

/** `remc <command> --help`, or undefined for a command remc does not have. */
export function commandHelp(name: string): string | undefined {
  const command = commandSpec(name);
  if (!command) return undefined;
  const flags = flagsOf(command.name);
  const own = flags.filter((f) => !f.signing);
  const signing = flags.filter((f) => f.signing);
  const parts = [usageLine(command), command.about];
  if (own.length > 0) parts.push(['Options:', ...optionRows(own)].join('\n'));
  if (signing.length > 0) parts.push([SIGNING.title, ...optionRows(signing), `  ${SIGNING.note}`].join('\n'));
  if (command.signing !== undefined) parts.push(command.signing);
  if (command.after !== undefined) parts.push(command.after);
  return parts.join('\n\n');
}

/** How a flag is written with its value: `--out DIR`, `--check`. */
export function spelled(flag: FlagSpec): string {
  return flag.value === undefined ? flag.name : `${flag.name} ${flag.value}`;
}

/** `Usage: remc build [--project DIR] ... [--check | --watch] ...`: every flag but the signing ones, which show as the certificate's forms. */
function usageLine(command: CommandSpec): string {
  const flags = flagsOf(command.name);
  const groups: string[][] = [];
  for (const flag of flags.filter((f) => !f.signing)) {
    const last = groups.at(-1);
    if (flag.or !== undefined && last?.some((s) => s.split(' ')[0] === flag.or)) last.push(spelled(flag));
    else groups.push([spelled(flag)]);
  }
  if (flags.some((f) => f.signing)) {
    const spell = (name: string) => spelled(flags.find((f) => f.name === name)!);
    groups.push([SIGNING.usage.map((form) => form.map(spell).join(' ')).join(' | ')]);
  }
  const words = [`remc ${command.name}`, ...(command.positionals ? [command.positionals] : []), ...groups.map((g) => `[${g.join(' | ')}]`)];
  return `Usage: ${words.join(' ')}`;
}

/** A flag per row, its help (with the default) in a column beside the names, wrapped under itself. */
function optionRows(flags: readonly FlagSpec[]): string[] {
  const column = Math.max(...flags.map((f) => spelled(f).length)) + 4;
  const rows: string[] = [];
  for (const flag of flags) {
    // "(default:" stays on the line of the word after it.
    const text = `${flag.help}${flag.default !== undefined ? ` (default:${NBSP}${flag.default})` : ''}${flag.more ?? ''}`;
    const lines = text.split('\n').flatMap((line) => (line.startsWith(' ') ? [line] : wrap(line, WIDTH - column).map((l) => l.replaceAll(NBSP, ' '))));
    rows.push(`  ${spelled(flag).padEnd(column - 2)}${lines[0]}`, ...lines.slice(1).map((line) => `${' '.repeat(column)}${line}`));
  }
  return rows;
}

/** Words in lines of at most `width` characters (a longer word stays whole). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}
