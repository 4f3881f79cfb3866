/**
 * `remc init [dir]`: scaffolds a project that builds, checks and tests as it stands: package.json with
 * the scripts, a tsconfig.json for editors, one example remediation (TypeScript, or YAML with `--yaml`),
 * a .gitignore and the example CI workflow (.github/workflows/remc.yml: test, build, bundle, sign). It never replaces a file: when any of them exists, it says which and writes nothing.
 * A package.json that is already there (e.g. made by `npm install <remc>` or `npm init -y`) only gains
 * the missing scripts, and npm's placeholder test script gives way to remc's; a script of the same
 * name that says something else is a conflict too.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { REMC_ROOT } from '../paths.ts';
import { newOwnerKey } from '../publish/owner.ts';
import { DECLARATION_COMPILER_OPTIONS } from '../load/typecheck.ts';
import { createFiles, replaceFile } from '../write/write.ts';
import type { Args } from './args.ts';
import { commandHelp } from './help.ts';

export interface InitOptions {
  /** The folder to scaffold (created when missing). */
  readonly dir: string;
  /** The example as `remediations/print-spooler.remc.yaml` instead of TypeScript. */
  readonly yaml?: boolean;
}

export interface InitResult {
  readonly ok: boolean;
  /** Files created, relative to `dir`. */
  readonly created: readonly string[];
  /** package.json scripts added to an existing package.json. */
  readonly addedScripts: readonly string[];
  /** Scripts of an existing package.json that were npm's placeholder (`npm init`), replaced by remc's. */
  readonly replacedScripts?: readonly string[];
  /** An existing package.json gained `remc.owner` (the key remc publish marks scripts with). */
  readonly addedOwner?: boolean;
  /** Why nothing was written. */
  readonly error?: string;
}

export const SCRIPTS = { build: 'remc build', check: 'remc check', test: 'remc test' } as const;

/** The test script `npm init` writes: a placeholder that only fails, so remc's replaces it. */
const NPM_PLACEHOLDER_TEST = 'echo "Error: no test specified" && exit 1';

/** The project's tsconfig.json: remc's settings for declarations (editors and `remc check` read it). */
const TSCONFIG = {
  compilerOptions: DECLARATION_COMPILER_OPTIONS,
  include: ['remediations', 'templates', 'lib'],
};

const GITIGNORE = `# Commit remediations/ (and templates/, lib/ if you add them), package.json, package-lock.json and
# tsconfig.json. dist/ holds the scripts you upload: commit it and let CI run \`remc build --check\`,
# or ignore it (uncomment the next line) and let CI build and publish it.
# dist/
node_modules/
# What an interrupted build leaves beside the output folder (remc removes it on the next build).
*.remc-stage-*/
*.remc-old/
# remc test's cache of passing proofs and template tests.
.cache/
`;

const EXAMPLE_TS = `import { defineRemediation, serviceState } from 'remc';

// Starts the Print Spooler when it is stopped and keeps it starting with Windows. Rename the file and
// the id, then \`npm run build\`: dist/print-spooler/ holds detect.ps1, remediate.ps1 and the Graph body.
export default defineRemediation({
  id: 'print-spooler',
  displayName: 'Print Spooler running',
  description: 'Starts the Print Spooler service when it is stopped and sets it to start automatically.',
  publisher: 'Contoso IT',
  runAs: 'system', // services need administrative rights: SYSTEM under Intune
  checks: [serviceState({ name: 'Spooler', status: 'running', startType: 'automatic' })],
});
`;

const EXAMPLE_YAML = `# yaml-language-server: $schema=../node_modules/remc/docs/schema/remc-declaration.schema.json
# Starts the Print Spooler when it is stopped and keeps it starting with Windows. Rename the file and
# the id, then \`npm run build\`: dist/print-spooler/ holds detect.ps1, remediate.ps1 and the Graph body.
id: print-spooler
displayName: Print Spooler running
description: Starts the Print Spooler service when it is stopped and sets it to start automatically.
publisher: Contoso IT
runAs: system # services need administrative rights: SYSTEM under Intune
checks:
  - template: serviceState
    name: Spooler
    status: running
    startType: automatic
`;

/** A package name npm accepts, from the folder's name. */
function packageName(dir: string): string {
  const name = path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|-+$/g, '');
  return name || 'remediations';
}

/**
 * Where the new project gets remc from: already installed in its node_modules, else this remc's own
 * folder (a `file:` dependency: replace it with your registry or tarball when you publish remc).
 */
function remcDependency(dir: string): string {
  return `file:${path.relative(dir, REMC_ROOT).split(path.sep).join('/') || '.'}`;
}

/**
 * The key `remc publish` marks this repository's scripts in Intune with (package.json `remc.owner`):
 * the package name and a random suffix, so two repositories of one tenant never claim each other's.
 */
function freshOwner(name: string): string {
  return newOwnerKey(name, randomBytes(3).toString('hex'));
}

/** The CI workflow a new project starts with: the one in remc's examples (test/ci-workflow.test.ts checks it). */
const WORKFLOW = path.join(REMC_ROOT, 'examples', '.github', 'workflows', 'remc.yml');

