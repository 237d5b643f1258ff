import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/lib/scenario/load';
import { definitionsAt, lineAt } from '../../src/lib/ui/editor/definition';

// One file with a Deployment, its Service, a DestinationRule with subsets, a
// VirtualService splitting between them, and policies selecting the pods.
const TEXT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v1
spec:
  replicas: 2
  selector:
    matchLabels: { app: reviews, version: v1 }
  template:
    metadata:
      labels: { app: reviews, version: v1 }
    spec:
      containers: [{ name: r, image: r:1, ports: [{ containerPort: 9080 }] }]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v2
spec:
  selector:
    matchLabels: { app: reviews, version: v2 }
  template:
    metadata:
      labels: { app: reviews, version: v2 }
    spec:
      containers: [{ name: r, image: r:2, ports: [{ containerPort: 9080 }] }]
---
apiVersion: v1
kind: Service
metadata:
  name: reviews
spec:
  selector:
    app: reviews
  ports: [{ port: 9080 }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels: { version: v1 }
  - name: v2
    labels: { version: v2 }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 90
    - destination:
        host: reviews
        subset: v2
      weight: 10
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: only-v2
spec:
  podSelector:
    matchLabels:
      version: v2
  ingress:
  - from:
    - podSelector:
        matchLabels: { version: v1 }
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow
spec:
  selector:
    matchLabels:
      version: v1
  action: ALLOW
`;

const file = { name: 'app.yaml', text: TEXT };
const loaded = loadScenario([file]);
const at = (needle: string, nth = 0) => {
	let i = -1;
	for (let k = 0; k <= nth; k++) i = TEXT.indexOf(needle, i + 1);
	if (i < 0) throw new Error(`no ${needle}`);
	return definitionsAt(loaded.cluster, loaded.parse.resources, file, i + needle.length - 1);
};
const line = (needle: string, nth = 0) => {
	let i = -1;
	for (let k = 0; k <= nth; k++) i = TEXT.indexOf(needle, i + 1);
	return lineAt(TEXT, i);
};

describe('go-to-definition', () => {
	it('a Service selector goes to the pods it selects: one target per pod template', () => {
		const t = at('    app: reviews');
		expect(t.map((x) => x.line)).toEqual([line('  template:'), line('  template:', 1)]);
		expect(t[0].label).toMatch(/^2 pods default\/reviews-v1-/);
		expect(t[1].label).toMatch(/^Pod default\/reviews-v2-/);
	});

	it('a VirtualService destination goes to the Service and the DestinationRule subset', () => {
		const t = at('        host: reviews', 1);
		expect(t).toEqual([
			{ file: 'app.yaml', line: line('kind: Service') - 1, label: 'Service default/reviews' },
			{ file: 'app.yaml', line: line('  - name: v2'), label: 'subset v2 of DestinationRule default/reviews' }
		]);
		// the subset line of the first destination names v1
		expect(at('        subset: v1').map((x) => x.line)).toEqual([line('kind: Service') - 1, line('  - name: v1')]);
	});

	it('a DestinationRule host goes to the Service', () => {
		expect(at('  host: reviews').map((x) => x.label)).toEqual(['Service default/reviews']);
	});

	it('a NetworkPolicy podSelector goes to its pods; a peer selector to the pods it admits', () => {
		expect(at('      version: v2').map((x) => x.line)).toEqual([line('  template:', 1)]);
		expect(at('matchLabels: { version: v1 }').map((x) => x.line)).toEqual([line('  template:')]);
	});

	it('an AuthorizationPolicy selector goes to its pods', () => {
		const t = at('      version: v1');
		expect(t.map((x) => x.line)).toEqual([line('  template:')]);
		expect(t[0].label).toContain('AuthorizationPolicy allow');
	});

	it('a field that names nothing has no targets', () => {
		expect(at('replicas: 2')).toEqual([]);
		expect(at('weight: 90')).toEqual([]);
		expect(definitionsAt(loaded.cluster, loaded.parse.resources, { name: 'other.yaml', text: 'x' }, 0)).toEqual([]);
	});
});
