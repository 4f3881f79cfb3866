/**
 * brokerPluginRegistration: the AAD Broker Plugin (WAM) must be registered for the signed-in user with
 * status Ok; when it is not, it is registered again from the copy Windows ships in SystemApps.
 */
import { onDrift, type Check, type Trigger } from '../../compiler/api.ts';
import { createCheck, NO_REQUIREMENTS, option, type TemplateSpec } from '../../compiler/template.ts';

export interface BrokerPluginRegistrationProps {
  /**
   * Name of the check in summaries and triggers.
   * @default 'broker'
   */
  readonly name?: string;
  /**
   * When the re-registration may run (any of them). A missing or not-Ok registration is itself a symptom.
   * @default onDrift()
   */
  readonly trigger?: Trigger | readonly Trigger[];
  /**
   * The exact package name (matched with -eq, never as a wildcard).
   * @default 'Microsoft.AAD.BrokerPlugin'
   */
  readonly packageName?: string;
  /**
   * The manifest to register; environment variables such as %SystemRoot% are expanded on the device.
   * @default '%SystemRoot%\\SystemApps\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\\AppxManifest.xml'
   */
  readonly manifestPath?: string;
}

export const brokerPluginRegistrationTemplate: TemplateSpec<BrokerPluginRegistrationProps> = {
  name: 'broker-plugin-registration',
  factory: 'brokerPluginRegistration',
  title: 'AAD Broker Plugin registration',
  defaultName: 'broker',
  // AppX registration is per user, and the Appx cmdlets do not load in 32-bit PowerShell on 64-bit Windows.
  requirements: { ...NO_REQUIREMENTS, runAs: ['user'], needs64Bit: true, needsUserSession: true },
  detectOnly: false,
  defaultTriggers: [onDrift()],
  options: {
    name: option.string(),
    trigger: option.triggers(),
    // A space in the name (as in one published sample) never matches: reject it at build time.
    packageName: option.string({ nonEmpty: true, pattern: /^[A-Za-z0-9][A-Za-z0-9.-]*$/, patternText: 'is not an AppX package name (letters, digits, dots and hyphens, no spaces)' }),
    manifestPath: option.string({ nonEmpty: true }),
  },
  lower(props) {
    return {
      PackageName: props.packageName ?? 'Microsoft.AAD.BrokerPlugin',
      ManifestPath: props.manifestPath ?? '%SystemRoot%\\SystemApps\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\\AppxManifest.xml',
    };
  },
};

export type BrokerPluginRegistrationHost = { readonly runAs: 'user'; readonly is64Bit: true };

/**
 * Detects a missing or not-Ok Microsoft.AAD.BrokerPlugin registration for the signed-in user and
 * registers it again (`Add-AppxPackage -Register ... -DisableDevelopmentMode -ForceApplicationShutdown`).
 */
export function brokerPluginRegistration(props?: BrokerPluginRegistrationProps): Check<BrokerPluginRegistrationHost> {
  return createCheck(brokerPluginRegistrationTemplate, props);
}
