// load-client: the synchronous path matches the pipeline, every load goes to
// the worker, and the worker bookkeeping (supersede, cancel, timeout, crash)
// against a fake Worker.
// The real worker runs end to end in the browser tests.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { validate } from '../../src/lib/checks/index';
import type { InputFile } from '../../src/lib/manifest/types';
import { loadScenario } from '../../src/lib/scenario/load';
import { isCancelledLoad, isStaleLoad, shouldLoadInWorker } from '../../src/lib/scenario/load-client';
import { loadSync } from '../../src/lib/scenario/load-here';
import { syntheticCluster } from '../../src/lib/scenario/synthetic';

const read = (name: string): InputFile => ({ name, text: readFileSync(new URL(`../../scenarios/${name}`, import.meta.url), 'utf8') });

describe('loadSync', () => {
	it('gives what loadScenario + validate give', () => {
		for (const files of [[read('bookinfo.yaml')], [read('ingress-slide-bug.yaml'), read('istio-fault-injection.yaml')]]) {
			const loaded = loadScenario(files);
			const out = loadSync(files);
			expect(out).toEqual({ loaded, findings: validate(loaded.cluster, loaded.parse.resources) });
		}
		// the cases above carry both diagnostics and findings, so neither half is trivially empty
		expect(loadSync([read('bookinfo.yaml')]).findings.length).toBeGreaterThan(0);
		expect(loadSync([read('ingress-slide-bug.yaml')]).loaded.diagnostics.length).toBeGreaterThan(0);
	});

	it('survives a structured clone unchanged (what the worker sends back)', () => {
		const out = loadSync([read('bookinfo.yaml')]);
		expect(structuredClone(out)).toEqual(out);
	});
});

describe('shouldLoadInWorker', () => {
	afterEach(() => vi.unstubAllGlobals());
	it('sends every input to the worker where one exists, whatever its size', () => {
		// 20 characters that model 100,000 pods: size is no guide to cost
		const tiny: InputFile = { name: 'a.yaml', text: 'replicas: 100000\n' };
		expect(typeof Worker).toBe('undefined');
		expect(shouldLoadInWorker([tiny])).toBe(false);
		vi.stubGlobal('Worker', class {});
		expect(shouldLoadInWorker([tiny])).toBe(true);
		expect(shouldLoadInWorker([])).toBe(true);
		expect(shouldLoadInWorker([{ name: 's.yaml', text: syntheticCluster({ pods: 1000, seed: 1 }).text }])).toBe(true);
	});
});

// ---- the worker bookkeeping, with a fake Worker standing in for load-worker ----

type Reply = 'ok' | 'never' | 'crash' | 'error';
const fake = vi.hoisted(() => ({ reply: 'ok' as string, delayMs: 5, created: 0, terminated: 0, posted: [] as number[] }));

vi.mock('../../src/lib/scenario/load-worker?worker', async () => {
	const { loadSync } = await import('../../src/lib/scenario/load-here');
	class FakeWorker {
		onmessage: ((ev: { data: unknown }) => void) | null = null;
		onerror: ((ev: { message: string; preventDefault(): void }) => void) | null = null;
		onmessageerror: (() => void) | null = null;
		constructor() {
			fake.created++;
		}
		postMessage(msg: { id: number; files: InputFile[] }) {
			fake.posted.push(msg.id);
			const how = fake.reply;
			setTimeout(() => {
				if (how === 'ok') this.onmessage?.({ data: structuredClone({ id: msg.id, ...loadSync(msg.files) }) });
				else if (how === 'error') this.onmessage?.({ data: { id: msg.id, error: 'boom' } });
				else if (how === 'crash') this.onerror?.({ message: 'out of memory', preventDefault() {} });
			}, fake.delayMs);
		}
		terminate() {
			fake.terminated++;
		}
	}
	return { default: FakeWorker };
});

