// Type checks for the well-known fields of the kinds Hopscope models. A small
// declarative table (path pattern → expected type), not a full OpenAPI schema:
// enough to catch the classic mistakes (a port written as "http", a label
// value written as 1, a selector written as a string) with a message a
// student understands. Missing fields and `null` are not type errors here.
import { describe, display, isPlainObject, joinDisplay, own, type Segment } from './paths';
import type { Severity } from './types';

export type FieldType =
	| 'string'
	| 'boolean'
	| 'object'
	| 'list'
	/** a mapping whose values are all strings (labels, annotations, selectors) */
	| 'stringMap'
	/** integer 1–65535 */
	| 'port'
	/** integer 0–65535 (nodePort: 0 means "pick one") */
	| 'port0'
	/** integer ≥ 0 (replicas) */
	| 'count'
	/** integer 1–65535 or an IANA service name (targetPort, servicePort) */
	| 'intOrName'
	/** a LabelSelector mapping (`matchLabels`, `matchExpressions`) */
	| 'labelSelector'
	| { oneOf: readonly string[] };

export interface FieldRule {
	/** dotted pattern relative to the object; `*` stands for every list item */
	path: string;
	type: FieldType;
}

export interface KindSchema {
	/** API groups the rules apply to ('' = core `v1`): a CRD that reuses a kind name is left alone */
	groups: readonly string[];
	rules: readonly FieldRule[];
}

export interface SchemaIssue {
	severity: Severity;
	/** concrete path of the offending value */
	segments: Segment[];
	message: string;
}

const PROTOCOL: FieldType = { oneOf: ['TCP', 'UDP', 'SCTP'] };

const at = (prefix: string, rules: FieldRule[]): FieldRule[] =>
	rules.map((r) => ({ path: r.path ? `${prefix}.${r.path}` : prefix, type: r.type }));

const SELECTOR: FieldRule[] = [
	{ path: '', type: 'labelSelector' },
	{ path: 'matchLabels', type: 'stringMap' },
	{ path: 'matchExpressions', type: 'list' },
	{ path: 'matchExpressions.*', type: 'object' },
	{ path: 'matchExpressions.*.key', type: 'string' },
	{ path: 'matchExpressions.*.operator', type: { oneOf: ['In', 'NotIn', 'Exists', 'DoesNotExist'] } },
	{ path: 'matchExpressions.*.values', type: 'list' },
	{ path: 'matchExpressions.*.values.*', type: 'string' }
];

const CONTAINERS: FieldRule[] = [
	{ path: '', type: 'list' },
	{ path: '*', type: 'object' },
	{ path: '*.name', type: 'string' },
	{ path: '*.image', type: 'string' },
	{ path: '*.ports', type: 'list' },
	{ path: '*.ports.*', type: 'object' },
	{ path: '*.ports.*.containerPort', type: 'port' },
	{ path: '*.ports.*.hostPort', type: 'port' },
	{ path: '*.ports.*.protocol', type: PROTOCOL },
	{ path: '*.ports.*.name', type: 'string' }
];

const POD_SPEC: FieldRule[] = [
	{ path: '', type: 'object' },
	...at('containers', CONTAINERS),
	...at('initContainers', CONTAINERS),
	{ path: 'nodeName', type: 'string' },
	{ path: 'nodeSelector', type: 'stringMap' },
	{ path: 'hostNetwork', type: 'boolean' },
	{ path: 'serviceAccountName', type: 'string' },
	{ path: 'hostname', type: 'string' },
	{ path: 'subdomain', type: 'string' }
];

const POD_TEMPLATE: FieldRule[] = [
	{ path: '', type: 'object' },
	{ path: 'metadata', type: 'object' },
	{ path: 'metadata.labels', type: 'stringMap' },
	{ path: 'metadata.annotations', type: 'stringMap' },
	...at('spec', POD_SPEC)
];

