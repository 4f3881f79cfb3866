/**
 * The template registry, read from folders: a template is a folder `templates/<name>/` holding
 * `index.ts` and `probe.ps1`; it can fix when it holds `fix.ps1`. Built-in templates live in remc's own
 * `templates/`; a project may hold its own in `<project>/templates/`, laid out the same way. Nothing
 * lists templates by hand: the public exports (templates/index.ts) are generated from these folders.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REMC_ROOT } from '../paths.ts';
import type { TemplateSpec } from '../declare/template.ts';

/** The files of a template folder (absolute paths; undefined when absent). */
export interface TemplateFolder {
  readonly name: string;
  readonly dir: string;
  /** `builtin` for remc's own templates, `project` for a project's templates/ folder. */
  readonly origin: 'builtin' | 'project';
  readonly index: string;
  readonly probe: string | undefined;
  readonly fix: string | undefined;
  readonly seam: string | undefined;
  readonly native: string | undefined;
  readonly fakes: string | undefined;
  readonly scenarios: string | undefined;
  readonly pesterTests: readonly string[];
}

export const BUILTIN_TEMPLATES_DIR = path.join(REMC_ROOT, 'templates');

function present(file: string): string | undefined {
  return existsSync(file) ? file : undefined;
}

/** Every template folder under `dir` (those with an index.ts), sorted by name. */
export function templateFolders(dir: string, origin: TemplateFolder['origin']): TemplateFolder[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'index.ts')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const folder = path.join(dir, name);
      return {
        name,
        dir: folder,
        origin,
        index: path.join(folder, 'index.ts'),
        probe: present(path.join(folder, 'probe.ps1')),
        fix: present(path.join(folder, 'fix.ps1')),
        seam: present(path.join(folder, 'seam.ps1')),
        native: present(path.join(folder, 'native.cs')),
        fakes: present(path.join(folder, 'fakes.ps1')),
        scenarios: present(path.join(folder, 'scenarios.ts')),
        pesterTests: readdirSync(folder).filter((f) => f.endsWith('.Tests.ps1')).sort().map((f) => path.join(folder, f)),
      };
    });
}

/**
 * The templates a project can use: its own `templates/` folders, then remc's built-in ones. Inside
 * remc's own repository the two are the same folder.
 */
export function projectTemplates(projectRoot: string): Map<string, TemplateFolder> {
  const own = path.resolve(projectRoot, 'templates');
  const map = new Map<string, TemplateFolder>();
  for (const t of templateFolders(BUILTIN_TEMPLATES_DIR, 'builtin')) map.set(t.name, t);
  if (path.resolve(own) !== path.resolve(BUILTIN_TEMPLATES_DIR)) {
    for (const t of templateFolders(own, 'project')) {
      // A project template never silently replaces a built-in one: lowering reports the clash.
      if (!map.has(t.name)) map.set(t.name, t);
    }
  }
  return map;
}

/** The project's own template folders that clash with a built-in name. */
export function shadowingTemplates(projectRoot: string): TemplateFolder[] {
  const own = path.resolve(projectRoot, 'templates');
  if (own === path.resolve(BUILTIN_TEMPLATES_DIR)) return [];
  const builtin = new Set(templateFolders(BUILTIN_TEMPLATES_DIR, 'builtin').map((t) => t.name));
  return templateFolders(own, 'project').filter((t) => builtin.has(t.name));
}

/** A factory made by defineTemplate: a function carrying its spec. */
export function isTemplateFactory(value: unknown): value is ((...args: never[]) => unknown) & { spec: TemplateSpec } {
  return typeof value === 'function' && typeof (value as { spec?: { name?: unknown } }).spec?.name === 'string';
}

/**
 * Whether Node can import .ts files. Running from the sources it can (bin/remc.mjs registered the
 * hook, or a test runner loads them); the packed CLI bundle registers the hook on first need.
 */
let loadsTypeScript = import.meta.url.endsWith('.ts');

/** Imports a template folder's index.ts (through the TypeScript hook) and returns its factories by export name. */
export async function loadTemplateFactories(folder: TemplateFolder): Promise<Map<string, { spec: TemplateSpec }>> {
  if (!loadsTypeScript) {
    register(pathToFileURL(path.join(REMC_ROOT, 'bin', 'ts-hook.mjs')));
    loadsTypeScript = true;
  }
  const module = (await import(pathToFileURL(folder.index).href)) as Record<string, unknown>;
  const out = new Map<string, { spec: TemplateSpec }>();
  for (const [name, value] of Object.entries(module)) if (isTemplateFactory(value)) out.set(name, value);
  return out;
}

/** The generated barrel of the built-in templates: every folder's exports, re-exported. */
export function builtinBarrel(): string {
  const lines = [
    '// Generated from the folders under templates/ by `npm run gen` (compiler/load/registry.ts); do not edit.',
    '// A new built-in template is one folder: this file follows it.',
    ...templateFolders(BUILTIN_TEMPLATES_DIR, 'builtin').map((t) => `export * from './${t.name}/index.ts';`),
    '',
  ];
  return lines.join('\n');
}

export function readBarrel(): string | undefined {
  const file = path.join(BUILTIN_TEMPLATES_DIR, 'index.ts');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
