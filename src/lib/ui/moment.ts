// The moment: everything the address bar holds — which scenario, view, panel,
// what is playing (a flow, a walkthrough step, an Istio request, a resilience
// simulation, with its parameters and seed), the hop, the filter, the theme,
// and the user's own manifests as a share token. Pure: a Moment to and from
// the parts of a URL, so the served build (path + query, token in the
// fragment) and the offline file (all of it in the fragment) share one codec.
// Everything read from a URL is hostile: unknown values are dropped, numbers
// are clamped, nothing throws.

export type MomentView = 'architecture' | 'network' | 'mesh';
export type MomentPanel = 'scenarios' | 'manifests' | 'flows' | 'simulate' | 'requests' | 'reach';
export type MomentSide = 'inspector' | 'trace' | 'mesh';

export interface MomentFlow {
	kind: 'flow';
	/** the scenario's flow name, or 'custom' (then from/to/port/protocol say it) */
	name: string;
	from?: string;
	to?: string;
	port?: number;
	protocol?: string;
	seed: number;
}

export interface MomentStep {
	kind: 'step';
	/** 1-based walkthrough step */
	step: number;
	seed: number;
}

export interface MomentRequest {
	kind: 'request';
	mode: 'one' | 'n';
	from: string;
	host: string;
	port: string;
	path: string;
	method: string;
	headers: [string, string][];
	seed: number;
	n: number;
}

export interface MomentSimulation {
	kind: 'simulation';
	/** the Simulate form, as plain JSON (re-validated by the simulator's own clamps) */
	form: Record<string, unknown>;
}

export type MomentPlay = MomentFlow | MomentStep | MomentRequest | MomentSimulation;

export interface Moment {
	/** a preset's id, or null (the user's own manifests, or the start page) */
	scenario: string | null;
	/** embed mode: the diagram, a compact player and a caption only */
	embed: boolean;
	view?: MomentView;
	panel?: MomentPanel;
	side?: MomentSide;
	play?: MomentPlay;
	/** 1-based hop under the playhead; 0 before the first */
	hop?: number;
	filter?: { text?: string; namespace?: string; kind?: string };
	theme?: 'light' | 'dark';
	/** autoplay=0 keeps a scenario still; autoplay=1 plays even a moment */
	autoplay?: boolean;
	/** embed: start again at the end */
	loop?: boolean;
	/** embed: show the compact player (default true) */
	controls?: boolean;
	/** the user's manifests as a share token (scenario/share.ts) */
	token?: string;
}

/** A URL's parts as the codec sees them: the route path, the query and the token. */
export interface MomentParts {
	/** '/', '/scenario/<id>', '/embed', '/embed/scenario/<id>' */
	path: string;
	/** without '?' */
	query: string;
	/** the share token, or '' */
	token: string;
}

const VIEWS: readonly MomentView[] = ['architecture', 'network', 'mesh'];
const PANELS: readonly MomentPanel[] = ['scenarios', 'manifests', 'flows', 'simulate', 'requests', 'reach'];
const SIDES: readonly MomentSide[] = ['inspector', 'trace', 'mesh'];
/** caps on what a link may ask for (a hostile link could name a billion hops or requests) */
const MAX_TEXT = 2_000;
const MAX_N = 100_000;
const MAX_HOP = 1_000_000;
const MAX_HEADERS = 32;
const ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

export function emptyMoment(): Moment {
	return { scenario: null, embed: false };
}

// ---- to a URL ----

export function momentParts(m: Moment): MomentParts {
	const base = m.scenario ? `/scenario/${encodeURIComponent(m.scenario)}` : '/';
	const path = m.embed ? (m.scenario ? `/embed${base}` : '/embed') : base;
	const q = new URLSearchParams();
	const set = (k: string, v: string | number | undefined | null) => {
		if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
	};
	if (m.view && m.view !== 'architecture') set('view', m.view);
	set('tab', m.panel);
	set('side', m.side);
	const p = m.play;
	if (p?.kind === 'flow') {
		set('flow', p.name);
		if (p.name === 'custom') {
			set('from', p.from);
			set('to', p.to);
			set('port', p.port);
			if (p.protocol && p.protocol !== 'TCP') set('proto', p.protocol);
		}
		set('seed', p.seed);
	} else if (p?.kind === 'step') {
		set('step', p.step);
		set('seed', p.seed);
	} else if (p?.kind === 'request') {
		set('req', p.mode);
		set('rfrom', p.from);
		set('host', p.host);
		set('rport', p.port);
		set('path', p.path);
		if (p.method !== 'GET') set('method', p.method);
		for (const [k, v] of p.headers) q.append('h', `${k}:${v}`);
		set('seed', p.seed);
		if (p.mode === 'n') set('n', p.n);
	} else if (p?.kind === 'simulation') {
		set('sim', JSON.stringify(p.form));
	}
	if (m.hop !== undefined && p) set('hop', m.hop);
	set('q', m.filter?.text);
	set('ns', m.filter?.namespace);
	set('kind', m.filter?.kind);
	set('theme', m.theme);
	if (m.autoplay !== undefined) set('autoplay', m.autoplay ? 1 : 0);
	if (m.loop) set('loop', 1);
	if (m.controls === false) set('controls', 0);
	return { path, query: q.toString(), token: m.token ?? '' };
}

// ---- from a URL ----

