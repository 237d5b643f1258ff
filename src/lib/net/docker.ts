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
import type { Resource, SourceRef } from '../manifest/types';
import { cidrContains, formatIPv4, isIPv4, nthHost, parseCidr, parseIPv4 } from '../model/cidr';
import { fnv1a } from '../util';
import { refAt } from '../manifest';

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

export type Target = 'ACCEPT' | 'DROP' | 'RETURN' | 'DNAT' | 'MASQUERADE' | (string & {});

/** What a rule can look at. */
export interface Ctx {
	src: string;
	dst: string;
	dport?: number;
	proto: 'TCP' | 'UDP' | 'ICMP';
	/** input and output interface ('' where not known yet, e.g. OUTPUT's in) */
	in: string;
	out: string;
	/** dst is one of the host's own addresses (addrtype --dst-type LOCAL) */
	dstLocal: boolean;
	ctstate: 'NEW' | 'ESTABLISHED';
}

export interface Rule {
	table: 'nat' | 'filter';
	chain: string;
	text: string;
	target: Target;
	/** DNAT --to-destination ip:port */
	to?: { ip: string; port: number };
	match(c: Ctx): boolean;
}

export interface DockerRules {
	rules: Rule[];
	/** built-in chain policies (`:FORWARD DROP`) */
	policy: Record<string, 'ACCEPT' | 'DROP'>;
}

const proto = (m: PortMapping) => (m.proto === 'udp' ? 'UDP' : 'TCP');

/** The rules dockerd installs on `host` for its bridge and publications, in iptables-save order. */
export function dockerRules(host: DockerHost): DockerRules {
	const br = host.bridge.name;
	const cidr = host.bridge.cidr;
	const rules: Rule[] = [];
	const add = (table: Rule['table'], chain: string, text: string, target: Target, match: Rule['match'], to?: Rule['to']) => rules.push({ table, chain, text: `-A ${chain} ${text}`, target, match, ...(to ? { to } : {}) });
	const published = host.containers.flatMap((c) => c.publish.map((m) => ({ c, m })));
	// nat
	add('nat', 'PREROUTING', '-m addrtype --dst-type LOCAL -j DOCKER', 'DOCKER', (x) => x.dstLocal);
	add('nat', 'OUTPUT', '! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER', 'DOCKER', (x) => x.dstLocal && !cidrContains('127.0.0.0/8', x.dst));
	add('nat', 'POSTROUTING', `-s ${cidr} ! -o ${br} -j MASQUERADE`, 'MASQUERADE', (x) => cidrContains(cidr, x.src) && x.out !== br);
	for (const { c, m } of published) {
		const p = m.proto;
		add('nat', 'POSTROUTING', `-s ${c.ip}/32 -d ${c.ip}/32 -p ${p} -m ${p} --dport ${m.containerPort} -j MASQUERADE`, 'MASQUERADE', (x) => x.src === c.ip && x.dst === c.ip && x.proto === proto(m) && x.dport === m.containerPort);
	}
	add('nat', 'DOCKER', `-i ${br} -j RETURN`, 'RETURN', (x) => x.in === br);
	for (const { c, m } of published) {
		const p = m.proto;
		const d = m.hostIP === '0.0.0.0' ? '' : `-d ${m.hostIP}/32 `;
		add('nat', 'DOCKER', `${d}! -i ${br} -p ${p} -m ${p} --dport ${m.hostPort} -j DNAT --to-destination ${c.ip}:${m.containerPort}`, 'DNAT', (x) => x.in !== br && x.proto === proto(m) && x.dport === m.hostPort && (!d || x.dst === m.hostIP), { ip: c.ip, port: m.containerPort });
	}
	// filter
	add('filter', 'FORWARD', '-j DOCKER-USER', 'DOCKER-USER', () => true);
	add('filter', 'FORWARD', '-j DOCKER-ISOLATION-STAGE-1', 'DOCKER-ISOLATION-STAGE-1', () => true);
	add('filter', 'FORWARD', `-o ${br} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`, 'ACCEPT', (x) => x.out === br && x.ctstate === 'ESTABLISHED');
	add('filter', 'FORWARD', `-o ${br} -j DOCKER`, 'DOCKER', (x) => x.out === br);
	add('filter', 'FORWARD', `-i ${br} ! -o ${br} -j ACCEPT`, 'ACCEPT', (x) => x.in === br && x.out !== br);
	add('filter', 'FORWARD', `-i ${br} -o ${br} -j ACCEPT`, 'ACCEPT', (x) => x.in === br && x.out === br);
	for (const { c, m } of published) {
		const p = m.proto;
		add('filter', 'DOCKER', `-d ${c.ip}/32 ! -i ${br} -o ${br} -p ${p} -m ${p} --dport ${m.containerPort} -j ACCEPT`, 'ACCEPT', (x) => x.dst === c.ip && x.in !== br && x.out === br && x.proto === proto(m) && x.dport === m.containerPort);
	}
	add('filter', 'DOCKER-ISOLATION-STAGE-1', `-i ${br} ! -o ${br} -j DOCKER-ISOLATION-STAGE-2`, 'DOCKER-ISOLATION-STAGE-2', (x) => x.in === br && x.out !== br);
	add('filter', 'DOCKER-ISOLATION-STAGE-1', '-j RETURN', 'RETURN', () => true);
	add('filter', 'DOCKER-ISOLATION-STAGE-2', `-o ${br} -j DROP`, 'DROP', (x) => x.out === br);
	add('filter', 'DOCKER-ISOLATION-STAGE-2', '-j RETURN', 'RETURN', () => true);
	add('filter', 'DOCKER-USER', '-j RETURN', 'RETURN', () => true);
	return { rules, policy: { 'filter/FORWARD': 'DROP', 'filter/INPUT': 'ACCEPT', 'filter/OUTPUT': 'ACCEPT', 'nat/PREROUTING': 'ACCEPT', 'nat/OUTPUT': 'ACCEPT', 'nat/POSTROUTING': 'ACCEPT', 'nat/INPUT': 'ACCEPT' } };
}

