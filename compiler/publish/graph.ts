/**
 * The Microsoft Graph client of `remc publish` and `remc status`: requests go through the retry and
 * redirect middleware of Microsoft's Graph client library (@microsoft/microsoft-graph-client: 429, 503
 * and 504 honour `Retry-After`, bounded retries with back-off), behind two small handlers of remc's own:
 * one that attaches the bearer token only to the configured Graph origin (the library's handler attaches
 * it to any Graph host, and only over https, so it cannot talk to a stand-in on loopback), and one that
 * holds every request to the command's overall time limit. Paging follows `@odata.nextLink` on the same
 * origin only. The token is never printed, logged or written: errors carry the status, Graph's error
 * code and message, the request id, and the method and path, nothing of the request's headers.
 */
import { HTTPMessageHandler, RedirectHandler, RetryHandler, RetryHandlerOptions, type Context, type Middleware } from '@microsoft/microsoft-graph-client';

/** What the token is fetched with: @azure/identity's TokenCredential, or the token handed in. */
export interface TokenSource {
  /** How the token was obtained, for messages ('REMC_GRAPH_TOKEN', 'client secret', ...). */
  readonly describe: string;
  getToken(): Promise<string>;
}

export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com/beta';

/** A Graph request that did not succeed, with what an admin needs to act on it. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly graphMessage: string,
    readonly method: string,
    readonly path: string,
    readonly requestId: string | undefined,
  ) {
    super(`${method} ${path}: ${status === 0 ? '' : `${status} `}${code}${graphMessage ? `: ${graphMessage}` : ''}${requestId ? ` (request-id ${requestId})` : ''}`);
  }
}

/** The base URL, checked: https, or http on a loopback host only (a token never travels in clear). */
export function graphBaseUrl(value: string | undefined): URL | string {
  const text = (value ?? '').trim() || DEFAULT_GRAPH_URL;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `REMC_GRAPH_URL is not a URL: '${text}'`;
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return `REMC_GRAPH_URL must be https:// (http:// only on a loopback host, so the token never travels in clear): '${text}'`;
  }
  if (url.search || url.hash || url.username || url.password) return `REMC_GRAPH_URL must be a plain base URL such as ${DEFAULT_GRAPH_URL}: '${text}'`;
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** A Graph collection response. */
interface Page {
  readonly value?: unknown[];
  readonly '@odata.nextLink'?: string;
}

export interface GraphClientOptions {
  readonly baseUrl: URL;
  readonly token: TokenSource;
  /** The overall time limit of the command, in ms from now: no request starts or waits beyond it. */
  readonly timeLimitMs: number;
  /** Retries of a throttled or unavailable request (429, 503, 504). @default 5 */
  readonly maxRetries?: number;
}

/** Attaches the bearer token to requests for the configured origin, and to nothing else. */
class OriginBoundAuth implements Middleware {
  private next!: Middleware;
  private token: Promise<string> | undefined;
  constructor(
    private readonly origin: string,
    private readonly source: TokenSource,
  ) {}
  setNext(next: Middleware): void {
    this.next = next;
  }
  async execute(context: Context): Promise<void> {
    const url = new URL(String(context.request));
    if (url.origin !== this.origin) throw new Error(`refusing to send the Graph token to ${url.origin} (the Graph URL is ${this.origin})`);
    this.token ??= this.source.getToken().catch((error: unknown) => {
      throw new SignInError((error as Error).message ?? String(error));
    });
    const headers = new Headers(context.options?.headers as HeadersInit | undefined);
    headers.set('Authorization', `Bearer ${await this.token}`);
    context.options = { ...context.options, headers };
    await this.next.execute(context);
  }
}

/** Gives each attempt (retries included) only the time left before the deadline. */
class Deadline implements Middleware {
  private next!: Middleware;
  constructor(private readonly deadline: number) {}
  setNext(next: Middleware): void {
    this.next = next;
  }
  async execute(context: Context): Promise<void> {
    const left = this.deadline - Date.now();
    if (left <= 0) throw new TimeLimitError();
    context.options = { ...context.options, signal: AbortSignal.timeout(left) };
    try {
      await this.next.execute(context);
    } catch (error) {
      if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') throw new TimeLimitError();
      throw error;
    }
  }
}

/** The token could not be had: a sign-in problem, not a network one. */
class SignInError extends Error {}

class TimeLimitError extends Error {
  constructor() {
    super('the time limit ran out');
  }
}

