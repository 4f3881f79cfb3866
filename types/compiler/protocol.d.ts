// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * The check protocol between remc's TypeScript and the PowerShell it emits, defined once (compiler/protocol/).
 *
 * Each record is a schema value: the TypeScript type is inferred from it, `validate()` rejects unknown
 * and missing fields (as DSC v3's result types do), and `jsonSchema()` ships it as JSON Schema
 * (`docs/schema/*.schema.json`, kept current by a test). The emitter writes the check rows and the
 * probe-result keys from here; the runtime writes a {@link RunOutcome} when asked; the scenario
 * harness validates every outcome it reads against this module, so both sides are tested against it.
 *
 * protocol/schema.ts is the schema language, protocol/records.ts the records and their words,
 * protocol/status.ts the status words, protocol/summary.ts the reading of a summary line.
 */
export { type ProtocolType, type ProtocolValue, type TypeOf } from './protocol/schema.js';
export * from './protocol/records.js';
export * from './protocol/status.js';
export * from './protocol/summary.js';
