/**
 * A template never states its name: it is named after its folder (templates/<name>/), its factory after
 * the export that holds it. The registry names what it imports, a declaration bundle names each folder
 * it holds (test/fixtures/template-named-from-folder, template-two-factories, template-outside-folder
 * prove the bundle's side), and a factory imported directly names itself from the file that defines it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { defineTemplate, nameTemplates } from '../compiler/declare/template.ts';
import { BUILTIN_TEMPLATES_DIR, loadTemplateFactories, templateFolders } from '../compiler/load/registry.ts';

const root = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'remc-template-naming-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A template folder of its own under `scratch`, whose index.ts holds `body` after the import of defineTemplate. */
function folder(name: string, body: string): string {
  const dir = path.join(scratch, 'templates', name);
  mkdirSync(dir, { recursive: true });
  const index = path.join(dir, 'index.ts');
  writeFileSync(index, `import { defineTemplate } from ${JSON.stringify(path.join(root, 'compiler', 'declare', 'template.ts'))};\n${body}\n`);
  return index;
}

const spec = (title: string) => `{ title: '${title}', summary: 'A test template.', defaultName: 'probe', options: {} }`;

describe('a template is named after its folder and its factory after its export', () => {
  it('every built-in folder defines exactly one template, named so', async () => {
    for (const f of templateFolders(BUILTIN_TEMPLATES_DIR, 'builtin')) {
      const factories = [...(await loadTemplateFactories(f))];
      expect(factories.map(([exported]) => exported), f.name).toHaveLength(1);
      const [exported, factory] = factories[0]!;
      expect([factory.spec.name, factory.spec.factory, factory.name], f.name).toEqual([f.name, exported, exported]);
    }
  });

  it('a factory imported directly, before any loader named it, names itself from the file that defines it', async () => {
    const index = folder('contoso-probe', `export const contosoProbe = defineTemplate(${spec('Contoso probe')});`);
    const { contosoProbe } = (await import(pathToFileURL(index).href)) as { contosoProbe: (props?: object) => { template: string } };
    expect(contosoProbe().template).toBe('contoso-probe');
    expect(contosoProbe.name).toBe('contosoProbe');
  });

  it('a folder that exports two templates names neither, and says so when one is used', async () => {
    const index = folder('two-probes', `export const firstProbe = defineTemplate(${spec('First')});\nexport const secondProbe = defineTemplate(${spec('Second')});`);
    const exports = (await import(pathToFileURL(index).href)) as Record<string, () => unknown>;
    const problem = 'templates/two-probes/index.ts exports 2 template factories (firstProbe, secondProbe); a template folder defines exactly one, named after the folder';
    expect(nameTemplates(exports, 'two-probes')).toBe(problem);
    expect(() => exports['firstProbe']!()).toThrow(problem);
    const f = { name: 'two-probes', dir: path.dirname(index), origin: 'project' as const, index, probe: undefined, fix: undefined, seam: undefined, native: undefined, fakes: undefined, scenarios: undefined, pesterTests: [] };
    await expect(loadTemplateFactories(f)).rejects.toThrow(problem);
  });

  it('a factory re-exported by another folder keeps the name of the folder that defines it', async () => {
    folder('kept-probe', `export const keptProbe = defineTemplate(${spec('Kept')});`);
    const index = folder('re-export', "export { keptProbe } from '../kept-probe/index.ts';");
    const exports = (await import(pathToFileURL(index).href)) as { keptProbe: (() => { template: string }) & { spec: { name: string } } };
    expect(nameTemplates(exports, 're-export')).toBeUndefined();
    expect(exports.keptProbe().template).toBe('kept-probe');
  });

  it('a template defined outside a template folder has no name, and its factory says why', () => {
    const inline = defineTemplate({ title: 'Inline', summary: 'Defined in a test.', defaultName: 'inline', options: {} });
    expect(() => inline()).toThrow(/^this template has no name: defineTemplate\(\) names a template after its folder/);
  });
});
