/**
 * remc's public entry: `import { defineRemediation, credentialPurge, ... } from 'remc'`.
 */
export {
  defineRemediation,
  onDrift,
  type Cause,
  type CauseTrigger,
  type Check,
  type Diagnosis,
  type DriftTrigger,
  type Host,
  type Remediation,
  type RemediationProps,
  type Requirements,
  type RunAs,
  type Trigger,
} from './api.ts';
export {
  brokerPluginRegistration,
  credentialPurge,
  signInDiagnostics,
  DEFAULT_CLIENT_IDS,
  DEFAULT_CREDENTIAL_TARGETS,
  PROTECTED_CREDENTIAL_TARGETS,
  type BrokerPluginRegistrationProps,
  type CredentialPurgeProps,
  type SignInDiagnosticsProps,
} from '../templates/index.ts';
export type {
  InvariantContext,
  RemediationScenario,
  ScenarioInvariant,
  ScenarioStep,
  StepExpectation,
  StepView,
  TemplateScenario,
} from './pester/scenario-spec.ts';
