/**
 * Type tests: declarations that must not compile. `tsc` (npm run typecheck, part of npm test) fails
 * when a line marked @ts-expect-error compiles, so each of these proves a type-level rule.
 */
import { brokerPluginRegistration, credentialPurge, defineRemediation, onDrift, signInDiagnostics } from 'remc';

const base = { displayName: 'x', description: 'x', publisher: 'x' } as const;
const diagnosis = signInDiagnostics();

// A user-only template in a SYSTEM remediation.
defineRemediation({
  ...base,
  id: 'a',
  runAs: 'system',
  // @ts-expect-error credentialPurge runs as the signed-in user only
  checks: [credentialPurge({ trigger: onDrift() })],
});

// A 64-bit-only template in a 32-bit remediation.
defineRemediation({
  ...base,
  id: 'b',
  runAs: 'user',
  runAs64Bit: false,
  // @ts-expect-error brokerPluginRegistration needs 64-bit PowerShell
  checks: [brokerPluginRegistration()],
});

// The purge has no default trigger: tokens are normal state, so when to purge must be said.
// @ts-expect-error trigger is required
credentialPurge({});

// Misspelt options are rejected at compile time too.
// @ts-expect-error 'tragets' is not an option
credentialPurge({ trigger: onDrift(), tragets: ['x'] });

// runAs takes only the two accounts Intune knows.
// @ts-expect-error 'admin' is not an account
defineRemediation({ ...base, id: 'c', runAs: 'admin', checks: [] });

// And what must compile does.
export const ok = defineRemediation({
  ...base,
  id: 'd',
  runAs: 'user',
  checks: [diagnosis, brokerPluginRegistration({ trigger: [onDrift(), diagnosis.finds('os')] }), credentialPurge({ trigger: diagnosis.finds('os') })],
});
