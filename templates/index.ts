// Generated from the folders under templates/ by `npm run gen` (compiler/load/registry.ts); do not edit.
// A new built-in template is one folder: this file follows it.
export * from './appx-registration/index.ts';
export * from './appx-removal/index.ts';
export * from './bitlocker-status/index.ts';
export * from './broker-plugin-registration/index.ts';
export * from './certificate-expiry/index.ts';
export * from './command-fix/index.ts';
export * from './command-probe/index.ts';
export * from './credential-purge/index.ts';
export * from './defender-preference/index.ts';
export * from './disk-space/index.ts';
export * from './event-signal/index.ts';
export * from './file-state/index.ts';
export * from './firewall-profile/index.ts';
export * from './firewall-rule/index.ts';
export * from './folder-size/index.ts';
export * from './local-group-member/index.ts';
export * from './path-cleanup/index.ts';
export * from './registry-value/index.ts';
export * from './scheduled-task/index.ts';
export * from './service-state/index.ts';
export * from './sign-in-diagnostics/index.ts';
export * from './wam-account-sign-out/index.ts';
export * from './windows-feature/index.ts';
