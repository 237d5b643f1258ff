// REF strings name the two ends of a scenario flow in one short, URL-friendly
// token: `pod/default/nginx`, `svc/nginx-service` (namespace defaults to
// `default`), `deploy/default/web` (some pod of that workload, since Deployment
// pod names are generated), `node/node-1`, `external/203.0.113.7`,
// `dns/k8s-demo-service`, `url/http://myapp.com/`,
// `container/default/pod1/sidecar` (one container of a pod: flows over localhost),
// `docker/host-a/web` and `dockerhost/host-a` (a container and a plain Docker
// host described by a `kind: DockerHost` document; see net/docker.ts).
//
// One grammar and one lookup for the CLI, the UI, the scenario loader and the
// engines: parseRef/formatRef spell REFs, resolveRef finds what a REF names
// in a Cluster, refPod the pod that stands for it (a workload's first pod).
import type { Cluster, Ingress, IstioGateway, Node, Pod, Service, Workload } from './types';

export type RefKind = 'pod' | 'container' | 'svc' | 'deploy' | 'sts' | 'ds' | 'node' | 'ingress' | 'gateway' | 'external' | 'dns' | 'url' | 'docker' | 'dockerhost';

export interface Ref {
	kind: RefKind;
	/** set for namespaced kinds (defaulted to `default`) */
	namespace?: string;
	/** object name (the pod's, for `container`), external address, DNS name or URL */
	name: string;
	/** `container/NS/POD/CONTAINER` and `docker/HOST/CONTAINER`: the container's name */
	container?: string;
}

const ALIASES: Record<string, RefKind> = {
	pod: 'pod',
	container: 'container',
	svc: 'svc',
	service: 'svc',
	deploy: 'deploy',
	deployment: 'deploy',
	sts: 'sts',
	statefulset: 'sts',
	ds: 'ds',
	daemonset: 'ds',
	node: 'node',
	ingress: 'ingress',
	ing: 'ingress',
	gateway: 'gateway',
	gw: 'gateway',
	external: 'external',
	ext: 'external',
	dns: 'dns',
	url: 'url',
	docker: 'docker',
	dockerhost: 'dockerhost'
};

const NAMESPACED: ReadonlySet<RefKind> = new Set(['pod', 'svc', 'deploy', 'sts', 'ds', 'ingress', 'gateway']);
// DNS-1123 label/subdomain, the shape of Kubernetes object names
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const HOST = /^[A-Za-z0-9]([-A-Za-z0-9.:]*[A-Za-z0-9])?\.?$/;

/** Parses a REF string; null when it is not one. */
export function parseRef(ref: string): Ref | null {
	const slash = ref.indexOf('/');
	if (slash < 1) return null;
	const kind = ALIASES[ref.slice(0, slash).toLowerCase()];
	const rest = ref.slice(slash + 1);
	if (!kind || !rest) return null;
	if (kind === 'url') return /^[a-z][a-z0-9+.-]*:\/\/[^\s/]+/i.test(rest) ? { kind, name: rest } : null;
	if (kind === 'external' || kind === 'dns') return HOST.test(rest) ? { kind, name: rest.replace(/\.$/, '') } : null;
	const parts = rest.split('/');
	// container/NS/POD/CONTAINER: always fully spelled, the namespace included
	if (kind === 'container') return parts.length === 3 && parts.every((p) => NAME.test(p)) ? { kind, namespace: parts[0], name: parts[1], container: parts[2] } : null;
	// docker/HOST/CONTAINER and dockerhost/HOST: Docker hosts are not namespaced
	if (kind === 'docker') return parts.length === 2 && parts.every((p) => NAME.test(p)) ? { kind, name: parts[0], container: parts[1] } : null;
	if (kind === 'dockerhost') return parts.length === 1 && NAME.test(parts[0]) ? { kind, name: parts[0] } : null;
	if (kind === 'node') return parts.length === 1 && NAME.test(parts[0]) ? { kind, name: parts[0] } : null;
	if (!NAMESPACED.has(kind) || parts.length > 2 || !parts.every((p) => NAME.test(p))) return null;
	return parts.length === 2 ? { kind, namespace: parts[0], name: parts[1] } : { kind, namespace: 'default', name: parts[0] };
}

/** The canonical spelling, e.g. `svc/nginx-service` → `svc/default/nginx-service`. */
export function formatRef(r: Ref): string {
	if (r.kind === 'container') return `container/${r.namespace}/${r.name}/${r.container}`;
	if (r.kind === 'docker') return `docker/${r.name}/${r.container}`;
	return r.namespace ? `${r.kind}/${r.namespace}/${r.name}` : `${r.kind}/${r.name}`;
}

