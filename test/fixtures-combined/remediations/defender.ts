import { defenderPreference, defineRemediation } from 'remc';

export default defineRemediation({
  id: 'defender',
  displayName: 'Microsoft Defender Antivirus preferences',
  description: 'Keeps real-time protection on, PUA protection on, cloud-delivered protection advanced, safe samples sent and the cloud block level high.',
  publisher: 'IT',
  runAs: 'system',
  checks: [
    defenderPreference({
      settings: { DisableRealtimeMonitoring: false, PUAProtection: 'enabled', MAPSReporting: 'advanced', SubmitSamplesConsent: 'sendSafeSamples', CloudBlockLevel: 'high' },
    }),
  ],
});
