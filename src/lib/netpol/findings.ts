// Findings about NetworkPolicies: what the API server would reject
// (validation in kubernetes/kubernetes pkg/apis/networking/validation) and
// what Hopscope therefore reads differently from what the author wrote. Each
// points at the field's line. Reads the raw resources: the model has already
// normalised these fields away. Never throws on any input shape.
import type { Finding, Resource, Severity } from '../manifest';
import { lineOf } from '../manifest';
import { isObj, parseCidr, type Obj } from '../model';

export const NETPOL_CODES = {
	unknownPolicyType: 'HS-N001',
	badCidr: 'HS-N002',
	exceptOutside: 'HS-N003',
	selectorShape: 'HS-N004',
	endPort: 'HS-N005',
	peerShape: 'HS-N006',
	protocol: 'HS-N007',
	ignoredRules: 'HS-N008'
} as const;

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function netpolFindings(resources: Resource[]): Finding[] {
	const out: Finding[] = [];
	for (const res of resources) {
		if (res.kind !== 'NetworkPolicy') continue;
		const ns = res.namespace ?? 'default';
		const id = `${ns}/${res.name}`;
		const add = (code: string, severity: Severity, path: string, message: string) =>
			out.push({ code, severity, message: `NetworkPolicy ${id}: ${message}`, file: res.source.file, line: lineOf(res, path).line, ref: { kind: 'NetworkPolicy', namespace: ns, name: res.name }, path });
		const spec: Obj = isObj(res.raw.spec) ? res.raw.spec : {};
		selector(add, spec.podSelector, 'spec.podSelector');
		const types = list(spec.policyTypes);
		types.forEach((t, i) => {
			if (t !== 'Ingress' && t !== 'Egress')
				add(NETPOL_CODES.unknownPolicyType, 'error', `spec.policyTypes.${i}`, `policyTypes entry ${JSON.stringify(t)} is neither Ingress nor Egress; the API server rejects the policy. Hopscope ignores the entry.`);
		});
		const written = types.filter((t) => t === 'Ingress' || t === 'Egress');
		if (written.length) {
			if (!written.includes('Egress') && list(spec.egress).length)
				add(NETPOL_CODES.ignoredRules, 'warning', 'spec.egress', `has egress rules, but policyTypes does not list Egress: the rules are ignored and the pods are not isolated for egress.`);
			if (!written.includes('Ingress') && list(spec.ingress).length)
				add(NETPOL_CODES.ignoredRules, 'warning', 'spec.ingress', `has ingress rules, but policyTypes does not list Ingress: the rules are ignored and the pods are not isolated for ingress.`);
		}
		for (const dir of ['ingress', 'egress'] as const) {
			const peersKey = dir === 'ingress' ? 'from' : 'to';
			list(spec[dir]).forEach((rule, r) => {
				if (!isObj(rule)) return;
				const base = `spec.${dir}.${r}`;
				list(rule[peersKey]).forEach((peer, k) => peerChecks(add, peer, `${base}.${peersKey}.${k}`));
				list(rule.ports).forEach((port, k) => portChecks(add, port, `${base}.ports.${k}`));
			});
		}
	}
	return out;
}

type Add = (code: string, severity: Severity, path: string, message: string) => void;

