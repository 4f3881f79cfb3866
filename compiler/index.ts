/**
 * remc's public entry: `import { defineRemediation, serviceState, customCheck, ... } from 'remc'`.
 * The built-in templates' factories come from templates/index.ts, generated from the folders.
 */
export {
  defineRemediation,
  onDrift,
  onFinding,
  type Assignment,
  type AssignmentExclusion,
  type AssignmentFilter,
  type AssignmentInclusion,
  type AssignmentSchedule,
  type AssignmentTarget,
  type Check,
  type Diagnosis,
  type Host,
  type Remediation,
  type RemediationProps,
  type RunAs,
} from './api.ts';
export type { Cause, CauseTrigger, DriftTrigger, FindingTrigger, Trigger, RunOutcome, CheckOutcome } from './protocol.ts';
export type { TargetName } from './targets.ts';
export { customCheck, type CustomCheckProps } from './custom.ts';
export { defineTemplate, option, type Option, type PropsOf, type Requirements, type TemplateFactory, type ConfigValue } from './template.ts';
export * from '../templates/index.ts';
export { checkOutcome, fixRan, stateList, added, psLike, alwaysProbed, triggeredByCause, PROBED_IN_EVERY_RUN } from './pester/scenario-spec.ts';
export type {
  InvariantContext,
  RemediationScenario,
  ScenarioApplicability,
  ScenarioInvariant,
  ScenarioStep,
  StepExpectation,
  StepView,
  TemplateScenario,
} from './pester/scenario-spec.ts';
