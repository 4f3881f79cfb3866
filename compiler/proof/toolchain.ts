/**
 * Where PowerShell 7 and Pester live: a toolchain folder holding `toolchain.json` (written by
 * `remc setup`, compiler/proof/setup.ts), `pwsh/` and `nuget/`. One per user, shared by all projects:
 * `REMC_CACHE`, else `$XDG_CACHE_HOME/remc`, else `~/.cache/remc` (Windows: `%LOCALAPPDATA%\remc`).
 * A checkout of remc that already has its toolchain in `.tools/` keeps using it. REMC_PWSH and
 * REMC_PESTER override single entries.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { REMC_ROOT } from '../paths.ts';

export interface Toolchain {
  /** Absolute path of the pwsh executable. */
  pwsh: string;
  /** e.g. "7.6.9"; "unknown" when given by REMC_PWSH without a toolchain.json. */
  pwshVersion: string;
  /** Absolute path of Pester.psd1 (imported by path, never from PSModulePath). */
  pesterModule: string;
  pesterVersion: string;
  /** .NET Framework 4.8 reference assemblies (for compiling C# as Windows PowerShell 5.1 would). */
  netfx48RefDir?: string;
  /** Extra environment pwsh needs, e.g. { DOTNET_ROLL_FORWARD: 'Major' }. */
  env: Record<string, string>;
}

export const SETUP_HINT = 'run `remc setup` (it needs the .NET SDK), or set REMC_PWSH and REMC_PESTER';

/** The per-user cache: REMC_CACHE, else the platform's cache folder + /remc. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['REMC_CACHE']) return resolve(env['REMC_CACHE']);
  if (process.platform === 'win32' && env['LOCALAPPDATA']) return join(env['LOCALAPPDATA'], 'remc');
  if (env['XDG_CACHE_HOME']) return join(resolve(env['XDG_CACHE_HOME']), 'remc');
  return join(homedir(), '.cache', 'remc');
}

/** A checkout of remc with its toolchain already in .tools/ (as set up before the per-user cache). */
const CHECKOUT_TOOLS = join(REMC_ROOT, '.tools');

/**
 * The toolchain folder in use: REMC_CACHE when set; else the checkout's .tools/ when it holds a
 * toolchain; else the per-user cache.
 */
export function toolsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (!env['REMC_CACHE'] && existsSync(join(CHECKOUT_TOOLS, 'toolchain.json'))) return CHECKOUT_TOOLS;
  return userCacheDir(env);
}

export function toolchainFile(): string {
  return join(toolsDir(), 'toolchain.json');
}

/** What toolchain.json records: the Toolchain plus the schema of the file. */
export interface SavedToolchain extends Partial<Toolchain> {
  schema?: number;
  netfx48RefDir?: string;
}

export function readToolchainFile(file = toolchainFile()): SavedToolchain {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SavedToolchain;
  } catch {
    return {}; // a half-written or corrupt file is treated as absent; setup rewrites it
  }
}

/**
 * The toolchain, or undefined when pwsh or Pester is not installed. REMC_PWSH / REMC_PESTER override
 * the corresponding entries of toolchain.json. Paths are checked to exist (a stale json is ignored).
 */
export function locateToolchain(): Toolchain | undefined {
  const saved = readToolchainFile();
  const envPwsh = process.env['REMC_PWSH'];
  const envPester = process.env['REMC_PESTER'];
  const pwsh = envPwsh ? resolve(envPwsh) : saved.pwsh;
  const pesterModule = envPester ? resolve(envPester) : saved.pesterModule;
  if (!pwsh || !pesterModule || !existsSync(pwsh) || !existsSync(pesterModule)) return undefined;
  const toolchain: Toolchain = {
    pwsh,
    pwshVersion: envPwsh && pwsh !== saved.pwsh ? 'unknown' : (saved.pwshVersion ?? 'unknown'),
    pesterModule,
    pesterVersion: envPester && pesterModule !== saved.pesterModule ? 'unknown' : (saved.pesterVersion ?? 'unknown'),
    env: { ...(saved.env ?? {}) },
  };
  if (saved.netfx48RefDir && existsSync(saved.netfx48RefDir)) toolchain.netfx48RefDir = saved.netfx48RefDir;
  return toolchain;
}

/** Like locateToolchain, but throws an error that says how to install. */
export function requireToolchain(): Toolchain {
  const toolchain = locateToolchain();
  if (toolchain) return toolchain;
  // Say which half is missing: pwsh may be on the machine while Pester is not yet restored.
  const pwsh = process.env['REMC_PWSH'] || readToolchainFile().pwsh;
  const what = pwsh && existsSync(pwsh) ? 'Pester not found' : 'pwsh not found';
  throw new Error(`${what}: ${SETUP_HINT} (looked in ${toolchainFile()})`);
}
