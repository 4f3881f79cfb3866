/**
 * A stand-in for Microsoft Graph (beta) as Intune Remediations use it: a real HTTP server on
 * loopback, started by tests, so `remc publish` / `remc status` speak HTTP to something with
 * Graph's shapes and reported quirks rather than to mocks of their own making.
 *
 * Built from these Graph reference pages (learn.microsoft.com/graph/api/<page>?view=graph-rest-beta,
 * sources under api-reference/beta/ in microsoftgraph/microsoft-graph-docs-contrib):
 * - "deviceHealthScript resource type" (resources/intune-devices-devicehealthscript): the fields.
 * - "Create deviceHealthScript" (intune-devices-devicehealthscript-create): 201 Created with the object.
 * - "Update deviceHealthScript" (intune-devices-devicehealthscript-update): PATCH /deviceHealthScripts/{id}.
 * - "assign action" (intune-devices-devicehealthscript-assign): POST {id}/assign with
 *   { "deviceHealthScriptAssignments": [...] }, answered `204 No Content`.
 * - "deviceHealthScriptAssignment resource type", "deviceHealthScriptDailySchedule resource type".
 * - "deviceHealthScriptDeviceState resource type", "List deviceHealthScriptDeviceStates"
 *   (intune-devices-devicehealthscriptdevicestate-list): the run states and their managedDevice relationship.
 * - "deviceAndAppManagementAssignmentFilter resource type" (intune-policyset-deviceandappmanagementassignmentfilter).
 * - "Microsoft Graph error responses and resource types" (learn.microsoft.com/graph/errors): the
 *   { error: { code, message, innerError: { date, request-id, client-request-id } } } body; 503 with Retry-After.
 * - "Microsoft Graph throttling guidance" (learn.microsoft.com/graph/throttling): 429 with Retry-After in seconds.
 * - "Paging Microsoft Graph data in your app" (learn.microsoft.com/graph/paging): @odata.nextLink, an
 *   absolute URL carrying $skiptoken and the request's other query options.
 *
 * Quirks reported in the field, reproduced here:
 * - The list GET /deviceManagement/deviceHealthScripts carries no script content: detectionScriptContent
 *   and remediationScriptContent are null in list items, present only on GET .../{id}
 *   (jseerden/IntuneBackupAndRestore#43, "ScriptContent returns null, so we have to query" each script).
 * - PATCH must leave out version, isGlobalScript and highestAvailableVersion
 *   (microsoftgraph/microsoft-graph-docs PR #7501, "Patch does not accept the values version,
 *   isGlobalScript and highestAvailableVersion"): here such a PATCH is a 400 ModelValidationFailure and
 *   changes nothing. The exact message Graph gives is not on record; the one below is made up.
 * - POST {id}/assignments is not routed: 400 "No method match route template" / "No OData route exists
 *   that match template ~/singleton/navigation/key/navigation with http verb POST for request
 *   /DeviceFE/StatelessDeviceFEService/deviceManagement/deviceHealthScripts('…')/assignments."
 *   (deploymenttheory/terraform-provider-microsoft365#504; same shape in microsoft-graph-docs-contrib#2903).
 *   Use {id}/assign, which replaces the whole set.
 * - POST with empty detectionScriptContent: 400 code "UnknownError", message "DetectionScriptContent must
 *   not be null or empty" (jseerden/IntuneBackupAndRestore#71).
 * - An unknown property in a payload: 400 "ModelValidationFailure", "The property 'x' does not exist on
 *   type 'microsoft.management.services.api.…'. Make sure to only use property names that are defined by
 *   the type.", the message repeated in innerError (microsoft/Intune-PowerShell-SDK#97, #98).
 * - A missing token: 401 "InvalidAuthenticationToken" "Access token is empty." (microsoftgraph/msgraph-sample-reactspa#54);
 *   an unreadable one: "CompactToken parsing failed with error code: 80049217" (microsoftgraph/msgraph-training-dotnet#31).
 * - A token without write permission: 403 "Forbidden" whose message is Intune's JSON-in-a-string
 *   ("_version": 3, "Message": "Application is not authorized to perform this operation. Application must
 *   have one of the following scopes: DeviceManagementConfiguration.ReadWrite.All - …")
 *   (jseerden/IntuneBackupAndRestore#55, microsoftgraph/microsoft-graph-docs-contrib#87).
 *
 * Choices where the pages say nothing or disagree with the field (a client must not lean on them):
 * - PATCH answers 204 No Content (the "Update" page shows 200 with the object), bumps `version` by one and
 *   sets lastModifiedDateTime. It also refuses an empty detectionScriptContent, as POST does.
 * - POST ignores the server-kept fields it is sent (id, version, createdDateTime, lastModifiedDateTime,
 *   isGlobalScript, highestAvailableVersion) and sets them itself: version "1", isGlobalScript false.
 * - Order of checks: bearer token (401), then faults from fail() (so they need a valid token, and a
 *   faulted request changes nothing unless the rule says `applied`), then write permission (403 on
 *   POST/PATCH/PUT/DELETE for the read-only token, whatever the route), then routing and validation.
 * - $top sets the page size and paging goes on with @odata.nextLink; without $top the page size is
 *   options.pageSize. Query options a route does not support ($filter on scripts, $orderby, $count …)
 *   are refused with 400 rather than ignored, so a client cannot believe it filtered.
 * - Assign: a target whose @odata.type is not one of the four below, a group or filter id that does not
 *   exist, a filter without include/exclude, a run schedule of another type: 400. Graph's own messages
 *   for these are not on record; the ones here are made up. Assignment ids are fresh uuids.
 * - Groups: `$filter=displayName eq '…'` only ('' inside the literal is one quote), compared without
 *   regard to case as the directory does; every match is returned, so duplicates show.
 * - Run-state ids are "<scriptId>:<deviceId>"; the same device name keeps one device id across scripts.
 *   RunStateInput.userName lands on managedDevice.userPrincipalName.
 * - Paths are case-sensitive here (Graph's are not), and Intune's ('key') URL syntax is not understood.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Options of {@link startGraphStandIn}. */
