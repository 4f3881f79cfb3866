import { customCheck, defineRemediation } from 'remc';

// A check no template covers, in your own PowerShell: the files sit next to this declaration and get
// every guarantee a template gets (parsed, checked against Windows PowerShell 5.1, run in scenarios).
export default defineRemediation({
  id: 'defender-realtime',
  displayName: 'Defender real-time protection on',
  description: 'Turns Microsoft Defender real-time protection back on where it is off, unless another antivirus product is primary.',
  publisher: 'Contoso IT',
  runAs: 'system',
  checks: [
    customCheck({
      name: 'defender',
      probe: './defender-realtime.probe.ps1',
      fix: './defender-realtime.fix.ps1',
      fakes: './defender-realtime.fakes.ps1',
      runAs: 'system',
      needsAdmin: true,
    }),
  ],
});
