/**
 * Type tests: declarations that must not compile. `tsc` (npm run typecheck, part of npm test) fails
 * when a line marked @ts-expect-error compiles, so each of these proves a type-level rule.
 */
import {
  bitLockerStatus,
  brokerPluginRegistration,
  credentialPurge,
  customCheck,
  defineRemediation,
  eventSignal,
  onDrift,
  onFinding,
  pathCleanup,
  registryValue,
  serviceState,
  signInDiagnostics,
} from 'remc';

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

// A service needs SYSTEM (administrative rights).
defineRemediation({
  ...base,
  id: 'e',
  runAs: 'user',
  // @ts-expect-error serviceState runs as system only
  checks: [serviceState({ name: 'Spooler' })],
});

// HKCU is the signed-in user's hive: under SYSTEM it would be SYSTEM's own.
defineRemediation({
  ...base,
  id: 'f',
  runAs: 'system',
  // @ts-expect-error an HKCU path makes a user-only check
  checks: [registryValue({ path: 'HKCU:\\Software\\Contoso', name: 'X', ensure: 'absent' })],
});

// HKEY_USERS (.DEFAULT, another user's hive) is written by SYSTEM only.
defineRemediation({
  ...base,
  id: 'f2',
  runAs: 'user',
  // @ts-expect-error an HKU path makes a SYSTEM-only check
  checks: [registryValue({ path: 'HKU:\\.DEFAULT\\Control Panel\\Keyboard', name: 'InitialKeyboardIndicators', value: '2' })],
});

// A custom check says where it can run, and is held to it.
defineRemediation({
  ...base,
  id: 'g',
  runAs: 'system',
  // @ts-expect-error the custom check runs as the user only
  checks: [customCheck({ name: 'mine', probe: './mine.probe.ps1', runAs: 'user' })],
});

// A detect-only template takes no trigger.
// @ts-expect-error bitLockerStatus has no fix, so no trigger
bitLockerStatus({ trigger: onDrift() });

// And what must compile does.
const crashes = eventSignal({ log: 'Application', provider: 'Application Error', ids: [1000], minCount: 3 });
export const system = defineRemediation({
  ...base,
  id: 'h',
  runAs: 'system',
  checks: [crashes, serviceState({ name: 'Spooler', trigger: [onDrift(), onFinding(crashes)] }), registryValue({ path: 'HKLM:\\SOFTWARE\\Contoso', name: 'X', value: 1, type: 'DWord' })],
});

export const ok = defineRemediation({
  ...base,
  id: 'd',
  runAs: 'user',
  checks: [diagnosis, brokerPluginRegistration({ trigger: [onDrift(), diagnosis.finds('os')] }), credentialPurge({ trigger: diagnosis.finds('os') })],
});

// Targets are the names remc knows: a misspelt one is a type error (and REMC053 in the build).
defineRemediation({
  ...base,
  id: 'targets',
  runAs: 'system',
  // @ts-expect-error 'tactcal' is not a target
  targets: ['intune', 'tactcal'],
  checks: [serviceState({ name: 'Spooler', status: 'running' })],
});
defineRemediation({ ...base, id: 'targets-ok', runAs: 'system', targets: ['intune', 'tactical', 'n-able'], checks: [serviceState({ name: 'Spooler', status: 'running' })] });

// Every user's profile, or services stopped around a cleanup, only from SYSTEM.
defineRemediation({
  ...base,
  id: 'path-cleanup-users',
  runAs: 'user',
  // @ts-expect-error forEachUser reaches every profile from SYSTEM only
  checks: [pathCleanup({ paths: ['%LOCALAPPDATA%\\Temp'], forEachUser: true, trigger: onDrift() })],
});
defineRemediation({
  ...base,
  id: 'path-cleanup-services',
  runAs: 'user',
  // @ts-expect-error a user cannot stop services
  checks: [pathCleanup({ paths: ['C:\\Windows\\SoftwareDistribution\\Download'], stopServices: ['wuauserv'], trigger: onDrift() })],
});
defineRemediation({
  ...base,
  id: 'path-cleanup-desktop',
  runAs: 'system',
  // @ts-expect-error a known folder is the user's: in a SYSTEM remediation only with forEachUser
  checks: [pathCleanup({ paths: ['{Desktop}'], include: ['Old App.lnk'], trigger: onDrift() })],
});
defineRemediation({ ...base, id: 'path-cleanup-ok', runAs: 'system', checks: [pathCleanup({ paths: ['{Desktop}'], include: ['Old App.lnk'], forEachUser: true, trigger: onDrift() })] });
