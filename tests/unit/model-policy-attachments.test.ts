import { describe, expect, it } from 'vitest';
import { buildCluster, sidecarInjected } from '../../src/lib/model/index';
import { deployment, toResource, yamlResources } from './model-helpers';

describe('NetworkPolicy', () => {
	it('keeps missing vs empty apart and defaults policyTypes like the API server', () => {
		const res = yamlResources(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny-all, namespace: default }
spec:
  podSelector:
    matchLabels:
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny-from-other-namespaces, namespace: secondary }
spec:
  podSelector:
    matchLabels:
  ingress:
  - from:
    - podSelector: {}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: foo-deny-external-egress }
spec:
  podSelector: { matchLabels: { app: foo } }
  policyTypes: [Egress]
  egress:
  - ports: [{ port: 53, protocol: UDP }, { port: 53, protocol: TCP }]
  - to: [{ namespaceSelector: {} }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: egress-empty }
spec:
  podSelector: {}
  egress: []
  ingress: [{}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: and-vs-or }
spec:
  podSelector: { matchExpressions: [{ key: app, operator: In, values: [foo, web] }] }
  ingress:
  - from:
    - namespaceSelector: { matchLabels: { team: operations } }
      podSelector: { matchLabels: { type: monitoring } }
    - ipBlock: { cidr: 172.17.0.0/16, except: [172.17.1.0/24] }
    ports: []
`);
		const c = buildCluster([...res, deployment('foo'), deployment('web'), deployment('bar'), deployment('api', { ns: 'secondary' })]);
		const [denyAll, otherNs, egress, empty, andOr] = c.networkPolicies;
		expect(denyAll.podSelector).toEqual({ matchLabels: {} });
		expect(denyAll.policyTypes).toEqual(['Ingress']);
		expect(denyAll.ingress).toEqual([]);
		expect(denyAll.pods).toHaveLength(3);
		expect(otherNs.pods).toHaveLength(1);
		expect(otherNs.pods[0]).toMatch(/^secondary\/api-/);
		expect(otherNs.ingress[0].peers).toEqual([{ podSelector: {} }]);
		expect(otherNs.ingress[0].ports).toBeNull();
		expect(egress.policyTypes).toEqual(['Egress']);
		expect(egress.egress.map((r) => [r.peers, r.ports])).toEqual([
			[null, [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]],
			[[{ namespaceSelector: {} }], null]
		]);
		expect(egress.pods).toHaveLength(1);
		expect(egress.pods[0]).toMatch(/^default\/foo-/);
		// `egress: []` is no egress rule: policyTypes stays [Ingress]
		expect(empty.policyTypes).toEqual(['Ingress']);
		expect(empty.ingress).toEqual([{ peers: null, ports: null, source: { file: 'test.yaml', line: 1, path: 'spec.ingress.0' } }]);
		expect(andOr.ingress[0].peers).toEqual([
			{ namespaceSelector: { matchLabels: { team: 'operations' } }, podSelector: { matchLabels: { type: 'monitoring' } } },
			{ ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } }
		]);
		expect(andOr.ingress[0].ports).toEqual([]);
		expect(andOr.pods.map((p) => p.split('-')[0])).toEqual(['default/foo', 'default/web']);
		expect(c.namespaces.map((n) => n.name)).toEqual(['default', 'secondary']);
	});
});

describe('attachments', () => {
	const res = yamlResources(`
apiVersion: v1
kind: Secret
metadata: { name: db-creds }
type: Opaque
data: { password: c3VwZXJzZWNyZXQtdmFsdWU=, username: YWRtaW4= }
stringData: { token: plain-text-token-xyz }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: app-config }
data: { LOG_LEVEL: debug, config.yaml: "a: 1" }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 5Gi } }, storageClassName: standard }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: app-sa }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: app }
spec:
  replicas: 2
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app } }
    spec:
      serviceAccountName: app-sa
      imagePullSecrets: [{ name: regcred }]
      volumes:
      - { name: cfg, configMap: { name: app-config } }
      - { name: d, persistentVolumeClaim: { claimName: data } }
      - name: p
        projected: { sources: [{ secret: { name: db-creds } }, { configMap: { name: extra } }] }
      containers:
      - name: app
        image: app
        envFrom: [{ configMapRef: { name: app-config } }]
        env: [{ name: PW, valueFrom: { secretKeyRef: { name: db-creds, key: password } } }]
