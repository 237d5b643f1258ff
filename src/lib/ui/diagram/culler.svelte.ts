// Culling for the Diagram: which boxes and edges are in the DOM. Panning and
// zooming only move one transformed group; the visible set is recomputed at
// most once a frame when the view leaves the area drawn last (a margin
// around the viewport), and once more when the gesture settles (so a
// container zoomed in far enough opens). Small scenes are drawn whole.
import { buildCullIndex, contains, cull, keepFirst, viewRect, type CullIndex, type Rect, type Visible } from '../../view/lod';
import type { Scene } from '../../view';

/** Scenes with fewer boxes + edges than this are drawn whole (culling would only cost). */
export const CULL_MIN = 600;
/** how long a pan or zoom must rest before the exact recomputation */
const SETTLE_MS = 140;

type T = { x: number; y: number; k: number };

export class Culler {
	/** null: draw everything */
	visible = $state.raw<Visible | null>(null);
	/** the zoom `visible` was computed for (aggregates size their text by it) */
	k = $state(1);
	index: CullIndex | null = null;
	private rect: Rect | null = null;
	private frame = 0;
	private settle: ReturnType<typeof setTimeout> | undefined;
	private last: { t: T; w: number; h: number } | null = null;

	setScene(scene: Scene | null) {
		this.cancel();
		this.rect = null;
		this.index = scene && (scene.lod || scene.nodes.length + scene.edges.length >= CULL_MIN) ? buildCullIndex(scene) : null;
		// nothing until the first computation (the fit right after a new scene moves the view)
		this.visible = this.index ? { containers: [], open: new Set(), leaves: [], edges: [], drawn: new Set(), kept: 0 } : null;
		if (this.index && this.last) this.compute();
	}

	/** Call on every transform change with the element's size. */
	moved(t: T, w: number, h: number) {
		this.last = { t, w, h };
		if (!this.index || !w || !h) return;
		if (!this.rect || !contains(this.rect, viewRect(w, h, t, 0))) {
			if (!this.frame) this.frame = requestAnimationFrame(() => ((this.frame = 0), this.compute()));
		}
		clearTimeout(this.settle);
		this.settle = setTimeout(() => this.compute(), SETTLE_MS);
	}

	compute() {
		const l = this.last;
		if (!this.index || !l || !l.w || !l.h) return;
		this.rect = viewRect(l.w, l.h, l.t, 0.25);
		this.k = l.t.k;
		this.visible = keepFirst(cull(this.index, this.rect, l.t.k), this.visible?.drawn ?? null);
	}

	cancel() {
		cancelAnimationFrame(this.frame);
		this.frame = 0;
		clearTimeout(this.settle);
	}
}
