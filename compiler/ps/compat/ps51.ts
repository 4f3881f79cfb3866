/**
 * The commands: every command Windows PowerShell 5.1 ships on Windows 10 1809 / Server 2019
 * (compiler/ps/data/windows-powershell-5.1, derived from a profile collected on such a machine by
 * compiler/dev/ps51-data.ts), less those no remediation script may run
 * (compiler/ps/data/refused-commands.json); and how PowerShell binds a parameter among a command's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REMC_ROOT } from '../../paths.ts';

/** Where the shipped table comes from (compiler/dev/ps51-data.ts writes it). */
export interface Ps51Source {
  readonly repository: string;
  readonly commit: string;
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly licence: string;
  /** The machine it was collected on, as the profile names it: "Microsoft Windows 10 Pro 10.0.17763.0". */
  readonly windows: string;
  readonly powershell: string;
}

export interface Ps51Command {
  /** Names as 5.1 spells them (every parameter set; no common parameters), sorted. */
  readonly parameters: readonly string[];
  /** Alias -> parameter, when the command has any. */
  readonly aliases?: Readonly<Record<string, string>>;
}

/** compiler/ps/data/windows-powershell-5.1/commands.json. */
export interface Ps51Table {
  readonly source: Ps51Source;
  readonly commands: Readonly<Record<string, Ps51Command>>;
  /** Alias -> the command it stands for. */
  readonly aliases: Readonly<Record<string, string>>;
}

export interface AllowedCommand {
  readonly name: string;
  readonly parameters: readonly string[];
  /** Alias -> parameter. */
  readonly aliases: Readonly<Record<string, string>>;
}

/** Parameters every cmdlet has (5.1), and their aliases. */
export const COMMON_PARAMETERS: readonly string[] = [
  'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ErrorVariable', 'WarningVariable',
  'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable',
];
export const COMMON_ALIASES: Readonly<Record<string, string>> = {
  vb: 'Verbose', db: 'Debug', ea: 'ErrorAction', wa: 'WarningAction', infa: 'InformationAction', ev: 'ErrorVariable',
  wv: 'WarningVariable', iv: 'InformationVariable', ov: 'OutVariable', ob: 'OutBuffer', pv: 'PipelineVariable',
};

/**
 * 5.1 commands a generated script must not run, and why: anything on the host, warning, verbose or
 * error stream replaces or spoils Intune's summary line (stderr turns a remediation into a script
 * error); a prompt waits until the time-out (Intune runs without -NonInteractive); a reboot or a
 * policy change is never a remediation's to make. One list, in compiler/ps/data/refused-commands.json:
 * the templates' Pester rules (compiler/proof/harness/template-rules.ps1) read it too.
 */
export const FORBIDDEN_COMMANDS: Readonly<Record<string, string>> = JSON.parse(
  readFileSync(path.join(REMC_ROOT, 'compiler', 'ps', 'data', 'refused-commands.json'), 'utf8'),
) as Record<string, string>;

/** Why `command` is refused (any case), or undefined. */
export function refusal(command: string): string | undefined {
  return Object.entries(FORBIDDEN_COMMANDS).find(([c]) => c.toLowerCase() === command.toLowerCase())?.[1];
}

interface Ps51Lookup {
  readonly commands: ReadonlyMap<string, AllowedCommand>;
  readonly aliases: ReadonlyMap<string, string>;
}
let table: Ps51Lookup | undefined;

/** The shipped table as it is on disk. */
export function ps51Table(): Ps51Table {
  return JSON.parse(readFileSync(path.join(REMC_ROOT, 'compiler', 'ps', 'data', 'windows-powershell-5.1', 'commands.json'), 'utf8')) as Ps51Table;
}

/** Windows PowerShell 5.1's commands and aliases keyed by lower-case name (the forbidden ones included), read once per process. */
export function ps51(): Ps51Lookup {
  if (!table) {
    const raw = ps51Table();
    table = {
      commands: new Map(Object.entries(raw.commands).map(([name, c]) => [name.toLowerCase(), { name, parameters: c.parameters, aliases: c.aliases ?? {} }])),
      aliases: new Map(Object.entries(raw.aliases).map(([alias, target]) => [alias.toLowerCase(), target])),
    };
  }
  return table;
}

/** The commands a generated script may run: Windows PowerShell 5.1's, less {@link FORBIDDEN_COMMANDS}. */
export function allowedCommands(): ReadonlyMap<string, AllowedCommand> {
  const forbidden = new Set(Object.keys(FORBIDDEN_COMMANDS).map((c) => c.toLowerCase()));
  return new Map([...ps51().commands].filter(([key]) => !forbidden.has(key)));
}

export type ParameterMatch =
  | { readonly kind: 'exact' | 'prefix' | 'alias'; readonly name: string }
  | { readonly kind: 'ambiguous'; readonly names: readonly string[] }
  | { readonly kind: 'unknown' };

/**
 * How PowerShell binds `-used` among `names` and their `aliases` (alias -> parameter; plus the common
 * parameters and theirs): case-insensitive, an exact name or alias wins, else a prefix of names and
 * aliases that all mean one parameter; several is an error in PowerShell too.
 */
export function resolveParameter(names: readonly string[], used: string, aliases: Readonly<Record<string, string>> = {}): ParameterMatch {
  const want = used.toLowerCase();
  const all = [...new Set([...names, ...COMMON_PARAMETERS])];
  const exact = all.find((n) => n.toLowerCase() === want);
  if (exact) return { kind: 'exact', name: exact };
  const aliased = new Map([...Object.entries(COMMON_ALIASES), ...Object.entries(aliases)].map(([a, p]) => [a.toLowerCase(), p]));
  const alias = aliased.get(want);
  if (alias) return { kind: 'alias', name: alias };
  const prefixed = new Set(all.filter((n) => n.toLowerCase().startsWith(want)));
  for (const [a, p] of aliased) if (a.startsWith(want)) prefixed.add(p);
  if (prefixed.size === 1) return { kind: 'prefix', name: [...prefixed][0]! };
  if (prefixed.size > 1) return { kind: 'ambiguous', names: [...prefixed] };
  return { kind: 'unknown' };
}
