// Plain Docker hosts (SCENARIOS.md journey 9): a `kind: DockerHost` document
// (apiVersion hopscope/v1) describes one machine running dockerd with the
// default bridge network — its eth0 address, docker0 and the containers on it
// with their `-p HOST:CONTAINER` publications:
//
//   apiVersion: hopscope/v1
//   kind: DockerHost
//   metadata: { name: host-a }
//   spec:
//     address: 10.130.1.101/24          # eth0 (a bare IP means /24)
//     gateway: 10.130.1.1               # optional: default route (default: .1 of the subnet)
//     bridge: { name: docker0, cidr: 172.17.0.0/16, gateway: 172.17.3.1 }   # gateway: docker0's own address (--bip), default .1
//     containers:
//       - name: web
//         ip: 172.17.3.2                # optional: next free address after the gateway
//         ports: [8080]                 # what the process listens on (EXPOSE)
//         publish: ["7000:80"]          # docker run -p [HOSTIP:]HOSTPORT:CONTAINERPORT[/udp]
//
// The Kubernetes model keeps such documents as an unknown kind (not drawn);
// this module reads them from the parsed resources and writes the iptables
// rules dockerd would install for them. The rules are the classic
// iptables-save of Docker 17.06–27.x (DOCKER-USER, DOCKER-ISOLATION-STAGE-1/2,
// DOCKER in filter and nat); Docker 28 reorganised the filter table into
// DOCKER-FORWARD / DOCKER-CT / DOCKER-BRIDGE with the same effect.
// Pure data, no Kubernetes model involved.
import type { Resource, SourceRef } from '../manifest';
import { refAt } from '../manifest';
import { cidrContains, formatIPv4, isIPv4, nthHost, parseCidr, parseIPv4 } from '../model';
import { fnv1a, makeRng } from '../util';
import type { Rule, Tables } from './iptables';
import { BUILTIN_CHAINS, saveOrder } from './iptables';
import type { RuleStep } from './packet';
import { indexRules, runHook, type Hook, type NfPacket } from './netfilter';
import { m, rule } from './rulebuild';

export { iptablesSave } from './iptables';

export const DOCKER_HOST_KIND = 'DockerHost';
export const DOCKER_API_VERSION = 'hopscope/v1';

export interface PortMapping {
	/** `-p 127.0.0.1:7000:80`: the host address the publication is bound to (0.0.0.0 = all) */
	hostIP: string;
	hostPort: number;
	containerPort: number;
	proto: 'tcp' | 'udp';
	/** as written, e.g. `7000:80` */
	text: string;
	source: SourceRef;
}

export interface DockerContainer {
	name: string;
	ip: string;
	/** ports a process listens on: `ports` plus every published container port */
	listens: { port: number; proto: 'tcp' | 'udp' }[];
	publish: PortMapping[];
	source: SourceRef;
}

export interface DockerHost {
	name: string;
	/** eth0 address */
	address: string;
	/** eth0 subnet, e.g. 10.130.1.0/24 */
	subnet: string;
	/** default route's next hop */
	gateway: string;
	bridge: { name: string; cidr: string; gateway: string };
	containers: DockerContainer[];
	source: SourceRef;
	/** field path → SourceRef, for hop refs */
	at(path: string): SourceRef;
	/** problems with the document; a host with problems may be incomplete */
	problems: string[];
}

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function rec(v: unknown): Record<string, unknown> | undefined {
	return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}


/** `[HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp]` → mapping (null when malformed). */
export function parsePublish(text: string, source: SourceRef): PortMapping | null {
	const m = /^(?:(\d{1,3}(?:\.\d{1,3}){3}):)?(\d{1,5}):(\d{1,5})(?:\/(tcp|udp))?$/i.exec(text.trim());
	if (!m) return null;
	const hostIP = m[1] ?? '0.0.0.0';
	const hostPort = Number(m[2]);
	const containerPort = Number(m[3]);
	if (!isIPv4(hostIP) || hostPort < 1 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) return null;
	return { hostIP, hostPort, containerPort, proto: (m[4]?.toLowerCase() as 'tcp' | 'udp') ?? 'tcp', text: text.trim(), source };
}

/** Reads every `kind: DockerHost` document. Deterministic; never throws. */
export function dockerHosts(resources: readonly Resource[]): DockerHost[] {
	return resources.filter((r) => r.kind === DOCKER_HOST_KIND).map(readHost);
}

