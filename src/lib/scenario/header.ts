// The scenario header: an optional first document (`apiVersion: hopscope/v1`,
// `kind: Scenario`) that turns a plain manifest file into a preset with a
// title, cluster settings, named flows and presenter narration. Everything
// else in the file is ordinary Kubernetes YAML and goes to the model untouched.
import type { Diagnostic, Resource, Severity, SourceRef } from '../manifest';
import type { ClusterSettings } from '../model';
import { parseRef } from '../model';
import { lineOf, refAt } from '../manifest';
import { readKubeProxyConfig, type KubeProxyOptions } from '../net';

export type ScenarioLevel = 'beginner' | 'intermediate' | 'advanced';

/** A named journey the presenter (or `hopscope trace`) can play. */
export interface ScenarioFlow {
	name: string;
	/** REF string, see refs.ts: `pod/default/nginx`, `deploy/default/web`, `external/203.0.113.7`, … */
	from: string;
	to: string;
	port?: number;
	/** L4 (TCP/UDP/SCTP) or L7 (HTTP/HTTPS/GRPC) */
	protocol?: string;
	method?: string;
	path?: string;
	headers?: Record<string, string>;
	source?: SourceRef;
}

/** One slide of presenter mode. */
export interface ScenarioStep {
	title: string;
	text: string;
	/** name of a flow in `flows` */
	flow?: string;
	/** 0-based hop of that flow's trace to stop at */
	hop?: number;
	/** speaker notes: shown in the speaker view only, never on the projected screen */
	notes?: string;
	source?: SourceRef;
}

export interface ScenarioHeader {
	/** metadata.name */
	id: string;
	title: string;
	summary: string;
	level: ScenarioLevel;
	/** citation: seed deck and slide, or the upstream sample's path */
	source: string;
	tags: string[];
	settings: Partial<ClusterSettings>;
	/** kube-proxy flags every node runs with (spec.kubeProxy, see net/kubeproxy-config.ts); empty: kube-proxy's defaults */
	kubeProxy: KubeProxyOptions;
	flows: ScenarioFlow[];
	steps: ScenarioStep[];
	/** where the header document starts */
	at: SourceRef;
}

export interface SplitResult {
	header: ScenarioHeader | null;
	resources: Resource[];
	diagnostics: Diagnostic[];
}

export const SCENARIO_API_VERSION = 'hopscope/v1';
export const LEVELS: readonly ScenarioLevel[] = ['beginner', 'intermediate', 'advanced'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'HTTP', 'HTTPS', 'HTTP2', 'GRPC', 'TLS'];

type Check = (v: unknown) => string | null;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const isIPv4 = (v: unknown) => typeof v === 'string' && IPV4.test(v);
const isCIDR = (v: unknown) => {
	if (typeof v !== 'string') return false;
	const [ip, bits, ...rest] = v.split('/');
	return rest.length === 0 && isIPv4(ip) && /^\d{1,2}$/.test(bits ?? '') && Number(bits) <= 32;
};

const intIn =
	(lo: number, hi: number): Check =>
	(v) =>
		isInt(v) && v >= lo && v <= hi ? null : `must be an integer from ${lo} to ${hi}`;
const oneOf =
	(...values: string[]): Check =>
	(v) =>
		typeof v === 'string' && values.includes(v) ? null : `must be one of ${values.join(', ')}`;
const nonEmpty: Check = (v) => (typeof v === 'string' && v.trim() !== '' ? null : 'must be a non-empty string');
const cidr: Check = (v) => (isCIDR(v) ? null : 'must be an IPv4 CIDR such as 10.244.0.0/16');
const ipv4: Check = (v) => (isIPv4(v) ? null : 'must be an IPv4 address');

// Typed as a full Record so adding a ClusterSettings field fails to compile here
// until the header learns to validate it.
const SETTINGS: Record<keyof ClusterSettings, Check> = {
	nodeCount: intIn(1, 1000),
	podCIDR: cidr,
	podCIDRMaskSize: intIn(8, 30),
	serviceCIDR: cidr,
	clusterDNS: ipv4,
	clusterDomain: nonEmpty,
	nodeIPStart: ipv4,
	nodeSubnetPrefix: intIn(8, 30),
	cni: oneOf('bridge', 'overlay'),
	bridgeName: nonEmpty,
	kubeProxyMode: oneOf('iptables', 'ipvs'),
	nodePortRange: (v) =>
		Array.isArray(v) && v.length === 2 && v.every((p) => isInt(p) && p >= 1 && p <= 65535) && v[0] <= v[1]
			? null
			: 'must be [low, high] port numbers',
	nodeNamePrefix: nonEmpty
};

export function isScenarioHeader(r: Resource): boolean {
	return r.kind === 'Scenario' && r.apiVersion.startsWith('hopscope/');
}

