// The work budget (model/budget.ts): counts in tiny manifests cannot make the
// model do unbounded work. Each test would have taken seconds to minutes, or
// thrown, before the budget existed.
import { describe, expect, it } from 'vitest';
import { parseFiles, parseText } from '../../src/lib/manifest/index';
import { buildCluster } from '../../src/lib/model/index';
import {
	MAX_ENDPOINTS_PER_SERVICE,
	MAX_MODEL_DIAGNOSTICS_PER_RESOURCE,
	MAX_PODS_PER_WORKLOAD,
	MAX_PODS_TOTAL,
	MAX_SYNTHESIZED_NODES
} from '../../src/lib/model/budget';

const deploymentYaml = (name: string, replicas: number | string) =>
	`apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers: [{name: c, image: nginx}]
`;

function build(files: { name: string; text: string }[], settings?: Parameters<typeof buildCluster>[1]) {
	const parsed = parseFiles(files);
	const start = performance.now();
	const cluster = buildCluster(parsed.resources, settings);
	return { cluster, ms: performance.now() - start };
}

describe('pods per workload', () => {
	it.each([100_000, 130_000, 1_000_000])('a Deployment with replicas: %i models 5,000 pods and says so at the replicas line', (n) => {
		const { cluster } = build([{ name: 'web.yaml', text: deploymentYaml('web', n) }]);
		expect(cluster.pods).toHaveLength(MAX_PODS_PER_WORKLOAD);
		expect(cluster.workloads[0]).toMatchObject({ replicas: n, aggregated: { shown: MAX_PODS_PER_WORKLOAD, total: n } });
		expect(cluster.workloads[0].pods).toHaveLength(MAX_PODS_PER_WORKLOAD);
		const budget = cluster.diagnostics.filter((d) => d.code === 'pods-aggregated');
		expect(budget).toEqual([
			{
				severity: 'warning',
				code: 'pods-aggregated',
				file: 'web.yaml',
				line: 6,
				column: 1,
				path: 'spec.replicas',
				message: `Deployment default/web asks for ${n.toLocaleString('en-US')} pods; at most 5,000 pods are modelled per workload, so 5,000 are modelled and the diagram shows the rest as ×${n.toLocaleString('en-US')}`
			}
		]);
	});

	it('a 138-byte Job with parallelism: 1e9 models 5,000 pods, pointing at parallelism', () => {
		const job = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  parallelism: 1e9\n  template:\n    spec:\n      containers: [{name: c, image: b}]\n';
		const { cluster } = build([{ name: 'job.yaml', text: job }]);
		expect(cluster.pods).toHaveLength(MAX_PODS_PER_WORKLOAD);
		expect(cluster.workloads[0].aggregated).toEqual({ shown: 5000, total: 1_000_000_000 });
		const d = cluster.diagnostics.find((x) => x.code === 'pods-aggregated')!;
		expect([d.file, d.line, d.path]).toEqual(['job.yaml', 5, 'spec.parallelism']);
	});

	it('a Job whose completions are fewer than parallelism runs min(parallelism, completions) pods and points at completions', () => {
		const job = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  parallelism: 100000000\n  completions: 9000\n  template:\n    spec:\n      containers: [{name: c, image: b}]\n';
		const { cluster } = build([{ name: 'job.yaml', text: job }]);
		expect(cluster.workloads[0].aggregated).toEqual({ shown: 5000, total: 9000 });
		const d = cluster.diagnostics.find((x) => x.code === 'pods-aggregated')!;
		expect([d.line, d.path]).toEqual([6, 'spec.completions']);
	});

	it('a CronJob points at spec.jobTemplate.spec.parallelism', () => {
		const cron = 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      parallelism: 70000\n      template:\n        spec:\n          containers: [{name: c, image: b}]\n';
		const { cluster } = build([{ name: 'cron.yaml', text: cron }]);
		expect(cluster.pods).toHaveLength(5000);
		const d = cluster.diagnostics.find((x) => x.code === 'pods-aggregated')!;
		expect([d.line, d.path]).toEqual([8, 'spec.jobTemplate.spec.parallelism']);
	});

	it('an HPA whose minReplicas raises the count is where the budget diagnostic points', () => {
		const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 90000\n  maxReplicas: 100000\n';
		const { cluster } = build([
			{ name: 'web.yaml', text: deploymentYaml('web', 1) },
			{ name: 'hpa.yaml', text: hpa }
		]);
		expect(cluster.workloads[0].aggregated).toEqual({ shown: 5000, total: 90000 });
		const d = cluster.diagnostics.find((x) => x.code === 'pods-aggregated')!;
		expect([d.file, d.line, d.path]).toEqual(['hpa.yaml', 6, 'spec.minReplicas']);
	});

	it('a workload within the budget has no marker and no budget diagnostic', () => {
		const { cluster } = build([{ name: 'web.yaml', text: deploymentYaml('web', MAX_PODS_PER_WORKLOAD) }]);
		expect(cluster.pods).toHaveLength(MAX_PODS_PER_WORKLOAD);
		expect(cluster.workloads[0].aggregated).toBeUndefined();
		expect(cluster.diagnostics.map((d) => d.code)).not.toContain('pods-aggregated');
	});
});

