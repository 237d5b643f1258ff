// Shared types of the manifest layer: what the parser hands to the model.
// Everything downstream (model, engines, checks, UI) refers back to source
// lines through SourceRef, so every claim can point at the YAML that caused it.

/** Where something came from: the input file, 1-based line and column. */
export interface SourceRef {
	file: string;
	line: number;
	column?: number;
	/** dotted field path inside the document, e.g. `spec.ports.0.port` */
	path?: string;
	/** helm `# Source: chart/templates/x.yaml` comment above the document */
	origin?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** A problem with the input itself (syntax, shape, types). */
export interface Diagnostic {
	severity: Severity;
	message: string;
	file: string;
	line: number;
	column: number;
	/** short machine-readable code, e.g. `yaml-syntax`, `missing-kind`, `type` */
	code: string;
	path?: string;
}

/**
 * A claim about well-formed input that will not do what its author probably
 * meant (checks/, resilience/config): Diagnostics say the input is malformed.
 */
export interface Finding {
	code: string;
	severity: Severity;
	message: string;
	file: string;
	line: number;
	/** the resource the finding is about, for linking to the diagram */
	ref?: { kind: string; namespace: string; name: string };
	/** dotted field path inside the document */
	path?: string;
}

/** One input file as the user gave it (pasted text counts as a file). */
export interface InputFile {
	name: string;
	text: string;
}

/** One Kubernetes object, flattened out of YAML documents, `kind: List` items or JSON. */
export interface Resource {
	apiVersion: string;
	kind: string;
	name: string;
	/** as written; undefined when the manifest leaves it out (the model defaults it) */
	namespace?: string;
	labels: Record<string, string>;
	annotations: Record<string, string>;
	/** the object as parsed, with metadata.managedFields and other noise removed */
	raw: Record<string, unknown>;
	/** where the object starts (its `apiVersion`/first key line) */
	source: SourceRef;
	/** line of each field path inside this object (`spec.ports.0.port` → 12) */
	lines: Record<string, number>;
}

export interface ParseResult {
	resources: Resource[];
	diagnostics: Diagnostic[];
}
