// Fuzz inputs: fast-check generators of hostile manifests, plus mutations of
// the shipped presets and fixtures. Deterministic: the same seed gives the
// same inputs, so a CI run is reproducible and a failure can be replayed.
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { makeRng } from '../../src/lib/util';

export interface FuzzInput {
	/** a name that says how it was made, e.g. `gen-17` or `mut-bookinfo.yaml-4` */
	name: string;
	text: string;
}

/** Numbers that have broken engines before: huge counts, negatives, floats. */
const hostileNumber = fc.constantFrom(0, 1, 2, 3, -1, 65535, 65536, 100000, 1_000_000, 1e9, 2 ** 31, 2 ** 53, 1.5, -0.5, Number.MAX_SAFE_INTEGER);
/** Strings that have broken engines before: markup, control characters, regexes, odd units. */
const hostileString = fc.oneof(
	fc.constantFrom(
		'<script>alert(1)</script>',
		'"><img src=x onerror=alert(1)>',
		'\u001b[31mred\u0007',
		'^(a+)+$',
		'(?=x)a',
		'(a)\\1',
		'a'.repeat(300),
		'999999h',
		'-1s',
		'1ms',
		'0s',
		'abc',
		'10.0.0.041',
		'203.0.113.000/025',
		'::1',
		'300.1.1.1/40',
		'*',
		'*.example.com',
		'',
		'名前-ü',
		'reviews',
		'reviews.default.svc.cluster.local',
		'http',
		'TCP',
		'UDP'
	),
	fc.string({ maxLength: 40 }),
	fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/)
);
const scalar = fc.oneof(hostileNumber, hostileString, fc.boolean(), fc.constant(null));
const labels = fc.dictionary(fc.constantFrom('app', 'version', 'tier', 'role', 'x'), fc.oneof(fc.constantFrom('web', 'api', 'v1', 'v2', 'db'), hostileString), { maxKeys: 3 });
const ns = fc.constantFrom('default', 'store', 'istio-system', 'kube-system', 'x');
const name = fc.oneof(fc.constantFrom('web', 'api', 'reviews', 'db', 'frontend'), fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/));
const port = fc.oneof(fc.integer({ min: 1, max: 65535 }), hostileNumber, hostileString);

const container = fc.record({
	name,
	image: fc.constantFrom('nginx', 'busybox', 'app:v1'),
	ports: fc.array(fc.record({ containerPort: port, name: fc.option(name, { nil: undefined }), protocol: fc.option(fc.constantFrom('TCP', 'UDP', 'SCTP', 'HTTP'), { nil: undefined }) }), { maxLength: 3 })
});
const podSpec = fc.record({ containers: fc.array(container, { minLength: 1, maxLength: 2 }), nodeName: fc.option(hostileString, { nil: undefined }) });
const meta = fc.record({ name, namespace: fc.option(ns, { nil: undefined }), labels: fc.option(labels, { nil: undefined }) });