export interface StandInOptions {
  /** Items per page of every collection when the request has no $top (default 2, small so tests page). */
  readonly pageSize?: number;
}

/** One request as the stand-in served it; `path` is without the /beta prefix, `search` as sent (encoded). */
export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly search: string;
  readonly status: number;
  readonly body: unknown;
}

/** A fault to inject: matching requests (after the token check) fail with `status` instead of being served. */
export interface FaultRule {
  readonly method?: string; // e.g. 'PATCH'; any when absent
  readonly path?: RegExp; // tested against the path without /beta, e.g. /deviceHealthScripts\/[^/]+$/
  readonly status: number; // 429, 503, 500, 403 ...
  readonly retryAfter?: number; // seconds, sent as Retry-After (429 and 503 send 1 when absent)
  readonly times?: number; // how many matching requests fail (default 1); Infinity for always
  /** The request takes effect first and only its answer is replaced (a write that "failed" but landed). */
  readonly applied?: boolean;
}

/** A running stand-in: where it listens, its tokens, its state (tests may read and seed it) and its log. */
export interface GraphStandIn {
  /** Base URL clients use: `http://127.0.0.1:<port>/beta` */
  readonly url: string;
  /** The bearer token with read and write permission. */
  readonly token: string;
  /** A bearer token that may read but not write (403 on POST/PATCH/DELETE). */
  readonly readOnlyToken: string;
  /** deviceHealthScripts by id, as Graph stores them (every field of the resource, contents base64). */
  readonly scripts: Map<string, Record<string, any>>;
  /** Assignments by script id (deviceHealthScriptAssignment objects with id). */
  readonly assignments: Map<string, Record<string, any>[]>;
  /** deviceRunStates by script id (deviceHealthScriptDeviceState objects, each with a managedDevice object). */
  readonly runStates: Map<string, Record<string, any>[]>;
  /** Directory groups by id (extra: what addGroup made). */
  readonly groups: Map<string, Record<string, any>>;
  /** Assignment filters by id (extra: what addFilter made). */
  readonly filters: Map<string, Record<string, any>>;
  /** Every request served, in order (never the token). */
  readonly requests: LoggedRequest[];
  addGroup(displayName: string): string; // returns the new group id (uuid)
  addFilter(displayName: string, platform?: string): string; // an assignment filter; returns id
  addScript(fields: Record<string, any>): string; // a script made elsewhere (another tool, same display name...); fills the other fields with defaults; returns id
  addRunState(scriptId: string, state: Partial<RunStateInput> & { deviceName: string }): void;
  fail(rule: FaultRule): void;
  close(): Promise<void>;
}

/** What a test says about one device's last run of a script (see {@link GraphStandIn.addRunState}). */
export interface RunStateInput {
  deviceName: string;
  detectionState: string;
  remediationState: string;
  preRemediationDetectionScriptOutput: string | null;
  postRemediationDetectionScriptOutput: string | null;
  preRemediationDetectionScriptError: string | null;
  postRemediationDetectionScriptError: string | null;
  remediationScriptError: string | null;
  lastStateUpdateDateTime: string;
  lastSyncDateTime: string;
  userName: string;
}

/** Intune's model namespace, as its validation messages name types. */
const API = 'microsoft.management.services.api';
/** The Content-Type Graph gives OData bodies. */
const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** How a property's value is checked: an OData primitive, a collection, or an enumeration. */
type Kind = 'string' | 'binary' | 'boolean' | 'dateTime' | 'strings' | 'objects' | { readonly enum: string; readonly values: readonly string[] };

/** deviceHealthScript's properties, in the resource page's order. */
const SCRIPT_PROPERTIES: Readonly<Record<string, Kind>> = {
  id: 'string',
  publisher: 'string',
  version: 'string',
  displayName: 'string',
  description: 'string',
  detectionScriptContent: 'binary',
  remediationScriptContent: 'binary',
  createdDateTime: 'dateTime',
  lastModifiedDateTime: 'dateTime',
  runAsAccount: { enum: 'runAsAccountType', values: ['system', 'user'] },
  enforceSignatureCheck: 'boolean',
  runAs32Bit: 'boolean',
  roleScopeTagIds: 'strings',
  isGlobalScript: 'boolean',
  highestAvailableVersion: 'string',
  deviceHealthScriptType: { enum: 'deviceHealthScriptType', values: ['deviceHealthScript', 'managedInstallerScript'] },
  detectionScriptParameters: 'objects',
  remediationScriptParameters: 'objects',
};
/** Kept by the server: POST ignores them when sent. */
const SERVER_KEPT = new Set(['id', 'version', 'createdDateTime', 'lastModifiedDateTime', 'isGlobalScript', 'highestAvailableVersion']);
/** Refused by PATCH (microsoft-graph-docs PR #7501). */
const NOT_PATCHABLE = ['version', 'isGlobalScript', 'highestAvailableVersion'];
/** Read-only fields a PATCH may echo back; ignored. */
const PATCH_IGNORED = new Set(['id', 'createdDateTime', 'lastModifiedDateTime']);

