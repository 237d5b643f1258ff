// Type checks of well-known fields: exact messages and the exact line and
// column of the offending value; the resource is kept.
import { describe, expect, it } from 'vitest';
import { checkTypes, parseText, rulesFor } from '../../src/lib/manifest';

const y = (...lines: string[]) => lines.join('\n') + '\n';
const problems = (text: string) => {
	const r = parseText('t.yaml', text);
	return { kept: r.resources.length, list: r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.line}:${d.column} ${d.message}`) };
};

describe('Service', () => {
	it('ports, targetPort, protocol, type and selector', () => {
		const { kept, list } = problems(
			y(
				'apiVersion: v1',
				'kind: Service',
				'metadata:',
				'  name: s',
				'spec:',
				'  type: Nodeport',
				'  selector: app=web',
				'  ports:',
				'  - port: "http"',
				'    targetPort: "8080"',
				'    protocol: tcp',
				'  - port: 70000',
				'    targetPort: Http_Port',
				'    nodePort: -5',
				'  - port: 80',
				'    targetPort: http-web',
				'    nodePort: 30080'
			)
		);
		expect(kept).toBe(1);
		expect(list).toEqual([
			'error type 6:9 spec.type must be one of ClusterIP, NodePort, LoadBalancer, ExternalName, got the string "Nodeport"',
			'error type 7:13 spec.selector must be a mapping of strings (key: "value"), got the string "app=web"',
			'error type 9:11 spec.ports[0].port must be a number between 1 and 65535, got the string "http"',
			'error type 10:17 spec.ports[0].targetPort must be a port number or a port name, got the string "8080" — remove the quotes to make it a number',
			'error type 11:15 spec.ports[0].protocol must be one of TCP, UDP, SCTP, got the string "tcp"',
			'error type 12:11 spec.ports[1].port must be a number between 1 and 65535, got the number 70000',
			'error type 13:17 spec.ports[1].targetPort must be a port number (1–65535) or a port name (at most 15 lowercase letters, digits or "-"), got the string "Http_Port"',
			'error type 14:15 spec.ports[1].nodePort must be a number between 0 and 65535, got the number -5'
		]);
	});

	it('diagnostics carry the dotted path', () => {
		const r = parseText('t.yaml', y('apiVersion: v1', 'kind: Service', 'metadata: {name: s}', 'spec:', '  ports:', '  - port: "http"'));
		expect(r.diagnostics[0]).toEqual({
			severity: 'error',
			code: 'type',
			file: 't.yaml',
			line: 6,
			column: 11,
			path: 'spec.ports.0.port',
			message: 'spec.ports[0].port must be a number between 1 and 65535, got the string "http"'
		});
	});

	it('ports as a mapping instead of a list', () => {
		expect(problems(y('apiVersion: v1', 'kind: Service', 'metadata: {name: s}', 'spec:', '  ports:', '    port: 80')).list).toEqual([
			'error type 6:5 spec.ports must be a list (items start with "-"), got a mapping (key: value pairs)'
		]);
	});

	it('a Service of another API group (Knative) is not checked against the core table', () => {
		expect(problems(y('apiVersion: serving.knative.dev/v1', 'kind: Service', 'metadata: {name: k}', 'spec:', '  ports: 5')).list).toEqual([]);
	});
});

describe('labels and annotations', () => {
	it('a number or bool label value must be quoted', () => {
		const r = parseText('l.yaml', y('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: c', '  labels:', '    version: 1', '    canary: true', '    nested: {a: b}', '    empty:', '  annotations: just-a-string'));
		expect(r.diagnostics.map((d) => `${d.severity} ${d.line}:${d.column} ${d.path} | ${d.message}`)).toEqual([
			'error 6:14 metadata.labels.version | metadata.labels.version must be a string — quote it: "1"',
			'error 7:13 metadata.labels.canary | metadata.labels.canary must be a string — quote it: "true"',
			'error 8:13 metadata.labels.nested | metadata.labels.nested must be a string, got a mapping (key: value pairs)',
			'warning 9:5 metadata.labels.empty | metadata.labels.empty has no value — write "" if you mean an empty string',
			'error 10:16 metadata.annotations | metadata.annotations must be a mapping of strings (key: "value"), got the string "just-a-string"'
		]);
		// kept, with scalars as the strings the model expects
		expect(r.resources[0].labels).toEqual({ version: '1', canary: 'true', empty: '' });
		expect(r.resources[0].annotations).toEqual({});
		expect((r.resources[0].raw.metadata as { labels: unknown }).labels).toEqual({ version: 1, canary: true, nested: { a: 'b' }, empty: null });
	});

	it('label keys that are not identifiers are quoted in messages', () => {
		expect(problems(y('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  labels:', '    app.kubernetes.io/version: 2')).list).toEqual([
			'error type 6:32 metadata.labels["app.kubernetes.io/version"] must be a string — quote it: "2"'
		]);
	});
});

describe('workloads', () => {
	it('Deployment: replicas, selector, template labels, node fields, container ports', () => {
		const { kept, list } = problems(
			y(
				'apiVersion: apps/v1',
				'kind: Deployment',
				'metadata: {name: d}',
				'spec:',
				'  replicas: "3"',
				'  selector: app=web',
				'  template:',
				'    metadata:',
				'      labels: {app: web, v: 2}',
				'    spec:',
				'      nodeName: 5',
				'      nodeSelector: {disk: 1}',
				'      containers:',
				'      - name: c',
				'        ports:',
				'        - containerPort: 0',
				'          protocol: UDP',
				'        - containerPort: "8080"'
			)
		);
		expect(kept).toBe(1);
		expect(list).toEqual([
			'error type 5:13 spec.replicas must be a whole number, 0 or more, got the string "3"',
			'error type 6:13 spec.selector must be a label selector mapping, e.g. "matchLabels: {app: web}", got the string "app=web"',
			'error type 9:29 spec.template.metadata.labels.v must be a string — quote it: "2"',
			'error type 11:17 spec.template.spec.nodeName must be a string — quote it: "5"',
			'error type 12:28 spec.template.spec.nodeSelector.disk must be a string — quote it: "1"',
			'error type 16:26 spec.template.spec.containers[0].ports[0].containerPort must be a number between 1 and 65535, got the number 0',
			'error type 18:26 spec.template.spec.containers[0].ports[1].containerPort must be a number between 1 and 65535, got the string "8080"'
		]);
	});

	it('selector as a list; matchLabels not a mapping; bad operator', () => {
		expect(
			problems(
				y(
					'apiVersion: apps/v1',
					'kind: StatefulSet',
					'metadata: {name: s}',
					'spec:',
					'  selector:',
					'    matchLabels: [app, web]',
					'    matchExpressions:',
					'    - {key: tier, operator: in, values: [a]}',
					'---',
					'apiVersion: apps/v1',
					'kind: DaemonSet',
					'metadata: {name: ds}',
					'spec:',
					'  selector: [app]'
				)
			).list
		).toEqual([
			'error type 6:18 spec.selector.matchLabels must be a mapping of strings (key: "value"), got a list',
			'error type 8:29 spec.selector.matchExpressions[0].operator must be one of In, NotIn, Exists, DoesNotExist, got the string "in"',
			'error type 14:13 spec.selector must be a label selector mapping, e.g. "matchLabels: {app: web}", got a list'
		]);
	});

	it('CronJob and Pod templates are checked at their own paths', () => {
		expect(
			problems(
				y(
					'apiVersion: batch/v1',
					'kind: CronJob',
					'metadata: {name: cj}',
					'spec:',
					'  jobTemplate:',
					'    spec:',
					'      template:',
					'        spec:',
					'          containers: [{name: c, ports: [{containerPort: 99999}]}]',
					'---',
					'apiVersion: v1',
					'kind: Pod',
					'metadata: {name: p}',
					'spec:',
					'  hostNetwork: "true"',
					'  containers: {name: c}'
				)
			).list
		).toEqual([
			'error type 9:58 spec.jobTemplate.spec.template.spec.containers[0].ports[0].containerPort must be a number between 1 and 65535, got the number 99999',
			'error type 15:16 spec.hostNetwork must be true or false, got the string "true"',
			'error type 16:15 spec.containers must be a list (items start with "-"), got a mapping (key: value pairs)'
		]);
	});
});

describe('Ingress and NetworkPolicy', () => {
	it('v1 backend port number; legacy servicePort int-or-string; pathType', () => {
		expect(
			problems(
				y(
					'apiVersion: networking.k8s.io/v1',
					'kind: Ingress',
					'metadata: {name: i}',
					'spec:',
					'  rules:',
					'  - http:',
					'      paths:',
					'      - path: /',
					'        pathType: prefix',
					'        backend: {service: {name: s, port: {number: "80"}}}',
					'---',
					'apiVersion: extensions/v1beta1',
					'kind: Ingress',
					'metadata: {name: legacy}',
					'spec:',
					'  backend: {serviceName: s, servicePort: http}',
					'  rules:',
					'  - http: {paths: [{backend: {serviceName: s, servicePort: 0}}]}'
				)
			).list
		).toEqual([
			'error type 9:19 spec.rules[0].http.paths[0].pathType must be one of Exact, Prefix, ImplementationSpecific, got the string "prefix"',
			'error type 10:53 spec.rules[0].http.paths[0].backend.service.port.number must be a number between 1 and 65535, got the string "80"',
			'error type 18:60 spec.rules[0].http.paths[0].backend.servicePort must be a port number (1–65535) or a port name like "http", got the number 0'
		]);
	});

	it('NetworkPolicy podSelector must be an object; peers and ports', () => {
		expect(
			problems(
				y(
					'apiVersion: networking.k8s.io/v1',
					'kind: NetworkPolicy',
					'metadata: {name: n}',
					'spec:',
					'  podSelector: app=web',
					'  policyTypes: [ingress]',
					'  ingress:',
					'  - from:',
					'    - podSelector: {matchLabels: {app: 1}}',
					'    ports:',
					'    - {protocol: TCP, port: "80"}'
				)
			).list
		).toEqual([
			'error type 5:16 spec.podSelector must be a label selector mapping, e.g. "matchLabels: {app: web}", got the string "app=web"',
			'error type 6:17 spec.policyTypes[0] must be one of Ingress, Egress, got the string "ingress"',
			'error type 9:40 spec.ingress[0].from[0].podSelector.matchLabels.app must be a string — quote it: "1"',
			'error type 11:29 spec.ingress[0].ports[0].port must be a port number or a port name, got the string "80" — remove the quotes to make it a number'
		]);
	});
});

describe('the table', () => {
	it('applies core rules only to the core API groups', () => {
		expect(rulesFor('v1', 'Service').length).toBeGreaterThan(rulesFor('example.com/v1', 'Service').length);
		expect(rulesFor('apps/v1', 'Deployment').some((r) => r.path === 'spec.template.spec.containers.*.ports.*.containerPort')).toBe(true);
		expect(rulesFor('v1', 'constructor').map((r) => r.path)).toEqual(['metadata.labels', 'metadata.annotations']);
	});

	it('checkTypes works on plain objects and prefixes paths', () => {
		expect(checkTypes({ spec: { ports: [{ port: 0 }] } }, 'v1', 'Service', 'items[2]')).toEqual([
			{ severity: 'error', segments: ['spec', 'ports', 0, 'port'], message: 'items[2].spec.ports[0].port must be a number between 1 and 65535, got the number 0' }
		]);
	});
});
