// `hopscope route FILES… --host HOST [--from REF] [--port N] [--path P]
//   [--method M] [--header k=v]… [--gateway ns/name] [--requests N] [--seed S] [--json]`:
// which VirtualService rule, subset and pod one request gets (and, with
// --requests, the split over N seeded requests), with the sidecar hops.
// Exit status: 0 ok, 1 error diagnostics, unreadable file or unknown client, 2 usage error, 3 internal error.
import type { CliIO } from '../io';
import type { RouteRequest } from '../../lib/mesh';
import { helpOrUsageError, parseArgs, usageError } from '../args';
import { loadInputs } from '../inputs';
import { route } from '../../lib/mesh';
import { simulate } from '../../lib/mesh';
import { formatMs } from '../../lib/util';

export const summary = 'which Istio route, subset and pod a request gets; splits over N seeded requests';

const USAGE = `Usage: npm run --silent cli -- route FILES… --host HOST [options]

  --host HOST        host the client dials (reviews, reviews.default, an FQDN, an external name)
  --from REF         client: pod/NS/NAME, deploy/NS/NAME, NS/POD or 'ingress' (default: an injected client in default)
  --port N           destination port (default: the Service's only port, else 80)
  --path P           request path, may include ?query (default /)
  --method M         HTTP method (default GET)
  --header k=v       request header (repeatable)
  --gateway NS/NAME  Gateway to enter through (with --from ingress)
  --protocol P       http (default), tcp or tls
  --requests N       simulate N requests and count destinations (default 1)
  --seed S           seed for every random choice (default 1)
  --inject           treat every pod as sidecar-injected (as after 'kubectl label namespace … istio-injection=enabled')
  --json             print {virtualService, rule, destinations, counts, faults, statuses, authz, hops, …}
Exit status: 0 ok, 1 error diagnostics, unreadable file or unknown client, 2 usage error, 3 internal error.
`;

export async function run(argv: string[], io: CliIO): Promise<number> {
	// every other option takes a value, read before the unknown ones are rejected
	const args = parseArgs(argv, { boolean: ['--json', '--inject'], valued: 'any' });
	const req: RouteRequest = { host: '' };
	const headers: Record<string, string> = {};
	let n = 1;
	let seed = 1;
	for (const { flag, value, arg } of args.options) {
		switch (flag) {
			case '--host':
				req.host = value;
				break;
			case '--from':
				req.from = value;
				break;
			case '--path':
				req.path = value;
				break;
			case '--method':
				req.method = value;
				break;
			case '--gateway':
				req.gateway = value;
				break;
			case '--protocol':
				if (value !== 'http' && value !== 'tcp' && value !== 'tls') return usage(io, `--protocol must be http, tcp or tls`);
				req.protocol = value;
				break;
			case '--header': {
				const k = value.indexOf('=') > 0 ? value.indexOf('=') : value.indexOf(':');
				if (k <= 0) return usage(io, `--header wants k=v, got '${value}'`);
				headers[value.slice(0, k).trim()] = value.slice(k + 1).trim();
				break;
			}
			case '--port':
			case '--requests':
			case '--seed': {
				if (!/^\d+$/.test(value)) return usage(io, `${flag} wants a non-negative integer, got '${value}'`);
				const v = Number(value);
				if (flag === '--port') req.port = v;
				else if (flag === '--requests') n = Math.max(1, v);
				else seed = v;
				break;
			}
			default:
				return usage(io, `unknown option '${arg}'`);
		}
	}
	const early = helpOrUsageError(io, 'route', USAGE, args);
	if (early !== null) return early;
	const json = args.flags.has('--json');
	if (args.files.length === 0) return usage(io, 'no files given');
	if (!req.host) return usage(io, '--host is required');
	if (Object.keys(headers).length) req.headers = headers;

	const loaded = loadInputs('route', args.files, io);
	if (!loaded) return 1;
	const { cluster } = loaded;
	// --inject: as if every namespace had istio-injection=enabled (the Istio samples assume it)
	if (args.flags.has('--inject')) for (const p of cluster.pods) if (!p.hostNetwork && p.namespace !== 'kube-system' && p.namespace !== 'kube-public') p.sidecar = true;

	let sim;
	try {
		sim = simulate(cluster, req, { n, seed, outcomes: false });
	} catch (e) {
		io.err(`hopscope route: ${e instanceof Error ? e.message : String(e)}\n`);
		return 1;
	}
	const r = sim.first!;
	if (json) {
		io.json({
			virtualService: r.virtualService,
			rule: r.rule,
			ruleLine: r.ruleLine,
			whyNot: r.whyNot,
			destinations: r.destinations.map((d) => ({ host: d.host, subset: d.subset, weight: d.weight })),
			picked: r.picked,
			cluster: r.cluster,
			destinationRule: r.destinationRule,
			endpoint: r.endpoint,
			tls: r.tls,
			counts: sim.counts,
			faults: sim.faults,
			mirrored: sim.mirrored,
			statuses: sim.statuses,
			response: r.response,
			authz: r.authz,
			hops: r.hops,
			notes: r.notes
		});
		return 0;
	}
	io.out(formatText(r, sim, n));
	return 0;
}

