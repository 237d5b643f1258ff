// Field paths. Internally a path is a list of segments (map keys are strings,
// list indexes are numbers). Two spellings come out of it: the dotted key used
// in Resource.lines (`spec.ports.0.port`) and the display form used in
// messages for students (`spec.ports[0].port`, `metadata.labels["app.kubernetes.io/name"]`).

export type Segment = string | number;

/** `spec.ports.0.port` */
export function dotted(segments: readonly Segment[]): string {
	return segments.join('.');
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `spec.ports[0].port`; keys that are not plain identifiers are quoted. */
export function display(segments: readonly Segment[]): string {
	let out = '';
	for (const s of segments) {
		if (typeof s === 'number') out += `[${s}]`;
		else if (PLAIN_KEY.test(s)) out += out ? `.${s}` : s;
		else out += `[${JSON.stringify(shorten(s, 60))}]`;
	}
	return out;
}

/** Joins a display prefix (e.g. `items[3]`) and a relative display path. */
export function joinDisplay(prefix: string, rest: string): string {
	if (!prefix) return rest;
	if (!rest) return prefix;
	return rest.startsWith('[') ? prefix + rest : `${prefix}.${rest}`;
}

/** Parent of a dotted path; '' at the top. Accepts `a[0].b` too. */
export function parentPath(path: string): string {
	const i = path.lastIndexOf('.');
	return i < 0 ? '' : path.slice(0, i);
}

/** `spec.ports[0].port` → `spec.ports.0.port` (callers may use either form). */
export function normalizePath(path: string): string {
	if (!path.includes('[') && path[0] !== '.') return path;
	return path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

/** Cuts hostile or huge strings down for messages. */
export function shorten(text: string, max = 40): string {
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** How a value reads in a message: `the string "http"`, `the number 70000`, `a list`. */
export function describe(value: unknown): string {
	if (value === null || value === undefined) return 'nothing (null)';
	if (typeof value === 'string') return `the string ${JSON.stringify(shorten(value))}`;
	if (typeof value === 'number') return `the number ${value}`;
	if (typeof value === 'boolean') return `the boolean ${value}`;
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'a mapping (key: value pairs)';
	return `a ${typeof value}`;
}

/** Own-property read, so `constructor` or `__proto__` keys never reach the prototype. */
export function own(obj: unknown, key: string): unknown {
	if (obj === null || typeof obj !== 'object') return undefined;
	return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/** Own-property write that stays a plain data property even for `__proto__`. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
	Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value);
}