describe('pods in all', () => {
	it('stops at 50,000 pods over many workloads; the first cut workload and the ones after it carry markers', () => {
		const docs = Array.from({ length: 12 }, (_, i) => deploymentYaml(`app${i}`, 5000)).join('---\n');
		const { cluster, ms } = build([{ name: 'many.yaml', text: docs }]);
		expect(cluster.pods).toHaveLength(MAX_PODS_TOTAL);
		expect(cluster.workloads.map((w) => w.aggregated?.shown ?? w.pods.length)).toEqual([
			5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 0, 0
		]);
		const cut = cluster.diagnostics.filter((d) => d.code === 'pods-aggregated');
		expect(cut.map((d) => d.message.includes('at most 50,000 pods are modelled in all'))).toEqual([true, true]);
		console.log(`[budget] 12 × 5,000 replicas → ${cluster.pods.length} pods modelled in ${Math.round(ms)} ms`);
	}, 60_000);

	it('a template with 100k labels and 5,000 replicas copies at most 2,000,000 label entries', () => {
		const labels = Array.from({ length: 100_000 }, (_, i) => `        l${i}: v`).join('\n');
		const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: big}\nspec:\n  replicas: 5000\n  template:\n    metadata:\n      labels:\n${labels}\n    spec:\n      containers: [{name: c, image: b}]\n`;
		const { cluster } = build([{ name: 'big.yaml', text }]);
		expect(cluster.workloads[0].aggregated).toEqual({ shown: 20, total: 5000 });
		expect(cluster.diagnostics.find((d) => d.code === 'pods-aggregated')?.message).toContain('its pod template has 100,000 labels and annotations');
	}, 60_000);
});

describe('other counts', () => {
	it('a nodeCount above 1,000 synthesises 1,000 nodes', () => {
		const { cluster } = build([{ name: 'web.yaml', text: deploymentYaml('web', 1) }], { nodeCount: 1e9 });
		expect(cluster.nodes).toHaveLength(MAX_SYNTHESIZED_NODES);
		expect(cluster.diagnostics.find((d) => d.code === 'nodes-capped')?.message).toBe(
			'nodeCount 1,000,000,000 asks for more nodes than the 1,000 Hopscope synthesises; 1,000 are modelled'
		);
	});

	it('a DaemonSet on 1,000 nodes × 60 DaemonSets stays within 50,000 pods', () => {
		const ds = (i: number) => `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds${i}}\nspec:\n  selector: {matchLabels: {app: ds${i}}}\n  template:\n    metadata: {labels: {app: ds${i}}}\n    spec: {containers: [{name: c, image: b}]}\n`;
		const { cluster } = build([{ name: 'ds.yaml', text: Array.from({ length: 60 }, (_, i) => ds(i)).join('---\n') }], { nodeCount: 1000, podCIDRMaskSize: 16, podCIDR: '10.0.0.0/6' });
		expect(cluster.pods).toHaveLength(MAX_PODS_TOTAL);
		expect(cluster.workloads[50]).toMatchObject({ replicas: 1000, aggregated: { shown: 0, total: 1000 } });
	}, 60_000);

	it('a StatefulSet with many claim templates makes at most 5,000 claims', () => {
		const templates = Array.from({ length: 50 }, (_, i) => `  - metadata: {name: v${i}}\n    spec: {}`).join('\n');
		const text = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  replicas: 1000\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: c, image: b}]}\n  volumeClaimTemplates:\n${templates}\n`;
		const { cluster } = build([{ name: 'sts.yaml', text }]);
		expect(cluster.attachments.filter((a) => a.kind === 'PersistentVolumeClaim')).toHaveLength(5000);
		expect(cluster.pods[0].uses.filter((u) => u.startsWith('PersistentVolumeClaim/'))).toHaveLength(5);
	});

	it('an EndpointSlice with 200 addresses × 100 ports models 5,000 endpoints and says so', () => {
		const eps = Array.from({ length: 200 }, (_, i) => `  - addresses: ["10.1.${i >> 8}.${i & 255}"]`).join('\n');
		const ports = Array.from({ length: 100 }, (_, i) => `  - {name: p${i}, port: ${1000 + i}, protocol: TCP}`).join('\n');
		const text = `apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: s-1\n  labels: {kubernetes.io/service-name: s}\naddressType: IPv4\nendpoints:\n${eps}\nports:\n${ports}\n`;
		const { cluster } = build([{ name: 'eps.yaml', text }]);
		const svc = cluster.services[0];
		expect(svc.endpoints).toHaveLength(MAX_ENDPOINTS_PER_SERVICE);
		expect(svc.endpointsAggregated).toEqual({ shown: 5000, total: 20000 });
		const d = cluster.diagnostics.find((x) => x.code === 'endpoints-aggregated')!;
		expect([d.file, d.line, d.path]).toEqual(['eps.yaml', 13, 'endpoints']);
	});
});

