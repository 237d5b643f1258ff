// Hard limits of the manifest layer. Input is hostile: a pasted file or a share
// link must not be able to freeze the tab or the CLI. The README cites these
// numbers, so change them here and there together.

/** Largest single input file, in UTF-8 bytes (10 MB). Bigger files are refused before parsing. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Largest total input over all files of one parse, in UTF-8 bytes (20 MB). */
export const MAX_TOTAL_BYTES = 20 * 1024 * 1024;

/**
 * Alias expansions allowed per YAML document (`*name` references, counted the
 * way the `yaml` package does). Stops "billion laughs" documents, whose
 * aliases nest to expand exponentially, before they allocate anything.
 */
export const MAX_ALIAS_COUNT = 100;

/** YAML documents (`---` separated, empty ones included) read per parse. */
export const MAX_DOCUMENTS = 20_000;

/** Objects (documents plus `kind: List` items) turned into resources per parse. */
export const MAX_RESOURCES = 20_000;

/**
 * Deepest nesting (flow brackets plus block levels) a file may have. Checked by
 * a linear scan before parsing: the YAML composer recurses once per level, and
 * a 10,000-level `[[[…]]]` would otherwise overflow the stack.
 */
export const MAX_NESTING = 256;

/**
 * YAML nodes per file, estimated by the same scan (block lines plus flow
 * items). The parser's syntax tree costs about 600 bytes per node; a
 * pretty-printed 10 MB `kubectl get -o json` dump has about 300,000.
 */
export const MAX_NODES = 500_000;

/** Nesting depth down to which field lines are recorded; deeper fields fall back to an ancestor's line. */
export const MAX_DEPTH = 128;

/** Diagnostics reported per object (document or List item); the rest are summed up in one last diagnostic. */
export const MAX_DIAGNOSTICS_PER_DOCUMENT = 50;

/** Diagnostics reported per file; the rest are summed up in one last diagnostic. */
export const MAX_DIAGNOSTICS_PER_FILE = 200;

/** Diagnostics reported per parse, all files together. */
export const MAX_DIAGNOSTICS_TOTAL = 1_000;

/** UTF-8 byte length without allocating an encoded copy (the text may be huge). */
export function utf8Length(text: string): number {
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x80) bytes += 1;
		else if (c < 0x800) bytes += 2;
		else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
			const next = text.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) {
				bytes += 4;
				i++;
			} else bytes += 3;
		} else bytes += 3;
	}
	return bytes;
}

/** Human-readable size for messages: `10 MB`, `512 KB`. */
export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
	if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
	return `${bytes} bytes`;
}