function formatText(r: ReturnType<typeof route>, sim: ReturnType<typeof simulate>, n: number): string {
	const lines: string[] = [];
	lines.push(`client: ${r.client.pod ?? (r.gateway ? `internet via ${r.gateway}` : 'synthetic injected pod in default')}${r.client.sidecar ? ' (sidecar)' : ''}`);
	lines.push(`target: ${r.target.fqdn}:${r.target.port} (${r.target.kind})`);
	lines.push(`virtualService: ${r.virtualService ?? '(none: default route)'}${r.rule !== null ? `, http rule ${r.rule} (line ${r.ruleLine})` : ''}`);
	for (const w of r.whyNot) lines.push(`  rule ${w.rule} skipped: ${w.reason}`);
	for (const d of r.destinations) lines.push(`  → ${d.host}${d.subset ? ` subset ${d.subset}` : ''} weight ${d.weight}`);
	if (r.cluster) lines.push(`cluster: ${r.cluster}${r.destinationRule ? ` (DestinationRule ${r.destinationRule})` : ''}, lb ${r.lb}`);
	if (r.endpoint) lines.push(`endpoint: ${r.endpoint.pod ?? r.endpoint.ip} ${r.endpoint.ip}:${r.endpoint.port}, tls ${r.tls.mode}`);
	if (r.authz) lines.push(`authz: ${r.authz.verdict} at ${r.authz.at} by ${r.authz.policy ? `AuthorizationPolicy ${r.authz.policy}${r.authz.rule !== null ? ` rule ${r.authz.rule}` : ''}` : r.authz.decidedBy}${r.authz.legacy ? ` (translated from ${r.authz.legacy.join(', ')})` : ''} — ${r.authz.reason}`);
	lines.push(`response: ${r.response.status} ${r.response.flags.join(',')} after ${formatMs(r.response.durationMs)} — ${r.response.detail}`);
	lines.push('hops:');
	r.hops.forEach((h, i) => lines.push(`  ${String(i + 1).padStart(2)}. [${h.kind}] ${h.at}: ${h.note}${h.rule && h.kind === 'iptables' ? '' : h.rule ? ` {${h.rule}}` : ''}`));
	if (n > 1) {
		lines.push(`over ${n} requests:`);
		for (const [k, v] of Object.entries(sim.counts).sort()) lines.push(`  ${k.padEnd(50)} ${v} (${((v / n) * 100).toFixed(1)}%)`);
		lines.push(`  faults: delayed ${sim.faults.delayed}, aborted ${sim.faults.aborted}; mirrored ${sim.mirrored}; statuses ${JSON.stringify(sim.statuses)}`);
	}
	for (const note of r.notes) lines.push(`note: ${note}`);
	return lines.join('\n') + '\n';
}

const usage = (io: CliIO, message: string) => usageError(io, 'route', USAGE, message);
