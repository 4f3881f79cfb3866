import { brokerPluginRegistration, defineRemediation, eventSignal, onFinding } from 'remc';

// The broker is re-registered only when another check finds its symptom: its probe stays idle otherwise,
// so the broker template's scenario of a probe error ("Get-AppxPackage fails") is not about it.
const crashes = eventSignal({ checkName: 'crashes', log: 'Application', provider: 'Application Error', ids: [1000], minCount: 3 });

export default defineRemediation({
  id: 'broker-on-finding',
  displayName: 'Broker re-registered after repeated crashes',
  description: 'Re-registers the AAD Broker Plugin when an app keeps crashing, and only then.',
  publisher: 'remc tests',
  runAs: 'user',
  checks: [crashes, brokerPluginRegistration({ trigger: onFinding(crashes) })],
});
