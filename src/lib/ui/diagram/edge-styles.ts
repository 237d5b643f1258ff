// How each edge type is drawn. Colour never stands alone: each type also has
// its own dash pattern and weight, and the Legend names them.
export interface EdgeStyle {
	label: string;
	meaning: string;
	color: string;
	dash: string;
	width: number;
}

export const EDGE_STYLES: Record<string, EdgeStyle> = {
	routes: { label: 'routes', meaning: 'traffic is forwarded (Internet → entry, Ingress/Gateway → Service)', color: 'var(--edge-routes)', dash: '', width: 2 },
	selects: { label: 'selects', meaning: 'label selector picks pods (Service → pods)', color: 'var(--edge-selects)', dash: '7 4', width: 1.6 },
	owns: { label: 'owns', meaning: 'controller manages pods (workload → pods)', color: 'var(--edge-owns)', dash: '1.5 3.5', width: 1.8 },
	uses: { label: 'uses', meaning: 'mounts or references (workload → ConfigMap, Secret, PVC)', color: 'var(--edge-uses)', dash: '9 3 2 3', width: 1.4 }
};

export const OTHER_EDGE: EdgeStyle = { label: 'other', meaning: '', color: 'var(--edge-other)', dash: '', width: 1.4 };

export function edgeStyle(type: string): EdgeStyle {
	return EDGE_STYLES[type] ?? OTHER_EDGE;
}

/** A badge chip's tone: on a box (not ready, sidecar) and on a route edge (abort, delay, timeout, mirror). */
export type ChipTone = '' | 'bad' | 'warn' | 'mesh';
export const badgeTone = (b: string): ChipTone => (b.includes('not ready') || b === 'no endpoints' ? 'bad' : b === 'sidecar' ? 'mesh' : '');
export const edgeBadgeTone = (b: string): ChipTone => (b.startsWith('abort') ? 'bad' : b.startsWith('delay') || b.startsWith('timeout') ? 'warn' : 'mesh');
