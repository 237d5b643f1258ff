// Envoy's HTTP/1.1 connection pool and the cluster circuit breakers that
// guard it, as Istio configures them from DestinationRule connectionPool:
//   tcp.maxConnections          → circuit_breakers.max_connections
//   http.http1MaxPendingRequests → max_pending_requests
//   http.http2MaxRequests        → max_requests
//   http.maxRetries              → max_retries
//   http.maxRequestsPerConnection → cluster max_requests_per_connection
// Thresholds are per upstream cluster (shared by all its hosts); connections
// belong to one host. Overflow fails the request at once with 503 and the
// response flag UO (Envoy "Circuit breaking" arch overview; cluster stats
// upstream_cx_overflow, upstream_rq_pending_overflow, upstream_rq_retry_overflow).
import { assign, setup } from 'xstate';
import { describeMachine, send, track, type Tracked } from './machines';

/** Envoy thresholds after Istio's mapping; Istio's "unset" is 2^32−1 (unlimited). */
export interface ConnPoolLimits {
	maxConnections: number;
	maxPendingRequests: number;
	maxRequests: number;
	maxRetries: number;
	/** 0 = unlimited; 1 disables keep-alive */
	maxRequestsPerConnection: number;
}

export interface ConnPoolStats {
	upstream_cx_total: number;
	upstream_cx_overflow: number;
	upstream_rq_total: number;
	upstream_rq_pending_overflow: number;
	upstream_rq_retry_overflow: number;
}

export interface ConnPoolContext {
	limits: ConnPoolLimits;
	/** open or connecting connections (the max_connections resource) */
	cx: number;
	/** requests waiting for a connection (max_pending_requests) */
	pending: number;
	/** requests on a connection (max_requests) */
	rq: number;
	/** retries in flight (max_retries) */
	retries: number;
	/** what the last *_REQUEST/RQ_QUEUE/RQ_ATTACH event came to */
	lastDecision: 'admitted' | 'overflow' | null;
	stats: ConnPoolStats;
}

export interface Connection {
	id: number;
	host: string;
	state: 'connecting' | 'busy' | 'idle';
	served: number;
	req: number | null;
}

/** What the simulator must do after a pool call. */
export type PoolEffect =
	| { type: 'connect'; conn: number; host: string; at: number }
	| { type: 'start'; req: number; conn: number; host: string; t: number }
	| { type: 'overflow'; req: number; host: string; t: number };

export const UNLIMITED = 4294967295;

export const ISTIO_POOL_DEFAULTS: ConnPoolLimits = {
	maxConnections: UNLIMITED,
	maxPendingRequests: UNLIMITED,
	maxRequests: UNLIMITED,
	maxRetries: UNLIMITED,
	maxRequestsPerConnection: 0
};

export type PoolEvent =
	/** a connection is wanted: opened, or refused by max_connections (upstream_cx_overflow) */
	| { type: 'CX_REQUEST'; t: number }
	| { type: 'CX_CLOSE'; t: number }
	/** a request must wait for a connection: queued, or refused by max_pending_requests (503 UO) */
	| { type: 'RQ_QUEUE'; t: number }
	| { type: 'PENDING_REMOVE'; t: number }
	/** a request gets a connection: started, or refused by max_requests (503 UO) */
	| { type: 'RQ_ATTACH'; t: number }
	| { type: 'RQ_END'; t: number }
	/** a retry wants to start: admitted, or refused by max_retries (upstream_rq_retry_overflow) */
	| { type: 'RETRY_REQUEST'; t: number }
	| { type: 'RETRY_END'; t: number };

const bump = (c: ConnPoolContext, patch: Partial<Omit<ConnPoolContext, 'stats' | 'limits'>>, stat?: keyof ConnPoolStats) => ({
	...patch,
	stats: stat ? { ...c.stats, [stat]: c.stats[stat] + 1 } : c.stats
});

export type PoolState = 'idle' | 'active' | 'connectionsFull' | 'requestsFull' | 'pendingFull';
const POOL_STATES: PoolState[] = ['idle', 'active', 'connectionsFull', 'requestsFull', 'pendingFull'];

export function poolState(c: Pick<ConnPoolContext, 'limits' | 'cx' | 'pending' | 'rq'>): PoolState {
	if (c.pending >= c.limits.maxPendingRequests) return 'pendingFull';
	if (c.rq >= c.limits.maxRequests) return 'requestsFull';
	if (c.cx >= c.limits.maxConnections) return 'connectionsFull';
	return c.rq + c.pending > 0 ? 'active' : 'idle';
}

const exits = (from: PoolState) => POOL_STATES.filter((s) => s !== from).map((s) => ({ guard: s, target: s }));

/**
 * States follow the resource that is exhausted, most severe first:
 * pendingFull (the next request that needs a connection overflows: 503 UO),
 * requestsFull (max_requests reached: 503 UO), connectionsFull (new requests
 * wait as pending), active, idle.
 */