const workload = fc.record({
	apiVersion: fc.constant('apps/v1'),
	kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'),
	metadata: meta,
	spec: fc.record({ replicas: fc.option(hostileNumber, { nil: undefined }), selector: fc.record({ matchLabels: labels }), template: fc.record({ metadata: fc.record({ labels }), spec: podSpec }) })
});
const job = fc.record({
	apiVersion: fc.constant('batch/v1'),
	kind: fc.constant('Job'),
	metadata: meta,
	spec: fc.record({ parallelism: hostileNumber, completions: fc.option(hostileNumber, { nil: undefined }), template: fc.record({ spec: podSpec }) })
});
const pod = fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Pod'), metadata: meta, spec: podSpec });
const service = fc.record({
	apiVersion: fc.constant('v1'),
	kind: fc.constant('Service'),
	metadata: meta,
	spec: fc.record({
		type: fc.option(fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', 'Bogus'), { nil: undefined }),
		clusterIP: fc.option(fc.oneof(fc.constantFrom('None', '10.96.0.041', '10.96.1.1', '::1'), hostileString), { nil: undefined }),
		selector: fc.option(labels, { nil: undefined }),
		externalTrafficPolicy: fc.option(fc.constantFrom('Local', 'Cluster'), { nil: undefined }),
		internalTrafficPolicy: fc.option(fc.constantFrom('Local', 'Cluster'), { nil: undefined }),
		externalIPs: fc.option(fc.array(hostileString, { maxLength: 2 }), { nil: undefined }),
		loadBalancerSourceRanges: fc.option(fc.array(hostileString, { maxLength: 2 }), { nil: undefined }),
		ports: fc.array(fc.record({ port, targetPort: fc.option(fc.oneof(port, name), { nil: undefined }), nodePort: fc.option(port, { nil: undefined }), name: fc.option(name, { nil: undefined }), protocol: fc.option(fc.constantFrom('TCP', 'UDP'), { nil: undefined }) }), { maxLength: 4 })
	})
});
const stringMatch = fc.oneof(fc.record({ exact: hostileString }), fc.record({ prefix: hostileString }), fc.record({ regex: hostileString }));
const virtualService = fc.record({
	apiVersion: fc.constant('networking.istio.io/v1beta1'),
	kind: fc.constant('VirtualService'),
	metadata: meta,
	spec: fc.record({
		hosts: fc.array(fc.oneof(name, hostileString), { minLength: 1, maxLength: 2 }),
		gateways: fc.option(fc.array(hostileString, { maxLength: 2 }), { nil: undefined }),
		http: fc.array(
			fc.record({
				match: fc.option(fc.array(fc.record({ uri: fc.option(stringMatch, { nil: undefined }), headers: fc.option(fc.dictionary(fc.constantFrom('end-user', 'x-test'), stringMatch, { maxKeys: 2 }), { nil: undefined }) }), { maxLength: 2 }), { nil: undefined }),
				route: fc.array(fc.record({ destination: fc.record({ host: fc.oneof(name, hostileString), subset: fc.option(fc.constantFrom('v1', 'v2', 'v3'), { nil: undefined }) }), weight: fc.option(hostileNumber, { nil: undefined }) }), { minLength: 1, maxLength: 3 }),
				timeout: fc.option(hostileString, { nil: undefined }),
				retries: fc.option(fc.record({ attempts: hostileNumber, perTryTimeout: fc.option(hostileString, { nil: undefined }), retryOn: fc.option(hostileString, { nil: undefined }) }), { nil: undefined }),
				fault: fc.option(fc.record({ delay: fc.record({ fixedDelay: hostileString, percentage: fc.record({ value: hostileNumber }) }), abort: fc.record({ httpStatus: hostileNumber, percentage: fc.record({ value: hostileNumber }) }) }), { nil: undefined }),
				mirror: fc.option(fc.record({ host: name }), { nil: undefined })
			}),
			{ maxLength: 3 }
		)
	})
});
const destinationRule = fc.record({
	apiVersion: fc.constant('networking.istio.io/v1beta1'),
	kind: fc.constant('DestinationRule'),
	metadata: meta,
	spec: fc.record({
		host: fc.oneof(name, hostileString),
		trafficPolicy: fc.option(
			fc.record({
				connectionPool: fc.record({ tcp: fc.record({ maxConnections: hostileNumber }), http: fc.record({ http1MaxPendingRequests: hostileNumber, maxRequestsPerConnection: hostileNumber }) }),
				outlierDetection: fc.record({ consecutive5xxErrors: hostileNumber, consecutiveGatewayErrors: fc.option(hostileNumber, { nil: undefined }), interval: hostileString, baseEjectionTime: hostileString, maxEjectionPercent: hostileNumber })
			}),
			{ nil: undefined }
		),
		subsets: fc.array(fc.record({ name: fc.constantFrom('v1', 'v2', 'v3'), labels }), { maxLength: 3 })
	})
});
const secret = fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Secret'), metadata: meta, data: fc.dictionary(name, fc.base64String({ maxLength: 40 }), { maxKeys: 2 }), stringData: fc.dictionary(name, hostileString, { maxKeys: 2 }) });
const selector = fc.oneof(fc.constant({}), fc.record({ matchLabels: labels }), fc.record({ matchExpressions: fc.array(fc.record({ key: fc.constantFrom('app', 'x'), operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'Bogus'), values: fc.option(fc.array(hostileString, { maxLength: 2 }), { nil: undefined }) }), { maxLength: 2 }) }), scalar);
const peer = fc.record({ podSelector: fc.option(selector, { nil: undefined }), namespaceSelector: fc.option(selector, { nil: undefined }), ipBlock: fc.option(fc.record({ cidr: hostileString, except: fc.option(fc.array(hostileString, { maxLength: 2 }), { nil: undefined }) }), { nil: undefined }) });
const networkPolicy = fc.record({
	apiVersion: fc.constant('networking.k8s.io/v1'),
	kind: fc.constant('NetworkPolicy'),
	metadata: meta,
	spec: fc.record({
		podSelector: selector,
		policyTypes: fc.option(fc.array(fc.constantFrom('Ingress', 'Egress', 'Bogus'), { maxLength: 2 }), { nil: undefined }),
		ingress: fc.option(fc.array(fc.record({ from: fc.option(fc.array(peer, { maxLength: 2 }), { nil: undefined }), ports: fc.option(fc.array(fc.record({ port, endPort: fc.option(port, { nil: undefined }), protocol: fc.option(fc.constantFrom('TCP', 'UDP', 'SCTP', 'ICMP'), { nil: undefined }) }), { maxLength: 2 }), { nil: undefined }) }), { maxLength: 2 }), { nil: undefined }),
		egress: fc.option(fc.array(fc.record({ to: fc.option(fc.array(peer, { maxLength: 2 }), { nil: undefined }) }), { maxLength: 2 }), { nil: undefined })
	})
});
const node = fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Node'), metadata: fc.record({ name }), spec: fc.record({ podCIDR: fc.option(hostileString, { nil: undefined }) }) });
const header = fc.record({
	apiVersion: fc.constant('hopscope/v1'),
	kind: fc.constant('Scenario'),
	metadata: fc.record({ name }),
	spec: fc.record({
		title: hostileString,
		cluster: fc.option(fc.record({ nodes: fc.option(hostileNumber, { nil: undefined }), cni: fc.option(fc.constantFrom('bridge', 'overlay', 'x'), { nil: undefined }), podCIDR: fc.option(hostileString, { nil: undefined }) }), { nil: undefined }),
		simulation: fc.option(fc.record({ target: name, rps: hostileNumber, duration: hostileString, concurrency: fc.option(hostileNumber, { nil: undefined }) }), { nil: undefined })
	})
});

