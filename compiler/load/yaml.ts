/**
 * YAML declarations: `remediations/**\/*.remc.yaml` describe a remediation with the same props as
 * defineRemediation and `checks:` as a list of `{ template: <factory>, ...options }`. They become the
 * same plain data a TypeScript declaration evaluates to (the checks are made by the very factories),
 * so lowering validates them with the same rules; a {@link YamlLocator} maps option paths to the YAML's
 * file:line:column, so every diagnostic lands on the YAML line.
 *
 * Triggers, which TypeScript writes as calls, are written as data:
 *   trigger: drift                              onDrift()
 *   trigger: { finding: signal }                onFinding(signal)
 *   trigger: { finds: [os], of: diagnosis }     diagnosis.finds('os')
 *   trigger: [drift, { finding: signal }]       a list: any of them fires
 *   trigger: { allOf: [{ finding: space }, drift] }   allOf(onFinding(space), onDrift()): all must fire
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { RawSite } from '../declare/site.ts';
import { customCheck } from '../declare/custom.ts';
import { diagnostic, type Diagnostic, type SourceLocation } from '../diagnostics.ts';
import { sourceHash, type Declaration, type LoadResult, type Locator } from './declaration.ts';
import { CAUSES, type SingleTrigger, type Trigger } from '../protocol.ts';
import { loadTemplateFactories, projectTemplates } from './registry.ts';
import type { TemplateSpec } from '../declare/template.ts';

/** A declaration file written in YAML. */
export function isYamlDeclaration(file: string): boolean {
  return /\.remc\.ya?ml$/.test(file);
}

/** The factory name of a custom check in YAML (`template: customCheck`). */
export const CUSTOM_CHECK = 'customCheck';

type Factory = ((props: Record<string, unknown>) => Record<string, unknown>) & { spec: TemplateSpec };

/**
 * The factories a YAML `template:` may name: the project's and remc's templates, by export name; and
 * the project template folders whose index.ts could not be imported (with why), so an unknown name can say so.
 */
export async function yamlFactories(root: string): Promise<{ factories: Map<string, Factory>; failures: string[] }> {
  const factories = new Map<string, Factory>();
  const failures: string[] = [];
  for (const folder of projectTemplates(root).values()) {
    try {
      for (const [name, factory] of await loadTemplateFactories(folder)) factories.set(name, factory as Factory);
    } catch (error) {
      const shown = path.relative(root, folder.index).split(path.sep).join('/');
      failures.push(`${shown} could not be imported (${firstLine(error instanceof Error ? error.message : String(error))})`);
    }
  }
  return { factories, failures };
}

/** Synthetic call sites: `line` 0 is the remediation, `line` n the n-th check; only a YamlLocator reads them. */
const SITE_FILE = 'remc:yaml';
const remediationSite: RawSite = { file: SITE_FILE, line: 0, column: 0 };
const checkSite = (index: number): RawSite => ({ file: SITE_FILE, line: index + 1, column: 0 });

export async function loadYamlDeclarations(root: string, files: readonly string[]): Promise<LoadResult> {
  const declarations: Declaration[] = [];
  const diagnostics: Diagnostic[] = [];
  const inputs = new Map<string, readonly string[]>();
  const { factories, failures } = files.length > 0 ? await yamlFactories(root) : { factories: new Map<string, Factory>(), failures: [] };
  for (const file of files) {
    inputs.set(file, [file]);
    const absolutePath = path.join(root, file);
    const text = readFileSync(absolutePath, 'utf8');
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const locator = new YamlLocator(file, text, doc, lineCounter);
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const at = locator.at(error.pos[0]);
        diagnostics.push(diagnostic('REMC001', `YAML: ${firstLine(error.message)}`, at, 'Fix the YAML syntax at this line (indentation, a missing colon or quote, a duplicate key).'));
      }
      continue;
    }
    const top = doc.contents;
    if (!isMap(top)) {
      diagnostics.push(diagnostic('REMC003', `${file} is not a remediation: expected a mapping with id, displayName, description, publisher, runAs and checks`, locator.at(top?.range?.[0] ?? 0), 'A .remc.yaml file holds one remediation: the props of defineRemediation, with checks as a list of { template: <factory>, ...options }.'));
      continue;
    }
    const props = doc.toJS({ maxAliasCount: 0 }) as Record<string, unknown>;
    const checksNode = top.get('checks', true);
    if (Array.isArray(props['checks']) && isSeq(checksNode)) {
      props['checks'] = props['checks'].map((item, index) => toCheck(item, index, factories, locator, diagnostics));
      // An unknown template may be one of the project's that did not load: say why, once per file.
      const unknown = (props['checks'] as Array<{ spec?: unknown; template?: unknown }>).findIndex((c) => typeof c === 'object' && c !== null && c.spec === undefined && typeof c.template === 'string');
      if (unknown >= 0) for (const f of failures) diagnostics.push(diagnostic('REMC022', f, locator.locate([checkSite(unknown)]), 'Fix that template folder\'s index.ts (a template that imports \'remc\' needs remc installed in the project: npm install).'));
    }
    declarations.push({
      file,
      absolutePath,
      sha256: sourceHash(text),
      value: { kind: 'remc.remediation', props, site: [remediationSite] },
      exportLocation: locator.locate([remediationSite]),
      locator,
    });
  }
  return { declarations, diagnostics, inputs };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** One `checks:` item as the factory it names would have made it. */
