// The Istio and resilience features load on first use (they bring the mesh
// engine and xstate): the first paint does not wait for them.
import type { MeshSession } from '../mesh/session.svelte';

export type ResilienceModule = typeof import('../resilience/lazy');
export type MeshModule = typeof import('../mesh/lazy');
export type CompareModule = typeof import('../compare/lazy');
type CompareSession = InstanceType<CompareModule['CompareSession']>;

export class Features {
	res = $state.raw<ResilienceModule | null>(null);
	meshMod = $state.raw<MeshModule | null>(null);
	/** Istio requests (Requests tab): the composer, the last answer, what-if weights */
	mesh = $state.raw<MeshSession | null>(null);
	/** Compare (issue 12 §3): the diff view and its session, loaded on first use */
	cmpMod = $state.raw<CompareModule | null>(null);
	compare = $state.raw<CompareSession | null>(null);
	private asked = { res: false, mesh: false };

	loadResilience() {
		if (this.asked.res) return;
		this.asked.res = true;
		import('../resilience/lazy').then(
			(m) => (this.res = m),
			() => (this.asked.res = false) // offline and not cached: try again on next use
		);
	}

	loadMesh() {
		if (this.asked.mesh) return;
		this.asked.mesh = true;
		import('../mesh/lazy').then((m) => {
			this.mesh = new m.MeshSession();
			this.meshMod = m;
		}, () => (this.asked.mesh = false));
	}

	async loadCompare(): Promise<CompareSession> {
		if (this.compare) return this.compare;
		const m = await import('../compare/lazy');
		this.compare ??= new m.CompareSession();
		this.cmpMod = m;
		return this.compare;
	}
}
