// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
export * from './appx-registration/index.js';
export * from './bitlocker-status/index.js';
export * from './broker-plugin-registration/index.js';
export * from './certificate-expiry/index.js';
export * from './command-fix/index.js';
export * from './command-probe/index.js';
export * from './credential-purge/index.js';
export * from './disk-space/index.js';
export * from './event-signal/index.js';
export * from './folder-size/index.js';
export * from './path-cleanup/index.js';
export * from './registry-value/index.js';
export * from './scheduled-task/index.js';
export * from './service-state/index.js';
export * from './sign-in-diagnostics/index.js';
export * from './wam-account-sign-out/index.js';
export * from './windows-feature/index.js';