/** Separates the header (if any) from the Kubernetes resources and validates it. */
export function splitScenario(resources: Resource[]): SplitResult {
	const diagnostics: Diagnostic[] = [];
	const rest: Resource[] = [];
	let header: ScenarioHeader | null = null;
	for (const r of resources) {
		if (!isScenarioHeader(r)) {
			rest.push(r);
			continue;
		}
		const d = (severity: Severity, path: string, message: string, code = 'scenario-header') =>
			diagnostics.push(diag(r, severity, path, message, code));
		if (r.apiVersion !== SCENARIO_API_VERSION) {
			d('error', 'apiVersion', `unsupported scenario version '${r.apiVersion}' (expected ${SCENARIO_API_VERSION}); header ignored`);
			continue;
		}
		if (header) {
			d('warning', '', `a second Scenario header (${r.name}) is ignored; only the first one counts`, 'scenario-duplicate');
			continue;
		}
		header = readHeader(r, d);
	}
	return { header, resources: rest, diagnostics };
}

type Report = (severity: Severity, path: string, message: string, code?: string) => void;

function readHeader(r: Resource, d: Report): ScenarioHeader {
	const spec = asRecord(r.raw.spec);
	if (r.raw.spec !== undefined && !spec) d('error', 'spec', 'spec must be a mapping');
	const s = spec ?? {};
	const str = (key: string, required: boolean): string => {
		const v = s[key];
		if (v === undefined || v === null) {
			if (required) d('warning', 'spec', `spec.${key} is missing`);
			return '';
		}
		if (typeof v !== 'string') {
			d('error', `spec.${key}`, `spec.${key} must be a string`);
			return '';
		}
		return v;
	};
	const title = str('title', true) || r.name;
	const summary = str('summary', false);
	const source = str('source', false);
	let level: ScenarioLevel = 'beginner';
	if (s.level !== undefined) {
		if (typeof s.level === 'string' && (LEVELS as string[]).includes(s.level)) level = s.level as ScenarioLevel;
		else d('error', 'spec.level', `spec.level must be one of ${LEVELS.join(', ')}`);
	}
	const tags: string[] = [];
	if (s.tags !== undefined) {
		if (!Array.isArray(s.tags)) d('error', 'spec.tags', 'spec.tags must be a list of strings');
		else
			s.tags.forEach((t, i) => {
				if (typeof t === 'string') tags.push(t);
				else d('error', `spec.tags.${i}`, 'a tag must be a string');
			});
	}
	const settings = readSettings(s.settings, d);
	const kubeProxy = readKubeProxy(s.kubeProxy, d);
	const flows = readFlows(s.flows, d, r);
	const steps = readSteps(s.steps, d, r, new Set(flows.map((f) => f.name)));
	return { id: r.name, title, summary, level, source, tags, settings, kubeProxy, flows, steps, at: r.source };
}

function readSettings(v: unknown, d: Report): Partial<ClusterSettings> {
	const out: Record<string, unknown> = {};
	if (v === undefined || v === null) return out;
	const m = asRecord(v);
	if (!m) {
		d('error', 'spec.settings', 'spec.settings must be a mapping');
		return out;
	}
	for (const [key, value] of Object.entries(m)) {
		const path = `spec.settings.${key}`;
		const check = (SETTINGS as Record<string, Check>)[key];
		if (!check) {
			d('warning', path, `unknown setting '${key}' is ignored (known: ${Object.keys(SETTINGS).join(', ')})`, 'scenario-unknown-setting');
			continue;
		}
		const problem = check(value);
		if (problem) d('error', path, `settings.${key} ${problem}`, 'scenario-setting');
		else out[key] = value;
	}
	return out as Partial<ClusterSettings>;
}

function readKubeProxy(v: unknown, d: Report): KubeProxyOptions {
	const { options, problems } = readKubeProxyConfig(v);
	for (const p of problems) d(p.severity, p.key ? `spec.kubeProxy.${p.key}` : 'spec.kubeProxy', p.message, p.severity === 'warning' ? 'scenario-unknown-setting' : 'scenario-setting');
	return options;
}

