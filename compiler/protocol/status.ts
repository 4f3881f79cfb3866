/**
 * The status words: the head of every summary line and the `Status` of every outcome, in rank order
 * per script, with what each tells an admin and the exit code it goes with.
 */

/**
 * The head of the summary line and the outcome's `Status`, per script, **in rank order**: when several
 * hold in one run, the first of the list is the word (the runtime picks it with Select-RemcStatus from
 * this very list, which the emitter writes into every script). The last word of each list holds when
 * none of the others does. Both: WRONG ACCOUNT (the combined script runs as another account than
 * declared, and checks nothing; Select-RemcStatus never picks it). Detection: ERROR (a probe failed), FIX DUE, ESCALATE (the limit of fixes is
 * reached), ISSUE FOUND (detect-only), ACTION NEEDED (a check without a fix found a problem no fix here
 * addresses: exit 1, the advice says what a person must do), HELD (a fix waits for the cool-down),
 * CONFIRMING (a symptom seen once; its fix waits for the next detection), ABNORMAL (something abnormal
 * was seen that no fix here is for and no person needs to act on yet, e.g. an unexplained or network
 * cause: exit 0, the line says what), UNPROVEN (the last fix a symptom triggered is not yet proven to
 * have held), SKIPPED (checks this host cannot run were not checked), OK (every check ran and saw nothing
 * abnormal). Remediation: ERROR, FAILED, PROBE ERROR, ESCALATE, NOT CONVERGED, REPORTED ONLY, ACTION
 * NEEDED, APPLIED (a fix a symptom triggered ran; the next detections prove it or not), FIXED (every
 * fix's own state read back as desired), HELD, CONFIRMING, SKIPPED, NOTHING TO FIX. Whatever the word, every
 * check that did not run is named in the line and counted (`not run: <n> of <m> checks`).
 */
export const STATUSES = {
  detect: ['WRONG ACCOUNT', 'ERROR', 'FIX DUE', 'ESCALATE', 'ISSUE FOUND', 'ACTION NEEDED', 'HELD', 'CONFIRMING', 'ABNORMAL', 'UNPROVEN', 'SKIPPED', 'OK'],
  remediate: ['WRONG ACCOUNT', 'ERROR', 'FAILED', 'PROBE ERROR', 'ESCALATE', 'NOT CONVERGED', 'REPORTED ONLY', 'ACTION NEEDED', 'APPLIED', 'FIXED', 'HELD', 'CONFIRMING', 'SKIPPED', 'NOTHING TO FIX'],
} as const;

type StatusMeanings<K extends keyof typeof STATUSES> = { readonly [S in (typeof STATUSES)[K][number]]: { readonly exitCode: 0 | 1; readonly meaning: string } };

/**
 * What each status tells an admin, with the exit code it goes with (compiler/ps/runtime/detect.ps1 and
 * remediate.ps1 decide them); the generated README of every remediation prints them. A status added to
 * STATUSES without a meaning here is a type error.
 */
export const STATUS_MEANINGS: { readonly detect: StatusMeanings<'detect'>; readonly remediate: StatusMeanings<'remediate'> } = {
  detect: {
    'WRONG ACCOUNT': { exitCode: 1, meaning: 'The combined script (the RMM exports) runs as another account than the remediation is declared for (a user remediation as SYSTEM, or the reverse): nothing was checked or changed. Set the tool to run it as the declared account.' },
    OK: { exitCode: 0, meaning: 'Every check ran, is in its desired state, and saw nothing abnormal.' },
    'FIX DUE': { exitCode: 1, meaning: 'A fix is due (its trigger fired, outside the cool-down): Intune runs remediate.ps1.' },
    'ISSUE FOUND': { exitCode: 1, meaning: 'A detect-only remediation found a check out of its desired state.' },
    'ACTION NEEDED': { exitCode: 1, meaning: 'A check found a problem no fix of this remediation answers (a device cause, a policy block): the advice says who must do what.' },
    HELD: { exitCode: 0, meaning: 'A fix is due but waits: for the cool-down (the line says when it ends), or for what it needs first (the line says what, e.g. an app to be closed).' },
    CONFIRMING: { exitCode: 0, meaning: 'A symptom was seen; its fix waits for the next detection to see it again (confirmRuns).' },
    UNPROVEN: { exitCode: 0, meaning: 'Nothing is due; the last fix a symptom triggered is not yet proven to have held (its symptom not seen again, no evidence of success yet). The line says since when; it becomes OK with "held", or FIX DUE with "not held".' },
    ABNORMAL: { exitCode: 0, meaning: 'Something abnormal was seen that no fix here is for and no person needs to act on yet (an unexplained or a network cause); the line says what. Nothing is due.' },
    SKIPPED: { exitCode: 0, meaning: 'Nothing is due, but checks this device cannot run (e.g. in Constrained Language Mode) were not checked.' },
    ESCALATE: { exitCode: 1, meaning: 'The limit of fixes is reached: a fix that does not hold needs a person, not another run.' },
    ERROR: { exitCode: 1, meaning: 'A probe failed; the line says which and why.' },
  },
  remediate: {
    'WRONG ACCOUNT': { exitCode: 1, meaning: 'The combined script (the RMM exports) runs as another account than the remediation is declared for (a user remediation as SYSTEM, or the reverse): nothing was checked or changed. Set the tool to run it as the declared account.' },
    FIXED: { exitCode: 0, meaning: 'Every due fix worked, and the probe afterwards reads each fixed state back as desired.' },
    APPLIED: { exitCode: 0, meaning: 'The due fixes ran without error, but a symptom triggered them, and the probe right after cannot tell whether they helped: the next detections decide (held, not held) and say so.' },
    'NOTHING TO FIX': { exitCode: 0, meaning: 'No fix was due when remediate.ps1 probed again.' },
    'ACTION NEEDED': { exitCode: 0, meaning: 'Nothing to fix here; a person must act (the advice says what), and the next detection still says so.' },
    'REPORTED ONLY': { exitCode: 1, meaning: 'Report-only fixes changed nothing and say what they would have done.' },
    HELD: { exitCode: 0, meaning: 'A due fix waits: for the cool-down, or for what it needs first (the line says what); it changed nothing and counts as no attempt.' },
    CONFIRMING: { exitCode: 0, meaning: 'The symptom is not yet confirmed by enough detections; nothing was fixed.' },
    SKIPPED: { exitCode: 0, meaning: 'Nothing was due among the checks this device can run.' },
    ESCALATE: { exitCode: 1, meaning: 'The limit of fixes is reached; nothing was fixed.' },
    'NOT CONVERGED': { exitCode: 1, meaning: 'The fixes ran, but the probe afterwards still finds a fix due.' },
    FAILED: { exitCode: 1, meaning: 'A fix failed; the line says which and why.' },
    'PROBE ERROR': { exitCode: 1, meaning: 'A probe failed, so nothing was fixed on that check.' },
    ERROR: { exitCode: 1, meaning: 'The script failed before it could decide; the line says why.' },
  },
};

/** Every status word a summary line can start with, longest first (so 'NOT CONVERGED' wins over a prefix). */
export const STATUS_WORDS: readonly Status[] = [...new Set<Status>([...STATUSES.detect, ...STATUSES.remediate])].sort((a, b) => b.length - a.length);
export type Status = (typeof STATUSES)[keyof typeof STATUSES][number];

