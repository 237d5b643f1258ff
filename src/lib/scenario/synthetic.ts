// Synthetic clusters for benchmarks and scale tests: a seeded generator that
// writes ordinary multi-document YAML (so the benchmark times the real parser
// too). Same options → byte-identical text.
import { makeRng } from '../util';

export interface SyntheticOptions {
	/** total pods the Deployments expand to (exactly) */
	pods: number;
	seed?: number;
	/** default: 3 for ≤ 100 pods, growing slowly to 8 */
	namespaces?: number;
}

export interface SyntheticCluster {
	text: string;
	counts: { pods: number; deployments: number; services: number; ingresses: number; namespaces: number };
}

const TIERS = ['web', 'api', 'worker', 'cache', 'db', 'auth', 'search', 'cart', 'mail', 'media'];
const IMAGES = ['nginx:1.27', 'httpd:2.4', 'redis:7', 'ghcr.io/example/api:1.4.2', 'ghcr.io/example/worker:2.0.1'];
const PORTS = [80, 8080, 3000, 5000, 9090, 6379];

export function syntheticCluster(opts: SyntheticOptions): SyntheticCluster {
	const rng = makeRng(opts.seed ?? 1);
	const rnd = () => rng.next();
	const total = Math.max(0, Math.floor(opts.pods));
	const nsCount = Math.max(1, opts.namespaces ?? Math.min(8, 2 + Math.ceil(Math.log10(Math.max(10, total)))));
	const namespaces = Array.from({ length: nsCount }, (_, i) => (i === 0 ? 'default' : `team-${i}`));
	const docs: string[] = namespaces.slice(1).map((ns) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`);

	// Deployments of 1–10 replicas until the pod total is reached exactly.
	const apps: { ns: string; name: string; port: number; replicas: number }[] = [];
	for (let left = total, i = 0; left > 0; i++) {
		const replicas = Math.min(left, 1 + Math.floor(rnd() * 10));
		const name = `${TIERS[i % TIERS.length]}-${i}`;
		apps.push({ ns: namespaces[Math.floor(rnd() * nsCount)], name, port: PORTS[Math.floor(rnd() * PORTS.length)], replicas });
		left -= replicas;
	}
	for (const a of apps) docs.push(deployment(a.ns, a.name, a.replicas, IMAGES[Math.floor(rnd() * IMAGES.length)], a.port));

	// About one Service per 10 pods: every k-th Deployment gets one.
	const wantServices = Math.max(total > 0 ? 1 : 0, Math.round(total / 10));
	const stride = apps.length / Math.max(1, wantServices);
	const services: typeof apps = [];
	for (let s = 0; s < wantServices && s < apps.length; s++) services.push(apps[Math.floor(s * stride)]);
	for (const a of services) docs.push(service(a.ns, a.name, a.port, rnd() < 0.1 ? 'NodePort' : 'ClusterIP'));

	// Some Ingresses: one per namespace that has Services, one host rule for each of up to three.
	let ingresses = 0;
	for (const ns of namespaces) {
		const backends = services.filter((a) => a.ns === ns).slice(0, 3);
		if (backends.length === 0 || total < 50) continue;
		docs.push(ingress(ns, backends.map((b) => b.name)));
		ingresses++;
	}
	return {
		text: docs.join('---\n'),
		counts: { pods: total, deployments: apps.length, services: services.length, ingresses, namespaces: nsCount }
	};
}

function deployment(ns: string, name: string, replicas: number, image: string, port: number): string {
	return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: main
          image: ${image}
          ports:
            - containerPort: ${port}
`;
}

function service(ns: string, name: string, port: number, type: string): string {
	return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  type: ${type}
  selector:
    app: ${name}
  ports:
    - name: http
      port: 80
      targetPort: ${port}
`;
}

function ingress(ns: string, backends: string[]): string {
	const rules = backends
		.map(
			(b) => `    - host: ${b}.${ns}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${b}
                port:
                  number: 80
`
		)
		.join('');
	return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${ns}-ingress
  namespace: ${ns}
spec:
  rules:
${rules}`;
}