const WORKLOAD: FieldRule[] = [
	{ path: 'spec', type: 'object' },
	{ path: 'spec.replicas', type: 'count' },
	...at('spec.selector', SELECTOR),
	...at('spec.template', POD_TEMPLATE)
];

const BACKEND: FieldRule[] = [
	{ path: '', type: 'object' },
	{ path: 'service', type: 'object' },
	{ path: 'service.name', type: 'string' },
	{ path: 'service.port', type: 'object' },
	{ path: 'service.port.number', type: 'port' },
	{ path: 'service.port.name', type: 'string' },
	// pre-v1 (extensions/v1beta1, networking.k8s.io/v1beta1) shape
	{ path: 'serviceName', type: 'string' },
	{ path: 'servicePort', type: 'intOrName' }
];

const PEERS: FieldRule[] = [
	{ path: '', type: 'list' },
	{ path: '*', type: 'object' },
	...at('*.podSelector', SELECTOR),
	...at('*.namespaceSelector', SELECTOR),
	{ path: '*.ipBlock', type: 'object' },
	{ path: '*.ipBlock.cidr', type: 'string' },
	{ path: '*.ipBlock.except', type: 'list' },
	{ path: '*.ipBlock.except.*', type: 'string' }
];

const POLICY_RULES = (peers: string): FieldRule[] => [
	{ path: '', type: 'list' },
	{ path: '*', type: 'object' },
	...at(`*.${peers}`, PEERS),
	{ path: '*.ports', type: 'list' },
	{ path: '*.ports.*', type: 'object' },
	{ path: '*.ports.*.protocol', type: PROTOCOL },
	{ path: '*.ports.*.port', type: 'intOrName' },
	{ path: '*.ports.*.endPort', type: 'port' }
];

/** Checked on every object, whatever its kind. */
export const COMMON_RULES: readonly FieldRule[] = [
	{ path: 'metadata.labels', type: 'stringMap' },
	{ path: 'metadata.annotations', type: 'stringMap' }
];

const APPS = ['apps', 'extensions'];

