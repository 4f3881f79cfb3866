// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
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
export declare const STATUSES: {
    readonly detect: readonly ['WRONG ACCOUNT', 'ERROR', 'FIX DUE', 'ESCALATE', 'ISSUE FOUND', 'ACTION NEEDED', 'HELD', 'CONFIRMING', 'ABNORMAL', 'UNPROVEN', 'SKIPPED', 'OK'];
    readonly remediate: readonly ['WRONG ACCOUNT', 'ERROR', 'FAILED', 'PROBE ERROR', 'ESCALATE', 'NOT CONVERGED', 'REPORTED ONLY', 'ACTION NEEDED', 'APPLIED', 'FIXED', 'HELD', 'CONFIRMING', 'SKIPPED', 'NOTHING TO FIX'];
};
type StatusMeanings<K extends keyof typeof STATUSES> = {
    readonly [S in (typeof STATUSES)[K][number]]: {
        readonly exitCode: 0 | 1;
        readonly meaning: string;
    };
};
/**
 * What each status tells an admin, with the exit code it goes with (compiler/ps/runtime/detect.ps1 and
 * remediate.ps1 decide them); the generated README of every remediation prints them. A status added to
 * STATUSES without a meaning here is a type error.
 */
export declare const STATUS_MEANINGS: {
    readonly detect: StatusMeanings<'detect'>;
    readonly remediate: StatusMeanings<'remediate'>;
};
/** Every status word a summary line can start with, longest first (so 'NOT CONVERGED' wins over a prefix). */
export declare const STATUS_WORDS: readonly Status[];
export type Status = (typeof STATUSES)[keyof typeof STATUSES][number];
export {};