const doc = fc.oneof(workload, job, pod, service, virtualService, destinationRule, secret, networkPolicy, node, { arbitrary: header, weight: 1 });
const docs = fc.array(doc, { minLength: 1, maxLength: 6 });

/** Generated manifests, serialised as multi-document YAML (or JSON, now and then). */
export const manifestText = fc.tuple(docs, fc.nat(9)).map(([ds, k]) =>
	k === 0 ? JSON.stringify({ apiVersion: 'v1', kind: 'List', items: ds }) : ds.map((d) => stringify(d, { aliasDuplicateObjects: false })).join('---\n')
);

// ---- mutations of real files -------------------------------------------------

type Mutation = (text: string, r: () => number) => string;
const pick = <T>(xs: T[], r: () => number): T => xs[Math.floor(r() * xs.length)];
const HOSTILE_VALUES = ['100000', '1e9', '-1', '1000000', '"^(a+)+$"', '"<script>alert(1)</script>"', '"\\u001b]0;x\\u0007"', '999999h', '~', '[]', '{}', '"10.0.0.041"', '&a [*a, *a]', '!!binary AAAA', '.nan'];

const mutations: Mutation[] = [
	// replace a number with a hostile one
	(t, r) => {
		const ms = [...t.matchAll(/(?<=: )\d+(?=\s*$)/gm)];
		if (!ms.length) return t;
		const m = pick(ms, r);
		return t.slice(0, m.index) + pick(['100000', '1000000', '1e9', '-1', '0', '65536', '2147483648'], r) + t.slice(m.index! + m[0].length);
	},
	// replace any value with a hostile one
	(t, r) => {
		const ms = [...t.matchAll(/(?<=: ).+$/gm)];
		if (!ms.length) return t;
		const m = pick(ms, r);
		return t.slice(0, m.index) + pick(HOSTILE_VALUES, r) + t.slice(m.index! + m[0].length);
	},
	// delete a line
	(t, r) => {
		const ls = t.split('\n');
		ls.splice(Math.floor(r() * ls.length), 1);
		return ls.join('\n');
	},
	// duplicate a block of lines
	(t, r) => {
		const ls = t.split('\n');
		const i = Math.floor(r() * ls.length);
		const n = 1 + Math.floor(r() * 8);
		ls.splice(i, 0, ...ls.slice(i, i + n));
		return ls.join('\n');
	},
	// shift a line's indentation
	(t, r) => {
		const ls = t.split('\n');
		const i = Math.floor(r() * ls.length);
		ls[i] = r() < 0.5 ? '  ' + ls[i] : ls[i].replace(/^ {1,2}/, '');
		return ls.join('\n');
	},
	// truncate
	(t, r) => t.slice(0, Math.floor(r() * t.length)),
	// flip a byte to a random character
	(t, r) => {
		const i = Math.floor(r() * t.length);
		return t.slice(0, i) + String.fromCharCode(Math.floor(r() * 0x3000)) + t.slice(i + 1);
	},
	// deep nesting in a value
	(t, r) => {
		const depth = pick([50, 500, 5000], r);
		return t + `\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: {x: ${'['.repeat(depth)}${']'.repeat(depth)}}\n`;
	},
	// a Secret with values
	(t) => t + '\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {password: c2VjcmV0}\nstringData: {token: hunter2}\n'
];

