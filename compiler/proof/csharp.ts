/**
 * Compiles C# the way Windows PowerShell 5.1's Add-Type does: with the .NET Framework compiler, which
 * knows only C# 5, against .NET Framework 4.8, referencing System.dll (Add-Type's default; the rest
 * of the framework only with -ReferencedAssemblies), warnings as errors (Add-Type's default without
 * -IgnoreWarnings). PowerShell 7 compiles Add-Type code with a modern Roslyn against .NET, so a green
 * pwsh test says nothing about 5.1; this closes that gap with the .NET SDK: `dotnet build` of a
 * throw-away project with <LangVersion>5</LangVersion> and the net48 reference assemblies restored by
 * `remc setup` (compiler/proof/setup.ts). Nothing is fetched from the network (the project has no packages and
 * restore sees no package source).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { locateToolchain, SETUP_HINT } from './toolchain.ts';

export interface CSharpSource {
  /** A file name such as "native.cs"; errors name it. */
  readonly name: string;
  readonly text: string;
}

export interface CSharpError {
  /** The source's name as given (or the project path for errors outside any source). */
  readonly file: string;
  /** 1-based; 0 when the error has no position. */
  readonly line: number;
  readonly column: number;
  /** e.g. "CS8026". */
  readonly code: string;
  readonly message: string;
}

export interface CSharpResult {
  readonly ok: boolean;
  readonly errors: CSharpError[];
  /** Everything dotnet printed (stdout and stderr). */
  readonly output: string;
}

export interface CompileCSharpOptions {
  /** The dotnet executable. @default process.env.REMC_DOTNET ?? 'dotnet' */
  readonly dotnet?: string;
  /** Folder of the .NET Framework 4.8 reference assemblies. @default the toolchain's netfx48RefDir */
  readonly referenceAssemblies?: string;
  /** Framework assemblies to reference, as Add-Type -ReferencedAssemblies would. @default ['System'] */
  readonly references?: readonly string[];
  /** Add-Type -IgnoreWarnings: warnings stay warnings. @default false */
  readonly ignoreWarnings?: boolean;
  /** @default 120000 */
  readonly timeoutMs?: number;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function projectFile(files: readonly string[], refDir: string, references: readonly string[], ignoreWarnings: boolean, empty: string): string {
  return `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net48</TargetFramework>
    <OutputType>Library</OutputType>
    <LangVersion>5</LangVersion>
    <Nullable>disable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <EnableDefaultItems>false</EnableDefaultItems>
    <GenerateAssemblyInfo>false</GenerateAssemblyInfo>
    <GenerateTargetFrameworkAttribute>false</GenerateTargetFrameworkAttribute>
    <EnableNETAnalyzers>false</EnableNETAnalyzers>
    <WarningLevel>4</WarningLevel>
    <TreatWarningsAsErrors>${ignoreWarnings ? 'false' : 'true'}</TreatWarningsAsErrors>
    <DisableImplicitFrameworkReferences>true</DisableImplicitFrameworkReferences>
    <FrameworkPathOverride>${escapeXml(refDir)}</FrameworkPathOverride>
    <AutomaticallyUseReferenceAssemblyPackages>false</AutomaticallyUseReferenceAssemblyPackages>
    <RestoreSources>${escapeXml(empty)}</RestoreSources>
  </PropertyGroup>
  <ItemGroup>
${references.map((r) => `    <Reference Include="${escapeXml(r)}" />`).join('\n')}
${files.map((f) => `    <Compile Include="${escapeXml(f)}" />`).join('\n')}
  </ItemGroup>
</Project>
`;
}

// e.g. /tmp/x/src/native.cs(12,5): error CS1002: ; expected [/tmp/x/check.csproj]
const DIAGNOSTIC = /^\s*(.*?)\((\d+),(\d+)(?:,\d+,\d+)?\): error ([A-Z]+\d+): (.*?)(?: \[[^\]]*\])?\s*$/;
const UNPLACED = /^\s*(.*?): error ([A-Z]+\d+): (.*?)(?: \[[^\]]*\])?\s*$/;

/** The errors in dotnet build output, each once (MSBuild repeats them in its summary). */
export function parseBuildErrors(output: string, nameOf: (file: string) => string): CSharpError[] {
  const seen = new Set<string>();
  const errors: CSharpError[] = [];
  for (const line of output.split(/\r?\n/)) {
    const placed = DIAGNOSTIC.exec(line);
    const unplaced = placed ? null : UNPLACED.exec(line);
    if (!placed && !unplaced) continue;
    const error: CSharpError = placed
      ? { file: nameOf(placed[1]!), line: Number(placed[2]), column: Number(placed[3]), code: placed[4]!, message: placed[5]! }
      : { file: nameOf(unplaced![1]!), line: 0, column: 0, code: unplaced![2]!, message: unplaced![3]! };
    const key = `${error.file}|${error.line}|${error.column}|${error.code}|${error.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(error);
  }
  return errors;
}

function run(command: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: {
        ...process.env,
        DOTNET_CLI_TELEMETRY_OPTOUT: '1',
        DOTNET_NOLOGO: '1',
        DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1',
        DOTNET_CLI_USE_MSBUILD_SERVER: '0', // no build server left running after us
        MSBUILDDISABLENODEREUSE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32', // own process group: a timeout kills the whole build
      windowsHide: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      output += `\n[remc: dotnet build timed out after ${timeoutMs} ms]\n`;
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${command}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * Compiles `sources` as one C# 5 library against .NET Framework 4.8, as Windows PowerShell 5.1's
 * Add-Type would. `ok` is true when it compiled without errors.
 */
export async function compileCSharp5(sources: readonly CSharpSource[], options: CompileCSharpOptions = {}): Promise<CSharpResult> {
  const refDir = options.referenceAssemblies ?? locateToolchain()?.netfx48RefDir;
  if (!refDir) throw new Error(`the .NET Framework 4.8 reference assemblies are not installed: ${SETUP_HINT}`);
  const dotnet = options.dotnet ?? process.env['REMC_DOTNET'] ?? 'dotnet';
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'remc-csharp-'))); // dotnet prints real paths
  try {
    // Stop MSBuild from importing Directory.Build.* files of folders above the temporary one.
    writeFileSync(path.join(dir, 'Directory.Build.props'), '<Project />\n');
    writeFileSync(path.join(dir, 'Directory.Build.targets'), '<Project />\n');
    const empty = path.join(dir, 'no-packages'); // the only package source restore sees
    mkdirSync(empty);
    // One folder per source, so two sources may share a name.
    const names = new Map<string, string>();
    const files = sources.map((source, index) => {
      const file = path.join(dir, 'src', String(index), path.basename(source.name));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, source.text, 'utf8');
      names.set(file, source.name);
      return file;
    });
    const project = path.join(dir, 'check.csproj');
    writeFileSync(project, projectFile(files, refDir, options.references ?? ['System'], options.ignoreWarnings ?? false, empty));
    const { code, output } = await run(
      dotnet,
      ['build', project, '--nologo', '-clp:NoSummary', '-nodeReuse:false', '-p:UseSharedCompilation=false'],
      dir,
      options.timeoutMs ?? 120_000,
    );
    const errors = parseBuildErrors(output, (file) => names.get(path.resolve(dir, file)) ?? file);
    if (code !== 0 && errors.length === 0) {
      errors.push({ file: project, line: 0, column: 0, code: 'BUILD', message: `dotnet build exited with ${code ?? 'a signal'} without a parsable error` });
    }
    return { ok: code === 0 && errors.length === 0, errors, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