/** `iptables-save` text of the rules (the two tables dockerd writes). */
export function iptablesSave(r: DockerRules): string {
	const out: string[] = [];
	for (const table of ['nat', 'filter'] as const) {
		out.push(`*${table}`);
		const builtins = table === 'nat' ? ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'] : ['INPUT', 'FORWARD', 'OUTPUT'];
		for (const c of builtins) out.push(`:${c} ${r.policy[`${table}/${c}`] ?? 'ACCEPT'} [0:0]`);
		const custom = [...new Set(r.rules.filter((x) => x.table === table && !builtins.includes(x.chain)).map((x) => x.chain))].sort();
		for (const c of custom) out.push(`:${c} - [0:0]`);
		out.push(...r.rules.filter((x) => x.table === table).map((x) => x.text), 'COMMIT');
	}
	return out.join('\n');
}

export interface ChainResult {
	/** the terminating verdict: ACCEPT/DROP (filter), DNAT/MASQUERADE (nat), or the chain policy */
	verdict: 'ACCEPT' | 'DROP' | 'DNAT' | 'MASQUERADE';
	/** the rule that decided (undefined: the chain's policy) */
	rule?: Rule;
	/** every rule looked at, in order, jumps included */
	tried: { rule: Rule; matched: boolean }[];
}

/** Walks a built-in chain like the kernel: jumps into user chains, RETURN pops, the policy ends it. */
export function runChain(r: DockerRules, table: 'nat' | 'filter', chain: string, x: Ctx): ChainResult {
	const tried: ChainResult['tried'] = [];
	const walk = (name: string, depth: number): ChainResult | null => {
		if (depth > 8) return null;
		for (const rule of r.rules.filter((y) => y.table === table && y.chain === name)) {
			const matched = rule.match(x);
			tried.push({ rule, matched });
			if (!matched) continue;
			if (rule.target === 'RETURN') return null;
			const t = rule.target;
			if (t === 'ACCEPT' || t === 'DROP' || t === 'DNAT' || t === 'MASQUERADE') return { verdict: t as ChainResult['verdict'], rule, tried };
			const sub = walk(rule.target, depth + 1);
			if (sub) return sub;
		}
		return null;
	};
	const res = walk(chain, 0);
	if (res) return res;
	const policy = r.policy[`${table}/${chain}`] ?? 'ACCEPT';
	return { verdict: policy, tried };
}