export async function init(options: InitOptions): Promise<InitResult> {
  const dir = path.resolve(options.dir);
  const example = options.yaml ? 'remediations/print-spooler.remc.yaml' : 'remediations/print-spooler.ts';
  const files = new Map<string, string>([
    ['tsconfig.json', `${JSON.stringify(TSCONFIG, null, 2)}\n`],
    ['.gitignore', GITIGNORE],
    [example, options.yaml ? EXAMPLE_YAML : EXAMPLE_TS],
    ['.github/workflows/remc.yml', readFileSync(WORKFLOW, 'utf8')],
  ]);
  const fail = (error: string): InitResult => ({ ok: false, created: [], addedScripts: [], error });

  const existing = [...files.keys()].filter((f) => existsSync(path.join(dir, f)));
  // Another example already in remediations/ would make a second declaration of print-spooler.
  const remediations = path.join(dir, 'remediations');
  if (!existing.includes(example) && existsSync(remediations) && readdirSync(remediations).length > 0) existing.push('remediations/ (not empty)');
  const manifestFile = path.join(dir, 'package.json');
  let manifest: Record<string, unknown> | undefined;
  const addedScripts: string[] = [];
  const replacedScripts: string[] = [];
  let addsOwner = false;
  if (existsSync(manifestFile)) {
    try {
      manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      return fail(`package.json is not valid JSON (${(error as Error).message}); nothing was written`);
    }
    addsOwner = (manifest['remc'] as { owner?: unknown } | undefined)?.owner === undefined;
    const scripts = (manifest['scripts'] ?? {}) as Record<string, unknown>;
    for (const [name, command] of Object.entries(SCRIPTS)) {
      if (scripts[name] === undefined) addedScripts.push(name);
      else if (name === 'test' && scripts[name] === NPM_PLACEHOLDER_TEST) replacedScripts.push(name);
      else if (scripts[name] !== command) existing.push(`package.json script "${name}" (${JSON.stringify(scripts[name])})`);
    }
  } else {
    files.set(
      'package.json',
      `${JSON.stringify(
        {
          name: packageName(dir),
          version: '1.0.0',
          private: true,
          type: 'module',
          scripts: SCRIPTS,
          devDependencies: { remc: remcDependency(dir) },
          remc: { owner: freshOwner(packageName(dir)) },
        },
        null,
        2,
      )}\n`,
    );
  }
  if (existing.length > 0) {
    return fail(`${path.relative(process.cwd(), dir) || '.'} already has ${existing.join(', ')}; remc init never replaces files, so nothing was written`);
  }

  const created = await createFiles(dir, files).catch((error: NodeJS.ErrnoException) => error);
  if (created instanceof Error) return fail(`${created.code === 'EEXIST' ? `${created.path} appeared while remc init ran` : created.message}; nothing was written`);
  if (manifest && (addedScripts.length > 0 || replacedScripts.length > 0 || addsOwner)) {
    const scripts = { ...((manifest['scripts'] ?? {}) as Record<string, unknown>) };
    for (const name of [...addedScripts, ...replacedScripts]) scripts[name] = SCRIPTS[name as keyof typeof SCRIPTS];
    const remc = addsOwner ? { remc: { ...((manifest['remc'] ?? {}) as Record<string, unknown>), owner: freshOwner(String(manifest['name'] ?? packageName(dir))) } } : {};
    await replaceFile(manifestFile, Buffer.from(`${JSON.stringify({ ...manifest, scripts, ...remc }, null, 2)}\n`));
  }
  return { ok: true, created, addedScripts, replacedScripts, addedOwner: addsOwner };
}

/** `remc init [DIR]`: scaffolds, then names what it made and what to run next. */
export async function runInit(args: Args): Promise<number> {
  if (args.positionals.length > 1) {
    console.error(`remc: 'remc init' takes one folder, got ${args.positionals.length}\n\n${commandHelp('init')}`);
    return 1;
  }
  const dir = args.positionals[0] ?? '.';
  const result = await init({ dir, yaml: args.flags.has('--yaml') });
  if (!result.ok) {
    console.error(`remc init: ${result.error}`);
    return 1;
  }
  for (const file of result.created) console.log(`  created ${file}`);
  if (result.addedScripts.length > 0) console.log(`  package.json: added the scripts ${result.addedScripts.join(', ')}`);
  for (const name of result.replacedScripts ?? []) console.log(`  package.json: replaced npm's placeholder script ${name} with "${SCRIPTS[name as keyof typeof SCRIPTS]}"`);
  if (result.addedOwner) console.log('  package.json: added remc.owner, the key remc publish marks this repository\'s scripts in Intune with');
  const cd = path.relative(process.cwd(), path.resolve(dir));
  // `npm install` only when remc is not installed yet; `remc setup` once per user, for `remc test`.
  const install = existsSync(path.join(path.resolve(dir), 'node_modules', 'remc')) ? '' : 'npm install && ';
  console.log(`Scaffolded a remc project${cd ? ` in ${cd}/` : ''}. Next: ${cd ? `cd ${cd} && ` : ''}${install}npx remc setup && npx remc build && npx remc test && npx remc check`);
  return 0;
}