/** The presets and fixtures the mutations start from. */
export function seedFiles(root: string): { name: string; text: string }[] {
	const out: { name: string; text: string }[] = [];
	const walk = (dir: string) => {
		for (const n of readdirSync(dir).sort()) {
			const p = join(dir, n);
			if (statSync(p).isDirectory()) walk(p);
			else if (/\.ya?ml$/.test(n)) out.push({ name: n, text: readFileSync(p, 'utf8') });
		}
	};
	walk(join(root, 'scenarios'));
	walk(join(root, 'tests', 'fixtures'));
	return out;
}

/** `count` inputs: about half generated, half mutated from the seeds. */
export function* inputs(seed: number, count: number, seeds: { name: string; text: string }[]): Generator<FuzzInput> {
	const generated = fc.sample(manifestText, { seed, numRuns: Math.ceil(count / 2) });
	const rng = makeRng(seed);
	const r = () => rng.next();
	for (let i = 0; i < count; i++) {
		if (i % 2 === 0 && generated[i / 2] !== undefined) {
			yield { name: `gen-${seed}-${i}`, text: generated[i / 2] };
			continue;
		}
		const base = pick(seeds, r);
		let text = base.text;
		const n = 1 + Math.floor(r() * 4);
		for (let k = 0; k < n; k++) text = pick(mutations, r)(text, r);
		yield { name: `mut-${seed}-${i}-${base.name}`, text };
	}
}
