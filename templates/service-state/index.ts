/**
 * serviceState: keeps one Windows service running or stopped and, when `startType` is given, with that
 * start type. The probe reads the service through CIM (`Win32_Service`, locale-independent); the fix
 * sets the start type first (CIM `ChangeStartMode`, or `sc.exe config start= auto|delayed-auto` for the
 * automatic types, because Windows PowerShell 5.1 cannot set a delayed start), then asks the service
 * control manager to start, resume or stop the service, and waits at most `timeoutSeconds` for it.
 *
 * Why it is safe:
 * - It touches only the declared service. Starting it also starts the services it depends on (the
 *   service control manager does that); stopping it never stops the services that depend on it: with
 *   such services running, the fix refuses and names them.
 * - A start type that is not declared is never changed: a disabled service that must run is drift no fix
 *   repairs (ACTION NEEDED, advice to enable it or declare startType), never silently enabled.
 * - A service that is not installed is reported, never created: ACTION NEEDED with advice, the fix does
 *   not run (called anyway, it refuses with a clear message).
 * - One attempt per run, every wait bounded: a start that keeps failing is reported as a failed fix,
 *   and the remediation's cool-down (`coolDownHours`) limits how often it is tried again.
 */
import { onDrift } from '../../compiler/declare/api.ts';
import { defineTemplate, option } from '../../compiler/declare/template.ts';

export const serviceState = defineTemplate({
  title: 'Service state',
  summary: 'Keeps a Windows service running or stopped, with the start type it should have.',
  defaultName: 'service',
  // Starting, stopping and reconfiguring services needs administrative rights: SYSTEM under Intune.
  requirements: { runAs: ['system'], needsAdmin: true },
  options: {
    /**
     * The service's short name as the service control manager knows it, e.g. `Spooler` (not its display
     * name "Print Spooler"): `Get-Service` shows it in the Name column. Matched exactly, case-insensitively.
     */
    name: option.string({ required: true, pattern: /^[^\\/*?[\]]+$/, patternText: 'is not a service short name (no \\, / or wildcards)' }),
    /** The status the service must have. Pending states (starting, stopping) are not yet either. */
    status: option.oneOf(['running', 'stopped'], { default: 'running' }),
    /**
     * The start type the service must have. Left out, the start type is not managed and never changed
     * (a disabled service that must run is then ACTION NEEDED, never enabled on its own).
     * `automatic-delayed` is "Automatic (Delayed Start)".
     */
    startType: option.oneOf(['automatic', 'automatic-delayed', 'manual', 'disabled'], { defaultText: 'not managed' }),
    /**
     * A machine without the service counts as in its desired state (the summary still says it is not
     * installed). Use it when the assignment includes machines that do not have the service; otherwise a
     * missing service is drift the fix cannot repair (it never installs services): the run says ACTION
     * NEEDED with advice, and the fix does not run.
     */
    allowMissing: option.boolean({ default: false }),
    /**
     * How long the fix waits, in seconds, for the service to reach its status (and for a pending
     * start or stop to finish first) before it gives up and reports the failure.
     */
    timeoutSeconds: option.number({ min: 1, max: 300, integer: true, default: 30 }),
    /** Say what the fix would change without changing anything. */
    reportOnly: option.boolean({ default: false }),
    /** When the fix may run. A service in the wrong state is itself the symptom. */
    trigger: option.triggers({ default: [onDrift()] }),
  },
  validate: (props) =>
    props.status === 'running' && props.startType === 'disabled'
      ? [
          {
            option: 'startType',
            message: "startType 'disabled' contradicts status 'running': a disabled service cannot be started",
            hint: "Use status: 'stopped' with startType: 'disabled', or a startType that can run (e.g. 'automatic').",
          },
        ]
      : [],
});
