/**
 * A stand-in for Tactical RMM's scripts REST API: a real HTTP server on loopback, started by tests, so
 * `remc tactical` speaks HTTP to something with Tactical's shapes rather than to mocks of its own.
 *
 * Built from amidaware/tacticalrmm (api/tacticalrmm/, at the commit of June 2026):
 * - tacticalrmm/urls.py mounts scripts/urls.py under `scripts/`: `""` (GetAddScripts) and
 *   `<int:pk>/` (GetUpdateDeleteScript); the trailing slash is part of the route.
 * - scripts/views.py: GET /scripts/ answers ScriptTableSerializer(many=True) ordered by category;
 *   `showCommunityScripts=false` keeps only script_type "userdefined"; hidden scripts only with
 *   `showHiddenScripts=true`. POST /scripts/ saves ScriptSerializer(partial=True) and answers the string
 *   "<name> was added!" (no id). GET /scripts/<pk>/ answers ScriptSerializer. PUT /scripts/<pk>/ on a
 *   "builtin" script answers notify_error("Community scripts cannot be edited.") (400, a JSON string)
 *   unless it only sets favorite or hidden; else ScriptSerializer(partial=True) and "<name> was edited!".
 *   A pk that does not exist: get_object_or_404, 404 { "detail": "Not found." }.
 * - scripts/serializers.py: ScriptTableSerializer fields id, name, description, script_type, shell,
 *   args, category, favorite, default_timeout, syntax, filename, hidden, supported_platforms,
 *   run_as_user, env_vars; ScriptSerializer id, name, description, shell, args, category, favorite,
 *   script_body, script_hash (read-only), default_timeout, syntax, filename, hidden,
 *   supported_platforms, run_as_user, env_vars. Fields not in the serializer are ignored (DRF).
 * - scripts/models.py: defaults (shell powershell, script_type userdefined, default_timeout 90, args
 *   and env_vars [], hidden and run_as_user false); script_hash an HMAC of the body (here a sha256).
 * - tacticalrmm/auth.py APIAuthentication reads the X-API-KEY header; settings.py lists knox's token
 *   authentication first, so an unauthenticated request is 401 with { "detail": "Authentication
 *   credentials were not provided." } and a wrong key 401 { "detail": "Invalid token." } (DRF).
 * Choices where the source says nothing a client may lean on: ids count up from 1; a POST without
 * `name` is 400 { "name": ["This field is required."] } (DRF's required-field message).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TacticalScriptRow {
  id: number;
  name: string;
  description: string;
  script_type: 'userdefined' | 'builtin';
  shell: string;
  args: string[];
  category: string | null;
  favorite: boolean;
  default_timeout: number;
  syntax: string | null;
  filename: string | null;
  hidden: boolean;
  supported_platforms: string[];
  run_as_user: boolean;
  env_vars: string[];
  script_body: string;
}

const TABLE_FIELDS = ['id', 'name', 'description', 'script_type', 'shell', 'args', 'category', 'favorite', 'default_timeout', 'syntax', 'filename', 'hidden', 'supported_platforms', 'run_as_user', 'env_vars'] as const;
const DETAIL_FIELDS = ['id', 'name', 'description', 'shell', 'args', 'category', 'favorite', 'script_body', 'default_timeout', 'syntax', 'filename', 'hidden', 'supported_platforms', 'run_as_user', 'env_vars'] as const;
const WRITABLE = DETAIL_FIELDS.filter((f) => f !== 'id');

export interface TacticalStandIn {
  readonly url: string;
  readonly apiKey: string;
  readonly scripts: TacticalScriptRow[];
  /** Every request: method, path with query, and the X-API-KEY header it carried. */
  readonly requests: { method: string; path: string; apiKey: string | undefined }[];
  /** Adds a script as if made in the UI (or loaded from the community scripts); returns it. */
  add(row: Partial<TacticalScriptRow> & { name: string }): TacticalScriptRow;
  close(): Promise<void>;
}

function pick(row: TacticalScriptRow, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, row[f as keyof TacticalScriptRow]]));
}

export async function startTacticalStandIn(apiKey = 'TACTICAL-TEST-KEY-0123456789'): Promise<TacticalStandIn> {
  const scripts: TacticalScriptRow[] = [];
  const requests: TacticalStandIn['requests'] = [];
  let next = 1;
  const add = (row: Partial<TacticalScriptRow> & { name: string }): TacticalScriptRow => {
    const made: TacticalScriptRow = {
      id: next++,
      description: '',
      script_type: 'userdefined',
      shell: 'powershell',
      args: [],
      category: null,
      favorite: false,
      default_timeout: 90,
      syntax: null,
      filename: null,
      hidden: false,
      supported_platforms: [],
      run_as_user: false,
      env_vars: [],
      script_body: '',
      ...row,
    };
    scripts.push(made);
    return made;
  };
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const detail = (row: TacticalScriptRow) => ({ ...pick(row, DETAIL_FIELDS), script_hash: createHash('sha256').update(row.script_body).digest('hex') });

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const key = req.headers['x-api-key'];
    requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, apiKey: typeof key === 'string' ? key : undefined });
    if (key === undefined) return send(res, 401, { detail: 'Authentication credentials were not provided.' });
    if (key !== apiKey) return send(res, 401, { detail: 'Invalid token.' });
    let body: Record<string, unknown> = {};
    if (raw !== '') {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return send(res, 400, { detail: 'JSON parse error' });
      }
    }
    const writable = Object.fromEntries(Object.entries(body).filter(([k]) => (WRITABLE as readonly string[]).includes(k)));
    if (url.pathname === '/scripts/') {
      if (req.method === 'GET') {
        const community = url.searchParams.get('showCommunityScripts');
        const hidden = url.searchParams.get('showHiddenScripts');
        const rows = scripts
          .filter((s) => !(community === 'false' && s.script_type !== 'userdefined'))
          .filter((s) => hidden === 'true' || !s.hidden)
          .sort((a, b) => (a.category ?? '').localeCompare(b.category ?? '') || a.id - b.id);
        return send(res, 200, rows.map((r) => pick(r, TABLE_FIELDS)));
      }
      if (req.method === 'POST') {
        if (typeof writable['name'] !== 'string' || writable['name'] === '') return send(res, 400, { name: ['This field is required.'] });
        const made = add({ ...(writable as Partial<TacticalScriptRow>), name: writable['name'], script_type: 'userdefined' });
        return send(res, 200, `${made.name} was added!`);
      }
      return send(res, 405, { detail: `Method "${req.method}" not allowed.` });
    }
    const one = /^\/scripts\/(\d+)\/$/.exec(url.pathname);
    if (one) {
      const row = scripts.find((s) => s.id === Number(one[1]));
      if (!row) return send(res, 404, { detail: 'Not found.' });
      if (req.method === 'GET') return send(res, 200, detail(row));
      if (req.method === 'PUT') {
        let data = writable;
        if (row.script_type === 'builtin') {
          if ('favorite' in body) data = { favorite: body['favorite'] };
          else if ('hidden' in body) data = { hidden: body['hidden'] };
          else return send(res, 400, 'Community scripts cannot be edited.');
        }
        Object.assign(row, data);
        return send(res, 200, `${row.name} was edited!`);
      }
      return send(res, 405, { detail: `Method "${req.method}" not allowed.` });
    }
    return send(res, 404, { detail: 'Not found.' });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    scripts,
    requests,
    add,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