export function parseMoment(parts: Partial<MomentParts>): Moment {
	const m = emptyMoment();
	const path = typeof parts.path === 'string' ? parts.path : '/';
	const route = /(?:^|\/)(embed)?\/?(?:scenario\/([^/?#]*))?\/?$/.exec(path.replace(/\/index\.html$/, '/'));
	if (route) {
		m.embed = route[1] === 'embed';
		const id = route[2] !== undefined ? safeDecode(route[2]) : null;
		if (id && ID.test(id)) m.scenario = id;
	}
	let q: URLSearchParams;
	try {
		q = new URLSearchParams(typeof parts.query === 'string' ? parts.query : '');
	} catch {
		q = new URLSearchParams();
	}
	const str = (k: string) => {
		const v = q.get(k);
		return v !== null && v.length <= MAX_TEXT ? v : undefined;
	};
	const oneOf = <T extends string>(k: string, list: readonly T[]) => {
		const v = q.get(k);
		return list.includes(v as T) ? (v as T) : undefined;
	};
	m.view = oneOf('view', VIEWS);
	m.panel = oneOf('tab', PANELS);
	m.side = oneOf('side', SIDES);
	const seed = int(q.get('seed'), 0, 2 ** 31 - 1) ?? 1;
	const flow = str('flow');
	const step = int(q.get('step'), 1, 1000);
	const req = oneOf('req', ['one', 'n'] as const);
	const sim = str('sim');
	if (flow) {
		const f: MomentFlow = { kind: 'flow', name: flow, seed };
		if (flow === 'custom') {
			const from = str('from');
			const to = str('to');
			if (from && to) {
				f.from = from;
				f.to = to;
				const port = int(q.get('port'), 1, 65535);
				if (port !== undefined) f.port = port;
				f.protocol = oneOf('proto', ['TCP', 'UDP', 'SCTP'] as const) ?? 'TCP';
				m.play = f;
			}
		} else m.play = f;
	} else if (step !== undefined) m.play = { kind: 'step', step, seed };
	else if (req) {
		const headers: [string, string][] = [];
		for (const h of q.getAll('h').slice(0, MAX_HEADERS)) {
			const i = h.indexOf(':');
			if (i > 0 && h.length <= MAX_TEXT) headers.push([h.slice(0, i), h.slice(i + 1)]);
		}
		m.play = {
			kind: 'request',
			mode: req,
			from: str('rfrom') ?? 'ingress',
			host: str('host') ?? '',
			port: /^\d{1,5}$/.test(q.get('rport') ?? '') ? q.get('rport')! : '',
			path: str('path') ?? '/',
			method: oneOf('method', ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const) ?? 'GET',
			headers,
			seed,
			n: int(q.get('n'), 1, MAX_N) ?? 1000
		};
	} else if (sim) {
		const form = safeJson(sim);
		if (form) m.play = { kind: 'simulation', form };
	}
	if (m.play) {
		const hop = int(q.get('hop'), 0, MAX_HOP);
		if (hop !== undefined) m.hop = hop;
	}
	const filter = { text: str('q'), namespace: str('ns'), kind: str('kind') };
	if (filter.text || filter.namespace || filter.kind) m.filter = Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) as Moment['filter'];
	m.theme = oneOf('theme', ['light', 'dark'] as const);
	const autoplay = q.get('autoplay');
	if (autoplay === '0' || autoplay === 'false') m.autoplay = false;
	else if (autoplay === '1' || autoplay === 'true') m.autoplay = true;
	if (q.get('loop') === '1') m.loop = true;
	if (q.get('controls') === '0') m.controls = false;
	const token = typeof parts.token === 'string' ? parts.token : '';
	if (/^[12]\.[A-Za-z0-9_-]+$/.test(token)) m.token = token;
	// drop the keys left undefined, so two equal moments compare equal
	for (const k of Object.keys(m) as (keyof Moment)[]) if (m[k] === undefined) delete m[k];
	return m;
}

/** Whether a moment names something to stop at (a link to a moment opens paused there). */
export function isPointInTime(m: Moment): boolean {
	return m.play !== undefined;
}

// ---- the two address styles ----

/** The served build: `<path>?<query>#m=<token>` (the token never reaches a server). */
export function servedHref(parts: MomentParts): string {
	return `${parts.path}${parts.query ? `?${parts.query}` : ''}${parts.token ? `#m=${parts.token}` : ''}`;
}

/** The offline file: everything in the fragment, `#<path>?<query>[&m=<token>]`. */
export function fragmentHref(parts: MomentParts): string {
	const q = [parts.query, parts.token ? `m=${parts.token}` : ''].filter(Boolean).join('&');
	return `#${parts.path}${q ? `?${q}` : ''}`;
}

/** A served URL's pathname, search and hash → parts (`base` is stripped by the route match). */
export function partsFromServed(pathname: string, search: string, hash: string): MomentParts {
	const m = /^#?m=([A-Za-z0-9._-]*)/.exec(hash);
	return { path: pathname, query: search.replace(/^\?/, ''), token: m ? m[1] : '' };
}

/** The offline file's fragment → parts. */
export function partsFromFragment(hash: string): MomentParts {
	const h = hash.replace(/^#/, '');
	const i = h.indexOf('?');
	const path = (i < 0 ? h : h.slice(0, i)) || '/';
	let query = i < 0 ? '' : h.slice(i + 1);
	let token = '';
	const q = new URLSearchParams(query);
	const t = q.get('m');
	if (t !== null) {
		token = t;
		q.delete('m');
		query = q.toString();
	}
	return { path, query, token };
}

// ---- helpers ----

function int(v: string | null, lo: number, hi: number): number | undefined {
	if (v === null || !/^-?\d{1,10}$/.test(v)) return undefined;
	const n = Number(v);
	return Math.min(hi, Math.max(lo, n));
}

function safeDecode(s: string): string | null {
	try {
		return decodeURIComponent(s);
	} catch {
		return null;
	}
}

function safeJson(s: string): Record<string, unknown> | null {
	try {
		const v: unknown = JSON.parse(s);
		return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
	} catch {
		return null;
	}
}
