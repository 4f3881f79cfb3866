/**
 * What was declared, as a script carries it: `$RemcRemediation` (the remediation's settings and the
 * protocol's keys and statuses) and `$RemcChecks` (one check row of the protocol per check). The
 * literal encoder writes every value.
 */
import type { CheckModel, RemediationModel } from '../lower/model.ts';
import { CheckRow, CONFIRM_WITHIN_HOURS, FixResult, PROTOCOL_VERSION, ProbeResult, STATUS_MEANINGS, STATUSES, type ProtocolValue, type ScriptKind, type SingleTrigger, type Trigger } from '../protocol.ts';
import { psValue, type PsValue } from '../ps/literal.ts';
import type { ScriptWriter } from '../ps/printer.ts';
import { psConfig } from './names.ts';
import { entryNames } from './sources.ts';

export type CheckRowValue = ProtocolValue<typeof CheckRow>;

function triggerRow(t: Trigger): CheckRowValue['Triggers'][number] {
  if (t.kind === 'all') return { Kind: 'all', Parts: t.parts.map(partRow) };
  if (t.kind === 'schedule') return { Kind: 'schedule' };
  return partRow(t);
}

function partRow(t: SingleTrigger): CheckRowValue['Triggers'][number] & { Kind: SingleTrigger['kind'] } {
  if (t.kind === 'drift') return { Kind: 'drift' };
  if (t.kind === 'finding') return { Kind: 'finding', Check: t.check };
  return { Kind: 'cause', Check: t.check, Causes: [...t.causes] };
}

/**
 * The check row of the protocol, as `$RemcChecks` carries it. Detection carries no secret: the config
 * keys named by the check's secret options are null there (its probe compares what the config holds
 * instead, e.g. a digest); the remediation, which must write them, carries them.
 */
export function checkRow(check: CheckModel, kind: ScriptKind): CheckRowValue {
  const names = entryNames(check.source);
  const config = kind === 'detect' && check.secrets.length > 0 ? { ...check.config, ...Object.fromEntries(check.secrets.map((key) => [key, null])) } : check.config;
  return {
    Name: check.name,
    Probe: names.probe,
    // Detection names the fix too (a fix is due only where one exists) but never calls it.
    Fix: check.hasFix ? (names.fix ?? null) : null,
    Triggers: check.triggers.map(triggerRow),
    NeedsFullLanguage: check.requirements.needsFullLanguage,
    Config: psConfig(config),
  };
}

/** `$RemcRemediation` and `$RemcChecks`, under their comment. */
export function printDeclared(w: ScriptWriter, model: RemediationModel, rows: readonly CheckRowValue[]): void {
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
      // It never picks WRONG ACCOUNT (the combined script's account check sets it): not carried.
      Statuses: Object.fromEntries(
        (['detect', 'remediate'] as const).map((kind) => {
          const words = STATUSES[kind].filter((w) => w !== 'WRONG ACCOUNT');
          return [kind === 'detect' ? 'Detect' : 'Remediate', { Ranking: words.join(','), ExitOne: words.filter((w) => STATUS_MEANINGS[kind][w as never]['exitCode'] === 1).join(',') }];
        }),
      ),
    })}`,
  );
  w.line(`$RemcChecks = ${psValue(rows as unknown as PsValue)}`);
  w.blank();
}