export const KIND_SCHEMAS: Readonly<Record<string, KindSchema>> = {
	Pod: { groups: [''], rules: at('spec', POD_SPEC) },
	Deployment: { groups: APPS, rules: WORKLOAD },
	ReplicaSet: { groups: APPS, rules: WORKLOAD },
	DaemonSet: { groups: APPS, rules: WORKLOAD },
	StatefulSet: { groups: ['apps'], rules: [...WORKLOAD, { path: 'spec.serviceName', type: 'string' }] },
	ReplicationController: {
		groups: [''],
		rules: [
			{ path: 'spec', type: 'object' },
			{ path: 'spec.replicas', type: 'count' },
			{ path: 'spec.selector', type: 'stringMap' },
			...at('spec.template', POD_TEMPLATE)
		]
	},
	Job: {
		groups: ['batch'],
		rules: [
			{ path: 'spec', type: 'object' },
			{ path: 'spec.parallelism', type: 'count' },
			{ path: 'spec.completions', type: 'count' },
			...at('spec.selector', SELECTOR),
			...at('spec.template', POD_TEMPLATE)
		]
	},
	CronJob: {
		groups: ['batch'],
		rules: [
			{ path: 'spec', type: 'object' },
			{ path: 'spec.schedule', type: 'string' },
			{ path: 'spec.jobTemplate', type: 'object' },
			{ path: 'spec.jobTemplate.spec', type: 'object' },
			...at('spec.jobTemplate.spec.template', POD_TEMPLATE)
		]
	},
	Service: {
		groups: [''],
		rules: [
			{ path: 'spec', type: 'object' },
			{ path: 'spec.type', type: { oneOf: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] } },
			{ path: 'spec.ports', type: 'list' },
			{ path: 'spec.ports.*', type: 'object' },
			{ path: 'spec.ports.*.name', type: 'string' },
			{ path: 'spec.ports.*.port', type: 'port' },
			{ path: 'spec.ports.*.targetPort', type: 'intOrName' },
			{ path: 'spec.ports.*.nodePort', type: 'port0' },
			{ path: 'spec.ports.*.protocol', type: PROTOCOL },
			{ path: 'spec.ports.*.appProtocol', type: 'string' },
			{ path: 'spec.selector', type: 'stringMap' },
			{ path: 'spec.clusterIP', type: 'string' },
			{ path: 'spec.externalName', type: 'string' },
			{ path: 'spec.externalIPs', type: 'list' },
			{ path: 'spec.externalIPs.*', type: 'string' },
			{ path: 'spec.externalTrafficPolicy', type: { oneOf: ['Cluster', 'Local'] } },
			{ path: 'spec.internalTrafficPolicy', type: { oneOf: ['Cluster', 'Local'] } },
			{ path: 'spec.sessionAffinity', type: { oneOf: ['None', 'ClientIP'] } }
		]
	},
	Ingress: {
		groups: ['networking.k8s.io', 'extensions'],
		rules: [
			{ path: 'spec', type: 'object' },
			{ path: 'spec.ingressClassName', type: 'string' },
			...at('spec.defaultBackend', BACKEND),
			...at('spec.backend', BACKEND),
			{ path: 'spec.rules', type: 'list' },
			{ path: 'spec.rules.*', type: 'object' },
			{ path: 'spec.rules.*.host', type: 'string' },
			{ path: 'spec.rules.*.http', type: 'object' },
			{ path: 'spec.rules.*.http.paths', type: 'list' },
			{ path: 'spec.rules.*.http.paths.*', type: 'object' },
			{ path: 'spec.rules.*.http.paths.*.path', type: 'string' },
			{ path: 'spec.rules.*.http.paths.*.pathType', type: { oneOf: ['Exact', 'Prefix', 'ImplementationSpecific'] } },
			...at('spec.rules.*.http.paths.*.backend', BACKEND),
			{ path: 'spec.tls', type: 'list' },
			{ path: 'spec.tls.*', type: 'object' },
			{ path: 'spec.tls.*.hosts', type: 'list' },
			{ path: 'spec.tls.*.hosts.*', type: 'string' },
			{ path: 'spec.tls.*.secretName', type: 'string' }
		]
	},
	NetworkPolicy: {
		groups: ['networking.k8s.io', 'extensions'],
		rules: [
			{ path: 'spec', type: 'object' },
			...at('spec.podSelector', SELECTOR),
			{ path: 'spec.policyTypes', type: 'list' },
			{ path: 'spec.policyTypes.*', type: { oneOf: ['Ingress', 'Egress'] } },
			...at('spec.ingress', POLICY_RULES('from')),
			...at('spec.egress', POLICY_RULES('to'))
		]
	}
};