export const connPoolMachine = setup({
	types: { context: {} as ConnPoolContext, events: {} as PoolEvent, input: {} as { limits: ConnPoolLimits } },
	guards: {
		// mutually exclusive, so exactly one state fits the counters
		pendingFull: ({ context: c }) => poolState(c) === 'pendingFull',
		requestsFull: ({ context: c }) => poolState(c) === 'requestsFull',
		connectionsFull: ({ context: c }) => poolState(c) === 'connectionsFull',
		active: ({ context: c }) => poolState(c) === 'active',
		idle: ({ context: c }) => poolState(c) === 'idle',
		// the circuit breakers, checked where Envoy checks them
		maxConnectionsReached: ({ context: c }) => c.cx >= c.limits.maxConnections,
		maxPendingReached: ({ context: c }) => c.pending >= c.limits.maxPendingRequests,
		maxRequestsReached: ({ context: c }) => c.rq >= c.limits.maxRequests,
		maxRetriesReached: ({ context: c }) => c.retries >= c.limits.maxRetries
	},
	actions: {
		apply: assign(({ context: c, event }) => {
			switch (event.type) {
				case 'CX_REQUEST':
					return bump(c, { cx: c.cx + 1, lastDecision: 'admitted' }, 'upstream_cx_total');
				case 'CX_CLOSE':
					return bump(c, { cx: Math.max(0, c.cx - 1) });
				case 'RQ_QUEUE':
					return bump(c, { pending: c.pending + 1, lastDecision: 'admitted' });
				case 'PENDING_REMOVE':
					return bump(c, { pending: Math.max(0, c.pending - 1) });
				case 'RQ_ATTACH':
					return bump(c, { rq: c.rq + 1, lastDecision: 'admitted' }, 'upstream_rq_total');
				case 'RQ_END':
					return bump(c, { rq: Math.max(0, c.rq - 1) });
				case 'RETRY_REQUEST':
					return bump(c, { retries: c.retries + 1, lastDecision: 'admitted' });
				case 'RETRY_END':
					return bump(c, { retries: Math.max(0, c.retries - 1) });
			}
		}),
		cxOverflow: assign(({ context: c }) => bump(c, { lastDecision: 'overflow' }, 'upstream_cx_overflow')),
		rqOverflow: assign(({ context: c }) => bump(c, { lastDecision: 'overflow' }, 'upstream_rq_pending_overflow')),
		retryOverflow: assign(({ context: c }) => bump(c, { lastDecision: 'overflow' }, 'upstream_rq_retry_overflow'))
	}
}).createMachine({
	id: 'connectionPool',
	initial: 'idle',
	context: ({ input }) => ({
		limits: input.limits,
		cx: 0,
		pending: 0,
		rq: 0,
		retries: 0,
		lastDecision: null,
		stats: { upstream_cx_total: 0, upstream_cx_overflow: 0, upstream_rq_total: 0, upstream_rq_pending_overflow: 0, upstream_rq_retry_overflow: 0 }
	}),
	on: {
		CX_REQUEST: [{ guard: 'maxConnectionsReached', actions: 'cxOverflow' }, { actions: 'apply' }],
		CX_CLOSE: { actions: 'apply' },
		RQ_QUEUE: [{ guard: 'maxPendingReached', actions: 'rqOverflow' }, { actions: 'apply' }],
		PENDING_REMOVE: { actions: 'apply' },
		RQ_ATTACH: [{ guard: 'maxRequestsReached', actions: 'rqOverflow' }, { actions: 'apply' }],
		RQ_END: { actions: 'apply' },
		RETRY_REQUEST: [{ guard: 'maxRetriesReached', actions: 'retryOverflow' }, { actions: 'apply' }],
		RETRY_END: { actions: 'apply' }
	},
	states: {
		idle: { always: exits('idle') },
		active: { always: exits('active') },
		connectionsFull: { always: exits('connectionsFull') },
		requestsFull: { always: exits('requestsFull') },
		pendingFull: { always: exits('pendingFull') }
	}
});

export const CONN_POOL_DESCRIPTION = describeMachine(connPoolMachine, 'Envoy HTTP/1.1 connection pool and circuit breaker thresholds (cluster-wide)');

export interface ConnPool {
	tracked: Tracked;
	connections: Connection[];
	context(): ConnPoolContext;
	/** a request for `host` (already picked by the load balancer) */
	request(req: number, host: string, t: number): PoolEffect[];
	/** a connection finished its TCP (and mTLS) handshake */
	connected(conn: number, t: number): PoolEffect[];
	/** the request on `conn` completed; `close` forces the connection shut (e.g. reset) */
	finished(conn: number, t: number, close?: boolean): PoolEffect[];
	/** a stream that gives up while waiting for a connection (route timeout) leaves the pending queue */
	cancel(req: number, t: number): void;
	/** can a retry start (max_retries)? counts the overflow if not */
	tryRetry(t: number): boolean;
	retryDone(t: number): void;
	pendingFor(host: string): number[];
}

