/**
 * `npm run bench`: how fast remc compiles, how it scales, and what the emitted scripts cost on a
 * device. Prints figures (median and spread of several runs) and the machine they ran on; asserts
 * nothing. Method and latest figures: docs/benchmark.md.
 *
 * Options (environment): BENCH_SIZES (default "100,1000,10000"), BENCH_RUNS (default 5; 3 for the
 * largest size), BENCH_EDITS (default 20), BENCH_DEVICE_RUNS (default 15), BENCH_TEST_RUNS (default 3),
 * BENCH_PROOF_SIZES (default "10,100"), BENCH_PROOF_RUNS (default 1),
 * BENCH_SECTIONS (default "build,watch,size,device,test,proof": which sections to run).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProjects, deviceRows, median, sizeRows } from './device.ts';
import { generateProject } from './synthetic.ts';
import { REMC_ROOT, REMC_VERSION } from '../compiler/paths.ts';
import { locateToolchain } from '../compiler/proof/toolchain.ts';
import { runPwsh } from '../compiler/proof/pwsh.ts';

const CLI = path.join(REMC_ROOT, 'bin', 'remc.mjs');
const sizes = (process.env['BENCH_SIZES'] ?? '100,1000,10000').split(',').map(Number);
const runs = Number(process.env['BENCH_RUNS'] ?? 5);
const edits = Number(process.env['BENCH_EDITS'] ?? 20);
const deviceRuns = Number(process.env['BENCH_DEVICE_RUNS'] ?? 15);
const testRuns = Number(process.env['BENCH_TEST_RUNS'] ?? 3);
const proofSizes = (process.env['BENCH_PROOF_SIZES'] ?? '10,100').split(',').map(Number);
const proofRuns = Number(process.env['BENCH_PROOF_RUNS'] ?? 1);
const sections = new Set((process.env['BENCH_SECTIONS'] ?? 'build,watch,size,device,test,proof').split(','));
const work = mkdtempSync(path.join(os.tmpdir(), 'remc-bench-'));

interface Sample {
  readonly wall: number;
  readonly cpu: number;
  /** Peak resident memory of the largest single process (GNU time). */
  readonly rssMb: number;
  /** Peak of the whole process tree summed (remc and what it starts: esbuild, pwsh), sampled every 50 ms. */
  readonly treeMb: number;
}

function spread(values: readonly number[], digits = 2): string {
  return `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)})`;
}

/**
 * Wall time, CPU time and peak memory of a whole process, from GNU time; and the peak of its process
 * tree summed, from /proc, since GNU time sees one process (and never one its child did not wait for).
 */
