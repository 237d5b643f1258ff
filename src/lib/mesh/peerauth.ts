// Mutual TLS between two Envoys, as Istio decides it.
//  - Server side (security.istio.io PeerAuthentication): the workload policy
//    (selector matching the pod, in the pod's namespace) beats the namespace
//    policy (no selector), which beats the mesh policy (no selector, root
//    namespace istio-system); UNSET inherits from the next level; nothing at
//    all means PERMISSIVE. portLevelMtls (keyed by the workload port) only
//    counts on a policy with a selector. Within one level the oldest policy
//    wins; here: the first in the input.
//      STRICT     the inbound listener only has mTLS filter chains
//      PERMISSIVE mTLS and plaintext filter chains
//      DISABLE    plaintext filter chains only
//  - Client side: DestinationRule trafficPolicy.tls.mode, else auto mTLS —
//    ISTIO_MUTUAL iff the endpoint runs an Istio sidecar and its policy is not
//    DISABLE; plaintext to pods without a sidecar and to gateway pods (they
//    carry no tlsMode=istio label), TLS origination (SIMPLE/MUTUAL) as written.
//  - The link: mTLS against STRICT/PERMISSIVE works; plaintext against
//    STRICT is reset (sidecar client: 503 UC "upstream connect error or
//    disconnect/reset before headers. reset reason: connection termination";
//    client without sidecar: connection reset, curl exit 56); ISTIO_MUTUAL
//    against a pod without sidecar, or against DISABLE, fails the handshake
//    (503 UF).
import type { Cluster, IstioGateway, PeerAuthentication, PeerAuthMode, Pod } from '../model';
import { matchesLabels } from '../model';
import { ROOT_NAMESPACE } from './policy';

export type LinkState = 'mtls' | 'plaintext' | 'blocked';

export interface ServerMtls {
	/** effective mode; PERMISSIVE when nothing is configured */
	mode: Exclude<PeerAuthMode, 'UNSET'>;
	/** the PeerAuthentication that set it (null: Istio's default) */
	policy: PeerAuthentication | null;
	/** `workload`, `namespace`, `mesh`, `port N` or `default` */
	level: string;
}

function firstOf(list: PeerAuthentication[], pred: (p: PeerAuthentication) => boolean): PeerAuthentication | null {
	return list.find(pred) ?? null;
}

/** The PeerAuthentication mode the sidecar of `pod` enforces on `port` (a workload/container port). */
export function serverMtls(cluster: Cluster, pod: Pick<Pod, 'namespace' | 'labels'>, port: number | null): ServerMtls {
	const pas = cluster.peerAuthentications ?? [];
	const workload = firstOf(pas, (p) => p.namespace === pod.namespace && p.selector !== null && matchesLabels(p.selector, pod.labels));
	const ns = pod.namespace === ROOT_NAMESPACE ? null : firstOf(pas, (p) => p.namespace === pod.namespace && p.selector === null);
	const mesh = firstOf(pas, (p) => p.namespace === ROOT_NAMESPACE && p.selector === null);
	if (workload && port !== null) {
		const m = workload.portLevel[port];
		if (m && m !== 'UNSET') return { mode: m, policy: workload, level: `port ${port}` };
	}
	for (const [p, level] of [
		[workload, 'workload'],
		[ns, 'namespace'],
		[mesh, 'mesh']
	] as const) {
		if (p && p.mode !== 'UNSET') return { mode: p.mode, policy: p, level };
	}
	return { mode: 'PERMISSIVE', policy: null, level: 'default' };
}

export interface LinkVerdict {
	state: LinkState;
	/** what the client sends: ISTIO_MUTUAL, plaintext, SIMPLE, MUTUAL */
	clientTls: string;
	/** what the server accepts (null: no Envoy on the server side) */
	serverMode: string | null;
	reason: string;
	/** the failure when blocked */
	fail?: { status: number; flags: string[]; detail: string };
}

export function describeServer(s: ServerMtls): string {
	if (s.policy) return `PeerAuthentication ${s.policy.id} (${s.level}) ${s.mode}`;
	return s.level === 'default' ? 'no PeerAuthentication: PERMISSIVE (Istio default)' : s.level;
}

