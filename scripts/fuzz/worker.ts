// A fuzz worker thread: runs inputs through the pipeline and reports crashes
// and its heap. The parent kills it when an input overruns its time budget.
import { parentPort } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { runPipeline } from './pipeline';

parentPort!.on('message', async (msg: { id: number; name: string; text: string }) => {
	const t0 = performance.now();
	const r = await runPipeline(msg.text, msg.name + '.yaml');
	parentPort!.postMessage({ id: msg.id, ...r, ms: performance.now() - t0, heapMB: getHeapStatistics().used_heap_size / 2 ** 20 });
});
// warm up (module loading and JIT) before the clock of the first input starts
await runPipeline('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: i}]}\n');
parentPort!.postMessage({ ready: true });