async function measure(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Sample> {
  // stdout is not needed (a 10,000-line build would only fill a buffer).
  const child = spawn('/usr/bin/time', ['-f', 'REMC_TIME %e %U %S %M', process.execPath, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let treeKb = 0;
  const sampler = setInterval(() => (treeKb = Math.max(treeKb, treeRssKb(child.pid!))), 50);
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  const m = /REMC_TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
  if (status !== 0 || !m) throw new Error(`measured command failed: ${stderr.slice(-2000)}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMb: Number(m[4]) / 1024, treeMb: Math.max(treeKb, Number(m[4])) / 1024 };
}

/** Resident memory of `pid` and all its descendants now, in KB (Linux /proc). */
function treeRssKb(pid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) "
      const parent = Number(fields[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
      rss.set(Number(name), (Number(fields[21]) * 4096) / 1024);
    } catch {
      // the process ended while the list was read
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    total += rss.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/** The baseline: a bare Node script writing the same bytes to the same layout (read from one pack file). */
/**
 * The floor a build is held against: copying the same files from one pack. The pack is written and
 * read one file at a time, so memory stays bounded at any size (a 10,000-remediation dist/ is
 * gigabytes, more than one Buffer holds).
 */
function writeBaseline(dist: string, dir: string): string {
  const names = readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dist, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
  const manifest: Array<readonly [string, number]> = [];
  const pack = openSync(path.join(dir, 'pack.bin'), 'w');
  try {
    for (const name of names) {
      const bytes = readFileSync(path.join(dist, name));
      writeSync(pack, bytes);
      manifest.push([name, bytes.length]);
    }
  } finally {
    closeSync(pack);
  }
  writeFileSync(path.join(dir, 'pack.json'), JSON.stringify(manifest));
  const script = path.join(dir, 'baseline.mjs');
  writeFileSync(
    script,
    `import { closeSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import path from 'node:path';
const [dir, out] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(path.join(dir, 'pack.json'), 'utf8'));
const pack = openSync(path.join(dir, 'pack.bin'), 'r');
let at = 0;
for (const [name, size] of manifest) {
  const bytes = Buffer.allocUnsafe(size);
  readSync(pack, bytes, 0, size, at);
  const target = path.join(out, name);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, bytes);
  at += size;
}
closeSync(pack);
`,
  );
  return script;
}

async function coldBuilds(): Promise<string[]> {
  const rows: string[] = [];
  for (const size of sizes) {
    const project = path.join(work, `p${size}`);
    generateProject(project, { count: size, seed: 42 });
    const n = size >= 10000 ? Math.min(runs, 3) : runs;
    const builds: Sample[] = [];
    const baselines: Sample[] = [];
    await measure([CLI, 'build'], project); // warm the file cache once, as an edit-build cycle would
    const baseline = writeBaseline(path.join(project, 'dist'), project);
    for (let i = 0; i < n; i++) {
      rmSync(path.join(project, 'dist'), { recursive: true, force: true });
      builds.push(await measure([CLI, 'build'], project));
      rmSync(path.join(project, 'out'), { recursive: true, force: true });
      baselines.push(await measure([baseline, project, path.join(project, 'out')], project));
    }
    const ratio = builds.map((b, i) => b.wall / baselines[i]!.wall);
    rows.push(
      `| ${size} | ${spread(builds.map((b) => b.wall))} | ${spread(builds.map((b) => b.cpu))} | ${spread(builds.map((b) => b.rssMb), 0)} | ${spread(builds.map((b) => b.treeMb), 0)} | ${spread(baselines.map((b) => b.wall))} | ${spread(ratio, 1)} |`,
    );
    process.stderr.write(`cold build ${size}: ${median(builds.map((b) => b.wall)).toFixed(2)} s\n`);
  }
  return rows;
}

/** Saves one declaration and waits until its detect.ps1 on disk holds the change. */
async function incremental(size: number): Promise<string> {
  const project = path.join(work, `watch${size}`);
  generateProject(project, { count: size, seed: 42 });
  const files = readdirSync(path.join(project, 'remediations')).sort();
  const child = spawn(process.execPath, [CLI, 'build', '--watch'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const until = async (test: () => boolean, limitMs = 120_000) => {
    const start = Date.now();
    while (!test()) {
      if (Date.now() - start > limitMs) throw new Error(`timed out; watch said:\n${output}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  try {
    await until(() => /Watching/.test(output));
    const times: number[] = [];
    for (let i = 0; i < edits; i++) {
      const index = (i * 37) % size;
      const file = path.join(project, 'remediations', files[index]!);
      const text = readFileSync(file, 'utf8');
      const marker = `edit ${i} ${Date.now()}`;
      const id = /id: '([^']+)'/.exec(text)![1]!;
      const detect = path.join(project, 'dist', id, 'detect.ps1');
      const started = performance.now();
      writeFileSync(file, text.replace(/publisher: '[^']*'/, `publisher: '${marker}'`));
      await until(() => existsSync(detect) && readFileSync(detect, 'utf8').includes(marker));
      times.push(performance.now() - started);
    }
    return `| ${size} | ${edits} | ${spread(times, 0)} |`;
  } finally {
    child.kill();
  }
}

function emittedSizes(): string[] {
  const rows: string[] = [];
  const project = path.join(work, `p${sizes.includes(1000) ? 1000 : sizes[0]}`);
  const index = JSON.parse(readFileSync(path.join(project, 'dist', 'index.json'), 'utf8')) as { remediations: Array<{ id: string; files: Record<string, { bytes: number }> }> };
  for (const name of ['detect.ps1', 'remediate.ps1']) {
    const bytes = index.remediations.map((r) => r.files[name]?.bytes).filter((b): b is number => b !== undefined);
    rows.push(`- synthetic set (${index.remediations.length}), ${name}: median ${median(bytes)} bytes, largest ${Math.max(...bytes)}`);
  }
  // Every function a script defines must be called in it: helpers a remediation does not use are left out.
  let unused = 0;
  let scripts = 0;
  for (const r of index.remediations) {
    for (const name of Object.keys(r.files).filter((f) => f.endsWith('.ps1'))) {
      const text = readFileSync(path.join(project, 'dist', r.id, name), 'utf8');
      scripts++;
      for (const m of text.matchAll(/^\s*function ([\w-]+)/gm)) {
        const uses = text.split(m[1]!).length - 1;
        if (uses < 2) unused++;
      }
    }
  }
  rows.push(`- functions defined but never called, over ${scripts} scripts: ${unused}`);
  return rows;
}

/** What loading the credential API costs: Add-Type's compile against a stub declared through Reflection.Emit. */
async function nativeCost(): Promise<string[]> {
  const toolchain = locateToolchain();
  if (!toolchain) return ['- skipped: no PowerShell toolchain (run remc setup)'];
  // Add-Type compiles C# at run time; a P/Invoke stub emitted through reflection needs no compiler.
  const native = readFileSync(path.join(REMC_ROOT, 'templates', 'credential-purge', 'native.cs'), 'utf8');
  const addType = await runPwsh(
    `$source = @'\n${native}\n'@\n$sw = [Diagnostics.Stopwatch]::StartNew(); Add-Type -TypeDefinition $source; Write-Output $sw.Elapsed.TotalMilliseconds`,
    { toolchain },
  );
  const emit = await runPwsh(
    [
      '$sw = [Diagnostics.Stopwatch]::StartNew()',
      "$asm = [AppDomain]::CurrentDomain.DefineDynamicAssembly((New-Object Reflection.AssemblyName 'RemcCred'), 'Run')",
      "$type = $asm.DefineDynamicModule('RemcCred').DefineType('Remc.Cred', 'Public, Class')",
      "$m = $type.DefinePInvokeMethod('CredEnumerateW', 'advapi32.dll', 'Public, Static, PinvokeImpl', 'Standard', [bool], @([string], [int], [int].MakeByRefType(), [IntPtr].MakeByRefType()), 'Winapi', 'Unicode')",
      "$m.SetImplementationFlags('PreserveSig')",
      '$null = $type.CreateType()',
      'Write-Output $sw.Elapsed.TotalMilliseconds',
    ].join('\n'),
    { toolchain },
  );
  const ms = (r: { stdout: string }) => Number(r.stdout.trim().split(/\r?\n/).pop()).toFixed(0);
  return [
    `- Add-Type of credential-purge/native.cs (one compile, pwsh ${toolchain.pwshVersion}): ${ms(addType)} ms`,
    `- the same P/Invoke declared through System.Reflection.Emit (no compiler): ${ms(emit)} ms`,
  ];
}

/**
 * `remc test` of this repository (the flagship: parse, 5.1, C# 5, every scenario, the templates'
 * Pester tests) as a whole process: a pwsh process per unit (before the worker pool), the pool, the
 * pool with the templates' Pester results cached (the flagship changed), and with its passing proof
 * cached too (nothing changed). The cache is filled by one untimed run first.
 */
async function testThroughput(): Promise<string[]> {
  const cacheDir = path.join(work, 'test-cache');
  const runTs = path.join(REMC_ROOT, 'bin', 'run-ts.mjs');
  const script = path.join(REMC_ROOT, 'bench', 'test-run.ts');
  const workers = String(os.availableParallelism());
  const modes = [
    ['a pwsh process per unit, no cache', '0', 'off'],
    [`worker pool (${workers} workers), no cache`, workers, 'off'],
    [`worker pool (${workers} workers), Pester results cached (the remediation changed)`, workers, 'pester'],
    [`worker pool (${workers} workers), proof and Pester results cached (nothing changed)`, workers, 'on'],
  ] as const;
  await measure([runTs, script, workers, 'on', cacheDir], REMC_ROOT);
  const rows: string[] = [];
  for (const [label, w, cache] of modes) {
    const samples: Sample[] = [];
    for (let i = 0; i < testRuns; i++) samples.push(await measure([runTs, script, w, cache, cacheDir], REMC_ROOT));
    rows.push(`| ${label} | ${spread(samples.map((x) => x.wall), 1)} | ${spread(samples.map((x) => x.cpu), 1)} | ${median(samples.map((x) => x.rssMb)).toFixed(0)} |`);
  }
  return rows;
}

/**
 * `remc test` of synthetic projects (a mix of every template, as the cold builds use): remediations
 * proven per minute with the cache empty, with the templates' Pester results cached, and warm, and what one pool unit (a parse batch, a
 * scenario step, a Pester run) costs on a worker next to a bare pwsh start, the floor the pool avoids.
 */
async function proofThroughput(): Promise<string[]> {
  const toolchain = locateToolchain();
  if (!toolchain) return ['- skipped: no PowerShell toolchain (run node test/setup/powershell.mjs)'];
  const runTs = path.join(REMC_ROOT, 'bin', 'run-ts.mjs');
  const script = path.join(REMC_ROOT, 'bench', 'test-run.ts');
  const workers = String(os.availableParallelism());
  const stats = path.join(work, 'proof-stats.json');
  const bare: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = spawnSync(toolchain.pwsh, ['-NoProfile', '-Command', 'exit'], { env: { ...process.env, ...toolchain.env }, stdio: 'ignore' });
    if (r.status !== 0) throw new Error('pwsh -NoProfile -Command exit failed');
    bare.push((performance.now() - t) / 1000);
  }
  const notes: string[] = [];
  const rows = [
    '| remediations | cache | scenarios | wall s | CPU s | remediations / min | pool units | s per unit on a worker |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const size of proofSizes) {
    const project = path.join(work, `proof${size}`);
    generateProject(project, { count: size, seed: 42, defaultDiagnosis: true });
    const cacheDir = path.join(project, '.cache', 'remc-test');
    // Cold: the cache is empty (every template's Pester tests run, as with --no-cache), and this run
    // fills it; Pester cached: every remediation proven again, the templates' results from the cache
    // (as after an edit to each); warm: the same project again, nothing changed.
    const modes = { 'cold (empty)': 'on', 'Pester cached': 'pester', warm: 'on' } as const;
    for (const [cache, mode] of Object.entries(modes)) {
      const samples: Sample[] = [];
      let last = { remediations: 0, cached: 0, scenarios: 0, units: 0, unitMs: 0, byScript: {} as Record<string, { units: number; ms: number }> };
      for (let i = 0; i < proofRuns; i++) {
        if (cache === 'cold (empty)') rmSync(cacheDir, { recursive: true, force: true });
        samples.push(await measure([runTs, script, workers, mode, cacheDir, project], project, { BENCH_STATS: stats }));
        last = JSON.parse(readFileSync(stats, 'utf8')) as typeof last;
      }
      const wall = median(samples.map((x) => x.wall));
      rows.push(
        `| ${last.remediations} | ${cache} | ${last.scenarios} | ${spread(samples.map((x) => x.wall), 1)} | ${spread(samples.map((x) => x.cpu), 1)} | ${((last.remediations / wall) * 60).toFixed(1)} | ${last.units} | ${(last.unitMs / 1000 / Math.max(1, last.units)).toFixed(2)} |`,
      );
      process.stderr.write(`remc test of ${size}, cache ${cache}: ${rows.at(-1)}\n`);
      const kinds = Object.entries(last.byScript).map(([file, k]) => `${file} ${k.units} x ${(k.ms / 1000 / k.units).toFixed(2)} s`);
      notes.push(`- ${last.remediations} remediations, ${cache}: ${last.cached} taken from the cache; pool units by harness script: ${kinds.join(', ') || 'none'}`);
    }
  }
  rows.push('', ...notes, `- a bare \`pwsh -NoProfile -Command exit\` (pwsh ${toolchain.pwshVersion}): ${spread(bare, 2)} s wall, 5 runs: what each unit would cost on top without the pool`);
  return rows;
}

async function main(): Promise<void> {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`remc ${REMC_VERSION} benchmark, ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`);
  console.log(`load average at the start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (sections.has('build')) {
    console.log('\nCold build (whole `remc build` process; median (min-max) of the runs):\n');
    console.log('| remediations | wall s | CPU s | peak MB (node) | peak MB (all processes) | baseline wall s | build / baseline |');
    console.log('|---|---|---|---|---|---|---|');
    for (const row of await coldBuilds()) console.log(row);
  }
  if (sections.has('watch')) {
    const watchSize = sizes.includes(1000) ? 1000 : sizes[0]!;
    console.log('\nIncremental (`remc build --watch`: save one declaration -> its detect.ps1 replaced on disk):\n');
    console.log('| remediations | edits | ms, median (min-max) |');
    console.log('|---|---|---|');
    console.log(await incremental(watchSize));
  }
  const built = sections.has('size') || sections.has('device') ? await buildProjects(work) : [];
  if (sections.has('size')) {
    console.log('\nEmitted size (the flagship and the examples; "unshaken": the whole runtime and every file of its checks):\n');
    for (const row of sizeRows(built)) console.log(row);
    if (sections.has('build')) for (const row of emittedSizes()) console.log(row);
  }
  if (sections.has('device')) {
    console.log(`\nOn-device cost (PowerShell ${locateToolchain()?.pwshVersion ?? '?'} on this machine, Windows-facing calls simulated; CPU of each pwsh process, ${deviceRuns} paired runs):\n`);
    if (locateToolchain()) for (const row of await deviceRows(built, work, deviceRuns)) console.log(row);
    for (const row of await nativeCost()) console.log(row);
  }
  if (sections.has('test')) {
    console.log(`\n\`remc test\` of the flagship (whole process; median (min-max) of ${testRuns} runs):\n`);
    console.log('| mode | wall s | CPU s | peak MB (largest process) |');
    console.log('|---|---|---|---|');
    for (const row of await testThroughput()) console.log(row);
  }
  if (sections.has('proof')) {
    console.log(`\n\`remc test\` of synthetic projects (whole process; median (min-max) of ${proofRuns} run${proofRuns === 1 ? '' : 's'}):\n`);
    for (const row of await proofThroughput()) console.log(row);
  }
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
