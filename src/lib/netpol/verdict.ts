// netpolVerdict: may this connection be opened, by NetworkPolicy alone?
// Both sides must allow it: "For a connection from a source pod to a
// destination pod to be allowed, both the egress policy on the source pod and
// the ingress policy on the destination pod need to allow the connection"
// (kubernetes.io/docs/concepts/services-networking/network-policies/). A side
// is only restricted when some policy selects the pod for that direction;
// then the rules of all those policies are a union. Reply packets of an
// allowed connection are never judged (conntrack), and the verdict is about
// the endpoint pod after kube-proxy's DNAT, so Services never appear here.
import type { Cluster, Pod } from '../model';
import { compile, ownNetns, peerMatches, portMatches, type Compiled, type CRule } from './compile';
import type { Isolator, L4Protocol, NetEnd, NetpolVerdict, RuleRef, SideVerdict } from './types';

type Who = { kind: 'pod'; i: number; pod: Pod } | { kind: 'ip'; ip: string; host?: Pod };

function resolve(c: Compiled, e: NetEnd): Who {
	if ('pod' in e) {
		const id = typeof e.pod === 'string' ? e.pod : e.pod.id;
		const i = c.index.get(id);
		if (i === undefined) return { kind: 'ip', ip: typeof e.pod === 'string' ? '' : e.pod.ip };
		const pod = c.pods[i];
		return ownNetns(pod) ? { kind: 'pod', i, pod } : { kind: 'ip', ip: pod.ip, host: pod };
	}
	const i = c.byIp.get(e.ip);
	return i === undefined ? { kind: 'ip', ip: e.ip } : { kind: 'pod', i, pod: c.pods[i] };
}

const name = (w: Who) => (w.kind === 'pod' ? w.pod.id : w.host ? `${w.host.id} (hostNetwork, ${w.ip})` : w.ip);
export const ruleText = (r: RuleRef) => `${r.policy} ${r.direction}[${r.rule}]${r.source ? ` (line ${r.source.line})` : ''}`;
const isolators = (c: Compiled, ks: number[]): Isolator[] => ks.map((k) => ({ policy: c.policies[k].np.id, source: c.policies[k].np.source }));

/** The first rule of the policies `ks` (input order) whose ports and peers match. */
function firstRule(c: Compiled, ks: number[], dir: 'ingress' | 'egress', port: number, proto: L4Protocol, target: Pod | undefined, peer: Who): CRule | undefined {
	const who = peer.kind === 'pod' ? { pod: peer.i } : { ip: peer.ip };
	for (const k of ks) {
		for (const r of c.policies[k][dir]) {
			if (portMatches(r.ports, port, proto, target) && peerMatches(r, who)) return r;
		}
	}
	return undefined;
}

function side(c: Compiled, dir: 'egress' | 'ingress', me: Who & { kind: 'pod' }, peer: Who, port: number, proto: L4Protocol): SideVerdict {
	const ks = dir === 'egress' ? c.egressOf[me.i] : c.ingressOf[me.i];
	const base = { side: dir, pod: me.pod.id, isolatedBy: isolators(c, ks) };
	const what = `${port}/${proto}`;
	if (!ks.length) {
		return { ...base, isolated: false, allowed: true, exempt: 'not-isolated', text: `No NetworkPolicy selects ${me.pod.id} for ${dir}: it is not isolated for ${dir}, so ${dir} is allowed.` };
	}
	// Ingress doc: traffic is allowed "if the traffic source is the pod's local node".
	if (dir === 'ingress' && peer.kind === 'ip' && (c.nodeAddrs.get(me.pod.node)?.has(peer.ip) || peer.host?.node === me.pod.node)) {
		return { ...base, isolated: true, allowed: true, exempt: 'own-node', text: `${me.pod.id} is isolated for ingress, but ${name(peer)} is its own node (${me.pod.node}), and traffic from the pod's node is always allowed.` };
	}
	// named ports are resolved on the target pod: the selected pod (ingress) or the destination (egress)
	const target = dir === 'ingress' ? me.pod : peer.kind === 'pod' ? peer.pod : undefined;
	const r = firstRule(c, ks, dir, port, proto, target, peer);
	const list = base.isolatedBy.map((x) => `${x.policy} (line ${x.source.line})`).join(', ');
	if (r) {
		return { ...base, isolated: true, allowed: true, allowedBy: r.ref, text: `${me.pod.id} is isolated for ${dir} by ${list}; ${ruleText(r.ref)} allows ${dir === 'egress' ? 'to' : 'from'} ${name(peer)} on ${what}.` };
	}
	return { ...base, isolated: true, allowed: false, text: `${me.pod.id} is isolated for ${dir} by ${list}, and no policy allows ${dir === 'egress' ? 'to' : 'from'} ${name(peer)} on ${what}: one of these policies needs a${dir === 'egress' ? 'n egress' : 'n ingress'} rule for it.` };
}

/**
 * The NetworkPolicy verdict for a new connection `from` → `to` on `port`/`protocol`
 * (the destination port after DNAT). Pods may be given as objects or `ns/name`;
 * an IP that belongs to a pod is judged as that pod.
 */
export function netpolVerdict(cluster: Cluster, from: NetEnd, to: NetEnd, port: number, protocol: L4Protocol = 'TCP'): NetpolVerdict {
	const c = compile(cluster);
	const a = resolve(c, from);
	const b = resolve(c, to);
	// "a pod cannot block access to itself" (the concept page's list of identifiers)
	if (a.kind === 'pod' && b.kind === 'pod' && a.i === b.i) {
		return { allowed: true, self: true, text: `A pod can always reach itself: ${a.pod.id} → ${a.pod.id} is never subject to NetworkPolicy.` };
	}
	const egress = a.kind === 'pod' ? side(c, 'egress', a, b, port, protocol) : undefined;
	const ingress = b.kind === 'pod' ? side(c, 'ingress', b, a, port, protocol) : undefined;
	const deniedAt = egress && !egress.allowed ? 'egress' : ingress && !ingress.allowed ? 'ingress' : undefined;
	const v: NetpolVerdict = { allowed: !deniedAt, text: '' };
	if (egress) v.egress = egress;
	if (ingress) v.ingress = ingress;
	if (deniedAt) v.deniedAt = deniedAt;
	v.text = deniedAt ? (deniedAt === 'egress' ? egress! : ingress!).text : [egress?.text, ingress?.text].filter(Boolean).join(' ') || 'Neither end is a pod: NetworkPolicy does not apply.';
	return v;
}

/** Is the pod isolated for ingress / egress (selected by some policy with that policyType)? */
export function isolation(cluster: Cluster, pod: string): { ingress: Isolator[]; egress: Isolator[] } {
	const c = compile(cluster);
	const i = c.index.get(pod);
	if (i === undefined || !ownNetns(c.pods[i])) return { ingress: [], egress: [] };
	return { ingress: isolators(c, c.ingressOf[i]), egress: isolators(c, c.egressOf[i]) };
}
