/**
 * The Windows PowerShell 5.1 command table remc checks scripts against, derived from the
 * PSScriptAnalyzer compatibility data (test/data/windows-powershell-5.1/commands.json) into a compact
 * form that ships with remc (compiler/ps/data/windows-powershell-5.1/commands.json).
 */
export interface Ps51Table {
  /** Command name -> its parameters (every parameter set), names as 5.1 spells them; sorted. */
  readonly commands: Readonly<Record<string, readonly string[]>>;
  /** Aliases 5.1 defines (their targets are not recorded: parameters after an alias are not checked). */
  readonly aliases: readonly string[];
}

interface RawCommand {
  readonly Name: string;
  readonly ParameterSets: string | string[] | null;
}
interface RawData {
  readonly Modules: ReadonlyArray<{ Name: string; ExportedCommands: null | RawCommand | RawCommand[]; ExportedAliases?: null | string | string[] }>;
}

const list = <T>(v: null | undefined | T | T[]): T[] => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The compact table from the raw data (text of commands.json, with or without its BOM). */
export function derivePs51Table(text: string): Ps51Table {
  const data = JSON.parse(text.replace(/^\uFEFF/, '')) as RawData;
  const commands = new Map<string, Set<string>>();
  const aliases = new Set<string>();
  for (const module of data.Modules) {
    for (const command of list(module.ExportedCommands)) {
      const syntax = list(command.ParameterSets).join(' ');
      const set = commands.get(command.Name) ?? new Set<string>();
      for (const m of syntax.matchAll(/(?:^|[\s[])-(\w+)/g)) set.add(m[1]!);
      commands.set(command.Name, set);
    }
    for (const alias of list(module.ExportedAliases)) aliases.add(alias);
  }
  const sorted = [...commands.keys()].sort((a, b) => a.localeCompare(b, 'en'));
  return {
    commands: Object.fromEntries(sorted.map((name) => [name, [...commands.get(name)!].sort((a, b) => a.localeCompare(b, 'en'))])),
    aliases: [...aliases].sort((a, b) => a.localeCompare(b, 'en')),
  };
}

/** The shipped file's text for a table: one command per line, so diffs stay readable. */
export function ps51TableText(table: Ps51Table): string {
  const commands = Object.entries(table.commands).map(([name, params]) => `    ${JSON.stringify(name)}: ${JSON.stringify(params)}`);
  return `{\n  "commands": {\n${commands.join(',\n')}\n  },\n  "aliases": ${JSON.stringify(table.aliases)}\n}\n`;
}
