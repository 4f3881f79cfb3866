/**
 * `remc status` reads back what devices reported. The outputs in the Graph stand-in are the real last
 * lines of the built scripts, run in pwsh against the service-state fakes as Intune runs them
 * (detect -> remediate -> detect), next to outputs that are not remc summary lines.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build } from '../compiler/pipeline.ts';
import { Scenario } from '../compiler/proof/scenario.ts';
import { parseProofPart, parseSummaryLine } from '../compiler/protocol.ts';
import { GraphClient, graphBaseUrl } from '../compiler/publish/graph.ts';
import { publish } from '../compiler/publish/publish.ts';
import { fleetStatus, summarize } from '../compiler/publish/status.ts';
import { startGraphStandIn, type GraphStandIn } from './support/graph-standin.ts';
import { describePowerShell } from './support/powershell.ts';
import { runRemc } from './support/remc.ts';

const root = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'remc-status-'));
const OWNER = 'contoso-remediations-7f3a9c';
const project = path.join(scratch, 'project');
let graph: GraphStandIn;
afterAll(async () => {
  await graph?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const SPOOLER = `import { defineRemediation, serviceState } from 'remc';

export default defineRemediation({
  id: 'print-spooler',
  displayName: 'Print Spooler running',
  description: 'Starts the Print Spooler service when it is stopped.',
  publisher: 'Contoso IT',
  runAs: 'system',
  checks: [serviceState({ name: 'Spooler', status: 'running', startType: 'automatic' })],
});
`;

const T0 = '2026-12-01T08:00:00Z';
const later = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString().replace('.000Z', 'Z');

/** One device's day as Intune sees it: detection, and when it exits 1, remediation and detection again. */
async function device(name: string, setup: string): Promise<{ pre: string; post: string | null; remediated: boolean; fixed: boolean }> {
  const scenario = new Scenario({
    scripts: path.join(project, 'dist', 'print-spooler'),
    fakes: [path.join(root, 'templates', 'service-state', 'fakes.ps1')],
    setup,
    workDir: path.join(scratch, name),
  });
  const detect = await scenario.run('detect', T0);
  if (detect.exitCode === 0) return { pre: detect.stdout, post: null, remediated: false, fixed: false };
  const remediate = await scenario.run('remediate', later(1));
  const after = await scenario.run('detect', later(2));
  return { pre: detect.stdout, post: after.stdout, remediated: true, fixed: remediate.exitCode === 0 };
}

describePowerShell('remc status', () => {
  let scriptId: string;
  beforeAll(async () => {
    mkdirSync(path.join(project, 'remediations'), { recursive: true });
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'contoso-remediations', private: true, remc: { owner: OWNER } }));
    writeFileSync(path.join(project, 'remediations', 'print-spooler.ts'), SPOOLER);
    const built = await build({ root: project });
    expect(built.diagnostics).toEqual([]);
    graph = await startGraphStandIn();
    const client = new GraphClient({ baseUrl: graphBaseUrl(graph.url) as URL, token: { describe: 'test', getToken: async () => graph.token }, timeLimitMs: 60_000 });
    const published = await publish({ root: project, graph: client, owner: OWNER, apply: true });
    scriptId = published.entries[0]!.scriptId!;

    const healthy = await device('healthy', 'Reset-RemcFakeServiceState -Service @()');
    const repaired = await device('repaired', "Reset-RemcFakeServiceState -Service @() -Default (New-RemcFakeService -Name '*' -State 'Stopped' -StartMode 'Manual')");
    const broken = await device('broken', "Reset-RemcFakeServiceState -Service @() -Default (New-RemcFakeService -Name '*' -State 'Stopped' -StartMode 'Manual' -Results @{ StartService = 15 })");
    expect([healthy.remediated, repaired.fixed, broken.remediated, broken.fixed]).toEqual([false, true, true, false]);

    graph.addRunState(scriptId, { deviceName: 'PC-001', detectionState: 'success', remediationState: 'skipped', preRemediationDetectionScriptOutput: healthy.pre });
    graph.addRunState(scriptId, { deviceName: 'PC-002', detectionState: 'success', remediationState: 'success', preRemediationDetectionScriptOutput: repaired.pre, postRemediationDetectionScriptOutput: repaired.post });
    graph.addRunState(scriptId, { deviceName: 'PC-003', detectionState: 'fail', remediationState: 'remediationFailed', preRemediationDetectionScriptOutput: broken.pre, postRemediationDetectionScriptOutput: broken.post });
    // The remediation has not run yet: the detection's own word stands.
    graph.addRunState(scriptId, { deviceName: 'PC-004', detectionState: 'fail', remediationState: 'unknown', preRemediationDetectionScriptOutput: repaired.pre });
    // Not remc summary lines: a script host's error, another remediation's line, a line cut short.
    graph.addRunState(scriptId, { deviceName: 'PC-005', detectionState: 'scriptError', remediationState: 'unknown', preRemediationDetectionScriptOutput: 'Script execution timed out' });
    graph.addRunState(scriptId, { deviceName: 'PC-006', detectionState: 'success', remediationState: 'skipped', preRemediationDetectionScriptOutput: healthy.pre.replace('[print-spooler]', '[other-remediation]') });
    graph.addRunState(scriptId, { deviceName: 'PC-007', detectionState: 'fail', remediationState: 'unknown', preRemediationDetectionScriptOutput: '[print-spooler] FIX D' });
  }, 900_000);

  it('counts each device by the status word of its latest real summary line, the rest as unparsed', async () => {
    const client = new GraphClient({ baseUrl: graphBaseUrl(graph.url) as URL, token: { describe: 'test', getToken: async () => graph.token }, timeLimitMs: 60_000 });
    const { remediations, missing } = await fleetStatus({ graph: client, owner: OWNER });
    expect(missing).toEqual([]);
    expect(remediations).toHaveLength(1);
    const r = remediations[0]!;
    expect([r.remediation, r.scriptId, r.devices, r.unparsed]).toEqual(['print-spooler', scriptId, 7, 3]);
    // What each script printed, as the contract says: healthy OK; stopped FIX DUE; fixed OK afterwards.
    const word = (device: string) => r.deviceList.find((d) => d.device === device)!.status;
    expect([word('PC-001'), word('PC-002'), word('PC-004')]).toEqual(['OK', 'OK', 'FIX DUE']);
    // A fix that failed leaves the fix due again, or held by the cool-down: never OK.
    expect(['FIX DUE', 'HELD']).toContain(word('PC-003'));
    expect([word('PC-005'), word('PC-006'), word('PC-007')]).toEqual(['unparsed', 'unparsed', 'unparsed']);
    expect(r.byStatus).toEqual({ OK: 2, 'FIX DUE': word('PC-003') === 'FIX DUE' ? 2 : 1, ...(word('PC-003') === 'HELD' ? { HELD: 1 } : {}) });
    expect(r.reasons['FIX DUE']![0]!.reason).toMatch(/^service: /);
    expect(r.intune.detectionState).toEqual({ fail: 3, success: 3, scriptError: 1 });
  });

  it('prints the documented JSON and gates on --fail-on', async () => {
    const env = { REMC_GRAPH_URL: graph.url, REMC_GRAPH_TOKEN: graph.token };
    const json = await runRemc(['status', '--json'], project, env);
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.remediations.map((r: Record<string, unknown>) => [r['remediation'], r['scriptId'], r['devices'], r['unparsed'], typeof r['byStatus']])).toEqual([['print-spooler', scriptId, 7, 3, 'object']]);

    const gate = await runRemc(['status', '--fail-on', 'ESCALATE,unparsed', '--devices'], project, env);
    expect(gate.status).toBe(1);
    expect(gate.stderr).toContain('3 devices are in a --fail-on status (ESCALATE, unparsed):');
    expect(gate.stdout).toMatch(/unparsed: PC-005, PC-006, PC-007/);
    const calm = await runRemc(['status', '--fail-on', 'ESCALATE,ERROR'], project, env);
    expect(calm.status).toBe(0);
    const unknown = await runRemc(['status', '--fail-on', 'BROKEN'], project, env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("--fail-on: unknown status 'BROKEN'");
    const notPublished = await runRemc(['status', 'no-such-remediation'], project, env);
    expect(notPublished.stderr).toContain('REMC060: Intune holds no script published as remediation "no-such-remediation"');
  });
});

