/**
 * Where the Graph token comes from. A token handed in (`REMC_GRAPH_TOKEN`, what pipelines that already
 * log in use), or a credential of @azure/identity chosen by `REMC_GRAPH_AUTH` or, when that is unset,
 * by the environment variables present. remc never reads a secret from its command line and never
 * prints a token.
 */
import type { TokenCredential } from '@azure/identity';
import type { TokenSource } from './graph.ts';

/** The ways to sign in, as `REMC_GRAPH_AUTH` names them; each with what it reads. */
export const AUTH_METHODS = {
  token: 'REMC_GRAPH_TOKEN: a bearer token for Graph, obtained by your pipeline',
  environment: 'an app registration: AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or AZURE_CLIENT_CERTIFICATE_PATH (and AZURE_CLIENT_CERTIFICATE_PASSWORD)',
  'workload-identity': 'a federated token file: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE',
  'github-oidc': "GitHub Actions' OIDC token (permissions: id-token: write) exchanged for the app registration AZURE_TENANT_ID / AZURE_CLIENT_ID",
  'azure-cli': 'the account `az login` signed in (e.g. after the azure/login action)',
  'device-code': 'a person at a terminal: a code to enter at the sign-in page (AZURE_TENANT_ID, AZURE_CLIENT_ID)',
} as const;
export type AuthMethod = keyof typeof AUTH_METHODS;

type Env = Readonly<Record<string, string | undefined>>;

/** The method `REMC_GRAPH_AUTH` names, or the first one the environment provides for. */
export function authMethod(env: Env): AuthMethod | string {
  const named = env['REMC_GRAPH_AUTH']?.trim();
  if (named) return named in AUTH_METHODS ? (named as AuthMethod) : `REMC_GRAPH_AUTH must be one of ${Object.keys(AUTH_METHODS).join(', ')} (got '${named}')`;
  if (env['REMC_GRAPH_TOKEN']) return 'token';
  if (env['AZURE_CLIENT_SECRET'] || env['AZURE_CLIENT_CERTIFICATE_PATH']) return 'environment';
  if (env['AZURE_FEDERATED_TOKEN_FILE']) return 'workload-identity';
  if (env['ACTIONS_ID_TOKEN_REQUEST_URL'] && env['AZURE_CLIENT_ID'] && env['AZURE_TENANT_ID']) return 'github-oidc';
  return 'azure-cli';
}

/** What each method needs set, or undefined when it is all there. */
function missing(method: AuthMethod, env: Env): string | undefined {
  const need = (...names: string[]) => names.filter((n) => !env[n]);
  const lacking =
    method === 'token' ? need('REMC_GRAPH_TOKEN')
    : method === 'environment' ? [...need('AZURE_TENANT_ID', 'AZURE_CLIENT_ID'), ...(env['AZURE_CLIENT_SECRET'] || env['AZURE_CLIENT_CERTIFICATE_PATH'] ? [] : ['AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH'])]
    : method === 'workload-identity' ? need('AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_FEDERATED_TOKEN_FILE')
    : method === 'github-oidc' ? need('AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN')
    : method === 'device-code' ? need('AZURE_CLIENT_ID')
    : [];
  return lacking.length > 0 ? `${method} sign-in needs ${lacking.join(', ')} set` : undefined;
}

/**
 * GitHub Actions' OIDC token for Entra ID (audience api://AzureADTokenExchange), as GitHub documents
 * it: GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=... with the bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN.
 */
async function githubAssertion(env: Env): Promise<string> {
  const url = new URL(env['ACTIONS_ID_TOKEN_REQUEST_URL']!);
  url.searchParams.set('audience', 'api://AzureADTokenExchange');
  const response = await fetch(url, { headers: { Authorization: `bearer ${env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']}`, Accept: 'application/json' } });
  if (!response.ok) throw new Error(`GitHub's OIDC token request failed: ${response.status} (does the job have permissions: id-token: write?)`);
  const body = (await response.json()) as { value?: string };
  if (!body.value) throw new Error("GitHub's OIDC token response has no value");
  return body.value;
}

async function credentialFor(method: Exclude<AuthMethod, 'token'>, env: Env, log: (line: string) => void): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  const tenantId = env['AZURE_TENANT_ID'] ?? 'organizations';
  const clientId = env['AZURE_CLIENT_ID'] ?? '';
  switch (method) {
    case 'environment':
      return new identity.EnvironmentCredential();
    case 'workload-identity':
      return new identity.WorkloadIdentityCredential({ tenantId, clientId, tokenFilePath: env['AZURE_FEDERATED_TOKEN_FILE']! });
    case 'github-oidc':
      return new identity.ClientAssertionCredential(tenantId, clientId, () => githubAssertion(env));
    case 'azure-cli':
      return new identity.AzureCliCredential();
    case 'device-code':
      // The prompt is the one thing device code sign-in prints; it carries no token.
      return new identity.DeviceCodeCredential({ tenantId, clientId, userPromptCallback: (info) => log(info.message) });
  }
}

/**
 * The token source for `baseUrl`'s Graph (its origin + `/.default` is the scope, so national clouds
 * work with their own REMC_GRAPH_URL and AZURE_AUTHORITY_HOST), or what is missing to make one.
 */
export function tokenSource(env: Env, baseUrl: URL, log: (line: string) => void): TokenSource | string {
  const method = authMethod(env);
  if (!(method in AUTH_METHODS)) return method;
  const chosen = method as AuthMethod;
  const lacking = missing(chosen, env);
  if (lacking !== undefined) return `${lacking} (${AUTH_METHODS[chosen]})`;
  if (chosen === 'token') {
    const token = env['REMC_GRAPH_TOKEN']!.trim().replace(/^Bearer\s+/i, '');
    return { describe: 'REMC_GRAPH_TOKEN', getToken: async () => token };
  }
  const scope = `${baseUrl.origin}/.default`;
  return {
    describe: chosen,
    getToken: async () => {
      const credential = await credentialFor(chosen, env, log);
      try {
        const token = await credential.getToken(scope);
        if (!token) throw new Error('no token was returned');
        return token.token;
      } catch (error) {
        // @azure/identity's messages name the cause (no az login, a wrong secret) and never a token.
        throw new Error(`${chosen} sign-in failed: ${((error as Error).message ?? String(error)).split('\n')[0]}`);
      }
    },
  };
}
