// `hopscope reach FILES… --ports 80/TCP,81/TCP [--json]`: may each pod open a
// connection to each other pod on these ports, by NetworkPolicy alone? (See
// src/lib/netpol.) The port is the destination pod's port (after a Service's
// DNAT). --json prints {"pods": ["ns/pod", …], "ports": [{"port", "protocol"}],
// "matrix": {"80/TCP": {"<from>": {"<to>": true|false}}}} with every pair.
// Exit status: 0 ok, 1 error diagnostics / unreadable input / over the cell budget, 2 usage error, 3 internal error.
import type { CliIO } from '../io';
import { EXIT } from '../exit';
import { helpOrUsageError, parseArgs, usageError } from '../args';
import { loadInputs } from '../inputs';
import { parsePortProto, portKey, reachMatrix, type PortProto, type ReachMatrix } from '../../lib/netpol';

export const summary = 'who may connect to whom: the NetworkPolicy reachability matrix of every pod pair';

/** pods × pods × ports: 1,000 pods on 4 ports. Past it the JSON alone would be tens of MB. */
export const MAX_REACH_CELLS = 4_000_000;

const USAGE = `Usage: npm run --silent cli -- reach FILES… --ports PORT/PROTO[,PORT/PROTO…] [--json]

  --ports   destination pod ports, e.g. 80/TCP,53/UDP,9000/SCTP (protocol defaults to TCP)
  --json    {"pods": [...], "ports": [...], "matrix": {"80/TCP": {"<from ns/pod>": {"<to ns/pod>": true|false}}}}
Rows are sources, columns destinations; a pod can always reach itself.
Exit status: 0 ok, 1 error diagnostics, unreadable input or too many cells (pods × pods × ports > ${MAX_REACH_CELLS.toLocaleString('en-US')}), 2 usage error, 3 internal error.
`;

export async function run(argv: string[], io: CliIO): Promise<number> {
	const args = parseArgs(argv, { boolean: ['--json'], valued: ['--ports'], needs: { '--ports': 'a list like 80/TCP,81/TCP' } });
	const early = helpOrUsageError(io, 'reach', USAGE, args);
	if (early !== null) return early;
	if (args.files.length === 0) return usage(io, 'no files given');
	const spec = args.values['--ports'];
	if (!spec) return usage(io, '--ports is required (e.g. --ports 80/TCP,81/TCP)');
	const ports: PortProto[] = [];
	const seen = new Set<string>();
	for (const part of spec.split(',').filter((s) => s.trim())) {
		const p = parsePortProto(part);
		if (!p) return usage(io, `--ports: '${part}' is not PORT/PROTOCOL (1-65535, TCP, UDP or SCTP)`);
		if (!seen.has(portKey(p))) ports.push(p);
		seen.add(portKey(p));
	}
	if (!ports.length) return usage(io, '--ports is empty');

	const loaded = loadInputs('reach', args.files, io);
	if (!loaded) return EXIT.input;
	const n = loaded.cluster.pods.length;
	const cells = n * n * ports.length;
	if (cells > MAX_REACH_CELLS) {
		io.err(`hopscope reach: ${n.toLocaleString('en-US')} pods × ${n.toLocaleString('en-US')} pods × ${ports.length} port${ports.length === 1 ? '' : 's'} = ${cells.toLocaleString('en-US')} cells, over the budget of ${MAX_REACH_CELLS.toLocaleString('en-US')}: ask for fewer ports, or pass fewer namespaces' files\n`);
		return EXIT.input;
	}
	const m = reachMatrix(loaded.cluster, ports);
	if (args.flags.has('--json')) io.json(toJson(m));
	else io.out(toText(m));
	return EXIT.ok;
}

export function toJson(m: ReachMatrix) {
	const n = m.pods.length;
	const matrix: Record<string, Record<string, Record<string, boolean>>> = {};
	m.ports.forEach((p, k) => {
		const rows: Record<string, Record<string, boolean>> = {};
		m.pods.forEach((from, i) => {
			const row: Record<string, boolean> = {};
			m.pods.forEach((to, j) => (row[to] = m.allowed[k][i * n + j] === 1));
			rows[from] = row;
		});
		matrix[portKey(p)] = rows;
	});
	return { pods: m.pods, ports: m.ports.map((p) => ({ port: p.port, protocol: p.protocol })), matrix };
}

/** One compact matrix per port: numbered rows (from) and columns (to), ✓ allowed, ✗ denied. */
export function toText(m: ReachMatrix): string {
	const n = m.pods.length;
	if (!n) return 'No pods in the input.\n';
	const out: string[] = [];
	const w = String(n).length;
	const nameW = Math.max(...m.pods.map((p) => p.length));
	m.ports.forEach((p, k) => {
		out.push(`${portKey(p)} — rows: from, columns: to (✓ allowed, ✗ denied)`);
		out.push(`${' '.repeat(w + 2 + nameW)}  ${m.pods.map((_, j) => String(j + 1).padStart(w)).join(' ')}`);
		let denied = 0;
		m.pods.forEach((from, i) => {
			const cells = m.pods.map((_, j) => {
				const ok = m.allowed[k][i * n + j] === 1;
				if (!ok) denied++;
				return (ok ? '✓' : '✗').padStart(w);
			});
			out.push(`${String(i + 1).padStart(w)}. ${from.padEnd(nameW)}  ${cells.join(' ')}`);
		});
		out.push(`${denied} of ${n * n} pairs denied on ${portKey(p)}.`, '');
	});
	return out.join('\n');
}

const usage = (io: CliIO, message: string) => usageError(io, 'reach', USAGE, message);
