// ahmetb/kubernetes-network-policy-recipes (tests/fixtures/netpol-recipes),
// each with the pods its Markdown walks through and the outcome it states.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/lib/manifest';
import { buildCluster } from '../../src/lib/model';
import { netpolVerdict, netpolFindings, NETPOL_CODES } from '../../src/lib/netpol';

const recipe = (name: string) => readFileSync(`tests/fixtures/netpol-recipes/${name}.yaml`, 'utf8');
const pod = (ns: string, name: string, labels: Record<string, string>) =>
	`apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n  labels: ${JSON.stringify(labels)}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    ports:\n    - containerPort: 80\n`;
const ns = (name: string, labels: Record<string, string> = {}) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${JSON.stringify(labels)}\n`;
const cluster = (...docs: string[]) => buildCluster(parseText('recipe.yaml', docs.join('---\n')).resources);
const can = (c: ReturnType<typeof cluster>, from: string, to: string, port = 80, proto: 'TCP' | 'UDP' = 'TCP') => netpolVerdict(c, { pod: from }, { pod: to }, port, proto).allowed;

describe('network policy recipes', () => {
	it('01 deny all traffic to an application: web (app=web,env=prod) accepts nothing; others untouched', () => {
		const c = cluster(pod('default', 'web', { app: 'web', env: 'prod' }), pod('default', 'client', { run: 'test' }), pod('default', 'other', { app: 'web' }), recipe('01-deny-all-traffic-to-an-application'));
		expect(can(c, 'default/client', 'default/web')).toBe(false);
		expect(can(c, 'default/client', 'default/other')).toBe(true);
		expect(netpolVerdict(c, { pod: 'default/client' }, { pod: 'default/web' }, 80).ingress).toMatchObject({ isolatedBy: [{ policy: 'default/web-deny-all' }] });
	});

	it('02 limit traffic to an application: only app=bookstore reaches the API', () => {
		const c = cluster(pod('default', 'apiserver', { app: 'bookstore', role: 'api' }), pod('default', 'frontend', { app: 'bookstore', role: 'frontend' }), pod('default', 'coffeeshop', { app: 'coffeeshop' }), recipe('02-limit-traffic-to-an-application'));
		expect(can(c, 'default/frontend', 'default/apiserver')).toBe(true);
		expect(can(c, 'default/coffeeshop', 'default/apiserver')).toBe(false);
	});

	it('03 default deny all in the namespace: null matchLabels selects every pod of default', () => {
		const c = cluster(pod('default', 'web', { app: 'web' }), pod('default', 'db', { app: 'db' }), pod('other', 'x', { app: 'x' }), recipe('03-deny-all-non-whitelisted-traffic-in-the-namespace'));
		expect(can(c, 'default/web', 'default/db')).toBe(false);
		expect(can(c, 'other/x', 'default/web')).toBe(false);
		expect(can(c, 'default/web', 'other/x')).toBe(true);
	});

	it('04 deny traffic from other namespaces: secondary accepts only its own pods', () => {
		const c = cluster(ns('secondary'), pod('secondary', 'web', { app: 'web' }), pod('secondary', 'peer', { app: 'peer' }), pod('default', 'client', { run: 'test' }), recipe('04-deny-traffic-from-other-namespaces'));
		expect(can(c, 'default/client', 'secondary/web')).toBe(false);
		expect(can(c, 'secondary/peer', 'secondary/web')).toBe(true);
	});

	it('07 allow from some pods in another namespace: namespace team=operations AND pod type=monitoring', () => {
		const c = cluster(
			ns('ops', { team: 'operations' }),
			ns('dev', { team: 'dev' }),
			pod('default', 'web', { app: 'web' }),
			pod('ops', 'mon', { type: 'monitoring' }),
			pod('ops', 'other', { type: 'batch' }),
			pod('dev', 'mon', { type: 'monitoring' }),
			recipe('07-allow-traffic-from-some-pods-in-another-namespace')
		);
		expect(can(c, 'ops/mon', 'default/web')).toBe(true);
		expect(can(c, 'ops/other', 'default/web')).toBe(false);
		expect(can(c, 'dev/mon', 'default/web')).toBe(false);
	});

	it('11 deny egress from an application: foo sends nothing, not even DNS', () => {
		const c = cluster(pod('default', 'foo', { app: 'foo' }), pod('default', 'web', { app: 'web' }), recipe('11-deny-egress-traffic-from-an-application'));
		expect(can(c, 'default/foo', 'default/web')).toBe(false);
		expect(netpolVerdict(c, { pod: 'default/foo' }, { ip: '10.96.0.10' }, 53, 'UDP')).toMatchObject({ allowed: false, deniedAt: 'egress' });
		expect(can(c, 'default/web', 'default/foo')).toBe(true);
	});

	it('14 deny external egress: foo reaches DNS and every pod, but no address outside the cluster', () => {
		const c = cluster(ns('other'), pod('default', 'foo', { app: 'foo' }), pod('other', 'web', { app: 'web' }), recipe('14-deny-external-egress-traffic'));
		expect(can(c, 'default/foo', 'other/web')).toBe(true);
		expect(netpolVerdict(c, { pod: 'default/foo' }, { ip: '8.8.8.8' }, 53, 'UDP').allowed).toBe(true);
		const ext = netpolVerdict(c, { pod: 'default/foo' }, { ip: '93.184.216.34' }, 443, 'TCP');
		expect(ext).toMatchObject({ allowed: false, deniedAt: 'egress', egress: { isolatedBy: [{ policy: 'default/foo-deny-external-egress' }] } });
	});

	it('recipes raise no findings', () => {
		for (const f of ['01-deny-all-traffic-to-an-application', '03-deny-all-non-whitelisted-traffic-in-the-namespace', '07-allow-traffic-from-some-pods-in-another-namespace', '14-deny-external-egress-traffic'])
			expect(netpolFindings(parseText(`${f}.yaml`, recipe(f)).resources)).toEqual([]);
	});
});

describe('netpolFindings', () => {
	const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: bad
  namespace: x
spec:
  podSelector:
    matchLabels: [a, b]
  policyTypes: [Ingress, Egres]
  ingress:
  - from:
    - ipBlock:
        cidr: 10.0.0.0/33
    - ipBlock:
        cidr: 10.0.0.0/16
        except: [192.168.0.0/24, 10.0.1.0/24]
    - podSelector:
        matchExpressions:
        - key: app
          operator: Equals
          values: [x]
    ports:
    - port: 80
      endPort: 70
    - port: http
      endPort: 90
    - port: 53
      protocol: udp
  egress:
  - to:
    - podSelector: {}
      ipBlock: {cidr: 0.0.0.0/0}
`;
	const fs = netpolFindings(parseText('bad.yaml', text).resources);
	const at = (code: string) => fs.filter((f) => f.code === code).map((f) => f.line);
	it('point at the offending line', () => {
		expect(at(NETPOL_CODES.selectorShape)).toEqual([8, 20]);
		expect(at(NETPOL_CODES.unknownPolicyType)).toEqual([9]);
		expect(at(NETPOL_CODES.badCidr)).toEqual([13]);
		expect(at(NETPOL_CODES.exceptOutside)).toEqual([16]);
		expect(at(NETPOL_CODES.endPort)).toEqual([24, 26]);
		expect(at(NETPOL_CODES.protocol)).toEqual([28]);
		expect(at(NETPOL_CODES.peerShape)).toEqual([31]);
		expect(fs.find((f) => f.code === NETPOL_CODES.exceptOutside)!.message).toContain('192.168.0.0/24 is not strictly inside cidr 10.0.0.0/16');
	});
	it('the model and the engine never throw on hostile shapes', () => {
		const hostile = ['spec: 7', 'spec:\n  podSelector: "x"\n  ingress: {from: 1}', 'spec:\n  ingress:\n  - from: [null, 3, {ipBlock: 5}]\n    ports: [null, {port: {a: 1}, endPort: "x"}]', 'spec:\n  egress: [{to: [{namespaceSelector: []}]}]\n  policyTypes: 9'];
		for (const h of hostile) {
			const res = parseText('h.yaml', `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: h, namespace: x}\n${h}\n---\n${pod('x', 'a', { a: '1' })}`).resources;
			expect(() => netpolFindings(res)).not.toThrow();
			const c = buildCluster(res);
			expect(() => netpolVerdict(c, { pod: 'x/a' }, { ip: '1.2.3.4' }, 80)).not.toThrow();
		}
	});
});
