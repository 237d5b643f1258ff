// Flow ends from REF strings, parsed (and validated) by the one REF grammar
// (model/refs.ts): pod/svc/deploy/sts/ds/node/ingress/external/dns/url
// and `container/NS/POD/CONTAINER` (flow 9: two containers of one pod over
// localhost). The trace engine splits URLs into scheme, host, port and path,
// and keeps a DNS name's trailing dot: `dns/name.` is absolute (no search list).
import { parseRef as parseModelRef, parseUrl, WORKLOAD_KIND } from '../model';
import type { FlowEnd } from './packet';

/** `pod/NS/NAME`, `svc/NS/NAME`, `node/NAME`, `external/IP`, `dns/NAME`, `url/http://host/path`, `container/NS/POD/CONTAINER`, … ; null when not a REF. */
export function toFlowEnd(s: string): FlowEnd | null {
	const text = s.trim();
	const r = parseModelRef(text);
	if (!r) return null;
	const ns = r.namespace ?? 'default';
	switch (r.kind) {
		case 'container':
			return { kind: 'container', namespace: ns, name: r.name, container: r.container! };
		case 'pod':
			return { kind: 'pod', namespace: ns, name: r.name };
		case 'svc':
			return { kind: 'svc', namespace: ns, name: r.name };
		case 'deploy':
		case 'sts':
		case 'ds':
			return { kind: 'workload', workload: WORKLOAD_KIND[r.kind], namespace: ns, name: r.name };
		case 'ingress':
			return { kind: 'ingress', namespace: ns, name: r.name };
		case 'node':
			return { kind: 'node', name: r.name };
		case 'external':
			return { kind: 'external', ip: r.name };
		case 'dns':
			// parseRef (model/refs) drops the trailing dot; resolv.conf semantics need it
			return { kind: 'dns', name: text.endsWith('.') && !r.name.endsWith('.') ? `${r.name}.` : r.name };
		case 'url':
			return urlEnd(r.name);
		default:
			return null;
	}
}

function urlEnd(url: string): FlowEnd | null {
	const u = parseUrl(url);
	return u ? { kind: 'url', url, ...u } : null;
}

export function formatEnd(e: FlowEnd): string {
	switch (e.kind) {
		case 'container':
			return `container/${e.namespace}/${e.name}/${e.container}`;
		case 'workload':
			return `${e.workload}/${e.namespace}/${e.name}`;
		case 'node':
			return `node/${e.name}`;
		case 'external':
			return `external/${e.ip}`;
		case 'dns':
			return `dns/${e.name}`;
		case 'url':
			return `url/${e.url}`;
		default:
			return `${e.kind}/${e.namespace}/${e.name}`;
	}
}
