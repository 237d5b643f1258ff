// `hopscope simulate FILES… --target HOST [--from REF] [--rps N] [--duration 30s]
//  [--concurrency N] [--fail POD@START-END[:STATUS]] [--seed S] [--json]`:
// runs the resilience simulator (outlier detection, connection pool, local
// rate limit, textbook breaker, Mixer quota) against one upstream Service.
// Options not given come from the scenario header's spec.simulation block.
// Exit status: 0 ok, 1 error diagnostics, unreadable file or unknown target, 2 usage error, 3 internal error.
import type { CliIO } from '../io';
import { helpOrUsageError, parseArgs, usageError } from '../args';
import { inputName, loadInputs } from '../inputs';
import { report } from '../report';
import { budgetProblem, simulate, simulationOptions, type FailureSpec, type SimOptions } from '../../lib/resilience';
import { parseDuration } from '../../lib/util';

export const summary = 'simulate load against a Service: circuit breakers, outlier ejection, rate limits';

const USAGE = `Usage: npm run --silent cli -- simulate FILES… --target HOST [options]

  --target HOST        Service to call: name, ns/name, svc/ns/name or FQDN
                       (default: spec.simulation.target of the scenario header)
  --from REF           client, e.g. deploy/default/reviews-v3
  --subset NAME        DestinationRule subset to call
  --rps N              requests per second over all workers (0 = back-to-back,
                       at most one request per ms and worker)
  --duration D         run time, e.g. 30s, 2m (default 30s, at most 24h)
  --concurrency N      client workers (fortio -c), default 1
  --request-ms N       how long the app takes per request (default 50)
  --fail POD@S-E[:ST]  POD (name, ns/name or prefix) answers ST (default 503,
                       or connect-failure) from second S to E; repeatable
  --seed S             random seed (default 1)
  --json               print {events, summary}
Exit status: 0 ok, 1 error diagnostics, unreadable file or unknown target, 2 usage error, 3 internal error.
`;

export function parseFail(v: string): FailureSpec | null {
	const m = /^(.+)@(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)(?::(\d{3}|connect-failure))?$/.exec(v);
	if (!m) return null;
	const [, pod, s, e, st] = m;
	if (Number(e) < Number(s)) return null;
	return { pod, startS: Number(s), endS: Number(e), status: st === undefined ? 503 : st === 'connect-failure' ? st : Number(st) };
}

