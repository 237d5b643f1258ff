// "DNS first": a pod resolves a name through the cluster DNS Service. The
// resolver expands the name with the search list from /etc/resolv.conf; each
// query is a UDP packet to the kube-dns ClusterIP, DNATed by kube-proxy to a
// CoreDNS pod, and the answer comes back un-DNATed from the Service address.
import type { Pod } from '../../model';
import { answer, resolvConf, searchList, type DnsAnswer } from '../dns';
import { push, type End, type Walk } from '../walk';
import { connect, replyTo } from './connect';

export interface Resolution {
	/** the answer that ended the search (undefined: every name failed) */
	final?: DnsAnswer;
	answers: DnsAnswer[];
	/** A records to connect to (after following a CNAME) */
	addresses: string[];
	/** the DNS packet's fate when it did not reach CoreDNS */
	failed?: End;
}

export function resolve(walk: Walk, pod: Pod, name: string): Resolution {
	const w = walk.w;
	const conf = resolvConf(w.cluster, pod.namespace);
	const names = searchList(name, conf);
	const answers: DnsAnswer[] = [];
	let final: DnsAnswer | undefined;
	const rotate = walk.rng.int(0, 1 << 20);
	for (const n of names) {
		const a = answer(w.cluster, n, rotate);
		answers.push(a);
		if (a.rcode === 'NOERROR' && (a.addresses.length > 0 || a.cname)) {
			final = a;
			break;
		}
	}
	// ExternalName: CoreDNS follows the CNAME to the outside name.
	let addresses = final?.addresses ?? [];
	if (final?.cname) {
		const up = answer(w.cluster, final.cname);
		answers.push(up);
		addresses = up.addresses;
	}
	const dnsRows = answers.map((a) => ({ query: a.query, type: 'A', rcode: a.rcode, answers: a.cname ? [`CNAME ${a.cname}`] : a.addresses }));
	const leg = walk.leg;
	const endpoint = walk.endpoint;
	walk.leg = 'dns';
	const p = { src: pod.ip, dst: conf.nameserver, dport: 53, proto: 'UDP' as const, ttl: 64, mark: 0 };
	push(walk, p, {
		at: `pod ${pod.id} · resolver (/etc/resolv.conf)`,
		kind: 'dns',
		anchor: { node: pod.node, pod: pod.id },
		rule: conf.text,
		note:
			`${pod.name} looks up "${name}". ` +
			(name.endsWith('.')
				? 'The trailing dot makes it absolute: no search list.'
				: (name.match(/\./g) ?? []).length >= conf.ndots
					? `It has ${conf.ndots} dots or more (ndots:${conf.ndots}), so it is tried as is first.`
					: `It has fewer than ${conf.ndots} dots (ndots:${conf.ndots}), so the search domains come first; it asks, in order: ${answers.slice(0, names.length).map((a) => a.query).join(', ')}.`) +
			(final ? ` Answered: ${final.query}` : ' No name gets an answer.'),
		dns: dnsRows,
		simplified: 'Each name is its own UDP query (glibc also sends AAAA next to A); they all take the same path, drawn once.'
	});
	const end = connect(walk, { kind: 'pod', pod }, conf.nameserver, 53, 'UDP');
	walk.endpoint = endpoint;
	if (end.status !== 'delivered' || end.to.kind !== 'pod') {
		walk.leg = leg;
		return { answers, addresses: [], failed: end };
	}
	const dnsPod = end.to.pod;
	const synthesized = w.synthesized.has(dnsPod.id);
	push(walk, end.pkt, {
		at: `pod ${dnsPod.id} · CoreDNS`,
		kind: 'dns',
		anchor: { node: dnsPod.node, pod: dnsPod.id },
		rule: final ? [...final.lines, ...(final.cname ? answers[answers.length - 1].lines : [])].join('\n') : answers.map((a) => `${a.query} NXDOMAIN${a.upstream ? ' (upstream)' : ''}`).join('\n'),
		note: dnsNote(answers, final),
		dns: dnsRows,
		refs: final?.service ? [final.service.source] : [],
		...(synthesized ? { simplified: `No kube-system/kube-dns Service in the input: Hopscope synthesised it (ClusterIP ${conf.nameserver}) with one CoreDNS pod on ${dnsPod.node}.` } : {})
	});
	walk.leg = 'dns-reply';
	replyTo(walk, end);
	walk.leg = leg;
	return { final, answers, addresses };
}

function dnsNote(answers: DnsAnswer[], final?: DnsAnswer): string {
	const nx = answers.filter((a) => a.rcode === 'NXDOMAIN' && !a.upstream).map((a) => a.query);
	const upNx = answers.filter((a) => a.rcode === 'NXDOMAIN' && a.upstream).map((a) => a.query);
	const head =
		(nx.length ? `CoreDNS answers NXDOMAIN for ${nx.join(', ')}. ` : '') +
		(upNx.length
			? `${upNx.join(', ')} ${upNx.length > 1 ? 'are' : 'is'} outside the cluster domain, so CoreDNS forwards ${upNx.length > 1 ? 'them' : 'it'} upstream (forward . /etc/resolv.conf); upstream answers NXDOMAIN too — a single-label name or a private TLD does not exist on the internet. `
			: '');
	if (!final) return head + 'No name resolved.';
	switch (final.kind) {
		case 'service':
			return head + `${final.query} is Service ${final.service!.id}: one A record, its ClusterIP ${final.addresses[0]}.`;
		case 'headless':
			return head + `${final.service!.id} is headless (clusterIP: None): CoreDNS returns the A records of its ready pods (${final.addresses.join(', ')}); the client connects to a pod directly, no kube-proxy.`;
		case 'pod-hostname':
			return head + `${final.query} names pod ${final.pod!.id} (hostname.subdomain of headless Service ${final.service!.id}): its own IP ${final.addresses[0]}.`;
		case 'externalname':
			return head + `${final.service!.id} is an ExternalName Service: CoreDNS answers with a CNAME to ${final.cname} and resolves that outside name. No ClusterIP, no proxying.`;
		case 'pod-ip':
			return head + `A pod A record (pods insecure): ${final.addresses[0]}.`;
		default:
			return head + `${final.query} is outside the cluster domain: CoreDNS forwards it upstream (forward . /etc/resolv.conf) and relays the answer ${final.addresses.join(', ')}.`;
	}
}
