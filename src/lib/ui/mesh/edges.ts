// Edge styles of the mesh view, registered next to the shared ones (Diagram
// and Legend read EDGE_STYLES): a mirror is a fire-and-forget copy, drawn
// dashed so it never reads as the request's own path.
import { EDGE_STYLES } from '../diagram/edge-styles';

// A function, not import-time statements: the build treats src/lib modules as
// free of side effects, and a bare `import './edges'` would be dropped.
export function registerMeshEdgeStyles(): void {
	EDGE_STYLES.mirror ??= {
		label: 'mirror',
		meaning: 'Istio mirror: a copy of each request is sent, its response dropped',
		color: 'var(--nat)',
		dash: '6 4',
		width: 1.6
	};

	// Transport security between two workloads (the label carries the meaning too:
	// ✓ mTLS, plaintext, ✗ blocked — colour never alone).
	EDGE_STYLES.mtls ??= {
		label: '✓ mTLS',
		meaning: 'Istio mutual TLS: both ends have Envoy and the server accepts mTLS',
		color: 'var(--ok)',
		dash: '',
		width: 2.6
	};
	EDGE_STYLES.plaintext ??= {
		label: 'plaintext',
		meaning: 'unencrypted: a side without sidecar, TLS disabled, or a PERMISSIVE server accepting plaintext',
		color: 'var(--muted)',
		dash: '2 3',
		width: 1.4
	};
	EDGE_STYLES.blocked ??= {
		label: '✗ blocked',
		meaning: 'the connection is reset: plaintext to a STRICT server, or ISTIO_MUTUAL to a server that cannot terminate it',
		color: 'var(--bad)',
		dash: '8 3 2 3',
		width: 2.2
	};

	// The Security layer (view/mesh/security.ts): the layer that decides is named
	// in the label (L3-4 on the node, mTLS, L7 in the sidecar) and drawn in its own
	// colour and dash, so it reads without colour too.
	EDGE_STYLES['sec-ok'] ??= {
		label: 'allowed',
		meaning: 'Security layer: NetworkPolicy, mTLS and authorization all let the request through',
		color: 'var(--ok)',
		dash: '',
		width: 1.8
	};
	EDGE_STYLES['sec-l34'] ??= {
		label: '✗ L3-4 (node)',
		meaning: 'Security layer: a NetworkPolicy drops the connection on the node (L3-4), before any sidecar',
		color: 'var(--bad)',
		dash: '2 4',
		width: 2.4
	};
	EDGE_STYLES['sec-tls'] ??= {
		label: '✗ mTLS',
		meaning: 'Security layer: the Envoys cannot agree on transport security (PeerAuthentication / DestinationRule tls)',
		color: 'var(--warn)',
		dash: '8 3 2 3',
		width: 2.2
	};
	EDGE_STYLES['sec-l7'] ??= {
		label: '✗ L7 (sidecar)',
		meaning: "Security layer: the server's sidecar denies the request, 403 RBAC: access denied (AuthorizationPolicy)",
		color: 'var(--nat)',
		dash: '10 4',
		width: 2.4
	};
}
