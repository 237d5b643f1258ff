// UI state of the Istio request workbench: the composer, the last answer
// (one request or a split simulation), the what-if weights and the live
// reveal of a simulation. The work is done by the mesh engine and the pure
// helpers in view/mesh/meshreq.ts and view/mesh/meshwhatif.ts.
import type { Cluster } from '../../model';
import type { ScenarioFlow } from '../../scenario';
import type { RouteResult } from '../../mesh';
import { route } from '../../mesh';
import { simulate, type SimulateResult } from '../../mesh';
import { DEFAULT_N, defaultComposer, revealed, toRouteRequest, type Composer } from '../../view/mesh';
import { rebalance, ruleDestinations, withWeights } from '../../view/mesh';

export const REVEAL_MS = 1500;
export const MAX_N = 100_000;

export interface WhatIfWeights {
	vsId: string;
	rule: number;
	weights: number[];
}

export class MeshSession {
	composer = $state<Composer>({ from: 'ingress', host: '', port: '', path: '/', method: 'GET', headers: [], seed: 1, n: DEFAULT_N });
	/** the answer for one request (also the first request of a simulation) */
	result = $state.raw<RouteResult | null>(null);
	sim = $state.raw<SimulateResult | null>(null);
	/** requests of `sim` revealed so far */
	shown = $state(0);
	mode = $state<'one' | 'n' | null>(null);
	error = $state<string | null>(null);
	whatIf = $state<WhatIfWeights | null>(null);
	private raf = 0;

	/** Fresh composer for a cluster (a new scenario): prefilled from its L7 flows. */
	reset(cluster: Cluster | null, flows: readonly ScenarioFlow[]) {
		this.stop();
		this.composer = cluster ? defaultComposer(cluster, flows) : { ...this.composer, host: '' };
		this.result = null;
		this.sim = null;
		this.mode = null;
		this.error = null;
		this.whatIf = null;
		this.shown = 0;
	}

	/** The cluster the engine sees: the manifests' with the what-if weights applied (a copy). */
	effective(cluster: Cluster): Cluster {
		const w = this.whatIf;
		return w ? withWeights(cluster, w.vsId, w.rule, w.weights) : cluster;
	}

	sendOne(cluster: Cluster) {
		this.stop();
		this.sim = null;
		this.mode = 'one';
		this.run(() => {
			this.result = route(this.effective(cluster), toRouteRequest(this.composer), { seed: this.seed() });
		});
	}

	sendN(cluster: Cluster, animate = true) {
		this.stop();
		this.mode = 'n';
		this.run(() => {
			const n = Math.max(1, Math.min(MAX_N, Math.floor(Number(this.composer.n) || DEFAULT_N)));
			const sim = simulate(this.effective(cluster), toRouteRequest(this.composer), { n, seed: this.seed() });
			this.sim = sim;
			this.result = sim.first;
			this.reveal(n, animate);
		});
	}

	/** Re-answer the last question (after a what-if change). */
	resend(cluster: Cluster) {
		if (this.mode === 'n') this.sendN(cluster, false);
		else if (this.mode === 'one') this.sendOne(cluster);
	}

	/** What-if: destination `index` of the matched rule gets `value`; the others share the rest. */
	setWeight(cluster: Cluster, index: number, value: number) {
		const r = this.result;
		if (!r?.virtualService || r.rule === null) return;
		const current =
			this.whatIf && this.whatIf.vsId === r.virtualService && this.whatIf.rule === r.rule
				? this.whatIf.weights
				: ruleDestinations(cluster, r.virtualService, r.rule).map((d) => d.weight);
		this.whatIf = { vsId: r.virtualService, rule: r.rule, weights: rebalance(current, index, value) };
		this.resend(cluster);
	}

	resetWeights(cluster: Cluster) {
		this.whatIf = null;
		this.resend(cluster);
	}

	toggleHeader(cluster: Cluster, i: number) {
		const h = this.composer.headers[i];
		if (!h) return;
		this.composer.headers[i] = { ...h, on: !h.on };
		this.resend(cluster);
	}

	addHeader() {
		this.composer.headers = [...this.composer.headers, { key: '', value: '', on: true }];
	}

	removeHeader(i: number) {
		this.composer.headers = this.composer.headers.filter((_, j) => j !== i);
	}

	private seed(): number {
		const s = Math.floor(Number(this.composer.seed));
		return Number.isFinite(s) ? s >>> 0 : 1;
	}

	private run(fn: () => void) {
		try {
			fn();
			this.error = null;
		} catch (e) {
			this.error = e instanceof Error ? e.message : String(e);
			this.result = null;
			this.sim = null;
		}
	}

	private reveal(n: number, animate: boolean) {
		const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
		if (!animate || reduced || typeof requestAnimationFrame !== 'function') {
			this.shown = n;
			return;
		}
		this.shown = 0;
		const t0 = performance.now();
		const tick = (now: number) => {
			this.shown = revealed(n, now - t0, REVEAL_MS);
			if (this.shown < n) this.raf = requestAnimationFrame(tick);
		};
		this.raf = requestAnimationFrame(tick);
	}

	private stop() {
		if (this.raf && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(this.raf);
		this.raf = 0;
	}
}
