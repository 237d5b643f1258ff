// Nodes: read from `kind: Node` documents when the input has any (then no
// node is made up), else `nodeCount` synthesised workers with documented
// defaults: node i gets IP nodeIPStart+(i-1) and pod CIDR subnet i-1.
import type { ClusterSettings, Diagnostic, Node, Resource } from './types';
import { addToIPv4, nthHost, parseCidr, subnet } from './cidr';
import { fmt, MAX_SYNTHESIZED_NODES } from './budget';
import { makeDiag, refAt } from './diag';
import { objs, obj, str } from './raw';

export function buildNodes(nodeDocs: Resource[], s: ClusterSettings, diags: Diagnostic[], header?: Resource): Node[] {
	if (nodeDocs.length === 0) {
		const asked = Math.floor(s.nodeCount);
		if (asked > MAX_SYNTHESIZED_NODES) {
			const d: Diagnostic = header
				? makeDiag(header, 'warning', 'nodes-capped', '', 'spec.settings.nodeCount')
				: { severity: 'warning', code: 'nodes-capped', message: '', file: '', line: 1, column: 1 };
			d.message = `nodeCount ${fmt(asked)} asks for more nodes than the ${fmt(MAX_SYNTHESIZED_NODES)} Hopscope synthesises; ${fmt(MAX_SYNTHESIZED_NODES)} are modelled`;
			diags.push(d);
		}
		return synthesizeNodes(s);
	}
	const nodes: Node[] = [];
	nodeDocs.forEach((res, i) => {
		const status = obj(res.raw.status);
		const spec = obj(res.raw.spec);
		const addrs = objs(status.addresses);
		const addr = (type: string) => str(addrs.find((a) => a.type === type)?.address);
		let ip = addr('InternalIP');
		if (!ip) {
			ip = addToIPv4(s.nodeIPStart, i) ?? '';
			diags.push(makeDiag(res, 'info', 'node-ip-default', `Node ${res.name} has no InternalIP in status.addresses; using ${ip}`, 'status'));
		}
		let podCIDR = str(spec.podCIDR) ?? "";
		if (!podCIDR && Array.isArray(spec.podCIDRs)) podCIDR = str(spec.podCIDRs[0]) ?? '';
		if (!podCIDR || !parseCidr(podCIDR)) {
			const fallback = subnet(s.podCIDR, s.podCIDRMaskSize, i) ?? '';
			diags.push(
				makeDiag(
					res,
					'info',
					'node-podcidr-default',
					`Node ${res.name} has ${podCIDR ? `an invalid spec.podCIDR "${podCIDR}"` : 'no spec.podCIDR'}; using ${fallback}`,
					'spec.podCIDR'
				)
			);
			podCIDR = fallback;
		}
		const labels = { ...res.labels };
		if (!labels['kubernetes.io/hostname']) labels['kubernetes.io/hostname'] = res.name;
		const node: Node = {
			name: res.name,
			ip,
			podCIDR,
			bridgeIP: nthHost(podCIDR, 1) ?? '',
			labels,
			synthesized: false,
			source: refAt(res)
		};
		const ext = addr('ExternalIP');
		if (ext) node.externalIP = ext;
		nodes.push(node);
	});
	return nodes;
}

export function synthesizeNodes(s: ClusterSettings): Node[] {
	const nodes: Node[] = [];
	const count = Math.min(MAX_SYNTHESIZED_NODES, Math.max(0, Math.floor(s.nodeCount) || 0));
	for (let i = 0; i < count; i++) {
		const name = `${s.nodeNamePrefix}${i + 1}`;
		const podCIDR = subnet(s.podCIDR, s.podCIDRMaskSize, i) ?? '';
		nodes.push({
			name,
			ip: addToIPv4(s.nodeIPStart, i) ?? '',
			podCIDR,
			bridgeIP: nthHost(podCIDR, 1) ?? '',
			labels: {
				'kubernetes.io/hostname': name,
				'kubernetes.io/os': 'linux',
				'kubernetes.io/arch': 'amd64'
			},
			synthesized: true
		});
	}
	return nodes;
}