/** Client `clientTls` (what it sends) towards a sidecar pod (`server`), a pod without sidecar (null) or the internet. */
export function linkVerdict(clientTls: string, clientSidecar: boolean, server: ServerMtls | null, serverKind: 'sidecar' | 'plain' | 'external'): LinkVerdict {
	const v = (state: LinkState, reason: string, fail?: LinkVerdict['fail']): LinkVerdict => {
		const out: LinkVerdict = { state, clientTls, serverMode: server ? server.mode : null, reason };
		if (fail) out.fail = fail;
		return out;
	};
	const mutual = clientTls === 'ISTIO_MUTUAL';
	if (serverKind !== 'sidecar' || !server) {
		if (mutual && serverKind === 'plain')
			return v('blocked', 'the client insists on Istio mTLS but the server has no sidecar to terminate it', {
				status: 503,
				flags: ['UF'],
				detail: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: TLS error (the server has no sidecar to terminate mTLS)'
			});
		if (mutual) return v('mtls', 'Istio mTLS');
		return v('plaintext', serverKind === 'external' ? 'leaves the mesh without Istio mTLS' : 'the server has no sidecar: plaintext');
	}
	const where = describeServer(server);
	if (mutual) {
		if (server.mode === 'DISABLE')
			return v('blocked', `the client sends Istio mTLS but ${where} only has plaintext filter chains`, {
				status: 503,
				flags: ['UF'],
				detail: `upstream connect error or disconnect/reset before headers. reset reason: connection failure (TLS handshake refused: ${where})`
			});
		return v('mtls', `Istio mTLS accepted (${where})`);
	}
	if (server.mode === 'STRICT') {
		const what = clientTls === 'plaintext' ? 'plaintext' : `${clientTls} TLS without the mesh certificate`;
		return v(
			'blocked',
			`${what} to a STRICT server: ${where} only accepts mTLS, the connection is reset`,
			clientSidecar
				? { status: 503, flags: ['UC'], detail: `upstream connect error or disconnect/reset before headers. reset reason: connection termination (${where})` }
				: { status: 0, flags: [], detail: `connection reset by peer (${where}; curl exit 56)` }
		);
	}
	return v('plaintext', `${clientTls === 'plaintext' ? 'plaintext' : `${clientTls} (not Istio mTLS)`} accepted (${where})`);
}

/** What a client sidecar sends: the DestinationRule's tls.mode, else auto mTLS (mTLS iff the server has a sidecar whose policy is not DISABLE). */
export function clientTls(drMode: string | null, drId: string | null, toGateway: boolean, serverKind: 'sidecar' | 'plain' | 'external', server: ServerMtls | null): { mode: string; source: string } {
	if (drMode) return { mode: drMode, source: `DestinationRule ${drId}` };
	if (toGateway) return { mode: 'plaintext', source: 'auto mTLS (a gateway pod is not labelled tlsMode=istio)' };
	if (serverKind === 'sidecar' && server?.mode !== 'DISABLE') return { mode: 'ISTIO_MUTUAL', source: 'auto mTLS (the server has a sidecar)' };
	if (serverKind === 'sidecar') return { mode: 'plaintext', source: `auto mTLS (the server's PeerAuthentication is DISABLE)` };
	return { mode: 'plaintext', source: serverKind === 'plain' ? 'auto mTLS (the server has no sidecar)' : 'no TLS settings' };
}

/** What a Gateway server on `port` accepts from inside the mesh: ISTIO_MUTUAL, or plaintext (HTTP). */
export function gatewayServerMtls(gw: IstioGateway, port: number): ServerMtls {
	const s = gw.servers.find((x) => x.port.number === port);
	const mode = typeof s?.tls?.mode === 'string' ? s.tls.mode : null;
	return { mode: mode === 'ISTIO_MUTUAL' ? 'STRICT' : 'DISABLE', policy: null, level: `Gateway ${gw.id} server port ${port}${mode ? ` tls ${mode}` : ''}` };
}