export function createConnPool(limits: ConnPoolLimits, connectMs: number): ConnPool {
	const tracked = track('pool', 'connectionPool', connPoolMachine, { limits });
	const connections: Connection[] = [];
	const pending = new Map<string, number[]>();
	let nextConn = 1;
	const c = () => tracked.actor.getSnapshot().context;
	/** sends a guarded request event; the machine's circuit-breaker guard decides */
	const admitted = (event: Extract<PoolEvent, { type: 'CX_REQUEST' | 'RQ_QUEUE' | 'RQ_ATTACH' | 'RETRY_REQUEST' }>) => {
		send(tracked, event);
		return c().lastDecision === 'admitted';
	};
	const queue = (h: string) => {
		let q = pending.get(h);
		if (!q) pending.set(h, (q = []));
		return q;
	};

	// Envoy creates a connection while pending streams outnumber connecting ones,
	// unless max_connections is reached (upstream_cx_overflow; the stream keeps waiting).
	const tryCreate = (host: string, t: number, out: PoolEffect[]) => {
		const connecting = connections.filter((x) => x.host === host && x.state === 'connecting').length;
		if (queue(host).length <= connecting) return;
		// max_connections (the machine's guard): refused → upstream_cx_overflow, the stream keeps waiting
		if (!admitted({ type: 'CX_REQUEST', t })) return;
		const conn: Connection = { id: nextConn++, host, state: 'connecting', served: 0, req: null };
		connections.push(conn);
		out.push({ type: 'connect', conn: conn.id, host, at: t + connectMs });
	};

	// attachStreamToClient(): max_requests (the machine's guard) is checked when the stream gets its connection
	const start = (conn: Connection, req: number, t: number, out: PoolEffect[]): boolean => {
		if (!admitted({ type: 'RQ_ATTACH', t })) {
			out.push({ type: 'overflow', req, host: conn.host, t });
			return false;
		}
		conn.state = 'busy';
		conn.req = req;
		out.push({ type: 'start', req, conn: conn.id, host: conn.host, t });
		return true;
	};

	// A ready connection takes the oldest pending stream of its host; max_requests
	// is checked when the stream is attached (attachStreamToClient → overflow).
	const attachNext = (conn: Connection, t: number, out: PoolEffect[]) => {
		const q = queue(conn.host);
		while (q.length) {
			const req = q.shift()!;
			send(tracked, { type: 'PENDING_REMOVE', t });
			if (start(conn, req, t, out)) return;
		}
		conn.state = 'idle';
		conn.req = null;
	};

	const close = (conn: Connection, t: number, out: PoolEffect[]) => {
		connections.splice(connections.indexOf(conn), 1);
		send(tracked, { type: 'CX_CLOSE', t });
		// simplified: any host with waiting streams may now open a connection
		for (const h of [...pending.keys()].sort()) tryCreate(h, t, out);
	};

	return {
		tracked,
		connections,
		context: c,
		request(req, host, t) {
			const out: PoolEffect[] = [];
			const idle = connections.find((x) => x.host === host && x.state === 'idle');
			if (idle) {
				start(idle, req, t, out);
				return out;
			}
			// newStreamImpl(): no ready connection and the pending queue is full (the machine's guard) → overflow now
			if (!admitted({ type: 'RQ_QUEUE', t })) {
				out.push({ type: 'overflow', req, host, t });
				return out;
			}
			queue(host).push(req);
			tryCreate(host, t, out);
			return out;
		},
		connected(id, t) {
			const out: PoolEffect[] = [];
			const conn = connections.find((x) => x.id === id);
			if (conn) attachNext(conn, t, out);
			return out;
		},
		finished(id, t, forceClose = false) {
			const out: PoolEffect[] = [];
			const conn = connections.find((x) => x.id === id);
			if (!conn) return out;
			send(tracked, { type: 'RQ_END', t });
			conn.served++;
			conn.req = null;
			const spent = limits.maxRequestsPerConnection > 0 && conn.served >= limits.maxRequestsPerConnection;
			if (spent || forceClose) close(conn, t, out);
			else attachNext(conn, t, out);
			return out;
		},
		cancel(req, t) {
			for (const q of pending.values()) {
				const i = q.indexOf(req);
				if (i < 0) continue;
				q.splice(i, 1);
				send(tracked, { type: 'PENDING_REMOVE', t });
				return;
			}
		},
		tryRetry(t) {
			return admitted({ type: 'RETRY_REQUEST', t });
		},
		retryDone(t) {
			send(tracked, { type: 'RETRY_END', t });
		},
		pendingFor: (h) => [...queue(h)]
	};
}
