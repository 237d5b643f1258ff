// The loading pipeline end to end: real parser line numbers, settings reaching
// the model, flow references checked against the built cluster.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/lib/scenario/load';

const HEADER = `apiVersion: hopscope/v1
kind: Scenario
metadata:
  name: demo
spec:
  title: Demo
  level: beginner
  settings:
    nodeCount: 3
    podCIDR: 10.50.0.0/16
    flavour: vanilla
  flows:
    - name: ok
      from: deploy/default/web
      to: svc/default/web
      port: 80
    - name: dangling
      from: pod/default/ghost
      to: svc/web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx
          ports: [{ containerPort: 80 }]
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports: [{ port: 80 }]
`;

describe('loadScenario', () => {
	const r = loadScenario([{ name: 'demo.yaml', text: HEADER }]);

	it('applies header settings to the model', () => {
		expect(r.header?.id).toBe('demo');
		expect(r.cluster.nodes).toHaveLength(3);
		expect(r.cluster.pods.every((p) => p.ip.startsWith('10.50.'))).toBe(true);
		expect(r.cluster.services[0].endpoints).toHaveLength(2);
	});

	it('keeps the header out of the cluster but in the parse result', () => {
		expect(r.parse.resources.map((x) => x.kind)).toEqual(['Scenario', 'Deployment', 'Service']);
		expect(r.cluster.unknown.map((u) => u.kind)).not.toContain('Scenario');
	});

	it('reports the unknown setting and the dangling flow at their lines', () => {
		const got = r.diagnostics.map((d) => [d.severity, d.code, d.file, d.line]);
		expect(got).toEqual([
			['warning', 'scenario-unknown-setting', 'demo.yaml', 11],
			['warning', 'scenario-ref-unresolved', 'demo.yaml', 17]
		]);
		expect(r.diagnostics[1].message).toContain('pod/default/ghost');
	});

	it('works without a header and merges several files', () => {
		const two = loadScenario([
			{ name: 'a.yaml', text: HEADER.split('---\n')[1] },
			{ name: 'b.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: { app: web }\n  ports: [{ port: 80 }]\n' }
		]);
		expect(two.header).toBeNull();
		expect(two.cluster.pods).toHaveLength(2);
		expect(two.cluster.services[0].endpoints).toHaveLength(2);
	});

	it('orders diagnostics by file, then line', () => {
		const bad = loadScenario([
			{ name: 'z.yaml', text: 'kind: [\n' },
			{ name: 'a.yaml', text: 'apiVersion: hopscope/v1\nkind: Scenario\nmetadata:\n  name: x\nspec:\n  title: X\n  level: 7\n' }
		]);
		const files = bad.diagnostics.map((d) => d.file);
		expect(files.indexOf('a.yaml')).toBeGreaterThan(files.lastIndexOf('z.yaml'));
		const lvl = bad.diagnostics.find((d) => d.path === 'spec.level');
		expect(lvl?.line).toBe(7);
		expect(lvl?.severity).toBe('error');
	});
});
