/**
 * The converter of the Windows PowerShell 5.1 command table remc checks scripts against
 * (compiler/ps/data/windows-powershell-5.1/commands.json): every command of the modules a real
 * Windows 10 1809 machine ships, with its parameters and their aliases, and every alias with the
 * command it stands for. The source is a PSScriptAnalyzer compatibility profile (MIT, Microsoft
 * Corporation), collected on that machine by the project's PSCompatibilityCollector; it is 3.4 MB,
 * so only the table derived from it is in this repository. Run it again with
 *
 *   node bin/run-ts.mjs compiler/dev/ps51-data.ts [profile.json]
 *
 * With no file it downloads the profile from GitHub at the pinned commit; either way the profile's
 * sha256 must be the pinned one, so the table is always the derivation of that exact file.
 * Build-time only (not in the package).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REMC_ROOT } from '../paths.ts';
import type { Ps51Command, Ps51Source, Ps51Table } from '../ps/compat/ps51.ts';

/** The profile the shipped table is derived from. */
export const PS51_PROFILE = {
  repository: 'PowerShell/PSScriptAnalyzer',
  commit: 'ad713a08749cc88e4069fe80467f4350e620c55c',
  path: 'CrossCompatibility/profiles/win-48_x64_10.0.17763.0_5.1.17763.134_x64_4.0.30319.42000_framework.json',
  sha256: 'd78453efab0ec6d397c9c29d12a30d4b957312c33fa93584b9cd757520ee9e0c',
  bytes: 3_432_030,
  licence: 'MIT, Copyright (c) Microsoft Corporation',
} as const;

export const PS51_TABLE_FILE = path.join(REMC_ROOT, 'compiler', 'ps', 'data', 'windows-powershell-5.1', 'commands.json');

/** What the converter reads of a profile (PSCompatibilityCollector's schema; the rest is ignored). */
interface ProfileCommand {
  readonly Parameters?: Readonly<Record<string, unknown>> | null;
  readonly ParameterAliases?: Readonly<Record<string, string>> | null;
}
interface ProfileModule {
  readonly Cmdlets?: Readonly<Record<string, ProfileCommand>> | null;
  readonly Functions?: Readonly<Record<string, ProfileCommand>> | null;
  readonly Aliases?: Readonly<Record<string, string>> | null;
}
export interface Ps51Profile {
  readonly Platform: {
    readonly OperatingSystem: { readonly Name: string; readonly Version: string; readonly SkuId?: number };
    readonly PowerShell: { readonly Version: string; readonly Edition: string };
  };
  readonly Compatibility: { readonly Modules: Readonly<Record<string, Readonly<Record<string, ProfileModule>>>> };
}

const byName = (a: string, b: string) => a.localeCompare(b, 'en');
const sortedRecord = <T>(entries: Iterable<[string, T]>): Record<string, T> => Object.fromEntries([...entries].sort(([a], [b]) => byName(a, b)));

/**
 * The table from a profile (its text, with or without a BOM). A command two modules (or two versions
 * of one) export gets the union of their parameters; an alias keeps its first target in module order.
 */
export function derivePs51Table(text: string, source: Omit<Ps51Source, 'windows' | 'powershell'> = PS51_PROFILE): Ps51Table {
  const profile = JSON.parse(text.replace(/^\uFEFF/, '')) as Ps51Profile;
  const os = profile.Platform.OperatingSystem;
  const ps = profile.Platform.PowerShell;
  if (ps.Edition !== 'Desktop' || !ps.Version.startsWith('5.1.')) throw new Error(`not a Windows PowerShell 5.1 profile: PowerShell ${ps.Version} ${ps.Edition}`);
  const commands = new Map<string, { parameters: Set<string>; aliases: Map<string, string> }>();
  const aliases = new Map<string, string>();
  for (const versions of Object.values(profile.Compatibility.Modules)) {
    for (const module of Object.values(versions)) {
      for (const [name, command] of [...Object.entries(module.Cmdlets ?? {}), ...Object.entries(module.Functions ?? {})]) {
        const entry = commands.get(name) ?? { parameters: new Set<string>(), aliases: new Map<string, string>() };
        for (const parameter of Object.keys(command.Parameters ?? {})) entry.parameters.add(parameter);
        for (const [alias, parameter] of Object.entries(command.ParameterAliases ?? {})) if (!entry.aliases.has(alias)) entry.aliases.set(alias, parameter);
        commands.set(name, entry);
      }
      for (const [alias, target] of Object.entries(module.Aliases ?? {})) if (!aliases.has(alias)) aliases.set(alias, target);
    }
  }
  return {
    source: { ...source, windows: `${os.Name} ${os.Version}`, powershell: `${ps.Version} ${ps.Edition}` },
    commands: sortedRecord(
      [...commands].map(([name, { parameters, aliases: parameterAliases }]): [string, Ps51Command] => [
        name,
        { parameters: [...parameters].sort(byName), ...(parameterAliases.size > 0 ? { aliases: sortedRecord(parameterAliases) } : {}) },
      ]),
    ),
    aliases: sortedRecord(aliases),
  };
}

/** The shipped file's text for a table: one command per line, so diffs stay readable. */
export function ps51TableText(table: Ps51Table): string {
  const commands = Object.entries(table.commands).map(([name, command]) => `    ${JSON.stringify(name)}: ${JSON.stringify(command)}`);
  const aliases = Object.entries(table.aliases).map(([alias, target]) => `    ${JSON.stringify(alias)}: ${JSON.stringify(target)}`);
  return `{\n  "source": ${JSON.stringify(table.source)},\n  "commands": {\n${commands.join(',\n')}\n  },\n  "aliases": {\n${aliases.join(',\n')}\n  }\n}\n`;
}

/** The profile's bytes: the file given, else GitHub's copy at the pinned commit; refused unless its sha256 is the pinned one. */
async function profileBytes(file: string | undefined): Promise<Buffer> {
  let bytes: Buffer;
  if (file) bytes = readFileSync(file);
  else {
    const url = `https://raw.githubusercontent.com/${PS51_PROFILE.repository}/${PS51_PROFILE.commit}/${PS51_PROFILE.path}`;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${response.statusText}`);
    bytes = Buffer.from(await response.arrayBuffer());
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== PS51_PROFILE.sha256) throw new Error(`the profile's sha256 is ${sha256}, not the pinned ${PS51_PROFILE.sha256} (${PS51_PROFILE.path} at ${PS51_PROFILE.commit})`);
  return bytes;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const table = derivePs51Table((await profileBytes(process.argv[2])).toString('utf8'));
  writeFileSync(PS51_TABLE_FILE, ps51TableText(table));
  const parameters = Object.values(table.commands).reduce((n, c) => n + c.parameters.length, 0);
  console.log(`wrote ${path.relative(process.cwd(), PS51_TABLE_FILE)}: ${Object.keys(table.commands).length} commands, ${parameters} parameters, ${Object.keys(table.aliases).length} aliases`);
}
