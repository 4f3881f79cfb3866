/**
 * `remc publish` against a stand-in of Graph (test/support/graph-standin.ts: a real HTTP server on
 * loopback with the documented shapes and the quirks users report). Each test makes its own project
 * and its own stand-in, so none depends on another's writes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { compile } from '../compiler/pipeline.ts';
import { GraphClient, graphBaseUrl } from '../compiler/publish/graph.ts';
import { ownershipOf } from '../compiler/publish/owner.ts';
import { publish, type PublishReport } from '../compiler/publish/publish.ts';
import { startGraphStandIn, type GraphStandIn } from './support/graph-standin.ts';
import { runRemc } from './support/remc.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'remc-publish-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const OWNER = 'contoso-remediations-7f3a9c';

const standIns: GraphStandIn[] = [];
afterEach(async () => {
  await Promise.all(standIns.splice(0).map((s) => s.close()));
});
async function standIn(): Promise<GraphStandIn> {
  const s = await startGraphStandIn();
  standIns.push(s);
  s.addGroup('Pilot devices');
  s.addGroup('Kiosks');
  return s;
}

const SPOOLER = (over: { displayName?: string; assignments?: string } = {}) => `import { defineRemediation, serviceState } from 'remc';

export default defineRemediation({
  id: 'print-spooler',
  displayName: ${JSON.stringify(over.displayName ?? 'Print Spooler running')},
  description: 'Starts the Print Spooler service when it is stopped.',
  publisher: 'Contoso IT',
  runAs: 'system',
  assignments: ${over.assignments ?? "[{ group: 'Pilot devices', schedule: { daily: '02:00' } }, { group: 'Kiosks', exclude: true }]"},
  checks: [serviceState({ name: 'Spooler', status: 'running', startType: 'automatic' })],
});
`;
const BITLOCKER = `import { bitLockerStatus, defineRemediation } from 'remc';

export default defineRemediation({
  id: 'bitlocker-status',
  displayName: 'BitLocker protection status',
  description: 'Reports the BitLocker protection of the OS volume.',
  publisher: 'Contoso IT',
  runAs: 'system',
  assignments: [{ allDevices: true, schedule: { hourly: 4 } }],
  checks: [bitLockerStatus()],
});
`;

let projects = 0;
/** A project of the admin's: package.json with the owner key, and the declarations given. */
function project(files: Record<string, string> = { 'print-spooler.ts': SPOOLER(), 'bitlocker-status.ts': BITLOCKER }): string {
  const root = path.join(scratch, `p${++projects}`);
  mkdirSync(path.join(root, 'remediations'), { recursive: true });
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'contoso-remediations', private: true, remc: { owner: OWNER } }, null, 2));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, 'remediations', name), text);
  return root;
}

function client(s: GraphStandIn, token = s.token): GraphClient {
  return new GraphClient({ baseUrl: graphBaseUrl(s.url) as URL, token: { describe: 'test', getToken: async () => token }, timeLimitMs: 120_000 });
}

const writes = (s: GraphStandIn) => s.requests.filter((r) => r.method !== 'GET');
const actions = (r: PublishReport) => r.entries.map((e) => [e.remediation, e.action, e.changes] as const);