const GROUP_TARGETS = new Set(['microsoft.graph.groupAssignmentTarget', 'microsoft.graph.exclusionGroupAssignmentTarget']);
const TARGETS = new Set([...GROUP_TARGETS, 'microsoft.graph.allDevicesAssignmentTarget', 'microsoft.graph.allLicensedUsersAssignmentTarget']);
/** Each run schedule type with the properties it has (deviceHealthScript*Schedule resource pages). */
const SCHEDULES: Readonly<Record<string, readonly string[]>> = {
  'microsoft.graph.deviceHealthScriptDailySchedule': ['interval', 'useUtc', 'time'],
  'microsoft.graph.deviceHealthScriptHourlySchedule': ['interval'],
  'microsoft.graph.deviceHealthScriptRunOnceSchedule': ['interval', 'useUtc', 'time', 'date'],
};
const DETECTION_STATES = ['unknown', 'success', 'fail', 'scriptError', 'pending', 'notApplicable'];
const REMEDIATION_STATES = ['unknown', 'skipped', 'success', 'remediationFailed', 'scriptError', 'unknownFutureValue'];

/** A failure answered with Graph's error body; `innerMessage` repeats the message in innerError as Intune's validation does. */
class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly innerMessage: boolean;
  constructor(status: number, code: string, message: string, extra: { headers?: Record<string, string>; innerMessage?: boolean } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = extra.headers ?? {};
    this.innerMessage = extra.innerMessage ?? false;
  }
}

/** What a route answers; written and logged by the server loop. */
interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One request as routes see it. */
interface Call {
  readonly method: string;
  /** Path without /beta, split and decoded. */
  readonly segments: readonly string[];
  readonly url: URL;
  readonly body: unknown;
  readonly requestId: string;
}

const modelError = (message: string) => new GraphError(400, 'ModelValidationFailure', message, { innerMessage: true });
const unknownProperty = (name: string, type: string) =>
  modelError(`The property '${name}' does not exist on type '${API}.${type}'. Make sure to only use property names that are defined by the type.`);
const notConvertible = (value: unknown, type: string) =>
  modelError(`Cannot convert the literal '${typeof value === 'string' ? value : JSON.stringify(value)}' to the expected type '${type}'.`);
const badRequest = (message: string) => new GraphError(400, 'BadRequest', message);

const isObject = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isBase64 = (value: string) => value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);

