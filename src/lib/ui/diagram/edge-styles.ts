// How each edge type is drawn. Colour never stands alone: each type also has
// its own dash pattern and weight, and the Legend names them.
export interface EdgeStyle {
	label: string;
	meaning: string;
	color: string;
	dash: string;
	width: number;
}

export const EDGE_STYLES: Record<string, EdgeStyle> = {
	routes: { label: 'routes', meaning: 'traffic is forwarded (Internet → entry, Ingress/Gateway → Service)', color: 'var(--edge-routes)', dash: '', width: 2 },
	selects: { label: 'selects', meaning: 'label selector picks pods (Service → pods)', color: 'var(--edge-selects)', dash: '7 4', width: 1.6 },
	owns: { label: 'owns', meaning: 'controller manages pods (workload → pods)', color: 'var(--edge-owns)', dash: '1.5 3.5', width: 1.8 },
	uses: { label: 'uses', meaning: 'mounts or references (workload → ConfigMap, Secret, PVC)', color: 'var(--edge-uses)', dash: '9 3 2 3', width: 1.4 },
	// The mesh view. Here, not registered by the lazy mesh module: the build
	// treats src/lib modules as free of side effects and dropped that registration.
	// A mirror is a fire-and-forget copy, drawn dashed so it never reads as the request's own path;
	// transport security and the Security layer say their meaning in the label too (colour never alone).
	mirror: {
		label: 'mirror',
		meaning: 'Istio mirror: a copy of each request is sent, its response dropped',
		color: 'var(--nat)',
		dash: '6 4',
		width: 1.6
	},
	mtls: {
		label: '✓ mTLS',
		meaning: 'Istio mutual TLS: both ends have Envoy and the server accepts mTLS',
		color: 'var(--ok)',
		dash: '',
		width: 2.6
	},
	plaintext: {
		label: 'plaintext',
		meaning: 'unencrypted: a side without sidecar, TLS disabled, or a PERMISSIVE server accepting plaintext',
		color: 'var(--muted)',
		dash: '2 3',
		width: 1.4
	},
	blocked: {
		label: '✗ blocked',
		meaning: 'the connection is reset: plaintext to a STRICT server, or ISTIO_MUTUAL to a server that cannot terminate it',
		color: 'var(--bad)',
		dash: '8 3 2 3',
		width: 2.2
	},
	'sec-ok': {
		label: 'allowed',
		meaning: 'Security layer: NetworkPolicy, mTLS and authorization all let the request through',
		color: 'var(--ok)',
		dash: '',
		width: 1.8
	},
	'sec-l34': {
		label: '✗ L3-4 (node)',
		meaning: 'Security layer: a NetworkPolicy drops the connection on the node (L3-4), before any sidecar',
		color: 'var(--bad)',
		dash: '2 4',
		width: 2.4
	},
	'sec-tls': {
		label: '✗ mTLS',
		meaning: 'Security layer: the Envoys cannot agree on transport security (PeerAuthentication / DestinationRule tls)',
		color: 'var(--warn)',
		dash: '8 3 2 3',
		width: 2.2
	},
	'sec-l7': {
		label: '✗ L7 (sidecar)',
		meaning: "Security layer: the server's sidecar denies the request, 403 RBAC: access denied (AuthorizationPolicy)",
		color: 'var(--nat)',
		dash: '10 4',
		width: 2.4
	}
};

export const OTHER_EDGE: EdgeStyle = { label: 'other', meaning: '', color: 'var(--edge-other)', dash: '', width: 1.4 };

export function edgeStyle(type: string): EdgeStyle {
	return EDGE_STYLES[type] ?? OTHER_EDGE;
}

/** A badge chip's tone: on a box (not ready, sidecar) and on a route edge (abort, delay, timeout, mirror). */
export type ChipTone = '' | 'bad' | 'warn' | 'mesh';
export const badgeTone = (b: string): ChipTone => (b.includes('not ready') || b === 'no endpoints' ? 'bad' : b === 'sidecar' ? 'mesh' : '');
export const edgeBadgeTone = (b: string): ChipTone => (b.startsWith('abort') ? 'bad' : b.startsWith('delay') || b.startsWith('timeout') ? 'warn' : 'mesh');