function toCheck(item: unknown, index: number, factories: ReadonlyMap<string, Factory>, locator: YamlLocator, diagnostics: Diagnostic[]): unknown {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return item; // lowering: "is not a check"
  const { template, ...props } = item as Record<string, unknown>;
  const site = [checkSite(index)];
  if (typeof template !== 'string') {
    // Lowering reports the unknown template at this item; say how it is written.
    return { kind: 'remc.check', template: template === undefined ? '(no template: key)' : JSON.stringify(template), props, name: `checks-${index}`, site };
  }
  if ('trigger' in props) {
    const { trigger, problems } = toTriggers(props['trigger']);
    for (const p of problems) diagnostics.push(diagnostic('REMC014', `${template}({ trigger }): ${p}`, locator.locate(site, ['trigger']), TRIGGER_HINT));
    props['trigger'] = trigger;
  }
  if (template === CUSTOM_CHECK) return { ...(customCheck(props as never) as object), site };
  const factory = factories.get(template);
  if (!factory) return { kind: 'remc.check', template, props, name: template, site };
  return { ...factory(props), site };
}

const TRIGGER_HINT =
  'Write a trigger as drift, { finding: <check name> } or { finds: [<cause>, ...], of: <diagnosis check name> }, a list of them (any fires), { allOf: [<trigger>, <trigger>, ...] } (all must fire), or schedule (every run, spaced by the cool-down).';

function isAllOf(t: unknown): boolean {
  return typeof t === 'object' && t !== null && !Array.isArray(t) && 'allOf' in t;
}

/** YAML triggers to the protocol's; what cannot be read is reported and replaced by drift (the build fails anyway). */
function toTriggers(value: unknown): { trigger: Trigger | Trigger[]; problems: string[] } {
  const problems: string[] = [];
  const one = (t: unknown): SingleTrigger => {
    if (t === 'drift') return { kind: 'drift' };
    if (typeof t === 'object' && t !== null && !Array.isArray(t)) {
      const o = t as Record<string, unknown>;
      const keys = Object.keys(o).sort().join(',');
      if (keys === 'finding' && typeof o['finding'] === 'string') return { kind: 'finding', check: o['finding'] };
      if (keys === 'finds,of' && typeof o['of'] === 'string') {
        const causes = Array.isArray(o['finds']) ? o['finds'] : [o['finds']];
        const unknown = causes.filter((c) => !(CAUSES as readonly unknown[]).includes(c));
        if (causes.length === 0) problems.push('finds must name at least one cause');
        for (const c of unknown) problems.push(`${JSON.stringify(c)} is not a cause; a diagnosis finds ${CAUSES.join(', ')}`);
        return { kind: 'cause', check: o['of'], causes: causes as SingleTrigger extends { causes: infer C } ? C : never };
      }
    }
    problems.push(`expected drift, { finding: <check> }, { finds: [<causes>], of: <diagnosis> }, { allOf: [...] } or schedule, got ${JSON.stringify(t)}`);
    return { kind: 'drift' };
  };
  const all = (t: unknown): Trigger => {
    if (typeof t === 'object' && t !== null && !Array.isArray(t) && Object.keys(t).join(',') === 'allOf') {
      const parts = (t as { allOf: unknown }).allOf;
      if (!Array.isArray(parts)) {
        problems.push(`allOf must be a list of triggers, got ${JSON.stringify(parts)}`);
        return { kind: 'drift' };
      }
      // Its rules (two parts or more, no allOf inside) are the validator's, as for a TypeScript allOf(...).
      // A part that is not a single trigger (schedule, an allOf) is the validator's to refuse, by name.
      return { kind: 'all', parts: parts.map((p) => (isAllOf(p) || p === 'schedule' ? (all(p) as never as SingleTrigger) : one(p))) };
    }
    if (t === 'schedule') return { kind: 'schedule' };
    return one(t);
  };
  const trigger = Array.isArray(value) ? value.map(all) : all(value);
  if (Array.isArray(value) && value.length === 0) problems.push('must name at least one trigger');
  return { trigger, problems };
}

/**
 * Maps the synthetic sites of a YAML declaration and an option path (e.g. `['trigger']` of check 2)
 * to the YAML node: a key's own position for a property, an item's for an index, as the TypeScript
 * locator points at a property or an array element.
 */
export class YamlLocator implements Locator {
  private readonly lines: string[];

  constructor(
    private readonly file: string,
    text: string,
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {
    this.lines = text.split(/\r?\n/);
  }

  /** The location of a character offset in the file. */
  at(offset: number): SourceLocation {
    const { line, col } = this.lineCounter.linePos(offset);
    return { file: this.file, line, column: col, lineText: this.lines[line - 1] ?? '' };
  }

  locate(sites: readonly RawSite[], property: readonly (string | number)[] = []): SourceLocation | undefined {
    const site = sites.find((s) => s.file === SITE_FILE);
    if (!site) return undefined;
    const base = site.line === 0 ? [] : ['checks', site.line - 1];
    let node: unknown = this.doc.contents;
    let found: YamlNode | undefined = isMap(node) ? node : undefined;
    for (const [i, key] of [...base, ...property].entries()) {
      if (typeof key === 'number' && isSeq(node)) {
        node = node.items[key];
        if (!node) break;
        found = node as YamlNode;
      } else if (typeof key === 'string' && isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
        if (!pair) break;
        found = pair.key as YamlNode;
        node = pair.value;
      } else {
        break;
      }
      // A check with no option path stands where it names its template, as a factory call would.
      if (i === base.length - 1 && property.length === 0 && isMap(node)) {
        const template = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'template');
        if (template) found = template.key as YamlNode;
      }
    }
    return this.at(found?.range?.[0] ?? 0);
  }

  fromStack(): SourceLocation | undefined {
    return undefined;
  }
}
