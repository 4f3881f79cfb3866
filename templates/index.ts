/** The template library: factories for declarations, specs for the compiler. */
import type { TemplateSpec } from '../compiler/template.ts';
import { brokerPluginRegistrationTemplate } from './broker-plugin-registration/index.ts';
import { credentialPurgeTemplate } from './credential-purge/index.ts';
import { signInDiagnosticsTemplate } from './sign-in-diagnostics/index.ts';

export { brokerPluginRegistration, type BrokerPluginRegistrationProps } from './broker-plugin-registration/index.ts';
export { credentialPurge, type CredentialPurgeProps, DEFAULT_CREDENTIAL_TARGETS, PROTECTED_CREDENTIAL_TARGETS } from './credential-purge/index.ts';
export { signInDiagnostics, type SignInDiagnosticsProps, DEFAULT_CLIENT_IDS } from './sign-in-diagnostics/index.ts';

/** Every built-in template by folder name. */
export const TEMPLATES: Readonly<Record<string, TemplateSpec<any>>> = {
  [brokerPluginRegistrationTemplate.name]: brokerPluginRegistrationTemplate,
  [credentialPurgeTemplate.name]: credentialPurgeTemplate,
  [signInDiagnosticsTemplate.name]: signInDiagnosticsTemplate,
};
