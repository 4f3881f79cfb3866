// Generated from the folders under templates/ by `npm run gen` (compiler/registry.ts); do not edit.
// A new built-in template is one folder: this file follows it.
export * from './broker-plugin-registration/index.ts';
export * from './credential-purge/index.ts';
export * from './sign-in-diagnostics/index.ts';