describe('diagnostics', () => {
	it('one Deployment gives a handful of diagnostics, not 99,494', () => {
		const { cluster } = build([{ name: 'web.yaml', text: deploymentYaml('web', 100_000) }]);
		expect(cluster.diagnostics.map((d) => d.code)).toEqual(['pods-aggregated', 'pod-cidr-exhausted', 'pod-cidr-exhausted']);
		expect(cluster.diagnostics[1].message).toMatch(/^Pod default\/web-\S+ and 2246 more pods after it: no free address left in 10\.244\.0\.0\/24 on node node-1; they stay Pending$/);
	});

	it(`keeps at most ${MAX_MODEL_DIAGNOSTICS_PER_RESOURCE} model diagnostics per resource, then "… and N more"`, () => {
		// 40 pods of one Deployment, each pinned to a node that does not exist: 40 unknown-node diagnostics
		const text = deploymentYaml('web', 40).replace('containers:', 'nodeName: nowhere\n      containers:');
		const { cluster } = build([{ name: 'web.yaml', text }]);
		const unknown = cluster.diagnostics.filter((d) => d.code === 'unknown-node');
		expect(unknown).toHaveLength(MAX_MODEL_DIAGNOSTICS_PER_RESOURCE);
		expect(cluster.diagnostics.at(-1)).toMatchObject({ code: 'too-many-problems', severity: 'warning', message: '… and 20 more problems about this object are not shown' });
	});

	it('caps manifest diagnostics per object at 50 and does not locate the rest', () => {
		const labels = Array.from({ length: 100_000 }, (_, i) => `    l${i}: ${i}`).join('\n');
		const start = performance.now();
		const r = parseText('labels.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n${labels}\n`);
		const ms = performance.now() - start;
		expect(r.diagnostics).toHaveLength(51);
		expect(r.diagnostics.at(-1)).toMatchObject({ code: 'too-many-problems', severity: 'error', message: '… and 99950 more problems in this object are not shown' });
		console.log(`[budget] 100,000 mistyped labels parsed in ${Math.round(ms)} ms`);
	}, 60_000);
});