`);

	it('records keys only, uses and usedBy; missing references are info at most', () => {
		const c = buildCluster(res);
		const byId = Object.fromEntries(c.attachments.map((a) => [a.id, a]));
		expect(byId['Secret/default/db-creds'].keys).toEqual(['password', 'username', 'token']);
		expect(byId['Secret/default/db-creds'].summary).toBe('Opaque, 3 keys');
		expect(byId['ConfigMap/default/app-config'].keys).toEqual(['LOG_LEVEL', 'config.yaml']);
		expect(byId['PersistentVolumeClaim/default/data'].summary).toBe('5Gi, ReadWriteOnce, class standard');
		for (const id of ['Secret/default/db-creds', 'ConfigMap/default/app-config', 'PersistentVolumeClaim/default/data', 'ServiceAccount/default/app-sa']) {
			expect(byId[id].usedBy).toEqual(['Deployment/default/app']);
		}
		expect(c.workloads[0].uses).toEqual([
			'ConfigMap/default/app-config',
			'PersistentVolumeClaim/default/data',
			'Secret/default/db-creds',
			'ConfigMap/default/extra',
			'Secret/default/regcred',
			'ServiceAccount/default/app-sa'
		]);
		expect(c.pods[0].uses).toEqual(c.workloads[0].uses);
		expect(c.pods[0].serviceAccount).toBe('app-sa');
		const missing = c.diagnostics.filter((d) => d.code === 'missing-reference');
		expect(missing.map((d) => d.severity)).toEqual(['info', 'info']);
		expect(c.diagnostics.every((d) => d.severity === 'info')).toBe(true);
	});

	it('never lets Secret values into the model', () => {
		const json = JSON.stringify(buildCluster(res));
		for (const secret of ['c3VwZXJzZWNyZXQtdmFsdWU=', 'YWRtaW4=', 'plain-text-token-xyz', 'supersecret']) expect(json).not.toContain(secret);
	});
});

describe('sidecar injection', () => {
	const base = { namespace: 'default', namespaceLabels: {}, podLabels: {}, podAnnotations: {}, containerNames: ['app'], hostNetwork: false };
	it('follows Istio precedence', () => {
		expect(sidecarInjected(base)).toBe(false);
		expect(sidecarInjected({ ...base, namespaceLabels: { 'istio-injection': 'enabled' } })).toBe(true);
		expect(sidecarInjected({ ...base, namespaceLabels: { 'istio.io/rev': 'canary' } })).toBe(true);
		// pod "false" (label or annotation) opts out of an enabled namespace
		expect(sidecarInjected({ ...base, namespaceLabels: { 'istio-injection': 'enabled' }, podLabels: { 'sidecar.istio.io/inject': 'false' } })).toBe(false);
		expect(sidecarInjected({ ...base, namespaceLabels: { 'istio-injection': 'enabled' }, podAnnotations: { 'sidecar.istio.io/inject': 'false' } })).toBe(false);
		// pod label "true" opts in from an unlabelled namespace; the annotation alone does not reach the webhook
		expect(sidecarInjected({ ...base, podLabels: { 'sidecar.istio.io/inject': 'true' } })).toBe(true);
		expect(sidecarInjected({ ...base, podAnnotations: { 'sidecar.istio.io/inject': 'true' } })).toBe(false);
		// a disabled namespace wins over the pod
		expect(sidecarInjected({ ...base, namespaceLabels: { 'istio-injection': 'disabled' }, podLabels: { 'sidecar.istio.io/inject': 'true' } })).toBe(false);
		// istio-injection takes precedence over istio.io/rev
		expect(sidecarInjected({ ...base, namespaceLabels: { 'istio-injection': 'disabled', 'istio.io/rev': 'x' } })).toBe(false);
		expect(sidecarInjected({ ...base, namespaceLabels: { 'istio-injection': 'enabled' }, hostNetwork: true })).toBe(false);
		expect(sidecarInjected({ ...base, containerNames: ['app', 'istio-proxy'] })).toBe(true);
	});

	it('is applied to pods from their namespace labels', () => {
		const ns = toResource({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'mesh', labels: { 'istio-injection': 'enabled' } } });
		const c = buildCluster([ns, deployment('a', { ns: 'mesh' }), deployment('b')]);
		expect(c.pods.map((p) => [p.namespace, p.sidecar])).toEqual([
			['mesh', true],
			['default', false]
		]);
		expect(c.namespaces.map((n) => [n.name, n.declared, n.labels['istio-injection']])).toEqual([
			['mesh', true, 'enabled'],
			['default', false, undefined]
		]);
	});
});

describe('robustness', () => {
	it('never throws on junk and groups unknown kinds', () => {
		const junk = [
			toResource({ kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'x' }, spec: 'nope' }),
			toResource({ kind: 'Service', apiVersion: 'v1', metadata: { name: 's' }, spec: { ports: 'x', selector: [1] } }),
			toResource({ kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', metadata: { name: 'i' }, spec: { rules: [null, { http: { paths: [{}] } }] } }),
			toResource({ kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name: 'r1' } }),
			toResource({ kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name: 'r2' } })
		];
		const c = buildCluster(junk);
		expect(c.unknown).toEqual([{ kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', count: 2, names: ['r1', 'r2'] }]);
		expect(c.pods).toHaveLength(1);
		expect(c.services).toHaveLength(1);
	});
});
