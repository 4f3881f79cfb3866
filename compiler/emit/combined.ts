/**
 * The combined script (detect -> fix -> verify in one, for RMM tools): its -Mode parameter and its
 * main block, in the form a tool runs it (how the mode arrives, how the result is reported).
 */
import { targetDefinition, type TargetName } from '../declare/targets.ts';
import type { RemediationModel } from '../lower/model.ts';
import { psValue } from '../ps/literal.ts';
import type { ScriptWriter } from '../ps/printer.ts';
import { runsAsDirective, type KindScript } from './kind.ts';

/**
 * How a tool runs the combined script and reads its result. Only the script's last lines differ
 * (where the mode comes from, how the result is reported); every decision is the runtime's.
 */
export interface CombinedForm {
  /** What the help calls it: "combined", "Datto RMM monitor". */
  readonly title: string;
  /** The target it is written for: its tool's account (TARGETS) is what the help says to run it as. */
  readonly target: TargetName;
  /** The environment variable the tool passes the mode in (besides -Mode and REMC_MODE). */
  readonly modeVariable?: string;
  /** The mode when nothing names one. */
  readonly defaultMode: 'detect' | 'remediate' | 'both';
  /**
   * `line`: the earlier steps' lines, the summary last, exit 0 or 1. `datto-monitor`: the summary
   * between Datto's result markers, the lines as its diagnostic, exit 0 or 1. `n-able`: `line` with
   * exit 1001 for 1 (N-able reserves 1-999 and shows the output only above 1000). `immybot`: the
   * mode from ImmyBot's $Method; `test` outputs only $true (compliant) or $false, no exit; `set`
   * throws the summary when the device does not end compliant, so ImmyBot shows the failure at once.
   */
  readonly report: 'line' | 'datto-monitor' | 'n-able' | 'immybot';
  /** Help lines on how the tool runs it and what its exit codes mean. */
  readonly notes: readonly string[];
  /** The help line on the tool's context (account) the remediation needs, for tools that ask for one. */
  readonly contextNote?: (runAs: RemediationModel['runAs']) => string;
}

/** The combined script as remc writes it for any tool: `-Mode` or `REMC_MODE`, default both, exit 0 or 1. */
export const PLAIN_COMBINED: CombinedForm = {
  title: 'combined detect/remediate',
  target: 'combined',
  defaultMode: 'both',
  report: 'line',
  notes: [
    '-Mode detect: exit 1 when a fix is due or a probe failed, else 0, changing nothing (as detect.ps1).',
    '-Mode remediate: fix what is due, probe again; exit 0 when nothing is due any more, else 1 (as remediate.ps1).',
    '-Mode both (the default; or set REMC_MODE): detect, and only when that exits 1, remediate and detect again; ' +
      'exit 0 when the device ends compliant, else 1. Each step prints its line; the last line is the result.',
  ],
};

/**
 * The combined script in `form`. Its IntuneScriptLab directive names the context and architecture the
 * remediation runs in, and no ScriptType: the linter's types (Get-IslScriptContext.ps1: Detection,
 * Remediation, PlatformScript, Win32Detection, Win32Requirement) have none for a script that detects
 * and remediates in one, so the linter infers one from the file name as it does for any script.
 */
export function combinedScript(model: RemediationModel, form: CombinedForm): KindScript {
  return {
    role: form.title,
    intuneScriptLab: runsAsDirective(model),
    exitNotes: [...form.notes, ...(form.contextNote ? [form.contextNote(model.runAs)] : []), ...accountNote(model, form)],
    summaryLast: form.report === 'line' || form.report === 'n-able',
    // ImmyBot passes $Method, not a parameter.
    ...(form.report !== 'immybot' ? { params: modeParameter } : {}),
    main: (w) => combinedMain(w, model, form),
  };
}

/**
 * How the tool is set to run a user remediation as the signed-in user, where it runs scripts as SYSTEM
 * otherwise (the help already says which account; the script refuses any other: WRONG ACCOUNT). N-able
 * counts every character, so a SYSTEM remediation gets no line.
 */
function accountNote(model: RemediationModel, form: CombinedForm): string[] {
  const tool = targetDefinition(form.target);
  if (model.runAs !== 'user' || tool.account !== 'system' || !tool.userContext) return [];
  return [`${tool.tool}: run it as the signed-in user (${tool.userContext}); as SYSTEM it checks nothing and says WRONG ACCOUNT.`];
}

function modeParameter(w: ScriptWriter): void {
  w.line('param(');
  // No ValidateSet: a wrong word must end as the summary line and exit 1, not as a binding error on stderr.
  w.line('    # detect, remediate or both; when not given, the environment decides (see the notes above).');
  w.line('    [string] $Mode');
  w.line(')');
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
  combinedReport(w, model, form);
}

/** The script's last lines: the result as the tool reads it, and the exit code. */
function combinedReport(w: ScriptWriter, model: RemediationModel, form: CombinedForm): void {
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
      w.block('elseif ($Method) {', (b) => {
        b.comment('A failed fix is an error in ImmyBot at once (not only at the next test): set throws the summary.');
        b.line("if ([string] $Method -eq 'set' -and $RemcResult.ExitCode -ne 0) { throw (Format-RemcLine -Text $RemcResult.Summary) }");
        b.line('Write-Output (Format-RemcLine -Text $RemcResult.Summary)');
      });
      w.block('else {', (b) => {
        lines(b);
        b.line('exit $RemcResult.ExitCode');
      });
      break;
  }
}
