// `npm run fuzz -- [--seed N] [--count N] [--time-ms N] [--mem-mb N] [--workers N] [--save] [--replay DIR]`
// Pushes generated and mutated manifests through parse → model → every engine
// (scripts/fuzz/pipeline.ts), each under a time and memory budget, in worker
// threads that are killed when an input overruns. Prints the figures and, with
// --save, writes each failing input to tests/fuzz/regressions/ (replayed by
// tests/unit/fuzz-regressions.test.ts). Exit 1 when anything failed.
import { Worker } from 'node:worker_threads';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputs, seedFiles, type FuzzInput } from './fuzz/generate';
import { fnv1a } from '../src/lib/util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (k: string, d: number) => {
	const i = process.argv.indexOf(k);
	return i > 0 ? Number(process.argv[i + 1]) : d;
};
const seed = arg('--seed', Date.now() % 1e6);
const count = arg('--count', 2000);
const timeMs = arg('--time-ms', 5000);
const memMb = arg('--mem-mb', 1024);
const nWorkers = arg('--workers', 2);
const save = process.argv.includes('--save');
const OUTPUT_BUDGET = 64 * 2 ** 20;

type Failure = { kind: 'crash' | 'hang' | 'memory' | 'output'; input: FuzzInput; detail: string };
const failures: Failure[] = [];
let done = 0;
let peakHeap = 0;
let slowest = { ms: 0, name: '' };
const t0 = performance.now();

let exhausted = false;
const replayIdx = process.argv.indexOf('--replay');
const replayDir = replayIdx > 0 ? resolve(process.argv[replayIdx + 1]) : null;
/** --replay DIR: the saved failures, each once, instead of generated inputs */
function* replay(dir: string): Generator<FuzzInput> {
	for (const n of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) yield { name: n.replace(/\.ya?ml$/, ''), text: readFileSync(join(dir, n), 'utf8') };
}
const queue = replayDir ? replay(replayDir) : inputs(seed, count, seedFiles(ROOT));

function fnv(s: string): string {
	return fnv1a(s).toString(16).padStart(8, '0');
}

function runWorker(): Promise<void> {
	return new Promise<void>((finish) => {
		let current: FuzzInput | null = null;
		let timer: ReturnType<typeof setTimeout> | null = null;
		let id = 0;
		let ready = false;
		const w = new Worker(new URL('./fuzz/worker-boot.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: memMb } });
		const next = () => {
			const n = exhausted ? { done: true as const, value: undefined } : queue.next();
			if (n.done) {
				exhausted = true;
				current = null;
				void w.terminate();
				return;
			}
			current = n.value;
			id++;
			timer = setTimeout(() => {
				failures.push({ kind: 'hang', input: current!, detail: `over ${timeMs} ms` });
				done++;
				current = null;
				void w.terminate();
			}, timeMs);
			w.postMessage({ id, name: current.name, text: current.text });
		};
		w.on('message', (m: { ready?: boolean; id: number; crashes: string[]; outBytes: number; ms: number; heapMB: number }) => {
			if (m.ready) {
				ready = true;
				return next();
			}
			if (timer) clearTimeout(timer);
			if (!current || m.id !== id) return;
			done++;
			peakHeap = Math.max(peakHeap, m.heapMB);
			if (m.ms > slowest.ms) slowest = { ms: m.ms, name: current.name };
			for (const c of m.crashes) failures.push({ kind: 'crash', input: current, detail: c });
			if (m.outBytes > OUTPUT_BUDGET) failures.push({ kind: 'output', input: current, detail: `${(m.outBytes / 2 ** 20).toFixed(0)} MB of output` });
			if (done % 500 === 0) console.log(`  … ${done} inputs`);
			next();
		});
		w.on('error', (e: Error & { code?: string }) => {
			if (timer) clearTimeout(timer);
			if (current) {
				done++;
				failures.push({ kind: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash', input: current, detail: e.message });
				current = null;
			}
		});
		// a worker that was killed (hang, memory) is replaced until the queue is empty
		w.on('exit', () => {
			if (timer) clearTimeout(timer);
			if (current) {
				done++;
				failures.push({ kind: 'crash', input: current, detail: 'worker exited' });
			}
			if (!ready) {
				console.error('fuzz: a worker failed to start');
				process.exitCode = 1;
				exhausted = true;
			}
			if (exhausted) finish();
			else runWorker().then(finish);
		});
	});
}

// a replacement worker whose queue is empty ends at once
async function main() {
	await Promise.all(Array.from({ length: nWorkers }, runWorker));
	const secs = (performance.now() - t0) / 1000;
	const by = (k: Failure['kind']) => new Set(failures.filter((f) => f.kind === k).map((f) => f.input.name)).size;
	for (const f of failures.slice(0, 20)) console.log(`${f.kind}: ${f.input.name}: ${f.detail.split('\n').slice(0, 4).join('\n    ')}`);
	if (save && failures.length) {
		const dir = join(ROOT, 'tests', 'fuzz', 'regressions');
		mkdirSync(dir, { recursive: true });
		for (const f of failures) writeFileSync(join(dir, `${f.kind}-${fnv(f.input.text)}.yaml`), f.input.text);
		console.log(`saved ${new Set(failures.map((f) => f.input.text)).size} failing inputs to tests/fuzz/regressions/`);
	}
	console.log(`fuzz (${replayDir ? 'replay of saved failures' : `seed ${seed}`}): ${done} inputs in ${secs.toFixed(1)} s, ${by('crash')} crashes, ${by('hang')} hangs over ${timeMs / 1000} s, ${by('memory')} over ${memMb} MB, ${by('output')} over the output budget; peak heap ${peakHeap.toFixed(0)} MB; slowest ${slowest.ms.toFixed(0)} ms (${slowest.name})`);
	process.exit(failures.length ? 1 : 0);
}
void main();
