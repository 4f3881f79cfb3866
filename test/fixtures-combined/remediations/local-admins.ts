import { defineRemediation, localGroupMember } from 'remc';

// localGroupMember, once for each ensure and once exclusive, so that its template scenarios run
// against the combined script too (test/combined.scenarios.test.ts).
export default defineRemediation({
  id: 'local-admins',
  displayName: 'Local administrators',
  description: 'Keeps the helpdesk group a local administrator, only it in Remote Desktop Users, and a former employee out of Power Users.',
  publisher: 'IT',
  runAs: 'system',
  checks: [
    localGroupMember({ checkName: 'admins', group: 'Administrators', members: ['S-1-12-1-1307019558-1095313948-1185333899-1455320757', 'CONTOSO\\Helpdesk'], ensure: 'present' }),
    localGroupMember({ checkName: 'rdp', group: 'Remote Desktop Users', members: ['CONTOSO\\Helpdesk'], ensure: 'present', exclusive: true, maxRemovals: 3 }),
    localGroupMember({ checkName: 'former', group: 'S-1-5-32-547', members: ['CONTOSO\\jdoe'], ensure: 'absent' }),
  ],
});
