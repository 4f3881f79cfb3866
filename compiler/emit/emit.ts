/**
 * PowerShell emission: a remediation model becomes detect.ps1 and remediate.ps1. Every line goes
 * through the printer, every declared value through the literal encoder; template, custom-check and
 * runtime PowerShell is copied from real .ps1 files, and a script carries only the functions it reaches.
 * PowerShell names (function names, PascalCase config keys, the check rows of the protocol) are made
 * here and nowhere else.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hasSymptomFix, type CheckModel, type CheckSource, type RemediationModel } from '../lower/model.ts';
import { REMC_ROOT, REMC_VERSION } from '../paths.ts';
import { CheckRow, CONFIRM_WITHIN_HOURS, ENTRY_POINTS, FixResult, OUTCOME_ENV, PROTOCOL_VERSION, ProbeResult, STATUS_MEANINGS, STATUSES, type ProtocolValue, type ScriptKind, type Trigger } from '../protocol.ts';
import { psHereString, psValue, type PsValue } from '../ps/literal.ts';
import { analyzeScript } from '../ps/compat/index.ts';
import { ScriptWriter, type SourceSpan } from '../ps/printer.ts';
import type { ConfigValue } from '../declare/template.ts';

export type { ScriptKind };

/** Runtime helpers, each a real .ps1 file under compiler/ps/runtime/. */
type RuntimePart = 'common' | 'state' | 'detect' | 'remediate' | 'combined' | 'relaunch64';

const RUNTIME_DIR = path.join(REMC_ROOT, 'compiler', 'ps', 'runtime');

// ---- names: PowerShell identifiers are made from model names in one place ----

/** `service-state` -> `ServiceState`; `reportOnly` -> `ReportOnly`. */
export function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()).replace(/^[a-z]/, (c) => c.toUpperCase());
}

const RUNTIME_ORIGIN = 'compiler/ps/runtime/';

/**
 * A runtime function as scripts carry it: its purpose (the comment that opens its body) and its code;
 * the explanations inside it stay in compiler/ps/runtime/, where remc's developers read them. Every
 * script runs on every device and is parsed on every run (and N-able takes 65,535 characters at most).
 * The runtime holds no here-strings, so a line that starts with `#` is a comment. Templates' and custom
 * checks' files are copied whole: their lines map back to the author's file:line.
 */
function withPurposeOnly(text: string): string {
  const lines = text.split('\n');
  let head = 1;
  while (head < lines.length && /^\s+#/.test(lines[head]!)) head++;
  return lines.filter((line, i) => i < head || !/^\s+#/.test(line)).join('\n');
}

/** The PowerShell names a template's files define and the runtime calls. */
export function templateNames(template: string): { probe: string; fix: string; native: string } {
  const pascal = pascalCase(template);
  return { probe: `Test-Remc${pascal}`, fix: `Repair-Remc${pascal}`, native: `RemcNative${pascal}` };
}

/** A config record with PascalCase keys at every level, as the template's PowerShell reads it. */
export function psConfig(value: ConfigValue): PsValue {
  if (Array.isArray(value)) return value.map((v) => psConfig(v as ConfigValue));
  if (value !== null && typeof value === 'object') {
    // An option left unset (undefined) is not written: the PowerShell reads $null for it.
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [pascalCase(k), psConfig(v as ConfigValue)]));
  }
  return value as PsValue;
}

function triggerRow(t: Trigger): ProtocolValue<typeof CheckRow>['Triggers'][number] {
  if (t.kind === 'drift') return { Kind: 'drift' };
  if (t.kind === 'finding') return { Kind: 'finding', Check: t.check };
  return { Kind: 'cause', Check: t.check, Causes: [...t.causes] };
}

// ---- sources ----

/** Reads remc's own PowerShell once per process: every remediation of a build shares it. */
const fileCache = new Map<string, string | undefined>();
function readSource(file: string): string | undefined {
  if (!fileCache.has(file)) fileCache.set(file, existsSync(file) ? readFileSync(file, 'utf8') : undefined);
  return fileCache.get(file);
}

/** Forgets cached file texts (watch mode: a custom check's file changed). */
export function forgetSources(files: Iterable<string>): void {
  for (const f of files) {
    fileCache.delete(f);
    chunkCache.delete(f);
  }
}

