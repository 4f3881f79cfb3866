/**
 * remc's public entry: `import { defineRemediation, serviceState, customCheck, ... } from 'remc'`.
 * The built-in templates' factories come from templates/index.ts, generated from the folders.
 */
export {
  allOf,
  defineRemediation,
  onDrift,
  onFinding,
  onSchedule,
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
} from './declare/api.ts';
export type { AllOfTrigger, Cause, CauseTrigger, DriftTrigger, FindingTrigger, ScheduleTrigger, SingleTrigger, Trigger, RunOutcome, CheckOutcome } from './protocol.ts';
export type { TargetName } from './declare/targets.ts';
export { customCheck, type CustomCheckProps } from './declare/custom.ts';
export { defineTemplate, option, type Option, type PropsOf, type Requirements, type TemplateFactory, type ConfigValue } from './declare/template.ts';
export * from '../templates/index.ts';
export { checkOutcome, fixRan, stateList, added, psLike, alwaysProbed, triggeredByCause, actionNeeded, PROBED_IN_EVERY_RUN } from './declare/scenario-spec.ts';
export type {
  InvariantContext,
  RemediationScenario,
  ScenarioApplicability,
  ScenarioInvariant,
  ScenarioStep,
  StepExpectation,
  StepView,
  TemplateScenario,
} from './declare/scenario-spec.ts';