function readFlows(v: unknown, d: Report, r: Resource): ScenarioFlow[] {
	const flows: ScenarioFlow[] = [];
	if (v === undefined || v === null) return flows;
	if (!Array.isArray(v)) {
		d('error', 'spec.flows', 'spec.flows must be a list');
		return flows;
	}
	const seen = new Set<string>();
	v.forEach((item, i) => {
		const p = `spec.flows.${i}`;
		const f = asRecord(item);
		if (!f) return d('error', p, 'a flow must be a mapping with name, from and to', 'scenario-flow');
		if (typeof f.name !== 'string' || !f.name) return d('error', p, 'a flow needs a name', 'scenario-flow');
		if (seen.has(f.name)) return d('error', `${p}.name`, `duplicate flow name '${f.name}'`, 'scenario-flow');
		let ok = true;
		for (const end of ['from', 'to'] as const) {
			const ref = f[end];
			if (typeof ref !== 'string' || !parseRef(ref)) {
				ok = false;
				d('error', `${p}.${end}`, `flow '${f.name}': ${end} ${typeof ref === 'string' ? `'${ref}' is not a valid reference` : 'is missing'} (use e.g. pod/NS/NAME, svc/NS/NAME, deploy/NS/NAME, external/IP, dns/NAME, url/URL)`, 'scenario-flow');
			}
		}
		const flow: ScenarioFlow = { name: f.name, from: String(f.from), to: String(f.to), source: refAt(r, p) };
		if (f.port !== undefined) {
			if (isInt(f.port) && f.port >= 1 && f.port <= 65535) flow.port = f.port;
			else d('error', `${p}.port`, `flow '${f.name}': port must be an integer from 1 to 65535`, 'scenario-flow');
		}
		if (f.protocol !== undefined) {
			const proto = typeof f.protocol === 'string' ? f.protocol.toUpperCase() : '';
			if (PROTOCOLS.includes(proto)) flow.protocol = proto;
			else d('error', `${p}.protocol`, `flow '${f.name}': protocol must be one of ${PROTOCOLS.join(', ')}`, 'scenario-flow');
		}
		if (f.method !== undefined) {
			if (typeof f.method === 'string' && /^[A-Za-z]+$/.test(f.method)) flow.method = f.method.toUpperCase();
			else d('error', `${p}.method`, `flow '${f.name}': method must be an HTTP method such as GET`, 'scenario-flow');
		}
		if (f.path !== undefined) {
			if (typeof f.path === 'string' && f.path.startsWith('/')) flow.path = f.path;
			else d('error', `${p}.path`, `flow '${f.name}': path must start with /`, 'scenario-flow');
		}
		if (f.headers !== undefined) {
			const h = asRecord(f.headers);
			if (h && Object.values(h).every((x) => typeof x === 'string' || typeof x === 'number'))
				flow.headers = Object.fromEntries(Object.entries(h).map(([k, x]) => [k.toLowerCase(), String(x)]));
			else d('error', `${p}.headers`, `flow '${f.name}': headers must map names to strings`, 'scenario-flow');
		}
		seen.add(f.name);
		if (ok) flows.push(flow);
	});
	return flows;
}

/** What a YAML value is, for messages (String() of a mapping says "[object Object]"). */
function yamlKind(v: unknown): string {
	if (v === null) return 'an empty value';
	if (Array.isArray(v)) return 'a list';
	return typeof v === 'object' ? 'a mapping' : `a ${typeof v}`;
}

function readSteps(v: unknown, d: Report, r: Resource, flowNames: Set<string>): ScenarioStep[] {
	const steps: ScenarioStep[] = [];
	if (v === undefined || v === null) return steps;
	if (!Array.isArray(v)) {
		d('error', 'spec.steps', 'spec.steps must be a list');
		return steps;
	}
	v.forEach((item, i) => {
		const p = `spec.steps.${i}`;
		const s = asRecord(item);
		if (!s) return d('error', p, 'a step must be a mapping with title and text', 'scenario-step');
		if (typeof s.title !== 'string' || !s.title) return d('error', p, `step ${i + 1} needs a title`, 'scenario-step');
		const step: ScenarioStep = { title: s.title, text: '', source: refAt(r, p) };
		if (typeof s.text === 'string') step.text = s.text.trim();
		else if (s.text !== undefined) d('error', `${p}.text`, `step '${s.title}': text must be a string`, 'scenario-step');
		if (typeof s.notes === 'string') step.notes = s.notes.trim();
		else if (s.notes !== undefined) d('error', `${p}.notes`, `step '${s.title}': notes must be a string`, 'scenario-step');
		if (s.flow !== undefined) {
			if (typeof s.flow === 'string' && flowNames.has(s.flow)) step.flow = s.flow;
			else if (typeof s.flow !== 'string') d('error', `${p}.flow`, `step '${s.title}': flow must be the name of one of spec.flows, not ${yamlKind(s.flow)}`, 'scenario-step');
			else d('error', `${p}.flow`, `step '${s.title}': no flow named '${s.flow}' in spec.flows`, 'scenario-step');
		}
		if (s.hop !== undefined) {
			if (isInt(s.hop) && s.hop >= 0) step.hop = s.hop;
			else d('error', `${p}.hop`, `step '${s.title}': hop must be an integer ≥ 0`, 'scenario-step');
		}
		steps.push(step);
	});
	return steps;
}

function asRecord(v: unknown): Record<string, unknown> | null {
	return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}


function diag(r: Resource, severity: Severity, path: string, message: string, code: string): Diagnostic {
	const line = lineOf(r, path).line;
	const d: Diagnostic = { severity, message, file: r.source.file, line, column: line === r.source.line ? (r.source.column ?? 1) : 1, code };
	if (path) d.path = path;
	return d;
}
