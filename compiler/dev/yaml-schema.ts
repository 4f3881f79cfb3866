/**
 * The JSON Schema of YAML declarations (docs/schema/remc-declaration.schema.json), generated from the
 * same tables the compiler validates with (defineRemediation's, each template's spec): each option's
 * `.schema`, `.default` and `.describe`, its doc from the JSDoc above it (as docs/templates.md reads
 * it). Editors use it through `# yaml-language-server: $schema=...`; the compiler never needs it
 * (compiler/validate/ holds the rules).
 */
import path from 'node:path';
import { Node, Project, ts } from 'ts-morph';
import { customCheck } from '../declare/custom.ts';
import { optionDocs } from './docs.ts';
import { REMEDIATION_OPTIONS } from '../declare/remediation-options.ts';
import { REMC_ROOT } from '../paths.ts';
import { CAUSES, type Trigger } from '../protocol.ts';
import { loadTemplateFactories, type TemplateFolder } from '../load/registry.ts';
import type { OptionSchema, TemplateSpec } from '../declare/template.ts';
import { CUSTOM_CHECK } from '../load/yaml.ts';

type Json = Record<string, unknown>;

/** The JSDoc of each property of an interface (first paragraph kept whole, tags dropped). */
function interfaceDocs(file: string, name: string): Map<string, string> {
  const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
  const docs = new Map<string, string>();
  for (const prop of project.addSourceFileAtPath(file).getInterfaceOrThrow(name).getProperties()) {
    const text = prop.getJsDocs().map((d) => d.getDescription()).join(' ').replace(/\s+/g, ' ').trim();
    docs.set(prop.getName(), text);
  }
  return docs;
}

/** The JSDoc of each property of an exported object literal, `export const NAME = { ... }` (tags dropped). */
function tableDocs(file: string, name: string): Map<string, string> {
  const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
  let table: Node | undefined = project.addSourceFileAtPath(file).getVariableDeclarationOrThrow(name).getInitializer();
  // Through `as const` and `satisfies`.
  while (table && (Node.isAsExpression(table) || Node.isSatisfiesExpression(table))) table = table.getExpression();
  if (!table || !Node.isObjectLiteralExpression(table)) throw new Error(`${file}: ${name} is not an object literal`);
  const docs = new Map<string, string>();
  for (const prop of table.getProperties()) {
    if (!Node.isPropertyAssignment(prop)) continue;
    const text = ts
      .getJSDocCommentsAndTags(prop.compilerNode)
      .filter(ts.isJSDoc)
      .map((d) => ts.getTextOfJSDocComment(d.comment) ?? '')
      .join(' ');
    docs.set(prop.getName(), text.replace(/\s+/g, ' ').trim());
  }
  return docs;
}

/** A protocol trigger as YAML writes it (for defaults). */
function yamlTrigger(t: Trigger): unknown {
  if (t.kind === 'all') return { allOf: t.parts.map(yamlTrigger) };
  if (t.kind === 'drift') return 'drift';
  if (t.kind === 'schedule') return 'schedule';
  if (t.kind === 'finding') return { finding: t.check };
  return { finds: [...t.causes], of: t.check };
}

function optionProperties(options: OptionSchema, docs: ReadonlyMap<string, string>, skip: readonly string[] = []): { properties: Json; required: string[] } {
  const properties: Json = {};
  const required: string[] = [];
  for (const [name, opt] of Object.entries(options)) {
    if (skip.includes(name)) continue;
    const schema: Json = { ...opt.schema };
    if (opt.schema['$ref'] === '#/definitions/trigger' && schema['default'] !== undefined) {
      const d = schema['default'] as Trigger | Trigger[];
      schema['default'] = Array.isArray(d) ? d.map(yamlTrigger) : yamlTrigger(d);
    }
    // Draft-07 ignores the siblings of a $ref: wrap it, so editors show the default and the doc.
    if (schema['$ref'] !== undefined) {
      schema['allOf'] = [{ $ref: schema['$ref'] }];
      delete schema['$ref'];
    }
    const doc = docs.get(name) || (name === 'checkName' ? 'The check\'s name in summaries and triggers.' : '');
    schema['description'] = doc ? `${doc} (${opt.describe})` : opt.describe;
    properties[name] = schema;
    if (opt.required) required.push(name);
  }
  return { properties, required };
}