describe('remc publish', { timeout: 300_000 }, () => {
  it('plans without writing: every remediation to create, with its assignments', async () => {
    const s = await standIn();
    const report = await publish({ root: project(), graph: client(s), owner: OWNER });
    expect(report.diagnostics).toEqual([]);
    expect(actions(report)).toEqual([
      ['bitlocker-status', 'create', ['displayName', 'description', 'publisher', 'runAsAccount', 'runAs32Bit', 'enforceSignatureCheck', 'detectionScriptContent', 'assignments']],
      ['print-spooler', 'create', ['displayName', 'description', 'publisher', 'runAsAccount', 'runAs32Bit', 'enforceSignatureCheck', 'detectionScriptContent', 'remediationScriptContent', 'assignments']],
    ]);
    expect(writes(s)).toEqual([]);
    expect(s.scripts.size).toBe(0);
  });

  it('applies, uploads the very bytes remc built, and a second plan is all unchanged', async () => {
    const s = await standIn();
    const root = project();
    const applied = await publish({ root, graph: client(s), owner: OWNER, apply: true });
    expect(applied.entries.map((e) => e.result)).toEqual([{ ok: true }, { ok: true }]);
    expect(s.scripts.size).toBe(2);
    const built = await compile(root, { forDevices: true });
    const spooler = [...s.scripts.values()].find((x) => ownershipOf(x['description'])?.remediation === 'print-spooler')!;
    // Byte for byte, CRLF and all: Graph holds base64 of what the build printed.
    expect(Buffer.from(spooler['detectionScriptContent'], 'base64').equals(built.artifacts.get('print-spooler/detect.ps1')!)).toBe(true);
    expect(Buffer.from(spooler['remediationScriptContent'], 'base64').equals(built.artifacts.get('print-spooler/remediate.ps1')!)).toBe(true);
    expect(ownershipOf(spooler['description'])).toEqual({ owner: OWNER, remediation: 'print-spooler' });
    expect(spooler).toMatchObject({ displayName: 'Print Spooler running', runAsAccount: 'system', runAs32Bit: false });
    const pilot = [...s.groups.values()].find((g) => g['displayName'] === 'Pilot devices')!['id'];
    const kiosks = [...s.groups.values()].find((g) => g['displayName'] === 'Kiosks')!['id'];
    const assigned = s.assignments.get(spooler['id'])!;
    expect(assigned.map((a) => [a['target']['@odata.type'], a['target']['groupId'], a['runRemediationScript'], a['runSchedule']?.['@odata.type'] ?? null, a['runSchedule']?.['time']?.slice(0, 5) ?? null]).sort()).toEqual([
      ['#microsoft.graph.exclusionGroupAssignmentTarget', kiosks, false, null, null],
      ['#microsoft.graph.groupAssignmentTarget', pilot, true, '#microsoft.graph.deviceHealthScriptDailySchedule', '02:00'],
    ]);
    // A detect-only remediation runs its detection only.
    const bitlocker = [...s.scripts.values()].find((x) => x['displayName'] === 'BitLocker protection status')!;
    expect(s.assignments.get(bitlocker['id'])!.map((a) => [a['target']['@odata.type'], a['runRemediationScript'], a['runSchedule']['interval']])).toEqual([['#microsoft.graph.allDevicesAssignmentTarget', false, 4]]);

    const before = writes(s).length;
    const again = await publish({ root, graph: client(s), owner: OWNER });
    expect(actions(again)).toEqual([
      ['bitlocker-status', 'unchanged', []],
      ['print-spooler', 'unchanged', []],
    ]);
    expect(writes(s).length).toBe(before);
  });

  it('updates a renamed remediation in place, sending only what changed and never a read-only field', async () => {
    const s = await standIn();
    const root = project();
    await publish({ root, graph: client(s), owner: OWNER, apply: true });
    const id = [...s.scripts.values()].find((x) => x['displayName'] === 'Print Spooler running')!['id'];
    writeFileSync(path.join(root, 'remediations', 'print-spooler.ts'), SPOOLER({ displayName: 'Spooler kept running' }));
    const plan = await publish({ root, graph: client(s), owner: OWNER });
    expect(actions(plan)).toEqual([
      ['bitlocker-status', 'unchanged', []],
      // The scripts' header names the remediation, so its text changes with the name.
      ['print-spooler', 'update', ['displayName', 'detectionScriptContent', 'remediationScriptContent']],
    ]);
    expect(plan.entries[1]!.scriptId).toBe(id);
    const applied = await publish({ root, graph: client(s), owner: OWNER, apply: true });
    expect(applied.entries[1]!.result).toEqual({ ok: true });
    expect(s.scripts.size).toBe(2);
    expect(s.scripts.get(id)!['displayName']).toBe('Spooler kept running');
    const patches = s.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(Object.keys(patches[0]!.body as object).sort()).toEqual(['@odata.type', 'detectionScriptContent', 'displayName', 'remediationScriptContent']);
  });

  it("never touches another tool's script of the same display name, and adopts one only when told", async () => {
    const s = await standIn();
    const theirs = s.addScript({ displayName: 'Print Spooler running', description: 'Made in the portal.', publisher: 'Someone' });
    const root = project({ 'print-spooler.ts': SPOOLER({ assignments: '[]' }) });
    const report = await publish({ root, graph: client(s), owner: OWNER, apply: true });
    expect(actions(report)).toEqual([['print-spooler', 'create', ['displayName', 'description', 'publisher', 'runAsAccount', 'runAs32Bit', 'enforceSignatureCheck', 'detectionScriptContent', 'remediationScriptContent']]]);
    expect(report.warnings.join('\n')).toContain(`--adopt print-spooler=${theirs}`);
    expect(s.scripts.get(theirs)).toMatchObject({ description: 'Made in the portal.', publisher: 'Someone' });
    expect(s.requests.filter((r) => r.method !== 'GET' && r.path.includes(theirs))).toEqual([]);

    // Adoption: a second repository's stand-in, where the portal's script becomes ours.
    const t = await standIn();
    const portal = t.addScript({ displayName: 'Spooler (portal)', description: 'Made in the portal.', publisher: 'Someone' });
    const adopted = await publish({ root, graph: client(t), owner: OWNER, apply: true, adopt: new Map([['print-spooler', portal]]) });
    expect(adopted.entries.map((e) => [e.action, e.scriptId, e.result])).toEqual([['update', portal, { ok: true }]]);
    expect(ownershipOf(t.scripts.get(portal)!['description'])).toEqual({ owner: OWNER, remediation: 'print-spooler' });
    expect(t.scripts.size).toBe(1);
  });

  it('writes nothing when a group is unknown or not unique, naming it at its declaration', async () => {
    const s = await standIn();
    s.addGroup('Kiosks'); // now two groups have this name
    const root = project({ 'print-spooler.ts': SPOOLER({ assignments: "[{ group: 'No such group', schedule: { hourly: 1 } }, { group: 'Kiosks', exclude: true }]" }) });
    const report = await publish({ root, graph: client(s), owner: OWNER, apply: true });
    expect(report.diagnostics.map((d) => [d.code, d.location?.file, d.location?.line, d.message.replace(/\(.*\)/, '(...)')])).toEqual([
      ['REMC063', 'remediations/print-spooler.ts', 9, 'no group is named "No such group" in Entra ID'],
      ['REMC063', 'remediations/print-spooler.ts', 9, '2 groups are named "Kiosks" (...): the name must be unique'],
    ]);
    expect(report.entries).toEqual([]);
    expect(writes(s)).toEqual([]);
  });

  it('survives a throttling storm: 429 and 503 with Retry-After, on reads and writes', async () => {
    const s = await standIn();
    s.fail({ method: 'GET', path: /^\/deviceManagement\/deviceHealthScripts$/, status: 429, retryAfter: 1, times: 2 });
    s.fail({ method: 'POST', path: /^\/deviceManagement\/deviceHealthScripts$/, status: 503, retryAfter: 1, times: 1 });
    s.fail({ method: 'GET', path: /^\/groups$/, status: 429, retryAfter: 0, times: 3 });
    const report = await publish({ root: project(), graph: client(s), owner: OWNER, apply: true });
    expect(report.diagnostics).toEqual([]);
    expect(report.entries.map((e) => e.result)).toEqual([{ ok: true }, { ok: true }]);
    expect(s.scripts.size).toBe(2);
    expect(s.requests.filter((r) => r.status === 429 || r.status === 503)).toHaveLength(6);
  });

  it('reports a partial failure per remediation and writes the others', async () => {
    const s = await standIn();
    const root = project();
    await publish({ root, graph: client(s), owner: OWNER, apply: true });
    writeFileSync(path.join(root, 'remediations', 'print-spooler.ts'), SPOOLER({ displayName: 'Spooler v2' }));
    writeFileSync(path.join(root, 'remediations', 'bitlocker-status.ts'), BITLOCKER.replace('BitLocker protection status', 'BitLocker v2'));
    const spooler = [...s.scripts.values()].find((x) => x['displayName'] === 'Print Spooler running')!['id'];
    s.fail({ method: 'PATCH', path: new RegExp(spooler), status: 500, times: Infinity });
    const report = await publish({ root, graph: client(s), owner: OWNER, apply: true });
    const byId = Object.fromEntries(report.entries.map((e) => [e.remediation, e.result]));
    expect(byId['bitlocker-status']).toEqual({ ok: true });
    expect(byId['print-spooler']).toMatchObject({ ok: false });
    expect((byId['print-spooler'] as { error: string }).error).toMatch(/^PATCH \/deviceManagement\/deviceHealthScripts\/.*: 500 /);
    expect(s.scripts.get(spooler)!['displayName']).toBe('Print Spooler running');
    expect([...s.scripts.values()].map((x) => x['displayName']).sort()).toEqual(['BitLocker v2', 'Print Spooler running']);
  });

  it('shows a remediation no longer declared as an orphan, and deletes it only with --prune', async () => {
    const s = await standIn();
    const root = project();
    await publish({ root, graph: client(s), owner: OWNER, apply: true });
    rmSync(path.join(root, 'remediations', 'bitlocker-status.ts'));
    const plan = await publish({ root, graph: client(s), owner: OWNER, apply: true });
    expect(actions(plan)).toEqual([
      ['bitlocker-status', 'orphan', []],
      ['print-spooler', 'unchanged', []],
    ]);
    expect(s.scripts.size).toBe(2);
    const pruned = await publish({ root, graph: client(s), owner: OWNER, apply: true, prune: true });
    expect(pruned.entries.map((e) => [e.remediation, e.action, e.result])).toEqual([
      ['bitlocker-status', 'delete', { ok: true }],
      ['print-spooler', 'unchanged', undefined],
    ]);
    expect([...s.scripts.values()].map((x) => x['displayName'])).toEqual(['Print Spooler running']);
  });

  it('fails each write with the permission it lacks when the token may only read', async () => {
    const s = await standIn();
    const report = await publish({ root: project(), graph: client(s, s.readOnlyToken), owner: OWNER, apply: true });
    expect(report.entries.map((e) => (e.result as { error?: string }).error?.replace(/request-id [0-9a-f-]+/, 'request-id X'))).toEqual([
      expect.stringMatching(/^POST \/deviceManagement\/deviceHealthScripts: 403 .*lacks a permission: publish needs DeviceManagementScripts\.ReadWrite\.All/),
      expect.stringMatching(/^POST \/deviceManagement\/deviceHealthScripts: 403 /),
    ]);
    expect(s.scripts.size).toBe(0);
  });
});

