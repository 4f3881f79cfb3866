/**
 * `npm run gen`: writes the files derived from the template folders (templates/index.ts, the public
 * exports; docs/templates.md; README.md's template table), from the protocol (docs/schema/*.schema.json),
 * from the public API (types/, the declarations an installed remc is type-checked against) and from
 * the 5.1 check (the data of the templates' Pester rules). All are computed from the sources in
 * memory, the types from the sources with the new exports laid over them, so one run reaches what a
 * second would write. Tests fail when any is stale.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REMC_ROOT } from '../paths.ts';
import { PROTOCOL_TYPES } from '../protocol.ts';
import { TEMPLATE_RULES_FILE, templateRulesText } from '../ps/compat/template-rules.ts';
import { readmeWithTemplateTable, templateReference } from './docs.ts';
import { publicTypes } from './public-types.ts';
import { BUILTIN_TEMPLATES_DIR, builtinBarrel, templateFolders } from '../load/registry.ts';
import { declarationSchema } from './yaml-schema.ts';

export async function generatedFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const folders = templateFolders(BUILTIN_TEMPLATES_DIR, 'builtin');
  files.set('templates/index.ts', builtinBarrel());
  files.set('docs/templates.md', await templateReference(folders));
  files.set('README.md', await readmeWithTemplateTable(readFileSync(path.join(REMC_ROOT, 'README.md'), 'utf8'), folders));
  // YAML declarations: the schema editors read (only remc's own templates; a project's are checked by the build).
  files.set('docs/schema/remc-declaration.schema.json', `${JSON.stringify(await declarationSchema(folders), null, 2)}\n`);
  for (const type of PROTOCOL_TYPES) files.set(`docs/schema/${type.name}.schema.json`, `${JSON.stringify(type.jsonSchema(), null, 2)}\n`);
  files.set(TEMPLATE_RULES_FILE, templateRulesText());
  // The types of the sources as this run leaves them: the new barrel, not the one on disk.
  for (const [file, text] of publicTypes(files)) files.set(file, text);
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const made = await generatedFiles();
  for (const [file, text] of made) {
    const target = path.join(REMC_ROOT, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    console.log(`wrote ${file}`);
  }
  // types/ is wholly derived: a declaration file no source makes any more goes.
  const typesDir = path.join(REMC_ROOT, 'types');
  for (const entry of readdirSync(typesDir, { recursive: true, withFileTypes: true })) {
    const file = path.relative(REMC_ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (entry.isFile() && !made.has(file)) {
      rmSync(path.join(REMC_ROOT, file));
      console.log(`removed ${file}`);
    }
  }
}