/** Seconds a throttled response asks to wait (Retry-After as seconds or an HTTP date), or undefined. */
function retryAfterSeconds(response: Response): number | undefined {
  const value = response.headers.get('Retry-After');
  if (value === null) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds : Math.max(0, (Date.parse(value) - Date.now()) / 1000);
}

export class GraphClient {
  readonly baseUrl: URL;
  private readonly chain: Middleware;
  /** Requests that were sent (each retry counts once more in Graph's eyes, not here). */
  requests = 0;

  constructor(options: GraphClientOptions) {
    this.baseUrl = options.baseUrl;
    const deadline = Date.now() + options.timeLimitMs;
    const retry = new RetryHandler(
      new RetryHandlerOptions(3, options.maxRetries ?? 5, (delay, _attempt, _request, _options, response) => {
        // Wait only when the wait (what Graph asks, or the back-off) ends before the time limit.
        const wait = retryAfterSeconds(response) ?? delay;
        return Date.now() + wait * 1000 < deadline;
      }),
    );
    const handlers: Middleware[] = [new OriginBoundAuth(options.baseUrl.origin, options.token), retry, new RedirectHandler(), new Deadline(deadline), new HTTPMessageHandler()];
    for (let i = 0; i < handlers.length - 1; i++) handlers[i]!.setNext?.(handlers[i + 1]!);
    this.chain = handlers[0]!;
  }

  /** The absolute URL of a path below the base URL (`/deviceManagement/...`), or a nextLink as given. */
  url(pathOrUrl: string): string {
    return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${this.baseUrl.href.replace(/\/$/, '')}${pathOrUrl}`;
  }

  /** One request; the parsed JSON body (undefined for 204), or a GraphError. */
  async request(method: string, pathOrUrl: string, body?: unknown): Promise<unknown> {
    const url = this.url(pathOrUrl);
    const shown = shownPath(url, this.baseUrl);
    const context: Context = {
      request: url,
      options: {
        method,
        headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      },
    };
    this.requests++;
    try {
      await this.chain.execute(context);
    } catch (error) {
      if (error instanceof TimeLimitError) throw new GraphError(0, 'TimeLimit', 'the time limit of the command ran out (REMC_GRAPH_TIMEOUT, in seconds)', method, shown, undefined);
      if (error instanceof SignInError) throw new GraphError(0, 'SignInFailed', `no Graph token: ${error.message}`, method, shown, undefined);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new GraphError(0, 'Unreachable', `cannot reach ${this.baseUrl.origin}: ${reason}`, method, shown, undefined);
    }
    const response = context.response!;
    const text = await response.text();
    if (!response.ok) throw errorOf(response, text, method, shown);
    if (response.status === 204 || text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new GraphError(response.status, 'NotJson', `the response is not JSON (${text.slice(0, 80)}...)`, method, shown, response.headers.get('request-id') ?? undefined);
    }
  }

  get(path: string): Promise<unknown> {
    return this.request('GET', path);
  }

  /** Every item of a collection, following `@odata.nextLink` (on the same origin) to the last page. */
  async list<T = Record<string, unknown>>(path: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    for (let pages = 0; next !== undefined; pages++) {
      if (pages >= 10_000) throw new GraphError(0, 'TooManyPages', 'more than 10,000 pages: the nextLink does not end', 'GET', path, undefined);
      const page = (await this.get(next)) as Page | undefined;
      items.push(...((page?.value ?? []) as T[]));
      next = page?.['@odata.nextLink'];
    }
    return items;
  }
}

function shownPath(url: string, base: URL): string {
  const parsed = new URL(url);
  const path = parsed.pathname.startsWith(base.pathname) ? parsed.pathname.slice(base.pathname.length) : parsed.pathname;
  return decodeURIComponent(path) + (parsed.search ? decodeURIComponent(parsed.search).replace(/\$skiptoken=[^&]*/, '$skiptoken=...') : '');
}

function errorOf(response: Response, text: string, method: string, path: string): GraphError {
  let code = `HTTP${response.status}`;
  let message = '';
  let requestId = response.headers.get('request-id') ?? undefined;
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; innerError?: Record<string, string> } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? '';
    requestId = body.error?.innerError?.['request-id'] ?? requestId;
  } catch {
    message = text.slice(0, 200);
  }
  return new GraphError(response.status, code, message.replace(/\s+/g, ' ').trim(), method, path, requestId);
}