describe('loadAsync', () => {
	const files = (name: string) => [read(name)];
	let client: typeof import('../../src/lib/scenario/load-client');

	beforeEach(async () => {
		Object.assign(fake, { reply: 'ok' satisfies Reply, delayMs: 5, created: 0, terminated: 0, posted: [] });
		vi.stubGlobal('Worker', class {});
		vi.resetModules(); // a fresh client: no worker yet
		client = await import('../../src/lib/scenario/load-client');
	});
	afterEach(() => vi.unstubAllGlobals());

	it('resolves with the same result as loadSync, from one reused worker', async () => {
		expect(await client.loadAsync(files('bookinfo.yaml'))).toEqual(loadSync(files('bookinfo.yaml')));
		expect(await client.loadAsync(files('guestbook.yaml'))).toEqual(loadSync(files('guestbook.yaml')));
		expect(fake.created).toBe(1);
	});

	it('rejects superseded requests as stale and skips the ones queued behind a busy worker', async () => {
		fake.delayMs = 1_000; // far past the grace: a is terminated, not waited for
		const a = client.loadAsync(files('bookinfo.yaml'));
		await vi.waitFor(() => expect(fake.posted).toHaveLength(1), { interval: 5 }); // a is being computed
		const b = client.loadAsync(files('guestbook.yaml'));
		const c = client.loadAsync(files('istio-canary.yaml'));
		await expect(Promise.allSettled([a, b])).resolves.toSatisfy((rs: PromiseSettledResult<unknown>[]) =>
			rs.every((r) => r.status === 'rejected' && isStaleLoad(r.reason))
		);
		expect(await c).toEqual(loadSync(files('istio-canary.yaml')));
		expect(fake.posted).toHaveLength(2); // b never reached the worker
		// a was not waited for: its worker was terminated and c ran on a fresh one
		expect(fake.terminated).toBe(1);
		expect(fake.created).toBe(2);
	});

	it('a superseded load that finishes within the grace keeps its worker (typing over a large input)', async () => {
		expect(client.SUPERSEDE_GRACE_MS).toBe(150);
		fake.delayMs = 20;
		const a = client.loadAsync(files('bookinfo.yaml'));
		await vi.waitFor(() => expect(fake.posted).toHaveLength(1), { interval: 5 });
		const b = client.loadAsync(files('guestbook.yaml'));
		await expect(a).rejects.toSatisfy(isStaleLoad);
		expect(await b).toEqual(loadSync(files('guestbook.yaml')));
		await new Promise((r) => setTimeout(r, client.SUPERSEDE_GRACE_MS + 20)); // the grace timer has fired and found a done
		expect(fake.posted).toHaveLength(2);
		expect(fake.terminated).toBe(0);
		expect(fake.created).toBe(1);
	});

	it('a newer load terminates the worker stuck on an older one after the grace, instead of waiting for it', async () => {
		fake.reply = 'never'; // the 18 s `replicas: 100000` load
		const slow = client.loadAsync(files('bookinfo.yaml'));
		await vi.waitFor(() => expect(fake.posted).toHaveLength(1), { interval: 5 });
		fake.reply = 'ok';
		const next = client.loadAsync(files('guestbook.yaml'), { timeoutMs: 1_000 });
		await expect(slow).rejects.toSatisfy(isStaleLoad);
		expect(await next).toEqual(loadSync(files('guestbook.yaml')));
		expect(fake.terminated).toBe(1);
		expect(fake.created).toBe(2);
	});

	it('does not terminate an idle worker when a load follows a finished one', async () => {
		await client.loadAsync(files('bookinfo.yaml'));
		await client.loadAsync(files('guestbook.yaml'));
		expect(fake.terminated).toBe(0);
	});

	it('cancelLoad stops the running load: it rejects as cancelled, the worker is terminated and respawns', async () => {
		fake.reply = 'never';
		const running = client.loadAsync(files('bookinfo.yaml'));
		await vi.waitFor(() => expect(fake.posted).toHaveLength(1), { interval: 5 });
		expect(client.cancelLoad()).toBe(true);
		const err = await running.catch((e: unknown) => e);
		expect(client.isCancelledLoad(err)).toBe(true);
		expect(isStaleLoad(err)).toBe(false); // the UI can say "stopped" rather than ignore it
		expect(fake.terminated).toBe(1);
		// nothing left to stop
		expect(client.cancelLoad()).toBe(false);
		expect(fake.terminated).toBe(1);
		fake.reply = 'ok';
		expect(await client.loadAsync(files('guestbook.yaml'))).toEqual(loadSync(files('guestbook.yaml')));
		expect(fake.created).toBe(2);
	});

	it('cancelLoad before the worker has booted stops the load and posts nothing', async () => {
		const p = client.loadAsync(files('bookinfo.yaml'));
		expect(client.cancelLoad()).toBe(true);
		await expect(p).rejects.toSatisfy(isCancelledLoad);
		await new Promise((r) => setTimeout(r, 30));
		expect(fake.posted).toEqual([]);
	});

	it('times out with a clear message and restarts the worker', async () => {
		fake.reply = 'never';
		await expect(client.loadAsync(files('bookinfo.yaml'), { timeoutMs: 30 })).rejects.toThrow(/timed out .*1 files/);
		expect(fake.terminated).toBe(1);
		fake.reply = 'ok';
		await client.loadAsync(files('bookinfo.yaml'));
		expect(fake.created).toBe(2);
	});

	it('reports a crash and a pipeline error, and keeps working after', async () => {
		fake.reply = 'crash';
		await expect(client.loadAsync(files('bookinfo.yaml'))).rejects.toThrow(/crashed: out of memory/);
		fake.reply = 'error';
		await expect(client.loadAsync(files('bookinfo.yaml'))).rejects.toThrow('Loading failed: boom');
		fake.reply = 'ok';
		await expect(client.loadAsync(files('bookinfo.yaml'))).resolves.toEqual(loadSync(files('bookinfo.yaml')));
		expect(fake.created).toBe(2);
	});

	it('loads on the calling thread where there is no Worker', async () => {
		vi.unstubAllGlobals();
		expect(typeof Worker).toBe('undefined');
		expect(await client.loadAsync(files('bookinfo.yaml'))).toEqual(loadSync(files('bookinfo.yaml')));
		expect(fake.created).toBe(0);
	});
});
