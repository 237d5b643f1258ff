// `hopscope trace FILES… --from REF --to REF [--port N] [--protocol TCP|UDP]
// [--seed N] [--via-node NAME] [--path P] [--json]`: the packet path of one flow,
// hop by hop (see src/lib/net/trace.ts). Text output is the event list; --json
// prints {"verdict", "hops":[{"at","kind","leg","src","dst","proto","changed","before","rule","rules","note",…}]}.
// Exit status: 0 traced (whatever the verdict), 1 error diagnostics or unreadable file, 2 usage error, 3 internal error.
import type { CliIO } from '../io';
import { helpOrUsageError, parseArgs, usageError } from '../args';
import { loadInputs } from '../inputs';
import { trace, type Flow, type Trace } from '../../lib/net';
import { parseRef } from '../../lib/model';
import { kubeProxyFlags, KUBE_PROXY_FLAGS, KUBE_PROXY_FLAG_USAGE } from './kubeproxy-flags';

export const summary = 'trace a packet hop by hop (pod, Service, NodePort, LoadBalancer, Ingress, DNS, internet)';

const USAGE = `Usage: npm run --silent cli -- trace FILES… --from REF --to REF [options]

  REF: pod/NS/NAME  svc/NS/NAME  node/NAME  external/IP  dns/NAME
       url/http://host/path  ingress/NS/NAME  deploy/NS/NAME
       container/NS/POD/CONTAINER (two containers of one pod, over localhost)
  --port N           destination port (Service port, NodePort, container port)
  --protocol P       TCP (default) or UDP
  --seed N           seed for every random choice (default 1)
  --via-node NAME    node a load balancer / NodePort client sends to
  --path P           HTTP path (Ingress flows)
  --json             machine-readable output
kube-proxy flags (override the scenario header's spec.kubeProxy):
${KUBE_PROXY_FLAG_USAGE}Exit status: 0 traced, 1 error diagnostics or unreadable file, 2 usage error, 3 internal error.
`;

export async function run(argv: string[], io: CliIO): Promise<number> {
	const args = parseArgs(argv, {
		boolean: ['--json', ...KUBE_PROXY_FLAGS.boolean],
		valued: ['--from', '--to', '--port', '--protocol', '--seed', '--via-node', '--path', ...KUBE_PROXY_FLAGS.valued],
		dashDash: false
	});
	const early = helpOrUsageError(io, 'trace', USAGE, args);
	if (early !== null) return early;
	const opt = args.values;
	const json = args.flags.has('--json');
	if (args.files.length === 0) return usage(io, 'no files given');
	if (!opt['--from'] || !opt['--to']) return usage(io, '--from and --to are required');
	// docker/HOST/CONTAINER and dockerhost/HOST are REFs too: the Docker engine takes them
	for (const f of ['--from', '--to']) if (!parseRef(opt[f].trim())) return usage(io, `${f} '${opt[f]}' is not a REF`);
	const num = (f: string) => (opt[f] === undefined ? undefined : Number(opt[f]));
	for (const f of ['--port', '--seed']) {
		const n = num(f);
		if (n !== undefined && (!Number.isInteger(n) || n < 0)) return usage(io, `${f} must be a non-negative integer`);
	}
	const protocol = (opt['--protocol'] ?? 'TCP').toUpperCase();
	if (protocol !== 'TCP' && protocol !== 'UDP') return usage(io, `--protocol must be TCP or UDP`);
	const kp = kubeProxyFlags(args);
	if (typeof kp === 'string') return usage(io, kp);

	const loaded = loadInputs('trace', args.files, io);
	if (!loaded) return 1;
	const { cluster, parse } = loaded;
	const flow: Flow = { from: opt['--from'], to: opt['--to'], protocol, ...(num('--port') !== undefined ? { port: num('--port') } : {}), ...(opt['--path'] ? { path: opt['--path'] } : {}) };
	const kubeProxy = { ...(loaded.header?.kubeProxy ?? {}), ...kp };
	const t = trace(cluster, flow, { seed: num('--seed') ?? 1, resources: parse.resources, kubeProxy, ...(opt['--via-node'] ? { viaNode: opt['--via-node'] } : {}) });
	if (json) io.json(toJson(t));
	else io.out(toText(t));
	return 0;
}

export function toJson(t: Trace) {
	return {
		verdict: t.verdict,
		...(t.endpoint ? { endpoint: t.endpoint } : {}),
		...(t.status !== undefined ? { status: t.status } : {}),
		hops: t.hops.map((h) => ({
			at: h.at,
			kind: h.kind,
			leg: h.leg,
			src: h.packet.src,
			dst: h.packet.dst,
			proto: h.packet.proto,
			changed: h.changed,
			...(h.before ? { before: h.before } : {}),
			...(h.rule !== undefined ? { rule: h.rule } : {}),
			...(h.rules?.length ? { rules: h.rules } : {}),
			note: h.note,
			anchor: h.anchor,
			...(h.packet.outer ? { outer: h.packet.outer } : {}),
			...(h.simplified ? { simplified: h.simplified } : {}),
			...(h.dns ? { dns: h.dns } : {}),
			...(h.http ? { http: h.http } : {}),
			...(h.netpol ? { netpol: h.netpol } : {})
		})),
		notes: t.notes
	};
}

export function toText(t: Trace): string {
	const out: string[] = [];
	t.hops.forEach((h, i) => {
		const ch = h.changed.filter((c) => c !== 'ttl');
		const was = h.before ? beforeText(h) : '';
		const what = ch.length ? `  [${ch.join(', ')}${was ? ': ' + was : ''}]` : '';
		out.push(`${String(i + 1).padStart(3)}. ${h.leg.padEnd(9)} ${h.at}`);
		out.push(`     ${h.packet.src} → ${h.packet.dst} ${h.packet.proto}${h.packet.outer ? `  (outer ${h.packet.outer.src} → ${h.packet.outer.dst} UDP/${h.packet.outer.port})` : ''}${what}`);
		if (h.rule) for (const line of h.rule.split('\n')) out.push(`     ${line}`);
		out.push(`     ${h.note}`);
		if (h.simplified) out.push(`     simplified: ${h.simplified}`);
	});
	for (const n of t.notes) out.push(`note: ${n}`);
	out.push(`verdict: ${t.verdict}${t.status ? ` (HTTP ${t.status})` : ''}${t.endpoint ? `, endpoint ${t.endpoint}` : ''}`);
	return out.join('\n') + '\n';
}

/** What a hop changed, from its `before` fields: `src was A`, `dst was B`, `mark was 0x0`, `outer … added/removed`. */
function beforeText(h: Trace['hops'][number]): string {
	const b = h.before ?? {};
	const out: string[] = [];
	if (b.src) out.push(`src was ${b.src}`);
	if (b.dst) out.push(`dst was ${b.dst}`);
	if (b.mark) out.push(`mark was ${b.mark}`);
	if (b.outer === null && h.packet.outer) out.push(`outer ${h.packet.outer.src} → ${h.packet.outer.dst} UDP/${h.packet.outer.port} VNI ${h.packet.outer.vni} added`);
	else if (b.outer) out.push(`outer ${b.outer.src} → ${b.outer.dst} UDP/${b.outer.port} VNI ${b.outer.vni} removed`);
	return out.join('; ');
}

const usage = (io: CliIO, message: string) => usageError(io, 'trace', USAGE, message);