function readHost(r: Resource): DockerHost {
	const problems: string[] = [];
	const spec = rec(r.raw.spec) ?? {};
	const [addrText, bitsText] = String(spec.address ?? '').split('/');
	const address = isIPv4(addrText) ? addrText : '0.0.0.0';
	if (!isIPv4(addrText)) problems.push(`spec.address: give the host's eth0 IPv4 address (e.g. 10.130.1.101/24)`);
	const bits = bitsText !== undefined && /^\d{1,2}$/.test(bitsText) && Number(bitsText) <= 32 ? Number(bitsText) : 24;
	const net = (parseIPv4(address) ?? 0) & (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0);
	const subnet = `${formatIPv4(net >>> 0)}/${bits}`;
	const gateway = typeof spec.gateway === 'string' && isIPv4(spec.gateway) ? spec.gateway : (nthHost(subnet, 1) ?? address);
	const b = rec(spec.bridge) ?? {};
	const bname = typeof b.name === 'string' && b.name ? b.name : 'docker0';
	const cidr = typeof b.cidr === 'string' && parseCidr(b.cidr) ? b.cidr : '172.17.0.0/16';
	if (b.cidr !== undefined && cidr !== b.cidr) problems.push(`spec.bridge.cidr: '${String(b.cidr)}' is not a CIDR; using 172.17.0.0/16`);
	const bgw = typeof b.gateway === 'string' && isIPv4(b.gateway) && cidrContains(cidr, b.gateway) ? b.gateway : (nthHost(cidr, 1) ?? '172.17.0.1');
	const used = new Set<string>([bgw]);
	const containers: DockerContainer[] = [];
	const list = Array.isArray(spec.containers) ? spec.containers : [];
	list.forEach((item, i) => {
		const c = rec(item);
		const p = `spec.containers.${i}`;
		if (!c || typeof c.name !== 'string' || !NAME.test(c.name)) return void problems.push(`${p}: a container needs a name`);
		let ip = typeof c.ip === 'string' && isIPv4(c.ip) && cidrContains(cidr, c.ip) ? c.ip : '';
		if (c.ip !== undefined && !ip) problems.push(`${p}.ip: '${String(c.ip)}' is not an address of ${cidr}`);
		// dockerd's IPAM hands out the lowest free address of the pool
		for (let n = (parseIPv4(bgw) ?? 0) + 1; !ip; n++) if (!used.has(formatIPv4(n))) ip = formatIPv4(n);
		if (used.has(ip)) problems.push(`${p}.ip: ${ip} is already used on ${r.name}`);
		used.add(ip);
		const publish: PortMapping[] = [];
		(Array.isArray(c.publish) ? c.publish : []).forEach((pub, j) => {
			const m = parsePublish(String(pub), refAt(r, `${p}.publish.${j}`));
			if (m) publish.push(m);
			else problems.push(`${p}.publish.${j}: '${String(pub)}' is not HOSTPORT:CONTAINERPORT`);
		});
		const listens: DockerContainer['listens'] = [];
		for (const port of Array.isArray(c.ports) ? c.ports : []) if (typeof port === 'number' && Number.isInteger(port)) listens.push({ port, proto: 'tcp' });
		for (const m of publish) if (!listens.some((l) => l.port === m.containerPort && l.proto === m.proto)) listens.push({ port: m.containerPort, proto: m.proto });
		containers.push({ name: c.name, ip, listens, publish, source: refAt(r, c.ip !== undefined ? `${p}.ip` : `${p}.name`) });
	});
	return { name: r.name, address, subnet, gateway, bridge: { name: bname, cidr, gateway: bgw }, containers, source: r.source, at: (path) => refAt(r, path), problems };
}

