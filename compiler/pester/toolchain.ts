// Where PowerShell 7 and Pester live: written by test/setup/powershell.mjs, overridable by env.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

export const SETUP_HINT = 'run node test/setup/powershell.mjs (needs pwsh on PATH or the .NET SDK), or set REMC_PWSH and REMC_PESTER';

/** Package root: compiler/pester/ is two levels below it. */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function toolsDir(): string {
  return resolve(process.env['REMC_TOOLS_DIR'] ?? join(packageRoot, '.tools'));
}

export function toolchainFile(): string {
  return join(toolsDir(), 'toolchain.json');
}

function readToolchainFile(): Partial<Toolchain> {
  const file = toolchainFile();
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<Toolchain>;
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
