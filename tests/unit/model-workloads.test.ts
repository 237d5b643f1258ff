import { describe, expect, it } from 'vitest';
import { buildCluster, SAFE_ALPHABET } from '../../src/lib/model/index';
import { deployment, toResource, yamlResources } from './model-helpers';

const S = SAFE_ALPHABET;

describe('workloads → pods', () => {
	it('Deployment pods are named <deploy>-<10-char hash>-<5-char suffix> and spread over nodes', () => {
		const c = buildCluster([deployment('web', { replicas: 3 })]);
		expect(c.nodes.map((n) => [n.name, n.ip, n.podCIDR, n.bridgeIP])).toEqual([
			['node-1', '192.168.49.2', '10.244.0.0/24', '10.244.0.1'],
			['node-2', '192.168.49.3', '10.244.1.0/24', '10.244.1.1']
		]);
		expect(c.pods).toHaveLength(3);
		const re = new RegExp(`^web-([${S}]{10})-[${S}]{5}$`);
		for (const p of c.pods) expect(p.name).toMatch(re);
		const hashes = new Set(c.pods.map((p) => re.exec(p.name)![1]));
		expect(hashes.size).toBe(1);
		expect(c.pods[0].labels['pod-template-hash']).toBe([...hashes][0]);
		expect(new Set(c.pods.map((p) => p.name)).size).toBe(3);
		expect(c.pods.map((p) => [p.node, p.ip])).toEqual([
			['node-1', '10.244.0.2'],
			['node-2', '10.244.1.2'],
			['node-1', '10.244.0.3']
		]);
		expect(c.pods.every((p) => p.owner === 'Deployment/default/web' && p.phase === 'Running' && p.ready)).toBe(true);
		expect(c.workloads[0]).toMatchObject({ id: 'Deployment/default/web', replicas: 3, podLabels: { app: 'web' } });
		expect(c.workloads[0].pods).toEqual(c.pods.map((p) => p.id));
		// deterministic: same input, same names
		expect(buildCluster([deployment('web', { replicas: 3 })]).pods.map((p) => p.name)).toEqual(c.pods.map((p) => p.name));
	});

	it('defaults replicas to 1 and makes no pods for replicas 0', () => {
		const c = buildCluster([deployment('a'), deployment('b', { replicas: 0 })]);
		expect(c.pods.map((p) => p.owner)).toEqual(['Deployment/default/a']);
		expect(c.workloads.find((w) => w.name === 'b')!.replicas).toBe(0);
	});

	it('StatefulSet: ordinal names, hostname/subdomain, PVCs per pod', () => {
		const [sts] = yamlResources(`
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: cassandra, namespace: db }
spec:
  serviceName: cassandra
  replicas: 3
  selector: { matchLabels: { app: cassandra } }
  template:
    metadata: { labels: { app: cassandra } }
    spec:
      containers: [{ name: cassandra, image: cassandra:4, ports: [{ containerPort: 9042, name: cql }] }]
  volumeClaimTemplates:
  - metadata: { name: data }
    spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }
`);
		const c = buildCluster([sts]);
		expect(c.pods.map((p) => [p.id, p.hostname, p.subdomain, p.node])).toEqual([
			['db/cassandra-0', 'cassandra-0', 'cassandra', 'node-1'],
			['db/cassandra-1', 'cassandra-1', 'cassandra', 'node-2'],
			['db/cassandra-2', 'cassandra-2', 'cassandra', 'node-1']
		]);
		expect(c.pods[1].uses).toEqual(['PersistentVolumeClaim/db/data-cassandra-1']);
		const pvcs = c.attachments.filter((a) => a.kind === 'PersistentVolumeClaim');
		expect(pvcs.map((a) => [a.name, a.usedBy, a.summary])).toEqual([
			['data-cassandra-0', ['db/cassandra-0'], '1Gi, ReadWriteOnce'],
			['data-cassandra-1', ['db/cassandra-1'], '1Gi, ReadWriteOnce'],
			['data-cassandra-2', ['db/cassandra-2'], '1Gi, ReadWriteOnce']
		]);
		expect(c.workloads[0].serviceName).toBe('cassandra');
		expect(c.namespaces.map((n) => n.name)).toEqual(['db']);
	});

	it('DaemonSet: one pod per eligible node; hostNetwork takes the node IP', () => {
		const ds = (name: string, extra: Record<string, unknown>) =>
			toResource({
				apiVersion: 'apps/v1',
				kind: 'DaemonSet',
				metadata: { name, namespace: 'kube-system' },
				spec: {
					selector: { matchLabels: { app: name } },
					template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'x' }], ...extra } }
				}
			});
		const c = buildCluster([ds('proxy', { hostNetwork: true }), ds('only-n3', { nodeSelector: { 'kubernetes.io/hostname': 'node-3' } })], {
			nodeCount: 3
		});
		const proxies = c.pods.filter((p) => p.owner === 'DaemonSet/kube-system/proxy');
		expect(proxies.map((p) => [p.node, p.ip, p.hostNetwork])).toEqual([
			['node-1', '192.168.49.2', true],
			['node-2', '192.168.49.3', true],
			['node-3', '192.168.49.4', true]
		]);
		const n3 = c.pods.filter((p) => p.owner === 'DaemonSet/kube-system/only-n3');
		expect(n3.map((p) => [p.node, p.ip])).toEqual([['node-3', '10.244.2.2']]);
		expect(c.workloads.map((w) => w.replicas)).toEqual([3, 1]);
		for (const p of c.pods) expect(p.name).toMatch(new RegExp(`^(proxy|only-n3)-[${S}]{5}$`));
	});

	it('Job (parallelism), CronJob (one Job), ReplicaSet, ReplicationController and bare Pods', () => {
		const rs = yamlResources(`
apiVersion: batch/v1
kind: Job
metadata: { name: pi }
spec:
  parallelism: 2
  template: { metadata: { labels: { job: pi } }, spec: { containers: [{ name: pi, image: perl }] } }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly }
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    spec:
      template: { spec: { containers: [{ name: n, image: busybox }] } }
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: front }
spec:
  replicas: 2
  selector: { matchLabels: { tier: front } }
  template: { metadata: { labels: { tier: front } }, spec: { containers: [{ name: f, image: nginx }] } }
---
apiVersion: v1
kind: ReplicationController
metadata: { name: legacy }
spec:
  replicas: 1
  selector: { app: legacy }
  template: { metadata: { labels: { app: legacy } }, spec: { containers: [{ name: l, image: nginx }] } }
---
apiVersion: v1
kind: Pod
metadata: { name: bare, labels: { app: bare } }
spec:
  initContainers: [{ name: setup, image: busybox }]
  containers: [{ name: app, image: nginx, ports: [{ containerPort: 80, name: http }] }]
`);
		const c = buildCluster(rs);
		const count = (owner: string | undefined) => c.pods.filter((p) => p.owner === owner).length;
		expect(count('Job/default/pi')).toBe(2);
		expect(count('CronJob/default/nightly')).toBe(1);
		expect(count('ReplicaSet/default/front')).toBe(2);
		expect(count('ReplicationController/default/legacy')).toBe(1);
		const nightly = c.pods.find((p) => p.owner === 'CronJob/default/nightly')!;
		expect(nightly.name).toMatch(new RegExp(`^nightly-\\d{8}-[${S}]{5}$`));
		expect(nightly.labels['job-name']).toBe(nightly.name.slice(0, -6));
		expect(c.pods.find((p) => p.owner === 'Job/default/pi')!.labels['job-name']).toBe('pi');
		expect(c.pods.find((p) => p.owner === 'ReplicaSet/default/front')!.name).toMatch(new RegExp(`^front-[${S}]{5}$`));
		const bare = c.pods.find((p) => p.name === 'bare')!;
		expect(bare.owner).toBeUndefined();
		expect(bare.containers).toEqual([
			{ name: 'setup', image: 'busybox', ports: [], init: true },
			{ name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }] }
		]);
		expect(bare.serviceAccount).toBe('default');
		// 7 pods, fewest-first: nodes alternate in input order
		expect(c.pods.map((p) => p.node)).toEqual(['node-1', 'node-2', 'node-1', 'node-2', 'node-1', 'node-2', 'node-1']);
		expect(c.pods.map((p) => p.ip)).toEqual(['10.244.0.2', '10.244.1.2', '10.244.0.3', '10.244.1.3', '10.244.0.4', '10.244.1.4', '10.244.0.5']);
	});
});