export class TemplateFileError extends Error {}

function requireSource(file: string, origin: string): string {
  const text = readSource(file);
  if (text === undefined) throw new TemplateFileError(`missing ${origin}`);
  return text;
}

/** One top-level function of a source file, with the commands it calls (lower case). */
interface FunctionChunk {
  readonly name: string;
  readonly text: string;
  /** 1-based line of the chunk's first line (its leading comment) in the file. */
  readonly line: number;
  readonly calls: ReadonlySet<string>;
}

/**
 * A runtime, template or custom file cut into its top-level functions (the files hold nothing else:
 * see docs/check-protocol.md). Each starts at a `function` in column 0, with the comment lines just
 * above it. Cached: every script of a build shares the files.
 */
const chunkCache = new Map<string, FunctionChunk[]>();
export function functionChunks(file: string, origin: string): FunctionChunk[] {
  let chunks = chunkCache.get(file);
  if (chunks) return chunks;
  const text = requireSource(file, origin);
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const starts: number[] = [];
  lines.forEach((line, i) => {
    if (/^function\s+[\w-]+/i.test(line)) {
      let start = i;
      while (start > 0 && /^#/.test(lines[start - 1]!)) start--;
      starts.push(start);
    }
  });
  chunks = starts.map((start, k) => {
    const body = lines.slice(start, starts[k + 1] ?? lines.length).join('\n').replace(/\s+$/, '');
    const analysis = analyzeScript(body);
    return { name: /^function\s+([\w-]+)/im.exec(body)![1]!.toLowerCase(), text: body, line: start + 1, calls: new Set(analysis.commands.map((c) => (c.name ?? '').toLowerCase())) };
  });
  const defined = analyzeScript(text).functions.map((f) => f.toLowerCase()).sort();
  if (chunks.map((c) => c.name).sort().join() !== defined.join()) {
    throw new TemplateFileError(`${origin} must hold only top-level functions, each starting in column 0`);
  }
  chunkCache.set(file, chunks);
  return chunks;
}

/**
 * What the runtime can leave out for a remediation: a runtime line that ends in `# remc-when: <feature>`
 * is kept only when the declaration uses that feature, so what only it calls is not reachable either.
 * `symptom-fixes`: a fix a symptom (cause, finding) triggers, whose proof detection decides;
 * `saves-detection`: detection writes what it learned (sightings for confirmRuns, a proof's verdict).
 */
function runtimeFeatures(model: RemediationModel): ReadonlySet<string> {
  const symptomFixes = hasSymptomFix(model);
  const features = new Set<string>();
  if (symptomFixes) features.add('symptom-fixes');
  if (!model.detectOnly && (model.confirmRuns > 1 || symptomFixes)) features.add('saves-detection');
  return features;
}

const FEATURE_TAG = /\s*#\s*remc-when:\s*([\w-]+)\s*$/;

/** A runtime function without the lines of features the remediation does not use, its calls read again. */
function withFeatures(chunk: FunctionChunk, features: ReadonlySet<string>): FunctionChunk {
  if (!chunk.text.includes('remc-when:')) return chunk;
  const text = chunk.text
    .split('\n')
    .flatMap((line) => {
      const tag = FEATURE_TAG.exec(line);
      if (!tag) return [line];
      return features.has(tag[1]!) ? [line.slice(0, tag.index)] : [];
    })
    .join('\n');
  return { ...chunk, text, calls: new Set(analyzeScript(text).commands.map((c) => (c.name ?? '').toLowerCase())) };
}

/** The functions reachable from `roots` through the calls of the functions in `chunks`. */
function reachable(chunks: readonly FunctionChunk[], roots: readonly string[]): Set<string> {
  const byName = new Map(chunks.map((c) => [c.name, c]));
  const seen = new Set<string>();
  const queue = roots.map((r) => r.toLowerCase());
  while (queue.length > 0) {
    const name = queue.pop()!;
    const chunk = byName.get(name);
    if (!chunk || seen.has(name)) continue;
    seen.add(name);
    queue.push(...chunk.calls);
  }
  return seen;
}

/**
 * What is wrong with a custom check's file as a probe (`Test`) or fix (`Repair`) file: it must hold only
 * top-level functions, exactly one of them named `<verb>-*`. Empty when it is fine.
 */
export function customFileProblems(file: string, origin: string, verb: 'Test' | 'Repair'): Array<{ message: string; line: number }> {
  let chunks: FunctionChunk[];
  try {
    chunks = functionChunks(file, origin);
  } catch (error) {
    return [{ message: error instanceof Error ? error.message : String(error), line: 1 }];
  }
  const found = chunks.filter((c) => c.name.startsWith(`${verb.toLowerCase()}-`));
  if (found.length === 1) return [];
  const names = found.map((c) => /^function\s+([\w-]+)/im.exec(c.text)![1]!);
  return [
    {
      message: `${origin} must define exactly one ${verb}-* function, the check's ${verb === 'Test' ? 'probe' : 'fix'}; it defines ${found.length === 0 ? 'none' : names.join(' and ')}`,
      line: found[1]?.line ?? chunks[0]?.line ?? 1,
    },
  ];
}

/** The entry functions of a check's source: by name for a template, the one Test-* / Repair-* of a custom file. */
export function entryNames(source: CheckSource): { probe: string; fix: string | undefined } {
  if (source.kind === 'template') {
    const names = templateNames(source.name);
    return { probe: names.probe, fix: source.fix ? names.fix : undefined };
  }
  const one = (file: string, verb: string): string => {
    const origin = `${source.origin.replace(/[^/]+$/, '')}${path.basename(file)}`;
    const found = functionChunks(file, origin).filter((c) => c.name.startsWith(`${verb.toLowerCase()}-`));
    if (found.length !== 1) {
      throw new CustomCheckError(`${origin} must define exactly one ${verb}-* function (it defines ${found.length})`, origin);
    }
    return /^function\s+([\w-]+)/im.exec(found[0]!.text)![1]!;
  };
  return { probe: one(source.probe, 'Test'), fix: source.fix ? one(source.fix, 'Repair') : undefined };
}

export class CustomCheckError extends Error {
  constructor(
    message: string,
    readonly origin: string,
  ) {
    super(message);
  }
}

/** The check row of the protocol, as `$RemcChecks` carries it. */
function checkRow(check: CheckModel): PsValue {
  const names = entryNames(check.source);
  const row: ProtocolValue<typeof CheckRow> = {
    Name: check.name,
    Probe: names.probe,
    // Detection names the fix too (a fix is due only where one exists) but never calls it.
    Fix: names.fix ?? null,
    Triggers: check.triggers.map(triggerRow),
    NeedsFullLanguage: check.requirements.needsFullLanguage,
    Config: psConfig(check.config),
  };
  return row as unknown as PsValue;
}

function describeTriggers(check: CheckModel): string {
  if (!check.hasFix) return 'detect-only';
  return check.triggers
    .map((t) => (t.kind === 'drift' ? 'fix on drift' : t.kind === 'finding' ? `fix when ${t.check} finds its symptom` : `fix when ${t.check} finds ${t.causes.join('/')}`))
    .join(', or ');
}

/**
 * The runtime a script needs: state only where fixes exist (the combined script always reads it), the
 * relaunch only for 64-bit remediations.
 */
function runtimeParts(model: RemediationModel, kind: ScriptKind): RuntimePart[] {
  const parts: RuntimePart[] = ['common'];
  if (!model.detectOnly || kind === 'combined') parts.push('state');
  parts.push(...(kind === 'combined' ? (['detect', 'remediate', 'combined'] as const) : [kind]));
  if (model.runAs64Bit) parts.push('relaunch64');
  return parts;
}

interface SourceFile {
  readonly section: string;
  readonly origin: string;
  readonly file: string;
  /** The template's native.cs, printed as a here-string variable above its section. */
  readonly native?: { readonly variable: string; readonly file: string } | undefined;
}

/** The files a script needs, each once even when several checks share it. */
function sourceFiles(model: RemediationModel, kind: ScriptKind): SourceFile[] {
  const files: SourceFile[] = runtimeParts(model, kind).map((part) => ({
    section: `remc runtime: ${part}`,
    origin: `compiler/ps/runtime/${part}.ps1`,
    file: path.join(RUNTIME_DIR, `${part}.ps1`),
  }));
  const seen = new Set<string>();
  for (const check of model.checks) {
    const s = check.source;
    const section = s.kind === 'template' ? `template: ${s.name}` : `custom check: ${s.name}`;
    const native = s.native ? { variable: templateNames(s.name).native, file: s.native } : undefined;
    const own = [s.seam, s.probe, ...(kind !== 'detect' && check.hasFix ? [s.fix] : [])].filter((f): f is string => f !== undefined);
    for (const [i, file] of own.entries()) {
      if (seen.has(file)) continue;
      seen.add(file);
      const origin = s.kind === 'template' ? `${s.origin}/${path.basename(file)}` : `${s.origin.replace(/[^/]+$/, '')}${path.basename(file)}`;
      files.push({ section, origin, file, native: i === 0 ? native : undefined });
    }
  }
  return files;
}

/** The emitted text and where its copied PowerShell came from. */
export interface RenderedScript {
  readonly text: string;
  readonly spans: readonly SourceSpan[];
}

/** `ScriptType=Detection Context=System Architecture=x64`: the script's kind, run-as and host bitness. */
export function intuneScriptLabDirective(model: RemediationModel, kind: ScriptKind): string {
  return `ScriptType=${kind === 'detect' ? 'Detection' : 'Remediation'} Context=${model.runAs === 'user' ? 'User' : 'System'} Architecture=${model.runAs64Bit ? 'x64' : 'x86'}`;
}

export function emitScript(model: RemediationModel, kind: ScriptKind, form?: CombinedForm): string {
  return renderScript(model, kind, form).text;
}

/**
 * How a tool runs the combined script and reads its result. Only the script's last lines differ
 * (where the mode comes from, how the result is reported); every decision is the runtime's.
 */
export interface CombinedForm {
  /** What the help calls it: "combined", "Datto RMM monitor". */
  readonly title: string;
  /** The environment variable the tool passes the mode in (besides -Mode and REMC_MODE). */
  readonly modeVariable?: string;
  /** The mode when nothing names one. */
  readonly defaultMode: 'detect' | 'remediate' | 'both';
  /**
   * `line`: the earlier steps' lines, the summary last, exit 0 or 1. `datto-monitor`: the summary
   * between Datto's result markers, the lines as its diagnostic, exit 0 or 1. `n-able`: `line` with
   * exit 1001 for 1 (N-able reserves 1-999 and shows the output only above 1000). `immybot`: the
   * mode from ImmyBot's $Method; `test` outputs only $true (compliant) or $false, no exit.
   */
  readonly report: 'line' | 'datto-monitor' | 'n-able' | 'immybot';
  /** Help lines on how the tool runs it and what its exit codes mean. */
  readonly notes: readonly string[];
}

/** The combined script as remc writes it for any tool: `-Mode` or `REMC_MODE`, default both, exit 0 or 1. */
export const PLAIN_COMBINED: CombinedForm = {
  title: 'combined detect/remediate',
  defaultMode: 'both',
  report: 'line',
  notes: [
    '-Mode detect: exit 1 when a fix is due or a probe failed, else 0, changing nothing (as detect.ps1).',
    '-Mode remediate: fix what is due, probe again; exit 0 when nothing is due any more, else 1 (as remediate.ps1).',
    '-Mode both (the default; or set REMC_MODE): detect, and only when that exits 1, remediate and detect again; ' +
      'exit 0 when the device ends compliant, else 1. Each step prints its line; the last line is the result.',
  ],
};

export function renderScript(model: RemediationModel, kind: ScriptKind, form: CombinedForm = PLAIN_COMBINED): RenderedScript {
  const w = new ScriptWriter();
  const role = kind === 'detect' ? 'detection' : kind === 'remediate' ? 'remediation' : form.title;
  w.comment(`Generated by remc ${REMC_VERSION} from ${model.source.file} (sha256 ${model.source.sha256}).`, 200);
  w.comment('Do not edit: change the declaration and run `remc build`.');
  // The public IntuneScriptLab linter reads how Intune runs a script from this directive (its README,
  // "Script type, context and architecture"), so its rules judge the script as deployed. The combined
  // script is for RMM tools, not Intune: it carries none.
  if (kind !== 'combined') w.comment(`IntuneScriptLab: ${intuneScriptLabDirective(model, kind)}`);
  w.blank();
  w.help([
    ['SYNOPSIS', `${model.displayName} (${role} script)`],
    ['DESCRIPTION', model.description],
    [
      'NOTES',
      [
        `Remediation ${model.id} ${model.version}, published by ${model.publisher}.`,
        `Runs as ${model.runAs === 'user' ? 'the signed-in user' : 'SYSTEM'} in ${model.runAs64Bit ? '64-bit' : '32-bit'} Windows PowerShell 5.1.`,
        `Checks: ${model.checks.map((c) => `${c.name} (${c.source.title}: ${describeTriggers(c)})`).join('; ')}.`,
        ...(kind === 'detect'
          ? [
              model.detectOnly
                ? 'Exit 1 when a check is out of its desired state or a probe failed, else 0.'
                : 'Exit 1 when a fix is due, a problem needs a person (ACTION NEEDED), the limit of fixes is reached or a probe failed, else 0. ' +
                  "Never changes the machine (it only keeps remc's own marker of symptoms awaiting confirmation).",
            ]
          : kind === 'remediate'
            ? ['Exit 0 when every due fix worked and nothing is due any more (or nothing was due), else 1.']
            : form.notes),
        ...(model.confirmRuns > 1 && !model.detectOnly
          ? [`A symptom must be seen by ${model.confirmRuns} consecutive detections (at most ${CONFIRM_WITHIN_HOURS} h apart) before its fix runs.`]
          : []),
        ...(kind !== 'combined' || form.report === 'line' || form.report === 'n-able' ? ['The last line of output is a one-line summary of at most 2,048 characters.'] : []),
        ...(model.checks.some((c) => c.requirements.needsFullLanguage)
          ? [
              `Needs FullLanguage: ${model.checks.filter((c) => c.requirements.needsFullLanguage).map((c) => c.name).join(', ')}; ` +
                'under Constrained Language Mode (AppLocker, WDAC) those checks are skipped and the summary says so.',
            ]
          : []),
        `With ${OUTCOME_ENV} set, the outcome of every check is also written to that file as JSON (remc check protocol ${PROTOCOL_VERSION}).`,
      ].join('\n'),
    ],
  ]);
  w.blank();
  if (kind === 'combined' && form.report !== 'immybot') {
    w.line('param(');
    // No ValidateSet: a wrong word must end as the summary line and exit 1, not as a binding error on stderr.
    w.line('    # detect, remediate or both; when not given, the environment decides (see the notes above).');
    w.line('    [string] $Mode');
    w.line(')');
  }
  w.line("$ErrorActionPreference = 'Stop'");
  w.line("$ProgressPreference = 'SilentlyContinue'");

  // Only the functions the script reaches are printed: from its main block and the probes and fixes
  // its check rows name (the runtime calls those by name).
  const features = runtimeFeatures(model);
  const sources = sourceFiles(model, kind).map((s) => ({
    ...s,
    chunks: functionChunks(s.file, s.origin).map((c) => (s.origin.startsWith(RUNTIME_ORIGIN) ? withFeatures(c, features) : c)),
  }));
  const defined = new Map<string, string>();
  for (const s of sources) {
    for (const c of s.chunks) {
      const first = defined.get(c.name);
      if (first !== undefined && first !== s.origin) throw new DuplicateFunctionError(`${s.origin} defines ${c.name}, which ${first} defines too`, s.origin, c.line);
      defined.set(c.name, s.origin);
    }
  }
  const entry = ENTRY_POINTS[kind];
  const rows = model.checks.map((c) => checkRow(c));
  const roots = [
    entry,
    'Format-RemcLine',
    'Write-RemcOutcome',
    ...(model.runAs64Bit ? ['Invoke-RemcRelaunch64'] : []),
    ...(model.detectOnly && kind !== 'combined' ? [] : ['Read-RemcState']),
    ...(savesDetection(model, kind) ? ['Save-RemcDetection'] : []),
    ...(kind === 'combined' ? ['Resolve-RemcMode'] : []),
    ...rows.flatMap((r) => {
      const row = r as unknown as ProtocolValue<typeof CheckRow>;
      return [row.Probe, ...(kind !== 'detect' && row.Fix ? [row.Fix] : [])];
    }),
  ];
  const used = reachable(sources.flatMap((s) => s.chunks), roots);

  let section = '';
  for (const source of sources) {
    const chunks = source.chunks.filter((c) => used.has(c.name));
    if (chunks.length === 0) continue;
    const opens = source.section !== section;
    if (opens) {
      section = source.section;
      w.blank();
      w.comment(section);
    }
    if (source.native) w.line(`$script:${source.native.variable} = ${psHereString(requireSource(source.native.file, `${source.origin}: native.cs`))}`);
    for (const [i, chunk] of chunks.entries()) {
      if (i > 0 || !opens) w.blank();
      w.source(source.origin.startsWith(RUNTIME_ORIGIN) ? withPurposeOnly(chunk.text) : chunk.text, source.origin, chunk.line);
    }
  }

  w.blank();
  w.comment('What was declared: the literal encoder writes every value.');
  w.line(
    `$RemcRemediation = ${psValue({
      Id: model.id,
      Version: model.version,
      RunAs: model.runAs,
      CoolDownHours: model.coolDownHours,
      DetectOnly: model.detectOnly,
      MaxFixes: model.maxFixes,
      FixWindowHours: model.fixWindowHours,
      ConfirmRuns: model.confirmRuns,
      ConfirmWithinHours: CONFIRM_WITHIN_HOURS,
      ProbeBudgetSeconds: model.probeBudgetSeconds,
      Protocol: PROTOCOL_VERSION,
      ProbeKeys: [...ProbeResult.fields],
      FixKeys: [...FixResult.fields],
      // The status words in rank order, and those that exit 1: Select-RemcStatus takes the first that holds.
      Statuses: Object.fromEntries(
        (['detect', 'remediate'] as const).map((kind) => [
          kind === 'detect' ? 'Detect' : 'Remediate',
          { Ranking: STATUSES[kind].join(','), ExitOne: STATUSES[kind].filter((w) => STATUS_MEANINGS[kind][w as never]['exitCode'] === 1).join(',') },
        ]),
      ),
    })}`,
  );
  w.line(`$RemcChecks = ${psValue(rows)}`);
  w.blank();
  if (kind === 'combined') {
    combinedMain(w, model, form);
    return { text: w.toString(), spans: w.spans() };
  }
  const state = model.detectOnly ? '$null' : '(Read-RemcState -Remediation $RemcRemediation)';
  w.block('try {', (b) => {
    if (model.runAs64Bit) b.line('$RemcResult = Invoke-RemcRelaunch64 -ScriptPath $PSCommandPath');
    else b.line('$RemcResult = $null');
    b.block('if ($null -eq $RemcResult) {', (c) => {
      c.line(`$RemcResult = ${entry} -Remediation $RemcRemediation -Checks $RemcChecks -State ${state}`);
      // Only detection saves what it learned: sightings of a symptom (confirmRuns), a proof's verdict.
      if (savesDetection(model, kind)) c.line('Save-RemcDetection -Remediation $RemcRemediation -Context $RemcResult.Context -Symptoms $RemcResult.Symptoms -Proof $RemcResult.Proof');
    });
  });
  w.block('catch {', (b) => {
    b.line(`$RemcResult = @{ ExitCode = 1; Summary = "[$($RemcRemediation.Id)] ERROR | $($_.Exception.Message)"; Checks = @() }`);
  });
  w.line(`Write-RemcOutcome -Remediation $RemcRemediation -Script '${kind}' -Result $RemcResult`);
  w.line('Write-Output (Format-RemcLine -Text $RemcResult.Summary)');
  w.line('exit $RemcResult.ExitCode');
  return { text: w.toString(), spans: w.spans() };
}

/**
 * Detection writes the marker when it counts sightings (confirmRuns > 1) or decides whether a fix a
 * symptom triggered held (such fixes await proof); a remediation of drift fixes alone needs neither.
 */
function savesDetection(model: RemediationModel, kind: ScriptKind): boolean {
  return kind === 'detect' && runtimeFeatures(model).has('saves-detection');
}

/** The combined script's main block: the mode, the run (relaunched in 64-bit when needed), the report. */
function combinedMain(w: ScriptWriter, model: RemediationModel, form: CombinedForm): void {
  const variable = form.modeVariable ? ` -Variable ${psValue(form.modeVariable)}` : '';
  // ImmyBot sets $Method (test, get or set) in the script's scope; without it the script runs as the plain form.
  const mode = form.report === 'immybot' ? "(@{ test = 'detect'; get = 'detect'; set = 'remediate' }[[string] $Method])" : '$Mode';
  w.line('$RemcMode = $null');
  // Set by a 32-bit parent that relaunched this script (this process is its 64-bit child).
  if (model.runAs64Bit) w.line('$RemcRelaunched = [bool] $env:REMC_RELAUNCHED');
  w.block('try {', (b) => {
    b.line(`$RemcMode = Resolve-RemcMode -Mode ${mode}${variable} -Default '${form.defaultMode}'`);
    if (model.runAs64Bit) {
      // The 64-bit child gets the mode through the environment, and reports plainly (its last line and
      // exit code are relayed): this process reports in the tool's form. Both are put back afterwards.
      b.line('$RemcModeBefore = $env:REMC_MODE');
      b.line('$env:REMC_MODE = $RemcMode');
      b.line('$env:REMC_RELAUNCHED = $RemcMode');
      b.block('try {', (c) => c.line('$RemcResult = Invoke-RemcRelaunch64 -ScriptPath $PSCommandPath'));
      b.block('finally {', (c) => {
        c.line('$env:REMC_MODE = $RemcModeBefore');
        c.line('$env:REMC_RELAUNCHED = $null');
      });
    } else b.line('$RemcResult = $null');
    b.block('if ($null -eq $RemcResult) {', (c) => {
      c.line('$RemcResult = Invoke-RemcCombined -Remediation $RemcRemediation -Checks $RemcChecks -Mode $RemcMode');
    });
  });
  w.block('catch {', (b) => {
    b.line("if ($RemcMode -eq 'remediate') { $RemcScript = 'remediate' } else { $RemcScript = 'detect' }");
    b.line('$RemcResult = @{ ExitCode = 1; Summary = "[$($RemcRemediation.Id)] ERROR | $($_.Exception.Message)"; Checks = @(); Script = $RemcScript }');
  });
  w.line('Write-RemcOutcome -Remediation $RemcRemediation -Script $RemcResult.Script -Result $RemcResult');
  const lines = (b: ScriptWriter) => {
    b.line('foreach ($RemcLine in $RemcResult.Trail) { Write-Output (Format-RemcLine -Text $RemcLine) }');
    b.line('Write-Output (Format-RemcLine -Text $RemcResult.Summary)');
  };
  switch (form.report) {
    case 'line':
      lines(w);
      w.line('exit $RemcResult.ExitCode');
      break;
    case 'n-able':
      lines(w);
      w.line('if ($RemcResult.ExitCode -eq 0) { exit 0 }');
      w.line('exit 1001');
      break;
    case 'datto-monitor':
      if (model.runAs64Bit) w.block('if ($RemcRelaunched) {', (b) => {
        b.comment('The relaunched 64-bit child: the 32-bit parent prints the markers around its line.');
        lines(b);
        b.line('exit $RemcResult.ExitCode');
      });
      w.line("Write-Output '<-Start Result->'");
      w.line("Write-Output ('Status=' + (Format-RemcLine -Text $RemcResult.Summary))");
      w.line("Write-Output '<-End Result->'");
      w.line("Write-Output '<-Start Diagnostic->'");
      lines(w);
      w.line("Write-Output '<-End Diagnostic->'");
      w.line('exit $RemcResult.ExitCode');
      break;
    case 'immybot':
      w.block("if ([string] $Method -eq 'test') {", (b) => b.line('$RemcResult.ExitCode -eq 0'));
      w.block('elseif ($Method) {', (b) => b.line('Write-Output (Format-RemcLine -Text $RemcResult.Summary)'));
      w.block('else {', (b) => {
        lines(b);
        b.line('exit $RemcResult.ExitCode');
      });
      break;
  }
}

export class DuplicateFunctionError extends Error {
  constructor(
    message: string,
    readonly origin: string,
    readonly line: number,
  ) {
    super(message);
  }
}
