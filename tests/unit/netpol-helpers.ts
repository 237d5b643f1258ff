// The Kubernetes e2e NetworkPolicy suite's model (test/e2e/network/netpol/model.go):
// namespaces x, y, z (labelled ns=<name>), pods a, b, c (labelled pod=<name>),
// one container per port × protocol, named cont-<port>-<proto>, serving a
// container port named serve-<port>-<proto>. Policies are added as YAML.
import { parseText } from '../../src/lib/manifest';
import { buildCluster, type Cluster } from '../../src/lib/model';
import { reachMatrix, type L4Protocol } from '../../src/lib/netpol';

export const NAMESPACES = ['x', 'y', 'z'];
export const PODS = ['a', 'b', 'c'];
export const ALL = NAMESPACES.flatMap((ns) => PODS.map((p) => `${ns}/${p}`));

export function modelYaml(ports = [80, 81], protocols: L4Protocol[] = ['TCP', 'UDP', 'SCTP']): string {
	const docs: string[] = [];
	for (const ns of NAMESPACES) {
		docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels:\n    ns: ${ns}`);
		for (const pod of PODS) {
			const containers = ports
				.flatMap((port) => protocols.map((pr) => `  - name: cont-${port}-${pr.toLowerCase()}\n    image: agnhost\n    ports:\n    - containerPort: ${port}\n      name: serve-${port}-${pr.toLowerCase()}\n      protocol: ${pr}`))
				.join('\n');
			docs.push(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\n  namespace: ${ns}\n  labels:\n    pod: ${pod}\nspec:\n  containers:\n${containers}`);
		}
	}
	return docs.join('\n---\n') + '\n';
}

export function modelCluster(policies: string, extra = ''): Cluster {
	const text = modelYaml() + (policies ? `---\n${policies}` : '') + (extra ? `---\n${extra}` : '');
	return buildCluster(parseText('netpol.yaml', text).resources);
}

/** e2e Reachability: a default-true truth table over the 9 pods. */
export class Reachability {
	expected = new Map<string, boolean>();
	constructor(def = true) {
		for (const f of ALL) for (const t of ALL) this.expected.set(`${f}>${t}`, def);
	}
	expect(from: string, to: string, v: boolean) {
		this.expected.set(`${from}>${to}`, v);
		return this;
	}
	/** ExpectPeer: {ns?, pod?} matchers on both ends */
	expectPeer(from: { ns?: string; pod?: string }, to: { ns?: string; pod?: string }, v: boolean) {
		const m = (p: { ns?: string; pod?: string }, s: string) => (!p.ns || s.split('/')[0] === p.ns) && (!p.pod || s.split('/')[1] === p.pod);
		for (const f of ALL) if (m(from, f)) for (const t of ALL) if (m(to, t)) this.expected.set(`${f}>${t}`, v);
		return this;
	}
	allIngress(pod: string, v: boolean) {
		for (const f of ALL) this.expected.set(`${f}>${pod}`, v);
		return this;
	}
	allEgress(pod: string, v: boolean) {
		for (const t of ALL) this.expected.set(`${pod}>${t}`, v);
		return this;
	}
	/** the cells that differ from what the engine says, loopback ignored as upstream does (ignoreLoopback) */
	wrong(c: Cluster, port: number, protocol: L4Protocol = 'TCP'): string[] {
		const m = reachMatrix(c, [{ port, protocol }]);
		const n = m.pods.length;
		const out: string[] = [];
		for (const f of ALL)
			for (const t of ALL) {
				if (f === t) continue;
				const got = m.allowed[0][m.pods.indexOf(f) * n + m.pods.indexOf(t)] === 1;
				if (got !== this.expected.get(`${f}>${t}`)) out.push(`${f} → ${t}: expected ${this.expected.get(`${f}>${t}`)}, got ${got}`);
			}
		return out;
	}
}

export const policy = (ns: string, name: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${spec.replace(/^/gm, '  ')}\n`;
