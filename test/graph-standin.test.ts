/**
 * The Graph stand-in (test/support/graph-standin.ts) that `remc publish` / `remc status` are tested
 * against: its collections page like Graph's, and it keeps the quirks reported in the field (no script
 * content in the list, PATCH refusing `version`, POST /assignments not routed, 401/403/429 shapes).
 * Plain fetch against the real server, as a client would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGraphStandIn, type GraphStandIn } from './support/graph-standin.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

let graph: GraphStandIn;
beforeEach(async () => {
  graph = await startGraphStandIn();
});
afterEach(async () => {
  await graph.close();
});

interface Sent {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A request to the stand-in; `path` is under /beta unless it is an absolute URL (a nextLink). */
async function call(method: string, path: string, sent: Sent = {}): Promise<{ status: number; headers: Headers; json: any }> {
  const headers: Record<string, string> = { ...sent.headers };
  const token = sent.token === undefined ? graph.token : sent.token;
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  if (sent.body !== undefined) headers['Content-Type'] = 'application/json';
  const init: RequestInit = { method, headers };
  if (sent.body !== undefined) init.body = JSON.stringify(sent.body);
  const response = await fetch(path.startsWith('http') ? path : `${graph.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === '' ? undefined : JSON.parse(text) };
}

const newScript = (displayName: string, extra: Record<string, unknown> = {}) => ({
  '@odata.type': '#microsoft.graph.deviceHealthScript',
  displayName,
  description: 'made by the test',
  publisher: 'remc',
  detectionScriptContent: base64(`Write-Output 'detect ${displayName}'; exit 0`),
  remediationScriptContent: base64(`Write-Output 'remediate ${displayName}'`),
  runAsAccount: 'system',
  enforceSignatureCheck: false,
  runAs32Bit: false,
  roleScopeTagIds: ['0'],
  ...extra,
});

async function create(displayName: string): Promise<Record<string, any>> {
  const created = await call('POST', '/deviceManagement/deviceHealthScripts', { body: newScript(displayName) });
  expect(created.status).toBe(201);
  return created.json;
}

/** Follows @odata.nextLink to the end; returns every page. */
async function allPages(path: string): Promise<any[]> {
  const pages: any[] = [];
  let next: string | undefined = path;
  while (next) {
    const page = await call('GET', next);
    expect(page.status).toBe(200);
    pages.push(page.json);
    next = page.json['@odata.nextLink'];
  }
  return pages;
}

describe('deviceHealthScripts', () => {
  it('POST answers 201 with the whole object, server fields set', async () => {
    const created = await create('Fix spooler');
    expect(created['id']).toMatch(UUID);
    expect(created).toMatchObject({
      '@odata.context': `${graph.url}/$metadata#deviceManagement/deviceHealthScripts/$entity`,
      displayName: 'Fix spooler',
      version: '1',
      isGlobalScript: false,
      highestAvailableVersion: null,
      deviceHealthScriptType: 'deviceHealthScript',
      roleScopeTagIds: ['0'],
      detectionScriptParameters: [],
    });
    expect(created['createdDateTime']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    expect(created['lastModifiedDateTime']).toBe(created['createdDateTime']);
    expect(graph.scripts.get(created['id'])?.['detectionScriptContent']).toBe(base64("Write-Output 'detect Fix spooler'; exit 0"));
  });

  it('pages with absolute nextLinks carrying $skiptoken, at the configured size or $top', async () => {
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c', 'd', 'e']) ids.push((await create(name))['id']);

    const pages = await allPages('/deviceManagement/deviceHealthScripts');
    expect(pages.map((p) => p.value.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((p) => p.value.map((s: any) => s.id))).toEqual(ids);
    for (const page of pages) expect(page['@odata.context']).toBe(`${graph.url}/$metadata#deviceManagement/deviceHealthScripts`);
    for (const page of pages.slice(0, -1)) {
      expect(page['@odata.nextLink'].startsWith(`${graph.url}/deviceManagement/deviceHealthScripts?`)).toBe(true);
      expect(new URL(page['@odata.nextLink']).searchParams.get('$skiptoken')).toBeTruthy();
    }
    expect(pages.at(-1)['@odata.nextLink']).toBeUndefined();

    const byFour = await allPages('/deviceManagement/deviceHealthScripts?$top=4');
    expect(byFour.map((p) => p.value.length)).toEqual([4, 1]);
    // The nextLink keeps the request's other options.
    expect(new URL(byFour[0]['@odata.nextLink']).searchParams.get('$top')).toBe('4');

    const bad = await call('GET', '/deviceManagement/deviceHealthScripts?$skiptoken=garbage');
    expect(bad.status).toBe(400);
  });

  it('the list carries no script content; GET by id does', async () => {
    const created = await create('Content check');
    const list = await call('GET', '/deviceManagement/deviceHealthScripts');
    const item = list.json.value.find((s: any) => s.id === created['id']);
    expect(item.displayName).toBe('Content check');
    expect(item.detectionScriptContent).toBeNull();
    expect(item.remediationScriptContent).toBeNull();

    const one = await call('GET', `/deviceManagement/deviceHealthScripts/${created['id']}`);
    expect(one.status).toBe(200);
    expect(Buffer.from(one.json.detectionScriptContent, 'base64').toString('utf8')).toBe("Write-Output 'detect Content check'; exit 0");
    expect(Buffer.from(one.json.remediationScriptContent, 'base64').toString('utf8')).toBe("Write-Output 'remediate Content check'");
  });

  it('PATCH with version is a 400 and changes nothing; without it, 204 and the version moves on', async () => {
    const created = await create('Patch me');
    const id = created['id'];
    const before = structuredClone(graph.scripts.get(id));

    for (const field of ['version', 'isGlobalScript', 'highestAvailableVersion']) {
      const value = field === 'isGlobalScript' ? false : '7';
      const refused = await call('PATCH', `/deviceManagement/deviceHealthScripts/${id}`, {
        body: { displayName: 'Renamed', [field]: value },
        headers: { 'client-request-id': 'my-correlation-id' },
      });
      expect(refused.status).toBe(400);
      expect(refused.json.error.code).toBe('ModelValidationFailure');
      expect(refused.json.error.message).toContain(`'${field}'`);
      expect(refused.json.error.innerError['request-id']).toMatch(UUID);
      expect(refused.json.error.innerError['client-request-id']).toBe('my-correlation-id');
      expect(refused.json.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    }
    expect(graph.scripts.get(id)).toEqual(before);

    const patched = await call('PATCH', `/deviceManagement/deviceHealthScripts/${id}`, {
      body: { '@odata.type': '#microsoft.graph.deviceHealthScript', displayName: 'Renamed', detectionScriptContent: base64('exit 1') },
    });
    expect(patched.status).toBe(204);
    expect(patched.json).toBeUndefined();
    const after = (await call('GET', `/deviceManagement/deviceHealthScripts/${id}`)).json;
    expect(after.displayName).toBe('Renamed');
    expect(after.version).toBe('2');
    expect(after.detectionScriptContent).toBe(base64('exit 1'));
    expect(after.createdDateTime).toBe(created['createdDateTime']);
    expect(after.lastModifiedDateTime > created['lastModifiedDateTime']).toBe(true);
  });

  it('POST with empty detection content or an unknown property is refused as Graph does', async () => {
    const empty = await call('POST', '/deviceManagement/deviceHealthScripts', { body: newScript('Empty', { detectionScriptContent: '' }) });
    expect(empty.status).toBe(400);
    expect(empty.json.error).toMatchObject({ code: 'UnknownError', message: 'DetectionScriptContent must not be null or empty' });

    const unknown = await call('POST', '/deviceManagement/deviceHealthScripts', { body: newScript('Unknown', { scriptName: 'x' }) });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe('ModelValidationFailure');
    expect(unknown.json.error.message).toContain("The property 'scriptName' does not exist on type");
    expect(unknown.json.error.innerError.message).toBe(unknown.json.error.message);

    const notBase64 = await call('POST', '/deviceManagement/deviceHealthScripts', { body: newScript('Raw', { detectionScriptContent: 'exit 0 # not base64' }) });
    expect(notBase64.status).toBe(400);
    expect(graph.scripts.size).toBe(0);
  });

  it('unknown ids are 404 ResourceNotFound; DELETE answers 204 and removes the script', async () => {
    const missing = await call('GET', '/deviceManagement/deviceHealthScripts/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('ResourceNotFound');

    const id = (await create('Short-lived'))['id'];
    expect((await call('DELETE', `/deviceManagement/deviceHealthScripts/${id}`)).status).toBe(204);
    expect(graph.scripts.has(id)).toBe(false);
    expect((await call('DELETE', `/deviceManagement/deviceHealthScripts/${id}`)).status).toBe(404);
  });

  it('a script made elsewhere shows beside ours, defaults filled in', async () => {
    const theirs = graph.addScript({ displayName: 'Same name', publisher: 'someone else', detectionScriptContent: base64('exit 0') });
    const ours = (await create('Same name'))['id'];
    const listed = (await allPages('/deviceManagement/deviceHealthScripts')).flatMap((p) => p.value);
    expect(listed.filter((s: any) => s.displayName === 'Same name').map((s: any) => s.id)).toEqual([theirs, ours]);
    expect(graph.scripts.get(theirs)).toMatchObject({ version: '1', runAsAccount: 'system', isGlobalScript: false, publisher: 'someone else' });
  });
});

describe('assignments', () => {
  const daily = { '@odata.type': '#microsoft.graph.deviceHealthScriptDailySchedule', interval: 1, useUtc: false, time: '09:00:00' };
  const groupTarget = (groupId: string, extra: Record<string, unknown> = {}) => ({
    '@odata.type': '#microsoft.graph.groupAssignmentTarget',
    groupId,
    ...extra,
  });

  it('assign replaces the whole set', async () => {
    const id = (await create('Assigned'))['id'];
    const pilots = graph.addGroup('Pilots');
    const everyone = graph.addGroup('Everyone');
    const filter = graph.addFilter('Corporate only');

    const first = await call('POST', `/deviceManagement/deviceHealthScripts/${id}/assign`, {
      body: {
        deviceHealthScriptAssignments: [
          { target: groupTarget(pilots), runRemediationScript: true, runSchedule: daily },
          {
            target: groupTarget(everyone, { deviceAndAppManagementAssignmentFilterId: filter, deviceAndAppManagementAssignmentFilterType: 'include' }),
            runRemediationScript: false,
            runSchedule: { '@odata.type': 'microsoft.graph.deviceHealthScriptHourlySchedule', interval: 4 },
          },
        ],
      },
    });
    expect(first.status).toBe(204);
    const listed = (await allPages(`/deviceManagement/deviceHealthScripts/${id}/assignments`)).flatMap((p) => p.value);
    expect(listed.map((a: any) => a.target.groupId)).toEqual([pilots, everyone]);
    for (const a of listed) expect(a.id).toBeTruthy();
    expect(listed[1].target).toMatchObject({ deviceAndAppManagementAssignmentFilterId: filter, deviceAndAppManagementAssignmentFilterType: 'include' });
    expect(listed[1].runSchedule['@odata.type']).toBe('#microsoft.graph.deviceHealthScriptHourlySchedule');

    const second = await call('POST', `/deviceManagement/deviceHealthScripts/${id}/assign`, {
      body: { deviceHealthScriptAssignments: [{ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' }, runRemediationScript: true, runSchedule: daily }] },
    });
    expect(second.status).toBe(204);
    const now = (await call('GET', `/deviceManagement/deviceHealthScripts/${id}/assignments`)).json.value;
    expect(now).toHaveLength(1);
    expect(now[0].target['@odata.type']).toBe('#microsoft.graph.allDevicesAssignmentTarget');

    const cleared = await call('POST', `/deviceManagement/deviceHealthScripts/${id}/assign`, { body: { deviceHealthScriptAssignments: [] } });
    expect(cleared.status).toBe(204);
    expect(graph.assignments.get(id)).toEqual([]);
  });

  it('refuses unknown groups, filters, target and schedule types, leaving the set as it was', async () => {
    const id = (await create('Checked'))['id'];
    const group = graph.addGroup('Known');
    const good = { target: groupTarget(group), runRemediationScript: true, runSchedule: daily };
    expect((await call('POST', `/deviceManagement/deviceHealthScripts/${id}/assign`, { body: { deviceHealthScriptAssignments: [good] } })).status).toBe(204);
    const before = structuredClone(graph.assignments.get(id));

    const bad = [
      { ...good, target: groupTarget('11111111-1111-1111-1111-111111111111') },
      { ...good, target: groupTarget(group, { deviceAndAppManagementAssignmentFilterId: '22222222-2222-2222-2222-222222222222', deviceAndAppManagementAssignmentFilterType: 'include' }) },
      { ...good, target: { '@odata.type': '#microsoft.graph.configurationManagerCollectionAssignmentTarget', collectionId: 'X' } },
      { ...good, runSchedule: { '@odata.type': '#microsoft.graph.deviceHealthScriptWeeklySchedule', interval: 1 } },
      { ...good, target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget', groupId: group } },
    ];
    for (const assignment of bad) {
      const refused = await call('POST', `/deviceManagement/deviceHealthScripts/${id}/assign`, { body: { deviceHealthScriptAssignments: [good, assignment] } });
      expect(refused.status, JSON.stringify(assignment)).toBe(400);
      expect(refused.json.error.innerError['request-id']).toMatch(UUID);
    }
    expect(graph.assignments.get(id)).toEqual(before);
  });

  it('POST .../assignments is not routed (400 No OData route), nothing stored', async () => {
    const id = (await create('Wrong verb'))['id'];
    const group = graph.addGroup('G');
    const response = await call('POST', `/deviceManagement/deviceHealthScripts/${id}/assignments`, {
      body: { target: groupTarget(group), runRemediationScript: true, runSchedule: daily },
    });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('No method match route template');
    expect(response.json.error.message).toContain('No OData route exists that match template');
    expect(response.json.error.message).toContain(`~/singleton/navigation/key/navigation with http verb POST`);
    expect(response.json.error.message).toContain(`deviceHealthScripts('${id}')/assignments`);
    expect(graph.assignments.get(id)).toEqual([]);
  });
});

describe('authentication and faults', () => {
  it('401 InvalidAuthenticationToken without a token or with a wrong one', async () => {
    const none = await call('GET', '/deviceManagement/deviceHealthScripts', { token: null });
    expect(none.status).toBe(401);
    expect(none.json.error).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
    const wrong = await call('GET', '/deviceManagement/deviceHealthScripts', { token: 'not-a-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('InvalidAuthenticationToken');
  });

  it('the read-only token reads but gets 403 Forbidden on writes', async () => {
    const id = (await create('Existing'))['id'];
    const read = await call('GET', '/deviceManagement/deviceHealthScripts', { token: graph.readOnlyToken });
    expect(read.status).toBe(200);
    expect(read.json.value).toHaveLength(1);

    const post = await call('POST', '/deviceManagement/deviceHealthScripts', { token: graph.readOnlyToken, body: newScript('Nope') });
    expect(post.status).toBe(403);
    expect(post.json.error.code).toBe('Forbidden');
    expect(post.json.error.message).toContain('DeviceManagementConfiguration.ReadWrite.All');
    const patch = await call('PATCH', `/deviceManagement/deviceHealthScripts/${id}`, { token: graph.readOnlyToken, body: { displayName: 'x' } });
    expect(patch.status).toBe(403);
    expect(graph.scripts.size).toBe(1);
    expect(graph.scripts.get(id)?.['displayName']).toBe('Existing');
  });

  it('a 429 rule answers with Retry-After, then the route serves again', async () => {
    graph.fail({ method: 'GET', path: /deviceHealthScripts$/, status: 429, retryAfter: 7 });
    // A POST does not match the rule's method, nor a GET of one script its path.
    const id = (await create('Throttled'))['id'];
    expect((await call('GET', `/deviceManagement/deviceHealthScripts/${id}`)).status).toBe(200);
    const throttled = await call('GET', '/deviceManagement/deviceHealthScripts');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(throttled.json.error.code).toBe('TooManyRequests');
    // The rule failed its one request; the next GET is served.
    expect((await call('GET', '/deviceManagement/deviceHealthScripts')).status).toBe(200);

    graph.fail({ status: 503, times: 2 });
    const first = await call('GET', '/deviceManagement/deviceHealthScripts');
    const second = await call('GET', '/deviceManagement/deviceHealthScripts');
    expect([first.status, second.status]).toEqual([503, 503]);
    expect(first.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await call('GET', '/deviceManagement/deviceHealthScripts')).status).toBe(200);

    expect(graph.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 201', 'GET 200', 'GET 429', 'GET 200', 'GET 503', 'GET 503', 'GET 200']);
  });

  it('a faulted write changes nothing, unless the rule says it was applied', async () => {
    graph.fail({ method: 'POST', status: 500 });
    expect((await call('POST', '/deviceManagement/deviceHealthScripts', { body: newScript('Lost') })).status).toBe(500);
    expect(graph.scripts.size).toBe(0);

    graph.fail({ method: 'POST', status: 504, applied: true });
    expect((await call('POST', '/deviceManagement/deviceHealthScripts', { body: newScript('Landed anyway') })).status).toBe(504);
    expect([...graph.scripts.values()].map((s) => s['displayName'])).toEqual(['Landed anyway']);
  });

  it('logs every request with its final status, never the token', async () => {
    await call('GET', '/deviceManagement/deviceHealthScripts?$top=1', { token: null });
    const created = await create('Logged');
    await call('GET', `/deviceManagement/deviceHealthScripts/${created['id']}`);
    expect(graph.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/deviceManagement/deviceHealthScripts', 401],
      ['POST', '/deviceManagement/deviceHealthScripts', 201],
      ['GET', `/deviceManagement/deviceHealthScripts/${created['id']}`, 200],
    ]);
    expect(graph.requests[0]?.search).toBe('?$top=1');
    expect(graph.requests[1]?.body).toMatchObject({ displayName: 'Logged' });
    expect(JSON.stringify(graph.requests)).not.toContain(graph.token);
  });
});

describe('groups, filters and run states', () => {
  it("finds groups by display name, a quote inside written ''; duplicates all come back", async () => {
    const one = graph.addGroup("O'Brien's devices");
    const two = graph.addGroup("O'Brien's devices");
    graph.addGroup('Other devices');
    const filter = encodeURIComponent("displayName eq 'O''Brien''s devices'");
    const found = await call('GET', `/groups?$filter=${filter}&$select=id,displayName&$top=10`);
    expect(found.status).toBe(200);
    expect(found.json['@odata.context']).toBe(`${graph.url}/$metadata#groups(id,displayName)`);
    expect(found.json.value).toEqual([
      { id: one, displayName: "O'Brien's devices" },
      { id: two, displayName: "O'Brien's devices" },
    ]);

    const none = await call('GET', `/groups?$filter=${encodeURIComponent("displayName eq 'Nobody'")}`);
    expect(none.json.value).toEqual([]);
    const unsupported = await call('GET', `/groups?$filter=${encodeURIComponent("startswith(displayName,'O')")}`);
    expect(unsupported.status).toBe(400);
  });

  it('lists assignment filters, paged', async () => {
    const ids = [graph.addFilter('A'), graph.addFilter('B', 'windows10AndLater'), graph.addFilter('C', 'macOS')];
    const listed = (await allPages('/deviceManagement/assignmentFilters')).flatMap((p) => p.value);
    expect(listed.map((f: any) => f.id)).toEqual(ids);
    expect(listed[2]).toMatchObject({ displayName: 'C', platform: 'macOS' });
    expect(typeof listed[0].rule).toBe('string');
  });

  it('deviceRunStates carry managedDevice only when expanded', async () => {
    const id = (await create('Observed'))['id'];
    graph.addRunState(id, { deviceName: 'PC-001', detectionState: 'fail', remediationState: 'success', preRemediationDetectionScriptOutput: 'drift', userName: 'ann@contoso.com' });
    graph.addRunState(id, { deviceName: 'PC-002' });
    graph.addRunState(id, { deviceName: 'PC-003', detectionState: 'scriptError', preRemediationDetectionScriptError: 'boom' });

    const expanded = (await allPages(`/deviceManagement/deviceHealthScripts/${id}/deviceRunStates?$expand=managedDevice($select=deviceName)`)).flatMap((p) => p.value);
    expect(expanded.map((s: any) => s.managedDevice.deviceName)).toEqual(['PC-001', 'PC-002', 'PC-003']);
    expect(Object.keys(expanded[0].managedDevice).sort()).toEqual(['deviceName', 'id']);
    expect(expanded[0]).toMatchObject({ detectionState: 'fail', remediationState: 'success', preRemediationDetectionScriptOutput: 'drift' });
    expect(expanded[1]).toMatchObject({ detectionState: 'success', remediationState: 'skipped' });

    const full = await call('GET', `/deviceManagement/deviceHealthScripts/${id}/deviceRunStates?$expand=managedDevice&$top=5`);
    expect(full.json.value[0].managedDevice).toMatchObject({ deviceName: 'PC-001', userPrincipalName: 'ann@contoso.com' });

    const plain = await call('GET', `/deviceManagement/deviceHealthScripts/${id}/deviceRunStates?$top=5`);
    expect(plain.json.value).toHaveLength(3);
    for (const state of plain.json.value) expect(state).not.toHaveProperty('managedDevice');

    expect(() => graph.addRunState(id, { deviceName: 'PC-004', detectionState: 'failed' })).toThrow(/not a runState/);
  });
});