describe('scheduling and addressing', () => {
	it('honours nodeName and counts it when spreading', () => {
		const pinned = toResource({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'pinned' }, spec: { nodeName: 'node-1', containers: [{ name: 'a', image: 'a' }] } });
		const c = buildCluster([pinned, deployment('web', { replicas: 3 })]);
		expect(c.pods.map((p) => [p.name.split('-')[0], p.node])).toEqual([
			['pinned', 'node-1'],
			['web', 'node-2'],
			['web', 'node-1'],
			['web', 'node-2']
		]);
	});

	it('nodeSelector restricts placement; nothing matching → unschedulable Pending pod without IP', () => {
		const nodes = yamlResources(`
apiVersion: v1
kind: Node
metadata: { name: worker-a, labels: { disk: ssd } }
spec: { podCIDR: 10.17.3.0/24 }
status: { addresses: [{ type: InternalIP, address: 10.130.1.101 }, { type: ExternalIP, address: 34.1.2.3 }] }
---
apiVersion: v1
kind: Node
metadata: { name: worker-b, labels: { disk: hdd } }
spec: { podCIDR: 10.17.4.0/24 }
status: { addresses: [{ type: InternalIP, address: 10.130.1.102 }] }
`);
		const ssd = deployment('db', { replicas: 2, podSpec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'db', image: 'pg' }] } });
		const gpu = deployment('ml', { podSpec: { nodeSelector: { gpu: 'yes' }, containers: [{ name: 'ml', image: 'ml' }] } });
		const c = buildCluster([...nodes, ssd, gpu]);
		expect(c.nodes.map((n) => [n.name, n.ip, n.externalIP, n.podCIDR, n.bridgeIP, n.synthesized])).toEqual([
			['worker-a', '10.130.1.101', '34.1.2.3', '10.17.3.0/24', '10.17.3.1', false],
			['worker-b', '10.130.1.102', undefined, '10.17.4.0/24', '10.17.4.1', false]
		]);
		expect(c.pods.filter((p) => p.owner === 'Deployment/default/db').map((p) => [p.node, p.ip])).toEqual([
			['worker-a', '10.17.3.2'],
			['worker-a', '10.17.3.3']
		]);
		const ml = c.pods.find((p) => p.owner === 'Deployment/default/ml')!;
		expect([ml.node, ml.ip, ml.phase, ml.ready]).toEqual(['', '', 'Pending', false]);
		expect(c.diagnostics.filter((d) => d.code === 'unschedulable')).toHaveLength(1);
	});

	it('explicit pod IPs win, are skipped by allocation, and collisions are reported', () => {
		const pod = (name: string, ip: string, node = 'node-1') =>
			toResource({ kind: 'Pod', apiVersion: 'v1', metadata: { name }, spec: { nodeName: node, containers: [{ name: 'c', image: 'c' }] }, status: { phase: 'Running', podIP: ip } });
		const c = buildCluster([deployment('web', { replicas: 2 }), pod('fixed', '10.244.0.2'), pod('dup', '10.244.0.2'), pod('bridge', '10.244.1.1', 'node-2')]);
		const web = c.pods.filter((p) => p.owner);
		expect(web.map((p) => p.ip)).toEqual(['10.244.0.3', '10.244.1.2']);
		expect(c.pods.find((p) => p.name === 'fixed')!.ip).toBe('10.244.0.2');
		const coll = c.diagnostics.filter((d) => d.code === 'pod-ip-collision');
		expect(coll.map((d) => d.message)).toEqual([
			'Pod default/dup has IP 10.244.0.2, already used by pod default/fixed',
			'Pod default/bridge has IP 10.244.1.1, which is the bridge (gateway) address of node node-2'
		]);
	});

	it('takes live-dump pods as they are and does not expand their Deployment again', () => {
		const live = yamlResources(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: web, image: nginx }] } }
