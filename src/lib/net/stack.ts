// The kernel's path through one host's root network namespace, the same on a
// Kubernetes node (walk.ts) and a Docker host (dockerwalk.ts): nat
// PREROUTING (conntrack's reverse translation on a reply), the routing
// decision, INPUT for the host's own addresses or else FORWARD, nat
// POSTROUTING with conntrack's confirmation, then out of the device the
// route chose. Locally generated packets skip PREROUTING and FORWARD.
// See the netfilter packet flow: https://wiki.nftables.org/wiki-nftables/index.php/Netfilter_hooks
// Each walker gives one Stack: what a step does on its hosts and the hops it
// shows; the order of the steps lives only here.
import { cidrContains } from '../model';
import { routeLookup, type NetHost, type Route } from './host';

/** A step's outcome: the packet goes on, or the walk ended. */
export interface StepOut<P, E> {
	pkt: P;
	end?: E;
}

export interface Stack<W, H, P extends { dst: string }, E> {
	net(walk: W, host: H): NetHost;
	/** nat PREROUTING on a request; on a reply, conntrack undoes the recorded SNAT */
	prerouting(walk: W, host: H, p: P, inDev: string): StepOut<P, E>;
	/** delivered to the host itself: filter INPUT and the local socket */
	input(walk: W, host: H, p: P, inDev: string): E;
	/** the routing decision as a hop (`forwarded`: arrived from a device, not from a local socket) */
	route(walk: W, host: H, p: P, rt: Route, forwarded: boolean, original: P): P;
	/** filter FORWARD */
	forward(walk: W, host: H, p: P, inDev: string, rt: Route): E | undefined;
	/** nat POSTROUTING (MASQUERADE) and conntrack; on a reply, conntrack undoes the recorded DNAT */
	postrouting(walk: W, host: H, p: P, original: P, rt: Route, forwarded: boolean): StepOut<P, E>;
	/** out of the route's device: the bridge to a local endpoint, eth0 to the network, a tunnel */
	out(walk: W, host: H, p: P, rt: Route, original: P): E;
}

/** A packet arriving on `inDev` (the bridge, eth0, a tunnel): delivered locally or forwarded. */
export function arrive<W, H, P extends { dst: string }, E>(s: Stack<W, H, P, E>, walk: W, host: H, p: P, inDev: string): E {
	const a = s.prerouting(walk, host, p, inDev);
	if (a.end) return a.end;
	if (s.net(walk, host).isLocal(a.pkt.dst)) return s.input(walk, host, a.pkt, inDev);
	return routeOut(s, walk, host, a.pkt, p, inDev);
}

/**
 * Route `p` and send it out. `inDev` null: a local socket sent it (after nat
 * and filter OUTPUT, which the caller ran), so there is no FORWARD.
 * `original`: the packet as it entered this host, before any translation.
 */
export function routeOut<W, H, P extends { dst: string }, E>(s: Stack<W, H, P, E>, walk: W, host: H, p: P, original: P, inDev: string | null): E {
	const rt = routeLookup(s.net(walk, host), p.dst);
	const forwarded = inDev !== null;
	const q = s.route(walk, host, p, rt, forwarded, original);
	if (forwarded) {
		const f = s.forward(walk, host, q, inDev, rt);
		if (f) return f;
	}
	const b = s.postrouting(walk, host, q, original, rt, forwarded);
	if (b.end) return b.end;
	return s.out(walk, host, b.pkt, rt, original);
}

/** A walker's endpoints (pods, containers): network namespaces plugged into the host's bridge by a veth pair. */
export interface Site<W, H, P extends { dst: string }, E, X> extends Stack<W, H, P, E> {
	/** the endpoint's eth0 (its own routing table) and the host end of its veth */
	leave(walk: W, host: H, ep: X, p: P, onLink: boolean): void;
	/** on-link: the bridge switches the frame to whichever endpoint answers ARP (br_netfilter still runs the hooks) */
	switched(walk: W, host: H, ep: X, p: P): E;
	/** off-link: the endpoint's gateway is the bridge's own address, so the frame goes up into the host */
	up(walk: W, host: H, ep: X, p: P): void;
}

/** A packet sent by an endpoint on `host`'s bridge: switched to a neighbour, or up into the host's IP stack. */
export function fromEndpoint<W, H, P extends { dst: string }, E, X>(s: Site<W, H, P, E, X>, walk: W, host: H, ep: X, p: P): E {
	const br = s.net(walk, host).bridge;
	// the bridge's own address is on the subnet too, but it belongs to the host: up the stack
	const onLink = cidrContains(br.cidr, p.dst) && p.dst !== br.ip;
	s.leave(walk, host, ep, p, onLink);
	if (onLink) return s.switched(walk, host, ep, p);
	s.up(walk, host, ep, p);
	return arrive(s, walk, host, p, br.name);
}
