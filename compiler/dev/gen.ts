/**
 * `npm run gen`: writes the files derived from the template folders (templates/index.ts, the public
 * exports), from the protocol (docs/schema/*.schema.json), from the public API (types/, the
 * declarations an installed remc is type-checked against) and from the 5.1 check (the data of the
 * templates' Pester rules). Tests fail when any is stale.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REMC_ROOT } from '../paths.ts';
import { PROTOCOL_TYPES } from '../protocol.ts';
import { TEMPLATE_RULES_FILE, templateRulesText } from '../ps/compat/template-rules.ts';
import { templateReference } from './docs.ts';
import { publicTypes } from './public-types.ts';
import { BUILTIN_TEMPLATES_DIR, builtinBarrel, templateFolders } from '../load/registry.ts';
import { declarationSchema } from './yaml-schema.ts';

export async function generatedFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  files.set('templates/index.ts', builtinBarrel());
  files.set('docs/templates.md', await templateReference(templateFolders(BUILTIN_TEMPLATES_DIR, 'builtin')));
  // YAML declarations: the schema editors read (only remc's own templates; a project's are checked by the build).
  files.set('docs/schema/remc-declaration.schema.json', `${JSON.stringify(await declarationSchema(templateFolders(BUILTIN_TEMPLATES_DIR, 'builtin')), null, 2)}\n`);
  for (const type of PROTOCOL_TYPES) files.set(`docs/schema/${type.name}.schema.json`, `${JSON.stringify(type.jsonSchema(), null, 2)}\n`);
  for (const [file, text] of publicTypes()) files.set(file, text);
  files.set(TEMPLATE_RULES_FILE, templateRulesText());
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