---
apiVersion: v1
kind: Pod
metadata:
  name: web-5d59d67564-abcde
  labels: { app: web, pod-template-hash: 5d59d67564 }
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d59d67564, controller: true }]
spec: { nodeName: minikube, containers: [{ name: web, image: nginx }] }
status: { phase: Running, podIP: 10.244.0.7, hostIP: 192.168.49.2, conditions: [{ type: Ready, status: "True" }] }
---
apiVersion: v1
kind: Pod
metadata:
  name: web-5d59d67564-fghij
  labels: { app: web, pod-template-hash: 5d59d67564 }
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d59d67564, controller: true }]
spec: { nodeName: minikube, containers: [{ name: web, image: nginx }] }
status: { phase: Running, podIP: 10.244.0.8, conditions: [{ type: Ready, status: "False" }] }
---
apiVersion: v1
kind: Node
metadata: { name: minikube }
spec: { podCIDR: 10.244.0.0/24 }
status: { addresses: [{ type: InternalIP, address: 192.168.49.2 }] }
`);
		const c = buildCluster(live);
		expect(c.pods.map((p) => [p.name, p.node, p.ip, p.ready, p.owner])).toEqual([
			['web-5d59d67564-abcde', 'minikube', '10.244.0.7', true, 'Deployment/default/web'],
			['web-5d59d67564-fghij', 'minikube', '10.244.0.8', false, 'Deployment/default/web']
		]);
		expect(c.workloads[0].pods).toEqual(['default/web-5d59d67564-abcde', 'default/web-5d59d67564-fghij']);
		expect(c.nodes).toHaveLength(1);
	});

	it('reports duplicates and keeps the later definition', () => {
		const c = buildCluster([deployment('web', { replicas: 1 }), deployment('web', { replicas: 2 })]);
		expect(c.workloads).toHaveLength(1);
		expect(c.pods).toHaveLength(2);
		expect(c.diagnostics.map((d) => d.code)).toEqual(['duplicate']);
	});

	it('HPA bounds replicas and points at its target', () => {
		const hpa = toResource({
			apiVersion: 'autoscaling/v2',
			kind: 'HorizontalPodAutoscaler',
			metadata: { name: 'web' },
			spec: {
				scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
				minReplicas: 3,
				maxReplicas: 10,
				metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }]
			}
		});
		const c = buildCluster([deployment('web', { replicas: 1 }), hpa]);
		expect(c.pods).toHaveLength(3);
		const a = c.attachments.find((x) => x.kind === 'HorizontalPodAutoscaler')!;
		expect(a.usedBy).toEqual(['Deployment/default/web']);
		expect(a.summary).toBe('min 3, max 10, target cpu 50%');
	});
	it('folds a ReplicaSet owned by an input Deployment into it, and warns about unknown nodeName', () => {
		const res = yamlResources(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  replicas: 1
  selector: { matchLabels: { app: api } }
  template: { metadata: { labels: { app: api } }, spec: { containers: [{ name: api, image: api }] } }
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: api-7c9f8d6b5
  ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: api, controller: true }]
spec:
  replicas: 1
  selector: { matchLabels: { app: api } }
  template: { metadata: { labels: { app: api } }, spec: { containers: [{ name: api, image: api }] } }
---
apiVersion: v1
kind: Pod
metadata: { name: lost }
spec: { nodeName: worker-9, containers: [{ name: c, image: c }] }
`);
		const c = buildCluster(res);
		expect(c.workloads.map((w) => w.id)).toEqual(['Deployment/default/api']);
		expect(c.pods.filter((p) => p.owner === 'Deployment/default/api')).toHaveLength(1);
		const lost = c.pods.find((p) => p.name === 'lost')!;
		expect([lost.node, lost.ip, lost.phase]).toEqual(['worker-9', '', 'Pending']);
		expect(c.diagnostics.map((d) => d.code)).toEqual(['unknown-node']);
	});
});
