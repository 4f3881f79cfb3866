import { customCheck, defineRemediation } from 'remc';

// A probe and a fix that answer with keys the check protocol does not have: the runtime must refuse them.
export default defineRemediation({
  id: 'protocol-keys',
  displayName: 'Protocol keys',
  description: 'Probes and fixes that break the check protocol.',
  publisher: 'test',
  runAs: 'user',
  checks: [
    customCheck({ name: 'probe-extra', probe: './extra.probe.ps1', runAs: 'user' }),
    customCheck({ name: 'fix-extra', probe: './drift.probe.ps1', fix: './extra.fix.ps1', runAs: 'user' }),
  ],
});