/** "#microsoft.graph.x" and "microsoft.graph.x" name the same type; returns it without the '#'. */
function odataType(value: unknown): string | undefined {
  return typeof value === 'string' ? value.replace(/^#/, '') : undefined;
}

/** Graph's innerError date: seconds, no zone letter. */
function graphDate(): string {
  return new Date().toISOString().slice(0, 19);
}

/** Checks one property value against its kind (null is allowed for strings, binaries and dates). */
function checkValue(value: unknown, kind: Kind): void {
  if (typeof kind === 'object') {
    if (typeof value !== 'string' || !kind.values.includes(value)) throw notConvertible(value, `${API}.${kind.enum}`);
    return;
  }
  switch (kind) {
    case 'string':
      if (value !== null && typeof value !== 'string') throw notConvertible(value, 'Edm.String');
      return;
    case 'binary':
      if (value !== null && (typeof value !== 'string' || !isBase64(value))) throw notConvertible(value, 'Edm.Binary');
      return;
    case 'dateTime':
      if (value !== null && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) throw notConvertible(value, 'Edm.DateTimeOffset');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw notConvertible(value, 'Edm.Boolean');
      return;
    case 'strings':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw notConvertible(value, 'Collection(Edm.String)');
      return;
    case 'objects':
      if (!Array.isArray(value) || !value.every(isObject)) throw notConvertible(value, `Collection(${API}.deviceHealthScriptParameter)`);
      return;
  }
}

/** A deviceHealthScript payload (POST or PATCH): an object of known, well-typed properties. */
function checkScriptPayload(body: unknown): Record<string, any> {
  if (!isObject(body)) throw badRequest('Empty Payload. JSON content expected.');
  for (const [name, value] of Object.entries(body)) {
    if (name === '@odata.type') {
      if (odataType(value) !== 'microsoft.graph.deviceHealthScript') {
        throw modelError(`A type named '${String(value).replace(/^#/, '')}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`);
      }
      continue;
    }
    const kind = SCRIPT_PROPERTIES[name];
    if (!kind) throw unknownProperty(name, 'deviceHealthScript');
    checkValue(value, kind);
  }
  return body;
}

/** The field-reported check on detection content (jseerden/IntuneBackupAndRestore#71). */
function requireDetection(value: unknown): void {
  if (typeof value !== 'string' || value === '') throw new GraphError(400, 'UnknownError', 'DetectionScriptContent must not be null or empty');
}

/** Validates one element of deviceHealthScriptAssignments and returns it as stored (without id). */
function checkAssignment(input: unknown): Record<string, any> {
  if (!isObject(input)) throw notConvertible(input, `${API}.deviceHealthScriptAssignment`);
  for (const name of Object.keys(input)) {
    if (!['@odata.type', 'id', 'target', 'runRemediationScript', 'runSchedule'].includes(name)) throw unknownProperty(name, 'deviceHealthScriptAssignment');
  }
  if (input['@odata.type'] !== undefined && odataType(input['@odata.type']) !== 'microsoft.graph.deviceHealthScriptAssignment') {
    throw modelError(`A type named '${String(input['@odata.type'])}' is not assignable to the expected type '${API}.deviceHealthScriptAssignment'.`);
  }
  if (input['runRemediationScript'] !== undefined) checkValue(input['runRemediationScript'], 'boolean');

  const target = input['target'];
  if (!isObject(target)) throw badRequest('Each assignment needs a target object.');
  const targetType = odataType(target['@odata.type']);
  if (!targetType || !TARGETS.has(targetType)) {
    throw modelError(`A type named '${String(target['@odata.type'])}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`);
  }
  const isGroup = GROUP_TARGETS.has(targetType);
  const shortType = targetType.slice('microsoft.graph.'.length);
  for (const name of Object.keys(target)) {
    const known = ['@odata.type', 'deviceAndAppManagementAssignmentFilterId', 'deviceAndAppManagementAssignmentFilterType', ...(isGroup ? ['groupId'] : [])];
    if (!known.includes(name)) throw unknownProperty(name, shortType);
  }
  const filterId = target['deviceAndAppManagementAssignmentFilterId'] ?? null;
  const filterType = target['deviceAndAppManagementAssignmentFilterType'] ?? 'none';
  checkValue(filterId, 'string');
  checkValue(filterType, { enum: 'deviceAndAppManagementAssignmentFilterType', values: ['none', 'include', 'exclude'] });
  if (filterId !== null && filterType === 'none') throw badRequest('An assignment filter needs deviceAndAppManagementAssignmentFilterType include or exclude.');
  const stored: Record<string, any> = {
    '@odata.type': `#${targetType}`,
    deviceAndAppManagementAssignmentFilterId: filterId,
    deviceAndAppManagementAssignmentFilterType: filterType,
  };
  if (isGroup) {
    if (typeof target['groupId'] !== 'string' || target['groupId'] === '') throw badRequest(`A ${shortType} needs a groupId.`);
    stored['groupId'] = target['groupId'];
  }

  const schedule = input['runSchedule'];
  // An exclusion runs nothing, so it carries no schedule: the terraform provider's acceptance tests
  // (deploymenttheory/terraform-provider-microsoft365, exclusion_assignment) send exclusions without one.
  if (targetType === 'microsoft.graph.exclusionGroupAssignmentTarget' && (schedule === undefined || schedule === null)) {
    return { target: stored, runRemediationScript: input['runRemediationScript'] ?? false, runSchedule: null };
  }
  if (!isObject(schedule)) throw badRequest('Each assignment needs a runSchedule object.');
  const scheduleType = odataType(schedule['@odata.type']);
  const fields = scheduleType ? SCHEDULES[scheduleType] : undefined;
  if (!scheduleType || !fields) throw badRequest(`Unsupported runSchedule type '${String(schedule['@odata.type'])}'.`);
  const storedSchedule: Record<string, any> = { '@odata.type': `#${scheduleType}` };
  for (const [name, value] of Object.entries(schedule)) {
    if (name === '@odata.type') continue;
    if (!fields.includes(name)) throw unknownProperty(name, scheduleType.slice('microsoft.graph.'.length));
    if (name === 'interval' && !(Number.isInteger(value) && (value as number) >= 1)) throw notConvertible(value, 'Edm.Int32');
    if (name === 'useUtc') checkValue(value, 'boolean');
    if (name === 'time' && !(typeof value === 'string' && /^\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$/.test(value))) throw notConvertible(value, 'Edm.TimeOfDay');
    if (name === 'date' && !(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))) throw notConvertible(value, 'Edm.Date');
    storedSchedule[name] = value;
  }
  return { target: stored, runRemediationScript: input['runRemediationScript'] ?? false, runSchedule: storedSchedule };
}

/** The OData template and Intune-side URL Graph names in its "No OData route" message. */
function noRoute(call: Call): GraphError {
  const template = ['~', ...call.segments.map((_, i) => (i === 0 ? 'singleton' : i % 2 === 1 ? 'navigation' : 'key'))].join('/');
  let request = '';
  call.segments.forEach((segment, i) => {
    request += i > 0 && i % 2 === 0 ? `('${segment}')` : `/${segment}`;
  });
  return new GraphError(
    400,
    'No method match route template',
    `No OData route exists that match template ${template} with http verb ${call.method} for request /DeviceFE/StatelessDeviceFEService${request}.`,
  );
}

