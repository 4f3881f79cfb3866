/**
 * defineRemediation's options are stated once, in compiler/declare/remediation-options.ts: each one's
 * name, value, doc and default. What is derived from that table must agree with it: the model a
 * declaration lowers to when it leaves the options out, the YAML schema editors read, and the docs and
 * `@default` tags editors show from types/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Project, SyntaxKind } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { REMEDIATION_OPTIONS } from '../compiler/declare/remediation-options.ts';
import type { Option } from '../compiler/declare/template.ts';
import { compile } from '../compiler/pipeline.ts';

const root = path.resolve(import.meta.dirname, '..');
const options = Object.entries(REMEDIATION_OPTIONS) as Array<[string, Option]>;
const optional = options.filter(([, opt]) => !opt.required);

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe("defineRemediation's option table", () => {
  it('gives every optional option but assignments a default, and no required one a default', () => {
    expect(optional.filter(([, opt]) => opt.default === undefined).map(([name]) => name)).toEqual(['assignments']);
    expect(options.filter(([, opt]) => opt.required && opt.default !== undefined)).toEqual([]);
  });

  it("lowers a declaration that leaves every optional option out to the table's defaults", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'remc-options-'));
    temps.push(dir);
    mkdirSync(path.join(dir, 'remediations'));
    writeFileSync(
      path.join(dir, 'remediations', 'bare.ts'),
      "import { defineRemediation, serviceState } from 'remc';\nexport default defineRemediation({ id: 'bare', displayName: 'x', description: 'x', publisher: 'x', runAs: 'system', checks: [serviceState({ name: 'Spooler' })] });\n",
    );
    const result = await compile(dir);
    expect(result.diagnostics).toEqual([]);
    const model = result.remediations[0]! as unknown as Record<string, unknown>;
    for (const [name, opt] of optional) {
      expect(model[name], name).toEqual(name === 'assignments' ? null : opt.default);
    }
  });

  it('gives the YAML schema each option with its doc, its default and whether it is required', () => {
    const schema = JSON.parse(readFileSync(path.join(root, 'docs', 'schema', 'remc-declaration.schema.json'), 'utf8'));
    expect(Object.keys(schema.properties)).toEqual(options.map(([name]) => name));
    expect(schema.required).toEqual(options.filter(([, opt]) => opt.required).map(([name]) => name));
    for (const [name, opt] of options) {
      const property = schema.properties[name];
      expect(property.default, name).toEqual(opt.default);
      // The doc (the JSDoc above the option), then the value's description.
      expect(property.description, name).toMatch(new RegExp(`^\\S.{20,} \\(${opt.describe.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`, 's'));
    }
  });

  it("shows editors each option's doc, with @default for each default (types/)", () => {
    const text = readFileSync(path.join(root, 'types', 'compiler', 'declare', 'remediation-options.d.ts'), 'utf8');
    const file = new Project({ useInMemoryFileSystem: true }).createSourceFile('table.d.ts', text);
    const table = file.getVariableDeclarationOrThrow('REMEDIATION_OPTIONS').getTypeNodeOrThrow().asKindOrThrow(SyntaxKind.TypeLiteral);
    const literal = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : Array.isArray(value) ? `[${value.map(literal).join(', ')}]` : String(value));
    expect(table.getProperties().map((p) => p.getName())).toEqual(options.map(([name]) => name));
    for (const prop of table.getProperties()) {
      const opt = REMEDIATION_OPTIONS[prop.getName() as keyof typeof REMEDIATION_OPTIONS] as Option;
      const [doc] = prop.getJsDocs();
      expect(doc?.getDescription().trim(), prop.getName()).not.toBe('');
      const tags = (doc?.getTags() ?? []).map((t) => `@${t.getTagName()} ${t.getCommentText() ?? ''}`.trim());
      const expected = opt.required ? [] : [`@default ${opt.defaultText ?? literal(opt.default)}`];
      expect(tags, prop.getName()).toEqual(expected);
    }
  });
});

describe("the README's words on defineRemediation's defaults", () => {
  it('name each default as the table gives it (`name`, default X / `name` (default X))', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const said = [...readme.matchAll(/`([a-zA-Z0-9]+)`,? \(?default ([0-9A-Za-z.'[\]]+)/g)].filter(([, name]) => name! in REMEDIATION_OPTIONS);
    // The README speaks of these four; a sentence that names another default is held to the table too.
    expect(said.map(([, name]) => name).sort()).toEqual(expect.arrayContaining(['confirmRuns', 'coolDownHours', 'fixWindowHours', 'probeBudgetSeconds']));
    const table: Readonly<Record<string, Option>> = REMEDIATION_OPTIONS;
    for (const [, name, value] of said) expect(`${name} = ${value}`).toBe(`${name} = ${String(table[name!]!.default)}`);
  });
});
