import { describe as suite, expect, it } from 'vitest';
import { describe } from '../../src/lib/view';
import { fixtureCluster } from './view-fixture';

const cluster = fixtureCluster();

suite('describe()', () => {
	it('lists a Service’s endpoints and selected pods', () => {
		const d = describe(cluster, { kind: 'Service', namespace: 'shop', name: 'web' })!;
		expect(d.fields.find((f) => f.label === 'Cluster IP')?.value).toBe('10.96.0.20');
		const eps = d.tables.find((t) => t.title.startsWith('Endpoints'))!;
		expect(eps.rows.map((r) => r[0])).toEqual(['10.244.0.11:8080', '10.244.1.12:8080', '10.244.0.13:8080']);
		expect(eps.rows[1][3]).toBe('not ready');
		const selects = d.relations.filter((r) => r.type === 'selects').map((r) => r.ref.name);
		expect(selects).toEqual(['web-6d9f7-a1', 'web-6d9f7-b2', 'web-6d9f7-c3']);
		expect(d.relations).toContainEqual({ type: 'routed from', ref: { kind: 'Ingress', namespace: 'shop', name: 'web-ing' } });
		expect(d.source).toEqual({ file: 'app.yaml', line: 40 });
	});

	it('shows Secret key names and no values', () => {
		const d = describe(cluster, { kind: 'Secret', namespace: 'shop', name: 'db-secret' })!;
		const keys = d.tables.find((t) => t.title.startsWith('Keys'))!;
		expect(keys.title).toContain('values hidden');
		expect(keys.rows.flat()).toEqual(['username', 'password']);
		expect(d.relations).toContainEqual({ type: 'used by', ref: { kind: 'StatefulSet', namespace: 'shop', name: 'db' } });
		expect(JSON.stringify(d)).not.toMatch(/"data"|"stringData"/);
	});

	it('describes pods, nodes and ingresses', () => {
		const pod = describe(cluster, { kind: 'Pod', namespace: 'shop', name: 'db-0' })!;
		expect(pod.fields.find((f) => f.label === 'Node')?.value).toBe('node-2');
		expect(pod.relations).toContainEqual({ type: 'owned by', ref: { kind: 'StatefulSet', namespace: 'shop', name: 'db' } });
		expect(pod.relations).toContainEqual({ type: 'selected by', ref: { kind: 'Service', namespace: 'shop', name: 'db' } });
		const node = describe(cluster, { kind: 'Node', name: 'node-1' })!;
		expect(node.fields.map((f) => f.value)).toContain('cni0 10.244.0.1');
		const ing = describe(cluster, { kind: 'Ingress', namespace: 'shop', name: 'web-ing' })!;
		expect(ing.tables[0].rows).toEqual([['shop.example.com', '/ (Prefix)', 'web:80']]);
		expect(describe(cluster, { kind: 'Pod', namespace: 'shop', name: 'nope' })).toBeNull();
	});
});
