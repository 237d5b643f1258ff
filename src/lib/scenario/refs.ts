// REF strings name the two ends of a scenario flow in one short, URL-friendly
// token: `pod/default/nginx`, `svc/nginx-service` (namespace defaults to
// `default`), `deploy/default/web` (some pod of that workload, since Deployment
// pod names are generated), `node/node-1`, `external/203.0.113.7`,
// `dns/k8s-demo-service`, `url/http://myapp.com/`,
// `container/default/pod1/sidecar` (one container of a pod: flows over localhost),
// `docker/host-a/web` and `dockerhost/host-a` (a container and a plain Docker
// host described by a `kind: DockerHost` document; see net/docker.ts).

export type RefKind = 'pod' | 'container' | 'svc' | 'deploy' | 'sts' | 'ds' | 'node' | 'ingress' | 'gateway' | 'external' | 'dns' | 'url' | 'docker' | 'dockerhost';

export interface FlowRef {
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
export function parseRef(ref: string): FlowRef | null {
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
export function formatRef(r: FlowRef): string {
	if (r.kind === 'container') return `container/${r.namespace}/${r.name}/${r.container}`;
	if (r.kind === 'docker') return `docker/${r.name}/${r.container}`;
	return r.namespace ? `${r.kind}/${r.namespace}/${r.name}` : `${r.kind}/${r.name}`;
}
