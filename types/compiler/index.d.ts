// Generated from remc's sources by `npm run gen` (compiler/public-types.ts); do not edit.
/**
 * remc's public entry: `import { defineRemediation, serviceState, customCheck, ... } from 'remc'`.
 * The built-in templates' factories come from templates/index.ts, generated from the folders.
 */
export { defineRemediation, onDrift, onFinding, type Assignment, type AssignmentExclusion, type AssignmentFilter, type AssignmentInclusion, type AssignmentSchedule, type AssignmentTarget, type Check, type Diagnosis, type Host, type Remediation, type RemediationProps, type RunAs, } from './api.js';
export type { Cause, CauseTrigger, DriftTrigger, FindingTrigger, Trigger, RunOutcome, CheckOutcome } from './protocol.js';
export type { TargetName } from './targets.js';
export { customCheck, type CustomCheckProps } from './custom.js';
export { defineTemplate, option, type Option, type PropsOf, type Requirements, type TemplateFactory, type ConfigValue } from './template.js';
export * from '../templates/index.js';
export { checkOutcome, fixRan, stateList, added, psLike, alwaysProbed, triggeredByCause, PROBED_IN_EVERY_RUN } from './pester/scenario-spec.js';
export type { InvariantContext, RemediationScenario, ScenarioApplicability, ScenarioInvariant, ScenarioStep, StepExpectation, StepView, TemplateScenario, } from './pester/scenario-spec.js';
