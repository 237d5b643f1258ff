// A synthetic live-cluster dump, the shape `kubectl get pods,svc,nodes -A
// -o json` prints: one `kind: List` whose items are Node, Service and Pod
// objects with their status (node addresses and pod CIDRs, pod IPs, phases,
// Ready conditions). No Deployments: pods name their owner only through
// ownerReferences (a ReplicaSet `<deployment>-<pod-template-hash>`, a
// StatefulSet, a DaemonSet), as in a real dump. Seeded: same options →
// byte-identical text. `format: 'yaml'` (the default) is what
// `kubectl get … -o yaml` prints; 'json' writes one item per line.
import { makeRng } from '../util';

export interface DumpOptions {
	pods: number;
	seed?: number;
	/** pods per node (kubelet's default max-pods is 110); default 100 */
	podsPerNode?: number;
	/** share of pods not ready (Pending or crash-looping); default 0.03 */
	notReady?: number;
	format?: 'yaml' | 'json';
}

export interface SyntheticDump {
	text: string;
	counts: { pods: number; services: number; nodes: number; namespaces: number; workloads: number; notReady: number };
}

const TIERS = ['web', 'api', 'worker', 'cache', 'db', 'auth', 'search', 'cart', 'mail', 'media', 'billing', 'report'];
const IMAGES = ['nginx:1.27', 'httpd:2.4', 'redis:7', 'ghcr.io/example/api:1.4.2', 'ghcr.io/example/worker:2.0.1'];
const PORTS = [80, 8080, 3000, 5000, 9090, 6379];
const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';