it('parses only real summary lines: the head, a known status word, and the parts', () => {
  expect(parseSummaryLine('[print-spooler] FIX DUE | service: Spooler is Stopped | note')).toEqual({ remediation: 'print-spooler', status: 'FIX DUE', parts: ['service: Spooler is Stopped', 'note'] });
  expect(parseSummaryLine('[a-b] NOT CONVERGED')).toEqual({ remediation: 'a-b', status: 'NOT CONVERGED', parts: [] });
  expect(parseSummaryLine('[a-b] NOTHING TO FIX | x')?.status).toBe('NOTHING TO FIX');
  for (const line of ['[a-b] FIX D', '[a-b] OKAY', 'OK', '[A-B] OK', '[a-b]  OK', `[a-b] OK | ${'x'.repeat(2048)}`, '[a-b] OK | caf\u00e9']) expect(parseSummaryLine(line), line).toBeUndefined();
});

it('counts the devices by the verdict on their last fix a symptom triggered, from the line part the scripts write', () => {
  // The parts as the flagship's detection writes them (flagship.lifecycle.test.ts asserts each on the real scripts).
  const line = (word: string, proof: string) => `[teams-signin-50058] ${word} | diagnosis: no repeated sign-in failures (none since the last fix at 2026-11-25T12:05Z) | ${proof}`;
  const states = [
    line('OK', 'fix of 2026-11-25T12:05Z: held - diagnosis: PRT renewed at 2026-11-25T14:00Z, after the fix; no sign-in failed since'),
    line('OK', 'fix of 2026-11-25T12:05Z: held - diagnosis: PRT renewed at 2026-11-25T15:00Z, after the fix; no sign-in failed since'),
    line('CONFIRMING', 'fix of 2026-11-26T13:05Z: not held - diagnosis: os cause again'),
    line('UNPROVEN', 'fix of 2026-11-25T12:05Z: not yet proven (1 h since; its symptom not seen again, no evidence of success yet)'),
    line('OK', 'fix of 2026-11-25T12:05Z: unknown - neither its symptom nor evidence of success seen in 168 h'),
    '[teams-signin-50058] OK | diagnosis: no repeated sign-in failures (none in 24h)',
    // A check's own part that merely mentions a fix is not a verdict.
    '[teams-signin-50058] OK | diagnosis: fix of 2026-11-25T12:05Z: held - spoofed',
  ].map((output, i) => ({ managedDevice: { deviceName: `PC-${i}` }, detectionState: 'success', remediationState: 'skipped', preRemediationDetectionScriptOutput: output }));
  const r = summarize('teams-signin-50058', 'id', 'Teams', states);
  expect(r.proofs).toEqual({ held: 2, 'not held': 1, pending: 1, unknown: 1 });
  expect(r.deviceList.map((d) => d.proof)).toEqual(['held', 'held', 'not held', 'pending', 'unknown', null, null]);
  expect(parseProofPart('fix of 2026-11-25T12:05Z: maybe - x')).toBeUndefined();
});
