// The Reachability view's data: workload rows, cell states, the what-if diff,
// the pod pair behind a cell, namespace aggregation, shields; and the compute job.
import { describe, expect, it } from 'vitest';
import { modelCluster, policy } from './netpol-helpers';
import { CELL, REACH_MAX_ROWS, podShields } from '../../src/lib/view';
import { podIsolation, reachChanges, reachPair, reachView } from '../../src/lib/view/reachability';
import { runJob } from '../../src/lib/view/compute/compute';
import { buildCluster } from '../../src/lib/model';
import { parseText } from '../../src/lib/manifest';
import { syntheticCluster } from '../../src/lib/scenario/synthetic';
import type { GNode } from '../../src/lib/view';

const deny = policy('x', 'x-a-allows-x-b', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- from:\n  - podSelector:\n      matchLabels: {pod: b}');

describe('reachView', () => {
	const v = reachView(modelCluster(deny), 80, 'TCP');
	const cell = (from: string, to: string) => v.cells[v.rows.findIndex((r) => r.label === from) * v.rows.length + v.rows.findIndex((r) => r.label === to)];
	it('one row per bare pod, cells allowed/denied as the engine says', () => {
		expect(v.level).toBe('workload');
		expect(v.rows.map((r) => r.label)).toEqual(['x/a', 'x/b', 'x/c', 'y/a', 'y/b', 'y/c', 'z/a', 'z/b', 'z/c']);
		expect(cell('y/b', 'x/a')).toBe(CELL.denied);
		expect(cell('x/b', 'x/a')).toBe(CELL.allowed);
		expect(cell('x/a', 'x/a')).toBe(CELL.allowed);
		expect(reachPair(v, 4, 0)).toEqual({ from: 'y/b', to: 'x/a' });
	});
	it('what-if: an edit that opens namespace y marks exactly the cells it changed', () => {
		const opened = policy('x', 'x-a-allows-x-b', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- from:\n  - podSelector:\n      matchLabels: {pod: b}\n  - namespaceSelector:\n      matchLabels: {ns: y}');
		const next = reachView(modelCluster(opened), 80, 'TCP');
		const ws = (k: string) => k.replace(/Pod\//g, '');
		expect([...reachChanges(v, next)].map(ws)).toEqual(['y/a>x/a', 'y/b>x/a', 'y/c>x/a']);
		expect(reachChanges(v, reachView(modelCluster(opened), 81, 'TCP')).size).toBe(0);
	});
	it('workloads: a cell is "some" when only some pod pairs are allowed; above REACH_MAX_ROWS rows are namespaces', () => {
		const dep = (name: string, replicas: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: x}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}\n`;
		const pod = `apiVersion: v1\nkind: Pod\nmetadata: {name: one, namespace: x, labels: {app: web}}\nspec: {containers: [{name: c, image: i}]}\n`;
		const base = buildCluster(parseText('w.yaml', [dep('api', 2), dep('web', 2), pod].join('---\n')).resources);
		const webIp = base.pods.find((p) => p.owner === 'Deployment/x/web')!.ip;
		const np = policy('x', 'only-one', `podSelector:\n  matchLabels: {app: api}\ningress:\n- from:\n  - podSelector:\n      matchLabels: {run: one}\n  - ipBlock: {cidr: ${webIp}/32}`);
		const c = buildCluster(parseText('w.yaml', [dep('api', 2), dep('web', 2), pod.replace('app: web', 'run: one'), np].join('---\n')).resources);
		const w = reachView(c, 80, 'TCP');
		const k = w.rows.length;
		const at = (a: string, b: string) => w.cells[w.rows.findIndex((r) => r.key === a) * k + w.rows.findIndex((r) => r.key === b)];
		expect(at('Deployment/x/web', 'Deployment/x/api')).toBe(CELL.some);
		expect(reachPair(w, w.rows.findIndex((r) => r.key === 'Deployment/x/web'), w.rows.findIndex((r) => r.key === 'Deployment/x/api'))!.from).not.toBe(base.pods.find((p) => p.ip === webIp)!.id);
		expect(at('Pod/x/one', 'Deployment/x/api')).toBe(CELL.allowed);
		// api → api: two pods isolated for ingress, each may reach itself but not the other
		expect(at('Deployment/x/api', 'Deployment/x/api')).toBe(CELL.denied);
		const big = buildCluster(parseText('s.yaml', syntheticCluster({ pods: 1500, seed: 1 }).text).resources, { nodeCount: 16 });
		const agg = reachView(big, 80, 'TCP');
		expect(agg.workloads).toBeGreaterThan(REACH_MAX_ROWS);
		expect(agg.level).toBe('namespace');
		expect(agg.rows.map((r) => r.key)).toEqual([...new Set(big.pods.map((p) => p.namespace))]);
	});
	it('the worker job returns the same view', () => {
		const out = runJob({ kind: 'reach', cluster: modelCluster(deny), port: 80, protocol: 'TCP' });
		expect(out.kind).toBe('reach');
		expect(Array.from((out.value as typeof v).cells)).toEqual(Array.from(v.cells));
	});
});

describe('podShields', () => {
	it('marks the isolated pods with their directions and policies', () => {
		const c = modelCluster(deny + '---\n' + policy('y', 'eg', 'podSelector: {matchLabels: {pod: c}}\npolicyTypes: [Ingress, Egress]'));
		const nodes = c.pods.map((p) => ({ id: `n-${p.id}`, node: { kind: 'pod', ref: { kind: 'Pod', namespace: p.namespace, name: p.name } } as unknown as GNode }));
		expect(podIsolation(c)).toEqual({ 'x/a': { ingress: ['x/x-a-allows-x-b'], egress: [] }, 'y/c': { ingress: ['y/eg'], egress: ['y/eg'] } });
		expect(runJob({ kind: 'isolation', cluster: c }).value).toEqual(podIsolation(c));
		expect(podShields(podIsolation(c), nodes)).toEqual({ 'n-x/a': { dirs: 'ingress', policies: ['x/x-a-allows-x-b'] }, 'n-y/c': { dirs: 'ingress egress', policies: ['y/eg'] } });
	});
});