export function syntheticDump(opts: DumpOptions): SyntheticDump {
	const rng = makeRng(opts.seed ?? 1);
	const rnd = () => rng.next();
	const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
	const suffix = (n: number) => Array.from({ length: n }, () => ALNUM[Math.floor(rnd() * ALNUM.length)]).join('');
	const total = Math.max(0, Math.floor(opts.pods));
	const perNode = Math.max(1, opts.podsPerNode ?? 100);
	const nodeCount = Math.max(1, Math.ceil(total / perNode));
	const nsCount = Math.max(3, Math.min(24, Math.round(total / 500)));
	const namespaces = ['default', ...Array.from({ length: nsCount - 1 }, (_, i) => `team-${i + 1}`)];
	const items: unknown[] = [];

	const nodes = Array.from({ length: nodeCount }, (_, i) => ({ name: `node-${i + 1}`, ip: `10.0.${i >> 8}.${(i & 255) + 10}`, cidr: i }));
	for (const n of nodes)
		items.push(
			({
				apiVersion: 'v1',
				kind: 'Node',
				metadata: { name: n.name, labels: { 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux' } },
				spec: { podCIDR: `10.${244 + (n.cidr >> 8)}.${n.cidr & 255}.0/24` },
				status: { addresses: [{ type: 'InternalIP', address: n.ip }, { type: 'Hostname', address: n.name }], conditions: [{ type: 'Ready', status: 'True' }] }
			})
		);

	// Workloads of 1–10 replicas until the total is reached: mostly Deployments, some StatefulSets.
	const apps: { ns: string; name: string; kind: 'Deployment' | 'StatefulSet'; hash: string; port: number; replicas: number; image: string }[] = [];
	for (let left = total, i = 0; left > 0; i++) {
		const replicas = Math.min(left, 1 + Math.floor(rnd() * 10));
		apps.push({ ns: pick(namespaces), name: `${TIERS[i % TIERS.length]}-${i}`, kind: rnd() < 0.1 ? 'StatefulSet' : 'Deployment', hash: suffix(10), port: pick(PORTS), replicas, image: pick(IMAGES) });
		left -= replicas;
	}

	// About one Service per 10 pods, each selecting one workload's pods.
	const wantServices = Math.max(total > 0 ? 1 : 0, Math.round(total / 10));
	const stride = apps.length / Math.max(1, wantServices);
	let services = 0;
	for (let s = 0; s < wantServices && s < apps.length; s++) {
		const a = apps[Math.floor(s * stride)];
		const ip = 1 + s + 20; // 10.96.0.21 upward: clear of .1 (kubernetes) and .10 (DNS)
		items.push(
			({
				apiVersion: 'v1',
				kind: 'Service',
				metadata: { name: a.name, namespace: a.ns },
				spec: { type: 'ClusterIP', clusterIP: `10.96.${ip >> 8}.${ip & 255}`, selector: { app: a.name }, ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: a.port }] },
				status: { loadBalancer: {} }
			})
		);
		services++;
	}

	// Pods, spread over the nodes round-robin; each node hands out .2 upward of its /24.
	const used = nodes.map(() => 1);
	let podNo = 0;
	let notReady = 0;
	const sick = opts.notReady ?? 0.03;
	for (const a of apps) {
		for (let r = 0; r < a.replicas; r++, podNo++) {
			const ni = podNo % nodeCount;
			const n = nodes[ni];
			const host = ++used[ni];
			const name = a.kind === 'StatefulSet' ? `${a.name}-${r}` : `${a.name}-${a.hash}-${suffix(5)}`;
			const labels: Record<string, string> = a.kind === 'StatefulSet' ? { app: a.name, 'statefulset.kubernetes.io/pod-name': name } : { app: a.name, 'pod-template-hash': a.hash };
			const owner = a.kind === 'StatefulSet' ? { apiVersion: 'apps/v1', kind: 'StatefulSet', name: a.name } : { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${a.name}-${a.hash}` };
			const roll = rnd();
			const pending = roll < sick / 3;
			const ready = roll >= sick;
			if (!ready) notReady++;
			const podIP = `10.${244 + (n.cidr >> 8)}.${n.cidr & 255}.${host}`;
			items.push(
				({
					apiVersion: 'v1',
					kind: 'Pod',
					metadata: { name, namespace: a.ns, labels, ownerReferences: [{ ...owner, controller: true, blockOwnerDeletion: true }] },
					spec: { nodeName: n.name, containers: [{ name: 'main', image: a.image, ports: [{ containerPort: a.port, protocol: 'TCP' }] }] },
					status: pending
						? { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False' }] }
						: {
								phase: 'Running',
								hostIP: n.ip,
								podIP,
								podIPs: [{ ip: podIP }],
								conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
								containerStatuses: [{ name: 'main', ready, restartCount: ready ? 0 : 7, image: a.image }]
							}
				})
			);
		}
	}
	const text =
		opts.format === 'json'
			? `{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[\n${items.map((i) => JSON.stringify(i)).join(',\n')}\n]}\n`
			: `apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: ""\nitems:\n${items.map((i) => blockYaml(i, '', true)).join('')}`;
	return {
		text,
		counts: { pods: total, services, nodes: nodeCount, namespaces: namespaces.length, workloads: apps.length, notReady }
	};
}

/** Block-style YAML of plain JSON data, as kubectl prints it (list items at the parent's indent). */
function blockYaml(v: unknown, pad: string, item = false): string {
	if (Array.isArray(v)) return v.map((x) => blockYaml(x, pad, true)).join('');
	const obj = v as Record<string, unknown>;
	let out = '';
	let first = true;
	for (const [k, x] of Object.entries(obj)) {
		const lead = item && first ? `${pad}- ` : item ? `${pad}  ` : pad;
		const inner = item ? `${pad}  ` : pad;
		first = false;
		if (x === null || typeof x !== 'object') out += `${lead}${k}: ${scalar(x)}\n`;
		else if (Array.isArray(x)) out += x.length ? `${lead}${k}:\n${blockYaml(x, inner)}` : `${lead}${k}: []\n`;
		else out += Object.keys(x).length ? `${lead}${k}:\n${blockYaml(x, `${inner}  `)}` : `${lead}${k}: {}\n`;
	}
	return out;
}

function scalar(x: unknown): string {
	if (typeof x === 'string') return /^[A-Za-z][\w./-]*$/.test(x) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(x) ? x : JSON.stringify(x);
	return String(x);
}