/** Docker's MAC for a container on the default bridge: 02:42 + the four address bytes (Docker ≤ 26). */
export function dockerMac(ip: string): string {
	return ['02', '42', ...ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0'))].join(':');
}

/** The host-side veth name: `veth` + 7 hex digits, stable per container (dockerd picks them at random). */
export function dockerVeth(host: string, container: string): string {
	return `veth${fnv1a(`${host}/${container}`).toString(16).padStart(8, '0').slice(0, 7)}`;
}

// ---------------------------------------------------------------- iptables

/**
 * What a Docker hop asks of the chains: the packet plus its interfaces and
 * conntrack state. Run by the shared engine (netfilter.ts) over the rules below.
 */
export interface Ctx {
	src: string;
	dst: string;
	sport?: number;
	dport?: number;
	proto: 'TCP' | 'UDP' | 'ICMP';
	/** input and output interface ('' where not known yet, e.g. OUTPUT's in) */
	in: string;
	out: string;
	/** dst is one of the host's own addresses (addrtype --dst-type LOCAL) */
	dstLocal: boolean;
	ctstate: 'NEW' | 'ESTABLISHED';
}

/** dockerd's builtin-chain policies: it sets filter FORWARD to DROP (and enables ip_forward). */
export const DOCKER_POLICIES: Record<'nat' | 'filter', Record<string, 'ACCEPT' | 'DROP'>> = { nat: {}, filter: { FORWARD: 'DROP' } };

/** The rules dockerd installs on `host` for its bridge and publications, in iptables-save order, as ordinary iptables.ts rules. */
export function dockerRules(host: DockerHost): Tables {
	const br = host.bridge.name;
	const cidr = host.bridge.cidr;
	const nat: Rule[] = [];
	const filter: Rule[] = [];
	const published = host.containers.flatMap((c) => c.publish.map((pm) => ({ c, pm })));
	const port = (pm: PortMapping, n: number) => [m.protoFirst(pm.proto), m.dport(n)];
	// nat (libnetwork iptables.go: the DOCKER chain behind addrtype LOCAL; MASQUERADE for the bridge subnet)
	nat.push(rule('PREROUTING', [m.dstTypeLocal()], 'DOCKER'));
	nat.push(rule('OUTPUT', [m.dst('127.0.0.0/8', true), m.dstTypeLocal()], 'DOCKER'));
	nat.push(rule('POSTROUTING', [m.src(cidr), m.outIface(br, true)], 'MASQUERADE'));
	for (const { c, pm } of published) nat.push(rule('POSTROUTING', [m.src(`${c.ip}/32`), m.dst(`${c.ip}/32`), ...port(pm, pm.containerPort)], 'MASQUERADE'));
	nat.push(rule('DOCKER', [m.inIface(br)], 'RETURN'));
	for (const { c, pm } of published) {
		const d = pm.hostIP === '0.0.0.0' ? [] : [m.dst(`${pm.hostIP}/32`)];
		nat.push(rule('DOCKER', [...d, m.inIface(br, true), ...port(pm, pm.hostPort)], 'DNAT', ['--to-destination', `${c.ip}:${pm.containerPort}`], { endpoint: `${c.ip}:${pm.containerPort}` }));
	}
	// filter
	filter.push(rule('FORWARD', [], 'DOCKER-USER'));
	filter.push(rule('FORWARD', [], 'DOCKER-ISOLATION-STAGE-1'));
	filter.push(rule('FORWARD', [m.outIface(br), m.ctstate('RELATED,ESTABLISHED')], 'ACCEPT'));
	filter.push(rule('FORWARD', [m.outIface(br)], 'DOCKER'));
	filter.push(rule('FORWARD', [m.inIface(br), m.outIface(br, true)], 'ACCEPT'));
	filter.push(rule('FORWARD', [m.inIface(br), m.outIface(br)], 'ACCEPT'));
	for (const { c, pm } of published) filter.push(rule('DOCKER', [m.dst(`${c.ip}/32`), m.inIface(br, true), m.outIface(br), ...port(pm, pm.containerPort)], 'ACCEPT'));
	filter.push(rule('DOCKER-ISOLATION-STAGE-1', [m.inIface(br), m.outIface(br, true)], 'DOCKER-ISOLATION-STAGE-2'));
	filter.push(rule('DOCKER-ISOLATION-STAGE-1', [], 'RETURN'));
	filter.push(rule('DOCKER-ISOLATION-STAGE-2', [m.outIface(br)], 'DROP'));
	filter.push(rule('DOCKER-ISOLATION-STAGE-2', [], 'RETURN'));
	filter.push(rule('DOCKER-USER', [], 'RETURN'));
	const users = (rules: Rule[], table: 'nat' | 'filter') => rules.map((r) => r.chain).filter((c) => !BUILTIN_CHAINS[table].includes(c));
	return {
		nat: { chains: saveOrder('nat', users(nat, 'nat'), DOCKER_POLICIES.nat), rules: nat },
		filter: { chains: saveOrder('filter', users(filter, 'filter'), DOCKER_POLICIES.filter), rules: filter }
	};
}

export interface ChainResult {
	/** the terminating verdict: ACCEPT/DROP (filter), DNAT/MASQUERADE (nat), or the chain policy */
	verdict: 'ACCEPT' | 'DROP' | 'DNAT' | 'MASQUERADE';
	/** the rule that decided (undefined: the chain's policy) */
	rule?: Rule;
	/** every rule looked at, in order, jumps included */
	steps: RuleStep[];
	/** the packet after the hook (DNAT / MASQUERADE applied) */
	pkt: NfPacket;
}

/**
 * One builtin chain of a Docker host, walked by the shared netfilter engine:
 * every rule looked at is recorded, the policy ends it. `outAddr`: the
 * address MASQUERADE picks (the outgoing interface's).
 */
export function runChain(tables: Tables, table: 'nat' | 'filter', chain: Hook, x: Ctx, outAddr?: string): ChainResult {
	const index = indexRules(tables[table].rules);
	const pkt: NfPacket = { src: x.src, sport: x.sport, dst: x.dst, dport: x.dport, proto: x.proto, mark: 0, in: x.in, out: x.out };
	const policy = tables[table].chains.find((c) => c.name === chain)?.policy ?? 'ACCEPT';
	const res = runHook(index, table, chain, pkt, {
		node: '',
		isLocal: (ip) => ip === x.dst && x.dstLocal,
		ctstates: new Set([x.ctstate]),
		rng: makeRng(0), // dockerd's rules draw nothing (no statistic match)
		recent: [],
		outAddr,
		policy,
		recordAll: true
	});
	const steps = res.visits.flatMap((v) => v.steps);
	const verdict = res.dnat ? 'DNAT' : res.masquerade ? 'MASQUERADE' : res.verdict === 'DROP' ? 'DROP' : 'ACCEPT';
	return { verdict, rule: res.final, steps, pkt: res.pkt };
}
