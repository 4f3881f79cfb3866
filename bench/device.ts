/**
 * What the scripts cost on a device, for `npm run bench`: their size against the targets and against
 * what they would be without tree-shaking, and the CPU of a healthy detection against a bare pwsh
 * start that loads the same stand-in of Windows (the same fakes and setup, an empty script). Figures
 * only; nothing here asserts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RemediationModel } from '../compiler/lower/model.ts';
import { REMC_ROOT } from '../compiler/paths.ts';
import { build } from '../compiler/pipeline.ts';
import { planScenarios } from '../compiler/proof/plan.ts';
import { fakesOf } from '../compiler/proof/remediation-info.ts';
import { Scenario } from '../compiler/proof/scenario.ts';
import { ScenarioModules } from '../compiler/proof/scenario-modules.ts';
import { runtimeSources } from '../compiler/ps/functions.ts';

/** The projects measured: this repository (the flagship) and the examples the README links to. */
const PROJECTS = [
  { label: 'flagship', root: REMC_ROOT },
  { label: 'examples', root: path.join(REMC_ROOT, 'examples') },
] as const;

/** Issue targets, in bytes (characters for the combined script: N-able takes 65,535). */
const TARGETS: Readonly<Record<string, { detect: number; remediate: number; combined?: number }>> = {
  'teams-signin-50058': { detect: 60_000, remediate: 70_000, combined: 65_535 },
  'print-spooler': { detect: 15_000, remediate: 20_000 },
};

interface Built {
  readonly label: string;
  readonly root: string;
  readonly out: string;
  readonly models: readonly RemediationModel[];
}

/** Each project built for Intune and as one combined script, into `work`. */
export async function buildProjects(work: string): Promise<Built[]> {
  const built: Built[] = [];
  for (const p of PROJECTS) {
    const out = path.join(work, `device-${p.label}`);
    const report = await build({ root: p.root, out, targets: ['intune', 'combined'] });
    if (report.diagnostics.some((d) => d.severity === 'error')) throw new Error(`${p.label} does not build: ${report.diagnostics.map((d) => d.message).join('; ')}`);
    built.push({ ...p, out, models: report.remediations });
  }
  return built;
}

function bytes(file: string): number {
  try {
    return readFileSync(file).length;
  } catch {
    return 0;
  }
}

/** What a script would carry without tree-shaking: the whole runtime and every file of its checks, as written. */
function unshaken(model: RemediationModel): number {
  const files = new Set<string>(runtimeSources().map((s) => s.file));
  for (const c of model.checks) for (const f of [c.source.seam, c.source.probe, c.source.fix, c.source.native]) if (f) files.add(f);
  return [...files].reduce((n, f) => n + bytes(f), 0);
}

function judged(value: number, target: number | undefined): string {
  if (target === undefined) return String(value);
  return `${value} (target <= ${target}: ${value <= target ? 'met' : 'missed'})`;
}

/** Script sizes per remediation, with the targets where the issue set them. */
export function sizeRows(built: readonly Built[]): string[] {
  const rows = [
    '| remediation | detect.ps1 bytes | remediate.ps1 bytes | combined.ps1 characters | carried / unshaken (detect) |',
    '|---|---|---|---|---|',
  ];
  for (const b of built) {
    for (const m of b.models) {
      const dir = path.join(b.out, m.id);
      const t = TARGETS[m.id];
      const detect = bytes(path.join(dir, 'detect.ps1'));
      const remediate = bytes(path.join(dir, 'remediate.ps1'));
      const combined = readFileSync(path.join(dir, 'combined.ps1'), 'latin1').length;
      const whole = unshaken(m);
      rows.push(`| ${m.id} | ${judged(detect, t?.detect)} | ${remediate ? judged(remediate, t?.remediate) : '-'} | ${judged(combined, t?.combined)} | ${detect} / ${whole} (${((100 * detect) / whole).toFixed(0)} %) |`);
    }
  }
  return rows;
}

/** CPU seconds of this process's waited-for children so far (Linux /proc: cutime + cstime). */
function childCpu(ticks: number): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // field 3 (state) first
  return (Number(fields[13]) + Number(fields[14])) / ticks;
}

/** The first planned scenario whose first detection says OK: a healthy device for this remediation. */
async function healthySetup(b: Built, m: RemediationModel, work: string): Promise<string | undefined> {
  const plan = await planScenarios(b.root, m, new ScenarioModules(), () => true, 'pair', false);
  for (const [i, run] of [...plan.template, ...plan.own].entries()) {
    const first = run.steps[0];
    if (first?.run !== 'detect' || first.host32Bit || first.constrainedLanguage || first.change) continue;
    const scenario = new Scenario({ scripts: path.join(b.out, m.id), fakes: fakesOf(m), setup: run.setup, workDir: path.join(work, `find-${m.id}-${i}`) });
    const r = await scenario.run('detect', first.at);
    if (r.exitCode === 0 && / OK\b/.test(r.lastLine)) return run.setup;
  }
  return undefined;
}

/**
 * Each remediation's healthy detection against an empty script through the same harness, with the
 * same fakes and setup: paired runs (one of each in turn), the CPU of each pwsh process, and the
 * median of the per-pair ratios.
 */
export async function deviceRows(built: readonly Built[], work: string, runs: number): Promise<string[]> {
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const empty = path.join(work, 'device-empty');
  mkdirSync(empty, { recursive: true });
  writeFileSync(path.join(empty, 'detect.ps1'), "Write-Output 'ok'\r\nexit 0\r\n");
  const rows = ['| remediation | detection CPU s | bare pwsh + stand-in CPU s | ratio (median of pairs) |', '|---|---|---|---|'];
  for (const b of built) {
    for (const m of b.models) {
      const setup = await healthySetup(b, m, work);
      if (setup === undefined) {
        rows.push(`| ${m.id} | no scenario leaves it healthy | - | - |`);
        continue;
      }
      const own: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < runs; i++) {
        for (const [scripts, into] of [[path.join(b.out, m.id), own], [empty, bare]] as const) {
          const scenario = new Scenario({ scripts, fakes: fakesOf(m), setup, workDir: path.join(work, `cpu-${m.id}-${i}-${into === own ? 'own' : 'bare'}`) });
          const before = childCpu(ticks);
          await scenario.run('detect', '2026-11-25T12:00:00Z');
          into.push(childCpu(ticks) - before);
        }
      }
      const ratios = own.map((c, i) => c / Math.max(bare[i]!, 1 / ticks));
      const target = m.id === 'teams-signin-50058' ? ' (target <= 1.20)' : '';
      rows.push(`| ${m.id} | ${spread(own)} | ${spread(bare)} | ${median(ratios).toFixed(2)}${target} |`);
    }
  }
  return rows;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function spread(values: readonly number[]): string {
  return `${median(values).toFixed(2)} (${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)})`;
}