/** Starts a stand-in on 127.0.0.1 (a free port); close() it when done. */
export async function startGraphStandIn(options: StandInOptions = {}): Promise<GraphStandIn> {
  const pageSize = options.pageSize ?? 2;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`pageSize must be a positive integer, not ${pageSize}`);
  const token = `standin-rw-${randomUUID()}`;
  const readOnlyToken = `standin-ro-${randomUUID()}`;
  const scripts = new Map<string, Record<string, any>>();
  const assignments = new Map<string, Record<string, any>[]>();
  const runStates = new Map<string, Record<string, any>[]>();
  const groups = new Map<string, Record<string, any>>();
  const filters = new Map<string, Record<string, any>>();
  const deviceIds = new Map<string, string>();
  const requests: LoggedRequest[] = [];
  const faults: { rule: FaultRule; left: number }[] = [];
  let origin = '';
  let base = '';

  // Graph's timestamps carry seven fractional digits; these also strictly increase, so a PATCH
  // right after a POST still moves lastModifiedDateTime.
  let clock = { ms: 0, tick: 0 };
  const now = (): string => {
    const ms = Date.now();
    clock = ms > clock.ms ? { ms, tick: 0 } : { ms: clock.ms, tick: clock.tick + 1 };
    return `${new Date(clock.ms).toISOString().slice(0, 23)}${String(clock.tick).padStart(4, '0')}Z`;
  };

  /** A script with every field, defaults under `fields`, in the resource's order. */
  function makeScript(id: string, fields: Record<string, any>): Record<string, any> {
    const stamp = now();
    const defaults: Record<string, any> = {
      id,
      publisher: '',
      version: '1',
      displayName: '',
      description: '',
      detectionScriptContent: null,
      remediationScriptContent: null,
      createdDateTime: stamp,
      lastModifiedDateTime: stamp,
      runAsAccount: 'system',
      enforceSignatureCheck: false,
      runAs32Bit: false,
      roleScopeTagIds: ['0'],
      isGlobalScript: false,
      highestAvailableVersion: null,
      deviceHealthScriptType: 'deviceHealthScript',
      detectionScriptParameters: [],
      remediationScriptParameters: [],
    };
    const script: Record<string, any> = {};
    for (const name of Object.keys(SCRIPT_PROPERTIES)) script[name] = name in fields ? fields[name] : defaults[name];
    for (const [name, value] of Object.entries(fields)) if (!(name in script)) script[name] = value;
    script['id'] = id;
    return script;
  }

  function requireScript(id: string): Record<string, any> {
    const script = scripts.get(id);
    if (!script) {
      throw new GraphError(404, 'ResourceNotFound', `The deviceHealthScript with id '${id}' was not found.`);
    }
    return script;
  }

  // ---- query options ----

  /** Refuses $-options the route does not support, so a client cannot believe it filtered or sorted. */
  function allowOptions(url: URL, allowed: readonly string[]): void {
    for (const key of url.searchParams.keys()) {
      if (key.startsWith('$') && !allowed.includes(key)) {
        throw badRequest(`The Graph stand-in does not support the query option '${key}' on this route.`);
      }
    }
  }

  /** $select as a list of known property names (undefined when absent). */
  function selected(url: URL, known: readonly string[], type: string): string[] | undefined {
    const raw = url.searchParams.get('$select');
    if (raw === null) return undefined;
    return parseSelect(raw, known, type);
  }

  function parseSelect(raw: string, known: readonly string[], type: string): string[] {
    const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
    for (const name of names) {
      if (!known.includes(name)) throw badRequest(`Could not find a property named '${name}' on type '${type}'.`);
    }
    return names;
  }

  function project(item: Record<string, any>, names: readonly string[] | undefined): Record<string, any> {
    if (!names) return { ...item };
    const out: Record<string, any> = {};
    for (const name of names) out[name] = item[name];
    return out;
  }

  /** One page of a collection: @odata.context, @odata.nextLink while more remain, value. */
  function page(call: Call, items: readonly Record<string, any>[], context: string): Reply {
    const { url } = call;
    let size = pageSize;
    const top = url.searchParams.get('$top');
    if (top !== null) {
      if (!/^\d+$/.test(top) || Number(top) < 1) throw badRequest(`Invalid value '${top}' for $top query option.`);
      size = Number(top);
    }
    let offset = 0;
    const skipToken = url.searchParams.get('$skiptoken');
    if (skipToken !== null) {
      const decoded = /^offset:(\d+)$/.exec(Buffer.from(skipToken, 'base64url').toString('utf8'));
      if (!decoded) throw badRequest(`Invalid $skiptoken '${skipToken}'.`);
      offset = Number(decoded[1]);
    }
    const body: Record<string, unknown> = { '@odata.context': `${base}/$metadata#${context}` };
    if (offset + size < items.length) {
      const query: string[] = [];
      for (const [key, value] of url.searchParams) if (key !== '$skiptoken') query.push(`${key}=${encodeURIComponent(value)}`);
      query.push(`$skiptoken=${Buffer.from(`offset:${offset + size}`).toString('base64url')}`);
      body['@odata.nextLink'] = `${origin}${url.pathname}?${query.join('&')}`;
    }
    body['value'] = items.slice(offset, offset + size);
    return { status: 200, body };
  }

  // ---- routes ----

  function listScripts(call: Call): Reply {
    allowOptions(call.url, ['$top', '$skiptoken', '$select']);
    const names = selected(call.url, Object.keys(SCRIPT_PROPERTIES), `${API}.deviceHealthScript`);
    // The list never carries script content (jseerden/IntuneBackupAndRestore#43).
    const items = [...scripts.values()].map((s) => project({ ...s, detectionScriptContent: null, remediationScriptContent: null }, names));
    const context = names ? `deviceManagement/deviceHealthScripts(${names.join(',')})` : 'deviceManagement/deviceHealthScripts';
    return page(call, items, context);
  }

  function createScript(call: Call): Reply {
    const input = checkScriptPayload(call.body);
    requireDetection(input['detectionScriptContent']);
    const fields: Record<string, any> = {};
    for (const [name, value] of Object.entries(input)) if (name !== '@odata.type' && !SERVER_KEPT.has(name)) fields[name] = value;
    const id = randomUUID();
    const script = makeScript(id, fields);
    scripts.set(id, script);
    assignments.set(id, []);
    runStates.set(id, []);
    return {
      status: 201,
      body: { '@odata.context': `${base}/$metadata#deviceManagement/deviceHealthScripts/$entity`, ...script },
      headers: { Location: `${base}/deviceManagement/deviceHealthScripts('${id}')` },
    };
  }

  function getScript(call: Call, id: string): Reply {
    allowOptions(call.url, ['$select']);
    const names = selected(call.url, Object.keys(SCRIPT_PROPERTIES), `${API}.deviceHealthScript`);
    const script = requireScript(id);
    return { status: 200, body: { '@odata.context': `${base}/$metadata#deviceManagement/deviceHealthScripts/$entity`, ...project(script, names) } };
  }

  function updateScript(call: Call, id: string): Reply {
    const input = checkScriptPayload(call.body);
    const refused = NOT_PATCHABLE.filter((name) => name in input);
    if (refused.length > 0) {
      throw modelError(`The properties ${refused.map((n) => `'${n}'`).join(', ')} of type '${API}.deviceHealthScript' cannot be set in a PATCH request; leave them out.`);
    }
    if ('detectionScriptContent' in input) requireDetection(input['detectionScriptContent']);
    const script = requireScript(id);
    for (const [name, value] of Object.entries(input)) if (name !== '@odata.type' && !PATCH_IGNORED.has(name)) script[name] = value;
    const version = Number(script['version']);
    script['version'] = String(Number.isInteger(version) ? version + 1 : 2);
    script['lastModifiedDateTime'] = now();
    return { status: 204 };
  }

  function deleteScript(id: string): Reply {
    requireScript(id);
    scripts.delete(id);
    assignments.delete(id);
    runStates.delete(id);
    return { status: 204 };
  }

  function listAssignments(call: Call, id: string): Reply {
    allowOptions(call.url, ['$top', '$skiptoken']);
    requireScript(id);
    return page(call, (assignments.get(id) ?? []).map((a) => structuredClone(a)), `deviceManagement/deviceHealthScripts('${id}')/assignments`);
  }

  function assign(call: Call, id: string): Reply {
    const body = call.body;
    if (!isObject(body)) throw badRequest('Empty Payload. JSON content expected.');
    for (const name of Object.keys(body)) {
      if (name !== 'deviceHealthScriptAssignments') {
        throw modelError(`The parameter '${name}' in the request payload is not a valid parameter for the operation 'assign'.`);
      }
    }
    const list = body['deviceHealthScriptAssignments'];
    if (!Array.isArray(list)) throw badRequest("The parameter 'deviceHealthScriptAssignments' must be a collection.");
    const checked = list.map(checkAssignment);
    requireScript(id);
    for (const a of checked) {
      const groupId = a['target']['groupId'];
      if (groupId !== undefined && !groups.has(groupId)) throw badRequest(`The group '${groupId}' does not exist in the directory.`);
      const filterId = a['target']['deviceAndAppManagementAssignmentFilterId'];
      if (filterId !== null && !filters.has(filterId)) throw badRequest(`The assignment filter '${filterId}' does not exist.`);
    }
    assignments.set(id, checked.map((a) => ({ id: randomUUID(), ...a })));
    return { status: 204 };
  }

  const STATE_PROPERTIES = [
    'id', 'detectionState', 'lastStateUpdateDateTime', 'expectedStateUpdateDateTime', 'lastSyncDateTime',
    'preRemediationDetectionScriptOutput', 'preRemediationDetectionScriptError', 'remediationScriptError',
    'postRemediationDetectionScriptOutput', 'postRemediationDetectionScriptError', 'remediationState', 'assignmentFilterIds',
  ];
  const DEVICE_PROPERTIES = ['id', 'deviceName', 'userPrincipalName', 'operatingSystem', 'osVersion', 'lastSyncDateTime'];

  function listRunStates(call: Call, id: string): Reply {
    allowOptions(call.url, ['$top', '$skiptoken', '$select', '$expand']);
    const names = selected(call.url, STATE_PROPERTIES, `${API}.deviceHealthScriptDeviceState`);
    let device: { names: string[] | undefined } | undefined;
    const expand = call.url.searchParams.get('$expand');
    if (expand !== null) {
      const match = /^\s*managedDevice\s*(?:\(\s*\$select\s*=\s*([^)]*)\))?\s*$/.exec(expand);
      if (!match) {
        const name = expand.split('(')[0]?.trim() ?? expand;
        throw badRequest(`Could not find a property named '${name}' on type '${API}.deviceHealthScriptDeviceState'.`);
      }
      // Like Graph, a $select inside the expansion still brings the device's id.
      const inner = match[1] === undefined ? undefined : parseSelect(match[1], DEVICE_PROPERTIES, `${API}.managedDevice`);
      device = { names: inner && !inner.includes('id') ? ['id', ...inner] : inner };
    }
    requireScript(id);
    const items = (runStates.get(id) ?? []).map((state) => {
      const { managedDevice, ...rest } = state;
      const item = project(rest, names);
      if (device) item['managedDevice'] = project(managedDevice, device.names);
      return structuredClone(item);
    });
    return page(call, items, `deviceManagement/deviceHealthScripts('${id}')/deviceRunStates`);
  }

  const FILTER_PROPERTIES = [
    'id', 'createdDateTime', 'lastModifiedDateTime', 'displayName', 'description', 'platform', 'rule',
    'roleScopeTags', 'payloads', 'assignmentFilterManagementType',
  ];

  function listFilters(call: Call): Reply {
    allowOptions(call.url, ['$top', '$skiptoken', '$select']);
    const names = selected(call.url, FILTER_PROPERTIES, `${API}.deviceAndAppManagementAssignmentFilter`);
    return page(call, [...filters.values()].map((f) => project(structuredClone(f), names)), 'deviceManagement/assignmentFilters');
  }

  const GROUP_PROPERTIES = [
    'id', 'deletedDateTime', 'classification', 'createdDateTime', 'description', 'displayName', 'groupTypes',
    'mail', 'mailEnabled', 'mailNickname', 'securityEnabled', 'visibility',
  ];

  function listGroups(call: Call): Reply {
    allowOptions(call.url, ['$top', '$skiptoken', '$select', '$filter']);
    const names = selected(call.url, GROUP_PROPERTIES, 'microsoft.graph.group');
    let items = [...groups.values()];
    const filter = call.url.searchParams.get('$filter');
    if (filter !== null) {
      // An OData string literal: quotes around it, '' for a quote inside.
      const match = /^\s*displayName\s+eq\s+'((?:[^']|'')*)'\s*$/.exec(filter);
      if (!match) {
        if (/^\s*displayName\s+eq\s+'/.test(filter)) throw new GraphError(400, 'Request_BadRequest', `Invalid filter clause: ${filter}`);
        throw new GraphError(400, 'Request_UnsupportedQuery', 'Unsupported Query.');
      }
      const wanted = (match[1] ?? '').replaceAll("''", "'").toLowerCase();
      items = items.filter((g) => String(g['displayName']).toLowerCase() === wanted);
    }
    return page(call, items.map((g) => project(structuredClone(g), names)), names ? `groups(${names.join(',')})` : 'groups');
  }

  /** Routing by path segments (after /beta). */
  function route(call: Call): Reply {
    const [first, collection, id, relation, ...more] = call.segments;
    const { method } = call;
    if (first === 'groups') {
      if (call.segments.length === 1 && method === 'GET') return listGroups(call);
      throw badRequest(`The Graph stand-in serves only GET /groups, not ${method} ${call.url.pathname}.`);
    }
    if (first !== 'deviceManagement') throw badRequest(`Resource not found for the segment '${first ?? ''}'.`);
    if (collection === 'assignmentFilters' && id === undefined && method === 'GET') return listFilters(call);
    if (collection === 'deviceHealthScripts' && more.length === 0) {
      if (id === undefined) {
        if (method === 'GET') return listScripts(call);
        if (method === 'POST') return createScript(call);
      } else if (relation === undefined) {
        if (method === 'GET') return getScript(call, id);
        if (method === 'PATCH') return updateScript(call, id);
        if (method === 'DELETE') return deleteScript(id);
      } else if (relation === 'assignments' && method === 'GET') {
        return listAssignments(call, id);
      } else if (relation === 'assign' && method === 'POST') {
        return assign(call, id);
      } else if (relation === 'deviceRunStates' && method === 'GET') {
        return listRunStates(call, id);
      }
    }
    throw noRoute(call);
  }

  // ---- the server loop ----

  /** Token, faults, permission, body, route: the order documented at the top. */
  function dispatch(call: Call, authorization: string | undefined, rawBody: string, bodyIsJson: boolean): Reply {
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
    if (bearer !== token && bearer !== readOnlyToken) {
      const message = bearer ? 'CompactToken parsing failed with error code: 80049217' : 'Access token is empty.';
      throw new GraphError(401, 'InvalidAuthenticationToken', message, {
        headers: { 'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"' },
      });
    }
    const path = `/${call.segments.join('/')}`;
    const fault = faults.find(
      (f) => f.left > 0 && (!f.rule.method || f.rule.method.toUpperCase() === call.method) && (!f.rule.path || f.rule.path.test(path)),
    );
    if (fault) {
      fault.left -= 1;
      if (fault.rule.applied) {
        try {
          serve(call, bearer, rawBody, bodyIsJson);
        } catch {
          // The fault's answer is what the client sees either way.
        }
      }
      throw faultError(fault.rule);
    }
    return serve(call, bearer, rawBody, bodyIsJson);
  }

  function serve(call: Call, bearer: string, rawBody: string, bodyIsJson: boolean): Reply {
    if (!call.url.pathname.startsWith('/beta/')) {
      throw badRequest(`Invalid version: ${call.url.pathname.split('/')[1] ?? ''}`);
    }
    if (WRITE_METHODS.has(call.method) && bearer === readOnlyToken) {
      const message = JSON.stringify(
        {
          _version: 3,
          Message: `Application is not authorized to perform this operation. Application must have one of the following scopes: DeviceManagementConfiguration.ReadWrite.All - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: ${call.requestId} - Url: ${call.url.pathname}`,
          CustomApiErrorPhrase: '',
          RetryAfter: null,
          ErrorSourceService: '',
          HttpHeaders: '{}',
        },
        null,
        2,
      ).replace(/\n/g, '\r\n');
      throw new GraphError(403, 'Forbidden', message);
    }
    if (rawBody !== '' && !bodyIsJson) {
      throw badRequest('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
    }
    return route(call);
  }

  function faultError(rule: FaultRule): GraphError {
    const codes: Record<number, [string, string]> = {
      400: ['BadRequest', 'Bad request.'],
      401: ['InvalidAuthenticationToken', 'Access token validation failure.'],
      403: ['Forbidden', 'Access is denied to the requested resource.'],
      404: ['ResourceNotFound', 'The requested resource does not exist.'],
      409: ['Conflict', 'The request conflicts with the current state.'],
      429: ['TooManyRequests', 'Too many requests. Please retry again later.'],
      500: ['InternalServerError', 'An internal server error occurred.'],
      502: ['BadGateway', 'Bad gateway.'],
      503: ['ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.'],
      504: ['GatewayTimeout', 'The gateway timed out.'],
    };
    const [code, message] = codes[rule.status] ?? ['UnknownError', `Injected failure ${rule.status}.`];
    const retryAfter = rule.retryAfter ?? (rule.status === 429 || rule.status === 503 ? 1 : undefined);
    return new GraphError(rule.status, code, message, retryAfter === undefined ? {} : { headers: { 'Retry-After': String(retryAfter) } });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const clientHeader = req.headers['client-request-id'];
    const clientRequestId = (Array.isArray(clientHeader) ? clientHeader[0] : clientHeader) ?? requestId;
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', origin);
    const logPath = url.pathname.startsWith('/beta/') ? url.pathname.slice('/beta'.length) : url.pathname;

    const rawBody = await readBody(req);
    let body: unknown = undefined;
    let bodyIsJson = true;
    if (rawBody !== '') {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = rawBody;
        bodyIsJson = false;
      }
    }

    let reply: Reply;
    try {
      const segments = logPath.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
      const call: Call = { method, segments, url, body, requestId };
      reply = dispatch(call, req.headers.authorization, rawBody, bodyIsJson);
    } catch (error) {
      const e = error instanceof GraphError ? error : new GraphError(500, 'InternalServerError', `Graph stand-in failure: ${String(error)}`);
      const innerError: Record<string, string> = {};
      if (e.innerMessage) innerError['message'] = e.message;
      innerError['date'] = graphDate();
      innerError['request-id'] = requestId;
      innerError['client-request-id'] = clientRequestId;
      reply = {
        status: e.status,
        body: { error: { code: e.code, message: e.message, innerError } },
        headers: { 'Content-Type': 'application/json', ...e.headers },
      };
    }

    requests.push({ method, path: logPath, search: url.search, status: reply.status, body });
    const headers: Record<string, string | number> = { 'request-id': requestId, 'client-request-id': clientRequestId };
    let text: string | undefined;
    if (reply.body !== undefined) {
      text = JSON.stringify(reply.body);
      headers['Content-Type'] = ODATA_JSON;
      headers['Content-Length'] = Buffer.byteLength(text);
    }
    Object.assign(headers, reply.headers);
    res.writeHead(reply.status, headers);
    res.end(text);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`Graph stand-in crashed: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  base = `${origin}/beta`;

  return {
    url: base,
    token,
    readOnlyToken,
    scripts,
    assignments,
    runStates,
    groups,
    filters,
    requests,

    addGroup(displayName) {
      const id = randomUUID();
      groups.set(id, {
        id,
        deletedDateTime: null,
        classification: null,
        createdDateTime: now(),
        description: null,
        displayName,
        groupTypes: [],
        mail: null,
        mailEnabled: false,
        mailNickname: displayName.replace(/[^A-Za-z0-9]/g, '') || id.slice(0, 8),
        securityEnabled: true,
        visibility: null,
      });
      return id;
    },

    addFilter(displayName, platform = 'windows10AndLater') {
      const id = randomUUID();
      const stamp = now();
      filters.set(id, {
        id,
        createdDateTime: stamp,
        lastModifiedDateTime: stamp,
        displayName,
        description: '',
        platform,
        rule: '(device.deviceOwnership -eq "Corporate")',
        roleScopeTags: ['0'],
        payloads: [],
        assignmentFilterManagementType: 'devices',
      });
      return id;
    },

    addScript(fields) {
      const id = typeof fields['id'] === 'string' ? fields['id'] : randomUUID();
      scripts.set(id, makeScript(id, fields));
      if (!assignments.has(id)) assignments.set(id, []);
      if (!runStates.has(id)) runStates.set(id, []);
      return id;
    },

    addRunState(scriptId, state) {
      if (!scripts.has(scriptId)) throw new Error(`addRunState: no script ${scriptId}`);
      const detectionState = state.detectionState ?? 'success';
      const remediationState = state.remediationState ?? 'skipped';
      if (!DETECTION_STATES.includes(detectionState)) throw new Error(`addRunState: detectionState '${detectionState}' is not a runState`);
      if (!REMEDIATION_STATES.includes(remediationState)) throw new Error(`addRunState: remediationState '${remediationState}' is not a remediationState`);
      let deviceId = deviceIds.get(state.deviceName);
      if (!deviceId) {
        deviceId = randomUUID();
        deviceIds.set(state.deviceName, deviceId);
      }
      const lastSync = state.lastSyncDateTime ?? now();
      const entry: Record<string, any> = {
        id: `${scriptId}:${deviceId}`,
        detectionState,
        lastStateUpdateDateTime: state.lastStateUpdateDateTime ?? now(),
        expectedStateUpdateDateTime: null,
        lastSyncDateTime: lastSync,
        preRemediationDetectionScriptOutput: state.preRemediationDetectionScriptOutput ?? null,
        preRemediationDetectionScriptError: state.preRemediationDetectionScriptError ?? null,
        remediationScriptError: state.remediationScriptError ?? null,
        postRemediationDetectionScriptOutput: state.postRemediationDetectionScriptOutput ?? null,
        postRemediationDetectionScriptError: state.postRemediationDetectionScriptError ?? null,
        remediationState,
        assignmentFilterIds: [],
        managedDevice: {
          id: deviceId,
          deviceName: state.deviceName,
          userPrincipalName: state.userName ?? '',
          operatingSystem: 'Windows',
          osVersion: '10.0.22631.4317',
          lastSyncDateTime: lastSync,
        },
      };
      // One state per device and script: a newer run replaces the older.
      const list = (runStates.get(scriptId) ?? []).filter((s) => s['managedDevice']['id'] !== deviceId);
      list.push(entry);
      runStates.set(scriptId, list);
    },

    fail(rule) {
      faults.push({ rule, left: rule.times ?? 1 });
    },

    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
