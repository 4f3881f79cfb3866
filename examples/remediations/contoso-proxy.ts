import { defineRemediation } from 'remc';
import { machineEnvironment } from '../templates/machine-environment/index.ts';

// A template of this project's own, from examples/templates/: imported like any module.
export default defineRemediation({
  id: 'contoso-proxy',
  displayName: 'Contoso proxy variable',
  description: 'Keeps the machine-wide CONTOSO_PROXY variable that line-of-business apps read.',
  publisher: 'Contoso IT',
  runAs: 'system',
  checks: [machineEnvironment({ variable: 'CONTOSO_PROXY', value: 'http://proxy.contoso.com:8080' })],
});
