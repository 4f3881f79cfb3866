/**
 * brokerPluginRegistration: the AAD Broker Plugin (WAM) must be registered for the signed-in user with
 * status Ok; when it is not, it is registered again from the copy Windows ships in SystemApps.
 */
import { onDrift } from '../../compiler/declare/api.ts';
import { defineTemplate, option } from '../../compiler/declare/template.ts';

export const brokerPluginRegistration = defineTemplate({
  title: 'AAD Broker Plugin registration',
  summary:
    'Detects a missing or not-Ok Microsoft.AAD.BrokerPlugin registration for the signed-in user and registers it again ' +
    '(`Add-AppxPackage -Register ... -DisableDevelopmentMode -ForceApplicationShutdown`).',
  defaultName: 'broker',
  // AppX registration is per user, and the Appx cmdlets do not load in 32-bit PowerShell on 64-bit Windows.
  requirements: { runAs: ['user'], needs64Bit: true, needsUserSession: true },
  options: {
    /** When the re-registration may run (any of them). A missing or not-Ok registration is itself a symptom. */
    trigger: option.triggers({ default: [onDrift()] }),
    /** The exact package name (matched with -eq, never as a wildcard). */
    // A space in the name (as in one published sample) never matches: reject it at build time.
    packageName: option.string({
      default: 'Microsoft.AAD.BrokerPlugin',
      pattern: /^[A-Za-z0-9][A-Za-z0-9.-]*$/,
      patternText: 'is not an AppX package name (letters, digits, dots and hyphens, no spaces)',
    }),
    /** The manifest to register; environment variables such as %SystemRoot% are expanded on the device. */
    manifestPath: option.string({ nonEmpty: true, default: '%SystemRoot%\\SystemApps\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\\AppxManifest.xml' }),
    /** How long the re-registration may take, in seconds; past it the fix stops waiting and fails. */
    registerTimeoutSeconds: option.number({ min: 5, max: 1800, integer: true, default: 120 }),
  },
});
