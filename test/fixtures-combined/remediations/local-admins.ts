import { defineRemediation, localGroupMember } from 'remc';

export default defineRemediation({
  id: 'local-admins',
  displayName: 'Local administrators',
  description: 'Keeps the helpdesk group a local administrator and a former employee out of Remote Desktop Users.',
  publisher: 'IT',
  runAs: 'system',
  checks: [
    localGroupMember({ checkName: 'admins', group: 'Administrators', members: ['S-1-12-1-1307019558-1095313948-1185333899-1455320757', 'CONTOSO\\Helpdesk'], ensure: 'present' }),
    localGroupMember({ checkName: 'rdp', group: 'Remote Desktop Users', members: ['CONTOSO\\jdoe'], ensure: 'absent' }),
  ],
});