describe('remc publish on the command line', { timeout: 600_000 }, () => {
  it('prints the documented JSON, exits 2 on a plan with changes under --exit-code, and 0 once applied', async () => {
    const s = await standIn();
    const root = project();
    const env = { REMC_GRAPH_URL: s.url, REMC_GRAPH_TOKEN: s.token };
    const plan = await runRemc(['publish', '--json', '--exit-code'], root, env);
    expect(plan.stderr).toBe('');
    expect(plan.status).toBe(2);
    const json = JSON.parse(plan.stdout);
    expect(Object.keys(json)).toEqual(['actions']);
    expect(json.actions.map((a: Record<string, unknown>) => Object.keys(a))).toEqual([
      ['remediation', 'action', 'scriptId', 'changes'],
      ['remediation', 'action', 'scriptId', 'changes'],
    ]);
    expect(json.actions.map((a: { scriptId: unknown }) => a.scriptId)).toEqual([null, null]);
    const applied = await runRemc(['publish', '--apply', '--json'], root, env);
    expect(applied.status).toBe(0);
    const ids = JSON.parse(applied.stdout).actions.map((a: { scriptId: string }) => a.scriptId);
    expect(ids.sort()).toEqual([...s.scripts.keys()].sort());
    const again = await runRemc(['publish', '--exit-code'], root, env);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/Plan: 2 unchanged\. Nothing was written\.\n$/);
    for (const out of [plan, applied, again]) expect(out.stdout + out.stderr).not.toContain(s.token);
  });

  it('says what is wrong with a bad token, a clear-text URL and a missing owner key, never printing the token', async () => {
    const s = await standIn();
    const root = project();
    const bad = await runRemc(['publish', '--apply'], root, { REMC_GRAPH_URL: s.url, REMC_GRAPH_TOKEN: 'not-a-valid-token-3141592653' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/REMC061: cannot list the remediations in Intune: GET \/deviceManagement\/deviceHealthScripts.*: 401 InvalidAuthenticationToken.*expired/);
    expect(bad.stderr).toContain('Publish failed; nothing was written.');
    expect(bad.stdout + bad.stderr).not.toContain('3141592653');
    expect(writes(s)).toEqual([]);

    const clear = await runRemc(['publish'], root, { REMC_GRAPH_URL: 'http://graph.contoso.example/beta', REMC_GRAPH_TOKEN: 'secret-2718281828' });
    expect(clear.status).toBe(1);
    expect(clear.stderr).toContain('REMC065: REMC_GRAPH_URL must be https:// (http:// only on a loopback host');
    expect(clear.stdout + clear.stderr).not.toContain('2718281828');

    // A sign-in that fails (no Azure CLI here) is said as one, through @azure/identity, and sends nothing.
    const before = s.requests.length;
    const cliLogin = await runRemc(['publish'], root, { REMC_GRAPH_URL: s.url, REMC_GRAPH_AUTH: 'azure-cli' });
    expect(cliLogin.status).toBe(1);
    expect(cliLogin.stderr).toMatch(/REMC061: cannot list the remediations in Intune: GET \/deviceManagement\/deviceHealthScripts.*: SignInFailed: no Graph token: azure-cli sign-in failed: /);
    expect(s.requests.length).toBe(before);

    const sent = s.requests.length;
    const noToken = await runRemc(['publish'], root, { REMC_GRAPH_URL: s.url, REMC_GRAPH_AUTH: 'token' });
    expect(noToken.status).toBe(1);
    expect(noToken.stderr).toContain('REMC066: token sign-in needs REMC_GRAPH_TOKEN set');

    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'x' }));
    const noOwner = await runRemc(['status'], root, { REMC_GRAPH_URL: s.url, REMC_GRAPH_TOKEN: s.token });
    expect(noOwner.status).toBe(1);
    expect(noOwner.stderr).toMatch(/package\.json:1:1 - error REMC064: package\.json has no "remc": \{ "owner": "\.\.\." \}/);
    expect(s.requests.length).toBe(sent);
  });
});
