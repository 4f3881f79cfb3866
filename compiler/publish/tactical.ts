/**
 * `remc tactical`: the scripts `remc build --target tactical` wrote (tactical/api/<id>.json) imported
 * into a Tactical RMM server through its REST API, updating in place. As amidaware/tacticalrmm has it
 * (api/tacticalrmm/scripts/urls.py, views.py, serializers.py; the API key in the `X-API-KEY` header,
 * tacticalrmm/auth.py):
 * - `GET /scripts/` lists scripts as ScriptTableSerializer: id, name, description, script_type, shell,
 *   args, category, favorite, default_timeout, syntax, filename, hidden, supported_platforms,
 *   run_as_user, env_vars. No guid, no body; `showCommunityScripts=false` leaves out the built-in
 *   (community) scripts, `showHiddenScripts=true` includes hidden ones.
 * - `GET /scripts/<pk>/` answers ScriptSerializer: the same and script_body, script_hash.
 * - `POST /scripts/` creates (answers the string "<name> was added!", not the new id);
 *   `PUT /scripts/<pk>/` updates a user-defined script (partial; "<name> was edited!"); a built-in one
 *   is refused with 400 "Community scripts cannot be edited.".
 * The REST API keeps no guid for a user-defined script, so remc matches by a marker it writes at the
 * end of the description: `remc-guid:<guid>`, the remediation's stable guid (exports/ids.ts). One
 * match is updated with PUT (or left alone when nothing differs), none is created with POST, several
 * stop that remediation (which one would be a guess). Every write is read back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tacticalMarker } from '../emit/exports/tactical.ts';

/** The fields remc sends and compares (the REST body of tactical/api/<id>.json). */
export const TACTICAL_FIELDS = ['name', 'description', 'shell', 'args', 'category', 'script_body', 'default_timeout', 'syntax', 'filename', 'supported_platforms', 'run_as_user', 'env_vars'] as const;

export class TacticalError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly route: string,
    detail: string,
  ) {
    super(`${method} ${route}: ${status === 0 ? '' : `${status} `}${detail}`);
  }
}

/** The API's base URL, checked: https, or http on a loopback host only (the key never travels in clear). */
export function tacticalBaseUrl(value: string | undefined): URL | string {
  const text = (value ?? '').trim();
  if (text === '') return 'REMC_TACTICAL_URL is not set: give the URL of the Tactical RMM API (e.g. https://api.example.com)';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `REMC_TACTICAL_URL is not a URL: '${text}'`;
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return `REMC_TACTICAL_URL must be https:// (http:// only on a loopback host, so the API key never travels in clear): '${text}'`;
  }
  if (url.search || url.hash || url.username || url.password) return `REMC_TACTICAL_URL must be a plain base URL such as https://api.example.com: '${text}'`;
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** A small client: JSON in and out, the key only in X-API-KEY, each request bounded in time. */
export class TacticalClient {
  constructor(
    readonly baseUrl: URL,
    private readonly apiKey: string,
    private readonly timeoutMs = 120_000,
  ) {}

