/**
 * What a kind of script prints of its own (detect.ts, remediate.ts, combined.ts): what its help says,
 * its parameters and its main block; everything else of a script is the same for every kind
 * (emit.ts). Also the main block detect.ps1 and remediate.ps1 share, as Intune runs them.
 */
import type { RemediationModel } from '../lower/model.ts';
import { ENTRY_POINTS } from '../protocol.ts';
import type { ScriptWriter } from '../ps/printer.ts';
import { savesDetection } from './runtime.ts';

export interface KindScript {
  /** What the help calls the script: detection, remediation, or the combined form's title. */
  readonly role: string;
  /** How Intune would run it, for the `IntuneScriptLab:` header line. */
  readonly intuneScriptLab?: string;
  /** The help's lines on what its exit code means (and how a tool runs it). */
  readonly exitNotes: readonly string[];
  /** Whether the last line of output is the one-line summary (the help says so). */
  readonly summaryLast: boolean;
  /** Lines above the preferences (the combined script's parameters). */
  readonly params?: (w: ScriptWriter) => void;
  /** The main block, after what was declared. */
  readonly main: (w: ScriptWriter) => void;
}

/** `Context=System Architecture=x64`: the account the script runs as and its host's bitness, as Intune would run it. */
export function runsAsDirective(model: RemediationModel): string {
  return `Context=${model.runAs === 'user' ? 'User' : 'System'} Architecture=${model.runAs64Bit ? 'x64' : 'x86'}`;
}

/** `ScriptType=Detection Context=System Architecture=x64`: the script's kind, run-as and host bitness. */
export function intuneScriptLabDirective(model: RemediationModel, kind: 'detect' | 'remediate'): string {
  return `ScriptType=${kind === 'detect' ? 'Detection' : 'Remediation'} ${runsAsDirective(model)}`;
}

/** detect.ps1 or remediate.ps1: the summary line last, the exit code as Intune reads it. */
export function intuneScript(model: RemediationModel, kind: 'detect' | 'remediate', role: string, exitNotes: readonly string[]): KindScript {
  return {
    role,
    // The public IntuneScriptLab linter reads how Intune runs a script from this directive (its README,
    // "Script type, context and architecture"), so its rules judge the script as deployed.
    intuneScriptLab: intuneScriptLabDirective(model, kind),
    exitNotes,
    summaryLast: true,
    main: (w) => intuneMain(w, model, kind),
  };
}

/** The main block of the pair: run (relaunched in 64-bit when needed), save what detection learned, report, exit. */
function intuneMain(w: ScriptWriter, model: RemediationModel, kind: 'detect' | 'remediate'): void {
  const state = model.detectOnly ? '$null' : '(Read-RemcState -Remediation $RemcRemediation)';
  w.block('try {', (b) => {
    if (model.runAs64Bit) b.line('$RemcResult = Invoke-RemcRelaunch64 -ScriptPath $PSCommandPath');
    else b.line('$RemcResult = $null');
    b.block('if ($null -eq $RemcResult) {', (c) => {
      c.line(`$RemcResult = ${ENTRY_POINTS[kind]} -Remediation $RemcRemediation -Checks $RemcChecks -State ${state}`);
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
}
