// Tolerant readers for the parsed objects: manifests are user input, so every
// field may be missing or of the wrong type. Readers return safe defaults.

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown): Obj {
	return isObj(v) ? v : {};
}

export function arr(v: unknown): unknown[] {
	return Array.isArray(v) ? v : [];
}

/** Array of objects (non-objects dropped). */
export function objs(v: unknown): Obj[] {
	return arr(v).filter(isObj);
}

export function str(v: unknown): string | undefined {
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	return undefined;
}

export function num(v: unknown): number | undefined {
	if (typeof v === 'number' && Number.isFinite(v)) return v;
	if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
	return undefined;
}

export function strs(v: unknown): string[] {
	return arr(v)
		.map(str)
		.filter((s): s is string => s !== undefined);
}

/** A label/annotation map: values stringified, non-scalars dropped. */
export function strMap(v: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, val] of Object.entries(obj(v))) {
		const s = str(val);
		if (s !== undefined) out[k] = s;
	}
	return out;
}

/** Walk a dotted path (`spec.template.spec`). */
export function at(root: unknown, path: string): unknown {
	let cur: unknown = root;
	for (const key of path.split('.')) {
		if (Array.isArray(cur)) cur = cur[Number(key)];
		else if (isObj(cur)) cur = cur[key];
		else return undefined;
	}
	return cur;
}

export function has(o: unknown, key: string): boolean {
	return isObj(o) && Object.prototype.hasOwnProperty.call(o, key);
}

/** number | named port (IntOrString) */
export function intOrString(v: unknown): number | string | undefined {
	if (typeof v === 'number' && Number.isFinite(v)) return v;
	if (typeof v === 'string') return /^\d+$/.test(v) ? Number(v) : v;
	return undefined;
}

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export function protocol(v: unknown): Protocol {
	const s = str(v)?.toUpperCase();
	return s === 'UDP' || s === 'SCTP' ? s : 'TCP';
}