/** A URL's parts as the trace engine reads them; null when not `scheme://host…`. */
export interface UrlParts {
	scheme: string;
	/** lower-cased, without a trailing dot */
	host: string;
	/** the host was written with a trailing dot (absolute: no DNS search list) */
	absolute?: boolean;
	port?: number;
	path: string;
}

export function parseUrl(url: string): UrlParts | null {
	const m = /^([a-z][a-z0-9+.-]*):\/\/([^/:?#\s]+)(?::(\d+))?([^?#\s]*)/i.exec(url);
	if (!m) return null;
	const port = m[3] ? Number(m[3]) : undefined;
	const host = m[2].toLowerCase();
	const absolute = host.endsWith('.') && host.length > 1;
	return { scheme: m[1].toLowerCase(), host: host.replace(/\.$/, ''), ...(absolute ? { absolute } : {}), ...(port ? { port } : {}), path: m[4] || '/' };
}

// ---------------------------------------------------------------- resolution

/** What a REF names in a Cluster. `container/` resolves to its pod (the caller checks the container). */
export type Resolved =
	| { kind: 'pod'; pod: Pod }
	| { kind: 'workload'; workload: Workload; pod: Pod | null }
	| { kind: 'svc'; service: Service }
	| { kind: 'node'; node: Node }
	| { kind: 'ingress'; ingress: Ingress }
	| { kind: 'gateway'; gateway: IstioGateway };

/** REF kind → Workload kind for the workloads a REF can name. */
export const WORKLOAD_KIND = { deploy: 'Deployment', sts: 'StatefulSet', ds: 'DaemonSet' } as const satisfies Partial<Record<RefKind, Workload['kind']>>;

/** Workload kind → the REF kind that names it (`Deployment` → `deploy`). */
export const REF_KIND_OF_WORKLOAD: Readonly<Record<string, RefKind>> = { Deployment: 'deploy', StatefulSet: 'sts', DaemonSet: 'ds' };

const IN_CLUSTER: ReadonlySet<RefKind> = new Set(['pod', 'container', 'svc', 'deploy', 'sts', 'ds', 'node', 'ingress', 'gateway']);

/** True when the REF names a Kubernetes/Istio object (not an address, a name, a URL or a Docker host). */
export function namesClusterObject(ref: Pick<Ref, 'kind'>): boolean {
	return IN_CLUSTER.has(ref.kind);
}

/** The object a REF names; null when the cluster has none (or the REF names nothing in a cluster). */
export function resolveRef(c: Cluster, ref: Pick<Ref, 'kind' | 'namespace' | 'name'>): Resolved | null {
	const ns = ref.namespace ?? 'default';
	const named = <T extends { namespace: string; name: string }>(o: T) => o.namespace === ns && o.name === ref.name;
	switch (ref.kind) {
		case 'pod':
		case 'container': {
			const pod = c.pods.find(named);
			return pod ? { kind: 'pod', pod } : null;
		}
		case 'deploy':
		case 'sts':
		case 'ds': {
			const kind = WORKLOAD_KIND[ref.kind];
			const workload = c.workloads.find((w) => w.kind === kind && named(w));
			if (!workload) return null;
			// the first pod (pods are sorted by name in the model) stands for the workload
			for (const id of workload.pods) {
				const pod = c.pods.find((p) => p.id === id);
				if (pod) return { kind: 'workload', workload, pod };
			}
			return { kind: 'workload', workload, pod: null };
		}
		case 'svc': {
			const service = c.services.find(named);
			return service ? { kind: 'svc', service } : null;
		}
		case 'node': {
			const node = c.nodes.find((n) => n.name === ref.name);
			return node ? { kind: 'node', node } : null;
		}
		case 'ingress': {
			const ingress = c.ingresses.find(named);
			return ingress ? { kind: 'ingress', ingress } : null;
		}
		case 'gateway': {
			const gateway = c.gateways.find(named);
			return gateway ? { kind: 'gateway', gateway } : null;
		}
		default:
			return null;
	}
}

/** The pod a REF stands for: the pod itself, a container's pod, or a workload's first pod. */
export function refPod(c: Cluster, ref: Pick<Ref, 'kind' | 'namespace' | 'name'>): Pod | null {
	const r = resolveRef(c, ref);
	return r?.kind === 'pod' || r?.kind === 'workload' ? r.pod : null;
}
