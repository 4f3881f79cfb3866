/**
 * The template registry, read from folders: a template is a folder `templates/<name>/` holding
 * `index.ts` and `probe.ps1`; it can fix when it holds `fix.ps1`. Built-in templates live in remc's own
 * `templates/`; a project may hold its own in `<project>/templates/`, laid out the same way. Nothing
 * lists templates by hand: the public exports (templates/index.ts) are generated from these folders.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { REMC_ROOT } from '../paths.ts';
import { isTemplateFactory, nameTemplates, type TemplateFactoryValue } from '../declare/template.ts';

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

/**
 * Whether Node can import .ts files. Running from the sources it can (bin/remc.mjs registered the
 * hook, or a test runner loads them); the packed CLI bundle registers the hook on first need.
 */
let loadsTypeScript = import.meta.url.endsWith('.ts');

/**
 * Imports a template folder's index.ts (through the TypeScript hook), names its template after the
 * folder and the export, and returns its factory by export name (none when it defines no template;
 * it throws when the folder defines more than one).
 */
export async function loadTemplateFactories(folder: TemplateFolder): Promise<Map<string, TemplateFactoryValue>> {
  if (!loadsTypeScript) {
    register(pathToFileURL(path.join(REMC_ROOT, 'bin', 'ts-hook.mjs')));
    loadsTypeScript = true;
  }
  const module = (await import(pathToFileURL(folder.index).href)) as Record<string, unknown>;
  const problem = nameTemplates(module, folder.name);
  if (problem) throw new Error(problem);
  const out = new Map<string, TemplateFactoryValue>();
  for (const [name, value] of Object.entries(module)) if (isTemplateFactory(value) && value.spec.name === folder.name) out.set(name, value);
  return out;
}

/**
 * The esbuild plugin that names the templates a declaration bundle holds: each template folder's
 * index.ts (remc's and the project's) is bundled with one statement more at its end, which hands the
 * module's exports to nameTemplates with the folder's name. Positions above it are unchanged.
 */
export function templateNaming(projectRoot: string): Plugin {
  const own = path.resolve(projectRoot, 'templates');
  const folders = [...templateFolders(BUILTIN_TEMPLATES_DIR, 'builtin'), ...(own === BUILTIN_TEMPLATES_DIR ? [] : templateFolders(own, 'project'))];
  // esbuild names a file by its real path.
  const byIndex = new Map(folders.map((f) => [realpathSync(f.index), f.name]));
  const naming = path.join(REMC_ROOT, 'compiler', 'declare', 'template.ts');
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return {
    name: 'remc-template-naming',
    setup(build) {
      if (byIndex.size === 0) return;
      build.onLoad({ filter: new RegExp(`^(?:${[...byIndex.keys()].map(escape).join('|')})$`) }, (args) => {
        const trailer = [
          '',
          `import { nameTemplates as __remcNameTemplates } from ${JSON.stringify(naming)};`,
          `import * as __remcTemplate from ${JSON.stringify(args.path)};`,
          `__remcNameTemplates(__remcTemplate, ${JSON.stringify(byIndex.get(args.path))});`,
          '',
        ].join('\n');
        return { contents: readFileSync(args.path, 'utf8') + trailer, loader: 'ts', resolveDir: path.dirname(args.path) };
      });
    },
  };
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