  async request(method: 'GET' | 'POST' | 'PUT', route: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { 'X-API-KEY': this.apiKey, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl.href.replace(/\/$/, '')}${route}`, {
        method,
        headers,
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new TacticalError(0, method, route, `no answer (${(error as Error).message})`);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON (a proxy's page): the status says enough.
    }
    if (!response.ok) {
      // DRF answers { detail: "..." }; notify_error a plain string; a validation error { field: [messages] }.
      const detail = typeof parsed === 'string' ? parsed.slice(0, 300) : parsed && typeof parsed === 'object' ? JSON.stringify(parsed).slice(0, 300) : response.statusText;
      throw new TacticalError(response.status, method, route, detail);
    }
    return parsed;
  }
}

/** One script as the list (ScriptTableSerializer) or a GET by id (ScriptSerializer) gives it. */
export type TacticalRecord = Readonly<Record<string, unknown>> & { readonly id: number };

/** What a person can do about a Tactical error. */
export function tacticalHint(error: TacticalError): string {
  if (error.status === 401) return '; the API key is missing, wrong or expired (REMC_TACTICAL_API_KEY; Settings > Global Settings > API Keys)';
  if (error.status === 403) return "; the API key's user lacks the permission to manage scripts";
  if (error.status === 404 && error.route.startsWith('/scripts/?')) return '; is REMC_TACTICAL_URL the API URL (https://api.<your domain>), not the web UI?';
  return '';
}

/** A remediation's desired script: the REST body remc built, and its guid (from the marker). */
export interface TacticalDesired {
  readonly remediation: string;
  readonly guid: string;
  readonly body: Readonly<Record<string, unknown>>;
}

/** tactical/api/<id>.json under the build folder, or why they cannot be read. */
export function readTacticalBodies(dist: string): TacticalDesired[] | string {
  const dir = path.join(dist, 'tactical', 'api');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return `${path.relative(process.cwd(), dir) || dir} does not exist: build the tactical target first (remc build --target tactical, or targets: ['tactical'] in the declarations)`;
  }
  const desired: TacticalDesired[] = [];
  for (const name of names) {
    const body = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Record<string, unknown>;
    const guid = markerGuid(body['description']);
    if (guid === undefined) return `${name} carries no ${tacticalMarker('<guid>')} marker in its description: rebuild it with this remc`;
    desired.push({ remediation: name.slice(0, -'.json'.length), guid, body });
  }
  return desired;
}

/** The guid of the `remc-guid:<guid>` marker in a description, if it carries one. */
export function markerGuid(description: unknown): string | undefined {
  return typeof description === 'string' ? /(?:^|\s)remc-guid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=$|[\s).;,])/.exec(description)?.[1] : undefined;
}

export type TacticalAction = 'create' | 'update' | 'unchanged';

export interface TacticalPlanEntry {
  readonly remediation: string;
  readonly action: TacticalAction;
  /** The script's id in Tactical; after a create, the id read back. */
  scriptId: number | null;
  readonly changes: readonly string[];
  readonly name: string;
  result?: { readonly ok: true } | { readonly ok: false; readonly error: string };
}

export interface TacticalReport {
  readonly entries: TacticalPlanEntry[];
  /** Remediations that cannot be planned (several scripts carry their marker): nothing is written for them. */
  readonly problems: readonly string[];
  readonly applied: boolean;
}

/** The user-defined scripts (hidden ones too): built-in ones cannot be edited, so remc never matches them. */
const LIST = '/scripts/?showCommunityScripts=false&showHiddenScripts=true';

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The fields whose value in Tactical differs from what remc built. */
function changedFields(current: Readonly<Record<string, unknown>>, body: Readonly<Record<string, unknown>>): string[] {
  return TACTICAL_FIELDS.filter((f) => f in body && !sameValue(current[f], body[f]));
}

async function listScripts(client: TacticalClient): Promise<TacticalRecord[]> {
  const list = await client.request('GET', LIST);
  if (!Array.isArray(list)) throw new TacticalError(200, 'GET', LIST, 'the answer is not a list of scripts');
  return list as TacticalRecord[];
}

/** The plan and, with `apply`, the writes; each remediation written and read back on its own. */
export async function tacticalImport(client: TacticalClient, desired: readonly TacticalDesired[], apply: boolean): Promise<TacticalReport> {
  const listed = await listScripts(client);
  const entries: TacticalPlanEntry[] = [];
  const problems: string[] = [];
  for (const d of desired) {
    const matches = listed.filter((s) => markerGuid(s['description']) === d.guid);
    if (matches.length > 1) {
      problems.push(`"${d.remediation}": ${matches.length} scripts in Tactical carry its marker remc-guid:${d.guid} (ids ${matches.map((m) => m.id).join(', ')}); delete all but one, then import again`);
      continue;
    }
    const name = String(d.body['name']);
    if (matches.length === 0) {
      entries.push({ remediation: d.remediation, action: 'create', scriptId: null, changes: [], name });
      continue;
    }
    const id = matches[0]!.id;
    const current = (await client.request('GET', `/scripts/${id}/`)) as Record<string, unknown>;
    const changes = changedFields(current, d.body);
    entries.push({ remediation: d.remediation, action: changes.length > 0 ? 'update' : 'unchanged', scriptId: id, changes, name });
  }
  if (!apply || problems.length > 0) return { entries, problems, applied: false };
  for (const entry of entries) {
    if (entry.action === 'unchanged') continue;
    const d = desired.find((x) => x.remediation === entry.remediation)!;
    try {
      if (entry.action === 'create') await client.request('POST', '/scripts/', d.body);
      else await client.request('PUT', `/scripts/${entry.scriptId}/`, d.body);
      entry.result = await readBack(client, d, entry);
    } catch (error) {
      entry.result = { ok: false, error: error instanceof TacticalError ? `${error.message}${tacticalHint(error)}` : (error as Error).message };
    }
  }
  return { entries, problems, applied: true };
}

/** After a write: exactly one script carries the marker, and it holds what was sent. */
async function readBack(client: TacticalClient, d: TacticalDesired, entry: TacticalPlanEntry): Promise<{ ok: true } | { ok: false; error: string }> {
  const matches = (await listScripts(client)).filter((s) => markerGuid(s['description']) === d.guid);
  if (matches.length !== 1) return { ok: false, error: `read back: ${matches.length} scripts carry the marker remc-guid:${d.guid}` };
  entry.scriptId = matches[0]!.id;
  const stored = (await client.request('GET', `/scripts/${matches[0]!.id}/`)) as Record<string, unknown>;
  const differs = changedFields(stored, d.body);
  return differs.length === 0 ? { ok: true } : { ok: false, error: `read back: Tactical holds other values for ${differs.join(', ')}` };
}