/** `apps/v1` → `apps`, `v1` → '' (core). */
export function apiGroup(apiVersion: string): string {
	const slash = apiVersion.indexOf('/');
	return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The rules that apply to an object of this apiVersion and kind. */
export function rulesFor(apiVersion: string, kind: string): readonly FieldRule[] {
	const schema = Object.prototype.hasOwnProperty.call(KIND_SCHEMAS, kind) ? KIND_SCHEMAS[kind] : undefined;
	if (!schema || !schema.groups.includes(apiGroup(apiVersion))) return COMMON_RULES;
	return [...COMMON_RULES, ...schema.rules];
}

/** Checks one object against the table; returns the problems found, in table order. */
export function checkTypes(
	raw: Record<string, unknown>,
	apiVersion: string,
	kind: string,
	/** display path of the object inside its document (`items[3]`), for messages */
	prefix = ''
): SchemaIssue[] {
	const issues: SchemaIssue[] = [];
	for (const rule of rulesFor(apiVersion, kind)) {
		const pattern = patternOf(rule.path);
		forEachMatch(raw, pattern, 0, [], (value, segments) => checkValue(value, rule.type, segments, prefix, issues));
	}
	return issues;
}

// rule paths split once, not once per object (a 10,000-pod dump checks each rule 10,000 times)
const patterns = new Map<string, readonly string[]>();
function patternOf(path: string): readonly string[] {
	let p = patterns.get(path);
	if (!p) patterns.set(path, (p = path.split('.')));
	return p;
}

function forEachMatch(
	value: unknown,
	pattern: readonly string[],
	i: number,
	segments: Segment[],
	visit: (value: unknown, segments: Segment[]) => void
): void {
	if (i === pattern.length) {
		if (value !== undefined && value !== null) visit(value, segments);
		return;
	}
	const seg = pattern[i];
	if (seg === '*') {
		if (Array.isArray(value)) value.forEach((v, idx) => forEachMatch(v, pattern, i + 1, [...segments, idx], visit));
	} else if (isPlainObject(value)) {
		const child = own(value, seg);
		if (child !== undefined) forEachMatch(child, pattern, i + 1, [...segments, seg], visit);
	}
}

const IANA_SVC_NAME = /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function checkValue(value: unknown, type: FieldType, segments: Segment[], prefix: string, issues: SchemaIssue[]): void {
	// the display name only when a problem is reported: building it for every checked value was a third of this check's time
	let shown: string | undefined;
	const nameOf = () => (shown ??= joinDisplay(prefix, display(segments)));
	const fail = (expected: string, severity: Severity = 'error') =>
		issues.push({ severity, segments, message: `${nameOf()} must be ${expected}, got ${describe(value)}` });

	if (typeof type === 'object') {
		if (typeof value !== 'string' || !type.oneOf.includes(value)) fail(`one of ${type.oneOf.join(', ')}`);
		return;
	}
	switch (type) {
		case 'string':
			if (typeof value !== 'string') {
				if (typeof value === 'number' || typeof value === 'boolean')
					issues.push({ severity: 'error', segments, message: `${nameOf()} must be a string — quote it: "${value}"` });
				else fail('a string');
			}
			return;
		case 'boolean':
			if (typeof value !== 'boolean') fail('true or false');
			return;
		case 'object':
			if (!isPlainObject(value)) fail('a mapping (key: value pairs)');
			return;
		case 'list':
			if (!Array.isArray(value)) fail('a list (items start with "-")');
			return;
		case 'port':
			if (!isInt(value) || value < 1 || value > 65535) fail('a number between 1 and 65535');
			return;
		case 'port0':
			if (!isInt(value) || value < 0 || value > 65535) fail('a number between 0 and 65535');
			return;
		case 'count':
			if (!isInt(value) || value < 0) fail('a whole number, 0 or more');
			return;
		case 'intOrName':
			if (typeof value === 'string') {
				if (IANA_SVC_NAME.test(value)) return;
				if (/^\d+$/.test(value))
					issues.push({
						severity: 'error',
						segments,
						message: `${nameOf()} must be a port number or a port name, got ${describe(value)} — remove the quotes to make it a number`
					});
				else fail('a port number (1–65535) or a port name (at most 15 lowercase letters, digits or "-")');
			} else if (!isInt(value) || value < 1 || value > 65535) {
				fail('a port number (1–65535) or a port name like "http"');
			}
			return;
		case 'labelSelector':
			if (!isPlainObject(value)) fail('a label selector mapping, e.g. "matchLabels: {app: web}"');
			return;
		case 'stringMap':
			if (!isPlainObject(value)) {
				fail('a mapping of strings (key: "value")');
				return;
			}
			for (const [key, v] of Object.entries(value)) {
				if (typeof v === 'string') continue;
				const at = [...segments, key];
				const field = joinDisplay(prefix, display(at));
				if (v === null || v === undefined)
					issues.push({ severity: 'warning', segments: at, message: `${field} has no value — write "" if you mean an empty string` });
				else if (typeof v === 'number' || typeof v === 'boolean')
					issues.push({ severity: 'error', segments: at, message: `${field} must be a string — quote it: "${v}"` });
				else issues.push({ severity: 'error', segments: at, message: `${field} must be a string, got ${describe(v)}` });
			}
			return;
	}
}