export async function run(argv: string[], io: CliIO): Promise<number> {
	const args = parseArgs(argv, {
		boolean: ['--json'],
		valued: ['--target', '--from', '--subset', '--rps', '--duration', '--concurrency', '--request-ms', '--fail', '--seed']
	});
	const o: Partial<SimOptions> = {};
	const fails: FailureSpec[] = [];
	for (const { flag, value: v } of args.options) {
		const num = (lo: number): number | null => (/^\d+(\.\d+)?$/.test(v) && Number(v) >= lo ? Number(v) : null);
		switch (flag) {
			case '--target':
				o.target = v;
				break;
			case '--from':
				o.from = v;
				break;
			case '--subset':
				o.subset = v;
				break;
			case '--rps': {
				const n = num(0);
				if (n === null) return usage(io, `--rps must be a number ≥ 0`);
				o.rps = n;
				break;
			}
			case '--duration': {
				const ms = parseDuration(/^\d+(\.\d+)?$/.test(v) ? `${v}s` : v);
				if (ms === null || ms <= 0 || ms > 86_400_000) return usage(io, `--duration '${v}' is not a duration such as 30s or 2m`);
				o.durationS = ms / 1000;
				break;
			}
			case '--concurrency': {
				const n = num(1);
				if (n === null || !Number.isInteger(n) || n > 10_000) return usage(io, `--concurrency must be an integer from 1 to 10000`);
				o.concurrency = n;
				break;
			}
			case '--request-ms': {
				const n = num(0);
				if (n === null) return usage(io, `--request-ms must be a number ≥ 0`);
				o.requestDurationMs = n;
				break;
			}
			case '--fail': {
				const f = parseFail(v);
				if (!f) return usage(io, `--fail '${v}' must look like POD@START-END or POD@START-END:STATUS`);
				fails.push(f);
				break;
			}
			case '--seed':
				o.seed = /^\d+$/.test(v) ? Number(v) : v;
				break;
		}
	}
	const early = helpOrUsageError(io, 'simulate', USAGE, args);
	if (early !== null) return early;
	const json = args.flags.has('--json');
	if (args.files.length === 0) return usage(io, 'no files given');
	if (fails.length) o.failures = fails;

	const loaded = loadInputs('simulate', args.files, io);
	if (!loaded) return 1;
	const { options, findings } = simulationOptions(loaded.parse.resources, o);
	if (!options) return usage(io, 'no --target given and the scenario header has no spec.simulation.target');
	const over = budgetProblem(options);
	if (over) return usage(io, over);
	const res = simulate(loaded.cluster, options);
	// an engine finding without a place (an unknown --target, the budget) is reported at line 1 of the first file
	report(io, [...findings, ...res.findings].filter((f) => f.severity !== 'info'), { file: inputName(args.files[0]), line: 1 });
	if (res.findings.some((f) => f.code === 'resilience-unknown-target' || f.code === 'resilience-budget')) return 1;
	if (json) {
		const out = {
			events: res.events.map((e) => ({ t: e.t, host: e.host, outcome: e.outcome, flag: e.flag, state: e.state })),
			summary: { ok: res.summary.ok, errors5xx: res.summary.errors5xx, overflow503: res.summary.overflow503, ratelimited429: res.summary.ratelimited429, ...(res.summary.denied403 ? { denied403: res.summary.denied403 } : {}), ejections: res.summary.ejections }
		};
		io.json(out);
		return 0;
	}
	const s = res.summary;
	const p = res.policy;
	io.out(`target ${options.target}: ${res.hosts.length} host(s)${p?.destinationRule ? `, DestinationRule ${p.destinationRule}` : ''}${p?.subset ? ` subset ${p.subset}` : ''}; ${options.rps} rps × ${options.durationS}s, concurrency ${options.concurrency}, seed ${options.seed}\n`);
	const rt = res.route;
	if (rt) {
		const rp = rt.retryPolicy;
		const retries = rp ? `${rp.numRetries} retries on ${rp.retryOn.join(',')}${rp.retriableStatusCodes.length ? ` (codes ${rp.retriableStatusCodes.join(',')})` : ''}${rp.perTryTimeoutMs !== null ? `, per try ${rp.perTryTimeoutMs}ms` : ''}${rt.retries?.defaulted ? ' (Istio default)' : ''}` : 'no retries';
		io.out(`route: ${rt.virtualService ? `${rt.virtualService} http[${rt.rule}]` : 'no VirtualService (default route)'}; ${retries}; timeout ${rt.timeoutMs !== null && rt.timeoutMs > 0 ? `${rt.timeoutMs}ms` : 'none'}\n`);
	}
	io.out(`requests ${s.total}: ok ${s.ok}, 5xx ${s.errors5xx}, overflow 503 UO ${s.overflow503}, rate limited 429 ${s.ratelimited429}${s.denied403 ? `, denied 403 ${s.denied403}` : ''}\n`);
	for (const e of s.ejections) io.out(`ejected ${e.host} at ${e.at}s until ${e.until}s\n`);
	io.out(`pool stats: ${Object.entries(res.stats.pool).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
	io.out('\n  second  ok  5xx  UO  429  ejected  pool\n');
	for (const b of res.timeline)
		io.out(`  ${String(b.s).padStart(6)} ${String(b.ok).padStart(3)} ${String(b.errors5xx).padStart(4)} ${String(b.overflow503).padStart(3)} ${String(b.ratelimited429).padStart(4)} ${String(b.ejectedHosts).padStart(8)}  ${b.pool}${b.breaker ? `  breaker ${b.breaker}` : ''}\n`);
	return 0;
}

const usage = (io: CliIO, message: string) => usageError(io, 'simulate', USAGE, message);
