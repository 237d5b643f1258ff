// Synthetic NetworkPolicies for the `reach` bench row and the Reachability
// view's scale test: seeded, over a synthetic cluster's Deployments.
import type { Cluster } from '../model';

/**
 * `policies` NetworkPolicies over a synthetic cluster's Deployments (app=NAME
 * labels), seeded: each isolates one app for ingress (a third also for
 * egress) and allows it from two other apps (separate peers: OR), from a
 * namespace AND an app (one peer), a named port or a port range, and an
 * ipBlock with an except — every kind of peer and port the engine indexes.
 */
export function syntheticPolicies(cluster: Cluster, policies: number, seed: number): string {
	let x = seed >>> 0 || 1;
	const rnd = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
	const apps = cluster.workloads;
	const pick = () => apps[Math.floor(rnd() * apps.length)];
	const docs: string[] = [];
	for (let k = 0; k < policies && apps.length; k++) {
		const w = pick();
		const [a, b, c] = [pick(), pick(), pick()];
		const egress = k % 3 === 0;
		docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np-${k}
  namespace: ${w.namespace}
spec:
  podSelector:
    matchLabels: {app: ${w.name}}
  policyTypes: [Ingress${egress ? ', Egress' : ''}]
  ingress:
  - from:
    - podSelector: {matchLabels: {app: ${a.name}}}
    - podSelector: {matchExpressions: [{key: app, operator: In, values: [${b.name}]}]}
    ports:
    - {port: 80, endPort: 9090, protocol: TCP}
  - from:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${c.namespace}}}
      podSelector: {matchLabels: {app: ${c.name}}}
    - ipBlock: {cidr: 10.244.0.0/16, except: [10.244.${k % 40}.0/24]}
${egress ? `  egress:
  - to:
    - namespaceSelector: {}
      podSelector: {matchLabels: {app: ${b.name}}}
  - ports:
    - {port: 53, protocol: UDP}
` : ''}`);
	}
	return docs.join('---\n');
}