function selector(add: Add, v: unknown, path: string): void {
	if (v === undefined || v === null) return;
	if (!isObj(v)) {
		add(NETPOL_CODES.selectorShape, 'error', path, `${path} must be a label selector (matchLabels / matchExpressions), not ${Array.isArray(v) ? 'a list' : typeof v}.`);
		return;
	}
	for (const k of Object.keys(v)) {
		if (k !== 'matchLabels' && k !== 'matchExpressions')
			add(NETPOL_CODES.selectorShape, 'error', `${path}.${k}`, `${path} has an unknown field "${k}" — labels go under matchLabels (as written the selector ignores it and selects more pods than meant).`);
	}
	const ml = v.matchLabels;
	if (ml !== undefined && ml !== null && (!isObj(ml) || Object.values(ml).some((x) => typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean')))
		add(NETPOL_CODES.selectorShape, 'error', `${path}.matchLabels`, `${path}.matchLabels must be a map of label → value; as written it selects every pod.`);
	const me = v.matchExpressions;
	if (me !== undefined && me !== null && !Array.isArray(me)) add(NETPOL_CODES.selectorShape, 'error', `${path}.matchExpressions`, `${path}.matchExpressions must be a list of requirements.`);
	list(me).forEach((e, i) => {
		const p = `${path}.matchExpressions.${i}`;
		if (!isObj(e)) return add(NETPOL_CODES.selectorShape, 'error', p, `${p} must be {key, operator, values}.`);
		const op = e.operator;
		const values = list(e.values);
		if (typeof op !== 'string' || !OPERATORS.includes(op)) return add(NETPOL_CODES.selectorShape, 'error', `${p}.operator`, `operator ${JSON.stringify(op)} is not In, NotIn, Exists or DoesNotExist; the requirement matches nothing.`);
		if ((op === 'In' || op === 'NotIn') && values.length === 0) add(NETPOL_CODES.selectorShape, 'error', `${p}.values`, `operator ${op} needs a non-empty values list.`);
		if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) add(NETPOL_CODES.selectorShape, 'error', `${p}.values`, `operator ${op} takes no values.`);
	});
}

function peerChecks(add: Add, peer: unknown, path: string): void {
	if (!isObj(peer)) return;
	const hasSel = peer.podSelector !== undefined || peer.namespaceSelector !== undefined;
	if (peer.ipBlock !== undefined && hasSel)
		add(NETPOL_CODES.peerShape, 'error', path, `a peer with ipBlock cannot also have podSelector or namespaceSelector; the API server rejects it (Hopscope uses the ipBlock).`);
	if (peer.ipBlock === undefined && !hasSel) add(NETPOL_CODES.peerShape, 'error', path, `a peer needs podSelector, namespaceSelector or ipBlock; this one selects nothing.`);
	selector(add, peer.podSelector, `${path}.podSelector`);
	selector(add, peer.namespaceSelector, `${path}.namespaceSelector`);
	if (peer.ipBlock === undefined) return;
	const ib = peer.ipBlock;
	if (!isObj(ib)) return add(NETPOL_CODES.badCidr, 'error', `${path}.ipBlock`, `ipBlock must be {cidr, except}.`);
	const cidrText = typeof ib.cidr === 'string' ? ib.cidr : '';
	const cidr = cidrText.includes('/') ? parseCidr(cidrText) : null;
	if (!cidr) add(NETPOL_CODES.badCidr, 'error', `${path}.ipBlock.cidr`, `ipBlock.cidr ${JSON.stringify(ib.cidr ?? null)} is not a CIDR like 10.0.0.0/16; the block matches nothing.`);
	list(ib.except).forEach((e, i) => {
		const p = `${path}.ipBlock.except.${i}`;
		const ex = typeof e === 'string' && e.includes('/') ? parseCidr(e) : null;
		if (!ex) return add(NETPOL_CODES.badCidr, 'error', p, `except entry ${JSON.stringify(e)} is not a CIDR.`);
		if (cidr && !(ex.prefix > cidr.prefix && (cidr.prefix === 0 || ex.base >>> (32 - cidr.prefix) === cidr.base >>> (32 - cidr.prefix))))
			add(NETPOL_CODES.exceptOutside, 'error', p, `except ${e} is not strictly inside cidr ${cidrText}; the API server rejects it ("must be a strict subset of cidr").`);
	});
}

function portChecks(add: Add, port: unknown, path: string): void {
	if (!isObj(port)) return;
	if (port.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(String(port.protocol)))
		add(NETPOL_CODES.protocol, 'error', `${path}.protocol`, `protocol ${JSON.stringify(port.protocol)} is not TCP, UDP or SCTP (case matters); Hopscope reads it as TCP.`);
	if (port.endPort === undefined || port.endPort === null) return;
	const p = port.port;
	if (p === undefined || p === null) add(NETPOL_CODES.endPort, 'error', `${path}.endPort`, `endPort needs a port to start the range from; ignored.`);
	else if (typeof p === 'string' && !/^\d+$/.test(p)) add(NETPOL_CODES.endPort, 'error', `${path}.endPort`, `endPort cannot be used with a named port (${p}); ignored.`);
	else if (typeof port.endPort === 'number' && Number(port.endPort) < Number(p)) add(NETPOL_CODES.endPort, 'error', `${path}.endPort`, `endPort ${port.endPort} is below port ${p}; the API server rejects it (Hopscope matches port ${p} only).`);
}