const TRIGGER_SINGLE = [
  { const: 'drift', description: "The check's own probe finds drift (onDrift())." },
  { type: 'object', properties: { finding: { type: 'string', description: 'The name of a check of this remediation whose probe finds its symptom.' } }, required: ['finding'], additionalProperties: false },
  {
    type: 'object',
    properties: {
      finds: { anyOf: [{ enum: [...CAUSES] }, { type: 'array', items: { enum: [...CAUSES] }, minItems: 1 }], description: 'The causes that fire the trigger.' },
      of: { type: 'string', description: 'The name of the diagnosis check (e.g. diagnosis for signInDiagnostics).' },
    },
    required: ['finds', 'of'],
    additionalProperties: false,
  },
];

const TRIGGER_ONE = {
  anyOf: [
    ...TRIGGER_SINGLE,
    { const: 'schedule', description: 'Every detection, at most once per cool-down, with no symptom (onSchedule()).' },
    {
      type: 'object',
      properties: { allOf: { type: 'array', items: { anyOf: TRIGGER_SINGLE }, minItems: 2, description: 'Fires only when every one of these triggers fires in the same run (allOf(...)).' } },
      required: ['allOf'],
      additionalProperties: false,
    },
  ],
};

/** The schema of a `.remc.yaml` file for the given template folders (built-in and the project's). */
export async function declarationSchema(folders: readonly TemplateFolder[]): Promise<Json> {
  const entries: Array<{ factory: string; spec: TemplateSpec; docs: Map<string, string> }> = [];
  for (const folder of folders) {
    for (const [factory, f] of await loadTemplateFactories(folder)) entries.push({ factory, spec: f.spec, docs: optionDocs(folder.index) });
  }
  const custom = (customCheck({ name: 'schema', probe: './schema.ps1', runAs: 'user' }) as unknown as { spec: TemplateSpec }).spec;
  entries.push({ factory: CUSTOM_CHECK, spec: custom, docs: interfaceDocs(path.join(REMC_ROOT, 'compiler', 'declare', 'custom.ts'), 'CustomCheckProps') });
  entries.sort((a, b) => (a.factory < b.factory ? -1 : 1));

  const root = optionProperties(REMEDIATION_OPTIONS, tableDocs(path.join(REMC_ROOT, 'compiler', 'declare', 'remediation-options.ts'), 'REMEDIATION_OPTIONS'));
  (root.properties['checks'] as Json) = {
    ...(root.properties['checks'] as Json),
    minItems: 1,
    items: {
      type: 'object',
      required: ['template'],
      properties: { template: { enum: entries.map((e) => e.factory), description: 'The template (its factory name in TypeScript), or customCheck.' } },
      allOf: entries.map(({ factory, spec, docs }) => {
        const { properties, required } = optionProperties(spec.options, docs);
        return {
          if: { properties: { template: { const: factory } }, required: ['template'] },
          then: { description: spec.summary, properties: { template: { const: factory }, ...properties }, required: ['template', ...required], additionalProperties: false },
        };
      }),
    },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://remc.invalid/schema/remc-declaration.schema.json',
    title: 'remc remediation declaration (.remc.yaml)',
    description: 'One Intune remediation: the props of defineRemediation, with checks as a list of { template: <factory>, ...options }. Generated by `npm run gen` from the template specs; do not edit.',
    type: 'object',
    properties: root.properties,
    required: root.required,
    additionalProperties: false,
    definitions: { trigger: { anyOf: [TRIGGER_ONE, { type: 'array', items: TRIGGER_ONE, minItems: 1 }] } },
  };
}
