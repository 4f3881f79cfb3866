/**
 * The types Constrained Language Mode allows (compiler/ps/data/clm-core-types.json, with its source)
 * and what a type name is under it: allowed, an enum the data names, or refused.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REMC_ROOT } from '../../paths.ts';
import { parseTypeName, type TypeRef } from './type-name.ts';

/** compiler/ps/data/clm-core-types.json. */
export interface ClmCoreTypes {
  readonly source: { readonly title: string; readonly url: string; readonly repository: string; readonly path: string; readonly commit: string; readonly msDate: string };
  readonly notes: readonly string[];
  /** The page's Allowed Types, by the .NET type each names. */
  readonly types: ReadonlyArray<{ readonly fullName: string; readonly accelerators: readonly string[] }>;
  readonly comObjects: readonly string[];
  readonly engineRules: { readonly enums: boolean; readonly nullable: boolean; readonly arraysOfAllowedTypes: boolean; readonly conversionToObject: boolean };
  /** Accelerators whose hashtable cast CLM refuses although the type is listed. */
  readonly refusedDespiteList: readonly string[];
  /** Enum types the analyzer knows by name. */
  readonly enums: readonly string[];
}

let data: ClmCoreTypes | undefined;

/** The allowed types as shipped (read once per process). */
export function clmCoreTypes(): ClmCoreTypes {
  data ??= JSON.parse(readFileSync(path.join(REMC_ROOT, 'compiler', 'ps', 'data', 'clm-core-types.json'), 'utf8')) as ClmCoreTypes;
  return data;
}

/**
 * Other names PowerShell resolves that are not allowed: only so messages name the .NET type
 * ("[System.Math]" for `[math]`). A name not here and not allowed is shown as written.
 */
const OTHER_TYPES = [
  'System.Object', 'System.Type', 'System.Math', 'System.Environment', 'System.Convert', 'System.BitConverter', 'System.Enum',
  'System.Activator', 'System.AppDomain', 'System.GC', 'System.Console', 'System.IntPtr', 'System.Runtime.InteropServices.Marshal',
  'System.IO.Path', 'System.IO.File', 'System.IO.Directory', 'System.IO.FileInfo', 'System.IO.DirectoryInfo', 'System.IO.DriveInfo',
  'System.IO.StreamReader', 'System.IO.StreamWriter', 'System.IO.FileStream', 'System.IO.MemoryStream',
  'System.Collections.ArrayList', 'System.Collections.Stack', 'System.Collections.Queue', 'System.Text.StringBuilder', 'System.Text.Encoding',
  'System.Diagnostics.Process', 'System.Diagnostics.Stopwatch', 'System.Diagnostics.EventLog',
  'System.Security.Principal.WindowsIdentity', 'System.Security.Principal.WindowsPrincipal', 'System.Security.Principal.SecurityIdentifier',
  'System.Net.WebClient', 'System.Net.Dns', 'System.Net.ServicePointManager', 'System.Reflection.Assembly',
  'System.Management.Automation.ScriptBlock', 'System.Management.Automation.PowerShell', 'System.Management.Automation.PSCustomObject',
  'Microsoft.Win32.Registry', 'Microsoft.Win32.RegistryKey',
];
const OTHER_ACCELERATORS: Readonly<Record<string, string>> = {
  object: 'System.Object',
  type: 'System.Type',
  scriptblock: 'System.Management.Automation.ScriptBlock',
  powershell: 'System.Management.Automation.PowerShell',
  psvariable: 'System.Management.Automation.PSVariable',
  psmoduleinfo: 'System.Management.Automation.PSModuleInfo',
  runspace: 'System.Management.Automation.Runspaces.Runspace',
  runspacefactory: 'System.Management.Automation.Runspaces.RunspaceFactory',
  initialsessionstate: 'System.Management.Automation.Runspaces.InitialSessionState',
};

interface TypeTable {
  /** Lower-case accelerator -> full name (allowed). */
  readonly accelerators: ReadonlyMap<string, string>;
  /** Lower-case full name -> full name, of the allowed types. */
  readonly allowed: ReadonlyMap<string, string>;
  /** Lower-case full name -> full name, of the enums known. */
  readonly enums: ReadonlyMap<string, string>;
  /** Lower-case name -> full name, of other types (messages only). */
  readonly others: ReadonlyMap<string, string>;
}

let table: TypeTable | undefined;
function types(): TypeTable {
  if (table) return table;
  const d = clmCoreTypes();
  const accelerators = new Map<string, string>();
  const allowed = new Map<string, string>();
  for (const t of d.types) {
    allowed.set(t.fullName.toLowerCase(), t.fullName);
    for (const a of t.accelerators) accelerators.set(a.toLowerCase(), t.fullName);
  }
  const others = new Map<string, string>(OTHER_TYPES.map((t) => [t.toLowerCase(), t]));
  for (const [a, t] of Object.entries(OTHER_ACCELERATORS)) others.set(a, t);
  table = { accelerators, allowed, enums: new Map(d.enums.map((e) => [e.toLowerCase(), e])), others };
  return table;
}

/** What a type name is under CLM. */
export interface TypeVerdict {
  /** The .NET name, as far as the analyzer knows it (else as written). */
  readonly fullName: string;
  readonly allowed: boolean;
  /** Allowed only because it is an enum the data names. */
  readonly enum: boolean;
}

/** One name (no generic arguments, no ranks); `known`: whether the analyzer knows its .NET name at all. */
export function lookup(name: string): { fullName: string; allowed: boolean; enum: boolean; known?: boolean } {
  const t = types();
  const key = name.toLowerCase();
  const accelerated = t.accelerators.get(key);
  if (accelerated) return { fullName: accelerated, allowed: true, enum: false };
  // PowerShell tries the name, then the name under System. ([IO.Path] is System.IO.Path).
  for (const candidate of [key, `system.${key}`]) {
    const allowed = t.allowed.get(candidate);
    if (allowed) return { fullName: allowed, allowed: true, enum: false };
    const e = t.enums.get(candidate);
    if (e) return { fullName: e, allowed: true, enum: true };
  }
  for (const candidate of [key, `system.${key}`]) {
    const other = t.others.get(candidate);
    if (other) return { fullName: other, allowed: false, enum: false, known: true };
  }
  return { fullName: name, allowed: false, enum: false, known: false };
}

export function verdictOf(ref: TypeRef): TypeVerdict {
  const base = lookup(ref.name.replace(/`\d+$/, ''));
  let fullName = base.fullName;
  let allowed = base.allowed;
  if (ref.args.length > 0) {
    const args = ref.args.map(verdictOf);
    fullName = `${fullName.replace(/`\d+$/, '')}[${args.map((a) => a.fullName).join(',')}]`;
    // Nullable[T] is allowed whatever T is (CoreTypes.Contains); no other generic type is.
    allowed = /^(system\.)?nullable$/i.test(ref.name.replace(/`\d+$/, ''));
  }
  for (let r = 0; r < ref.ranks; r++) {
    fullName += '[]';
    allowed = types().allowed.has(fullName.toLowerCase()) || allowed;
  }
  return { fullName, allowed, enum: base.enum && ref.args.length === 0 };
}

/** Whether CLM allows the type named `text` (a type literal's content: `IO.Path`, `string[]`). Undefined: not a type name. */
export function clmTypeVerdict(text: string): TypeVerdict | undefined {
  const ref = parseTypeName(text);
  return ref ? verdictOf(ref) : undefined;
}
