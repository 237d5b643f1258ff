// Public API of the manifest layer (see ARCHITECTURE.md): text in,
// Resource[] + Diagnostic[] out, and a way back from a field to its line.
export type { Diagnostic, Finding, InputFile, ParseResult, Resource, Severity, SourceRef } from './types';
export { parseFiles, parseText } from './parse';
export { lineOf, refAt, type Located } from './lineOf';
export { checkTypes, rulesFor, KIND_SCHEMAS, COMMON_RULES, type FieldRule, type FieldType, type KindSchema, type SchemaIssue } from './schema';
export { NOISE_METADATA_FIELDS, LAST_APPLIED_ANNOTATION } from './clean';
export {
	MAX_FILE_BYTES,
	MAX_TOTAL_BYTES,
	MAX_ALIAS_COUNT,
	MAX_DOCUMENTS,
	MAX_RESOURCES,
	MAX_DEPTH,
	MAX_DIAGNOSTICS_PER_DOCUMENT,
	MAX_DIAGNOSTICS_PER_FILE,
	MAX_DIAGNOSTICS_TOTAL,
	MAX_NESTING,
	MAX_NODES
} from './limits';
export { capDiagnostics, moreProblems, worse } from './cap';
export { redactSource, redactFiles, redactedMarker } from './redact';
export { formatBytes, utf8Length } from './limits';
export { CLUSTER_SCOPED_KINDS } from './scope';
