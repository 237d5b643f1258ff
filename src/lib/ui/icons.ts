// Kubernetes-style resource icons, drawn for Hopscope: a rounded heptagon badge
// (the shape the Kubernetes community icons use) with a simple white glyph.
// 24×24 viewBox; glyphs are stroked paths (plus optional filled parts).

export type IconFamily = 'network' | 'compute' | 'workload' | 'config' | 'infra' | 'external' | 'unknown';

export interface Icon {
	family: IconFamily;
	/** stroked glyph path(s) */
	glyph: string;
	/** filled glyph path(s) */
	fill?: string;
}

/** A regular heptagon (point up) with rounded corners, centred in 24×24. */
function heptagon(cx: number, cy: number, radius: number, round: number): string {
	const pts = Array.from({ length: 7 }, (_, i) => {
		const a = -Math.PI / 2 + (i * 2 * Math.PI) / 7;
		return { x: cx + radius * Math.cos(a), y: cy + radius * Math.sin(a) };
	});
	const f = (n: number) => n.toFixed(2);
	const parts: string[] = [];
	for (let i = 0; i < 7; i++) {
		const prev = pts[(i + 6) % 7];
		const p = pts[i];
		const next = pts[(i + 1) % 7];
		const lerp = (a: typeof p, b: typeof p, t: number) => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
		const a = lerp(p, prev, round);
		const b = lerp(p, next, round);
		parts.push(`${i === 0 ? 'M' : 'L'}${f(a.x)} ${f(a.y)}Q${f(p.x)} ${f(p.y)} ${f(b.x)} ${f(b.y)}`);
	}
	return parts.join('') + 'Z';
}

export const BADGE_PATH = heptagon(12, 12.4, 11.6, 0.2);

const ICONS: Record<string, Icon> = {
	pod: { family: 'compute', glyph: 'M12 6.6l4.9 2.5v5.8L12 17.4l-4.9-2.5V9.1z M7.1 9.1L12 11.6l4.9-2.5 M12 11.6v5.8' },
	stack: { family: 'compute', glyph: 'M12 5.8l4.4 2.2v5.2L12 15.4l-4.4-2.2V8z M7.6 8L12 10.2 16.4 8 M12 10.2v5.2 M6.2 12.8v2.4L12 18.2l5.8-3v-2.4' },
	deployment: { family: 'workload', glyph: 'M16.8 10.2A5 5 0 1 0 17 13.6 M17.4 7.6v2.9h-2.9', fill: 'M10.3 10.3h3.4v3.4h-3.4z' },
	replicaset: { family: 'workload', glyph: 'M7.5 9h6v6h-6z M10.5 7h6v6', fill: '' },
	statefulset: { family: 'workload', glyph: 'M7.4 8.4c0-1.2 9.2-1.2 9.2 0v7.2c0 1.2-9.2 1.2-9.2 0z M7.4 8.4c0 1.2 9.2 1.2 9.2 0 M7.4 12c0 1.2 9.2 1.2 9.2 0' },
	daemonset: { family: 'workload', glyph: 'M6.8 8.6h6.6v6.6H6.8z M10.6 6.6h6.6v6.6 M8.7 17.2h6.6' },
	job: { family: 'workload', glyph: 'M7 7.2h10v9.6H7z M9.3 12.1l1.9 1.9 3.6-3.8' },
	cronjob: { family: 'workload', glyph: 'M12 6.8a5.2 5.2 0 1 0 0.01 0z M12 9v3.2l2.2 1.4' },
	service: { family: 'network', glyph: 'M12 9.4v-2.6 M9.8 13.3l-2.6 1.6 M14.2 13.3l2.6 1.6', fill: 'M12 9.3a2.7 2.7 0 1 1-0.01 0z M12 5a1.6 1.6 0 1 1-0.01 0z M6.4 13.9a1.6 1.6 0 1 1-0.01 0z M17.6 13.9a1.6 1.6 0 1 1-0.01 0z' },
	ingress: { family: 'network', glyph: 'M5.8 12h8.4 M11.3 9.1l2.9 2.9-2.9 2.9 M16.8 7.2v9.6' },
	gateway: { family: 'network', glyph: 'M7.2 17V11.6a4.8 4.8 0 0 1 9.6 0V17 M5.8 17h12.4 M10 17v-4.4h4V17' },
	virtualservice: { family: 'network', glyph: 'M6 12h3.6l3.2-3.6h4.6 M9.6 12l3.2 3.6h4.6 M15.6 6.8l1.8 1.6-1.8 1.6 M15.6 14l1.8 1.6-1.8 1.6' },
	destinationrule: { family: 'network', glyph: 'M12 6.4l5.6 5.6-5.6 5.6L6.4 12z M12 9.6v4.8 M9.6 12h4.8' },
	serviceentry: { family: 'network', glyph: 'M6.6 12h6.8 M10.8 9.4l2.6 2.6-2.6 2.6 M15.6 7.4h1.8v9.2h-1.8' },
	networkpolicy: { family: 'network', glyph: 'M12 6.4l5 1.8v3.8c0 3-2.2 5-5 5.8-2.8-.8-5-2.8-5-5.8V8.2z M9.8 12l1.6 1.6 2.8-3' },
	node: { family: 'infra', glyph: 'M6.8 7.4h10.4v4H6.8z M6.8 12.6h10.4v4H6.8z', fill: 'M8.4 8.8h1.4v1.2H8.4z M8.4 14h1.4v1.2H8.4z' },
	namespace: { family: 'infra', glyph: 'M6.8 7.2h10.4v9.6H6.8z' },
	cluster: { family: 'infra', glyph: 'M7 7h4.4v4.4H7z M12.6 7H17v4.4h-4.4z M7 12.6h4.4V17H7z M12.6 12.6H17V17h-4.4z' },
	configmap: { family: 'config', glyph: 'M8 6.6h5.6l2.6 2.6v8.2H8z M13.6 6.6v2.6h2.6 M9.8 12h4.4 M9.8 14.6h4.4' },
	secret: { family: 'config', glyph: 'M8.2 11.4h7.6v5.6H8.2z M9.8 11.4V9.6a2.2 2.2 0 0 1 4.4 0v1.8', fill: 'M11.4 13.4h1.2v1.8h-1.2z' },
	persistentvolumeclaim: { family: 'config', glyph: 'M7.6 8.2c0-1.4 8.8-1.4 8.8 0v7.6c0 1.4-8.8 1.4-8.8 0z M7.6 8.2c0 1.4 8.8 1.4 8.8 0' },
	horizontalpodautoscaler: { family: 'config', glyph: 'M6.4 12h11.2 M8.8 9.6L6.4 12l2.4 2.4 M15.2 9.6l2.4 2.4-2.4 2.4 M12 7.4v9.2' },
	serviceaccount: { family: 'config', glyph: 'M12 7a2.3 2.3 0 1 1-0.01 0z M7.6 17c0-2.6 2-4.2 4.4-4.2s4.4 1.6 4.4 4.2' },
	internet: { family: 'external', glyph: 'M12 6.4a5.6 5.6 0 1 0 0.01 0z M6.4 12h11.2 M12 6.4c-2.2 2.8-2.2 8.4 0 11.2 M12 6.4c2.2 2.8 2.2 8.4 0 11.2' },
	// network view: devices and the edge of the cloud
	device: { family: 'infra', glyph: 'M6.6 9h10.8v6H6.6z M8.6 15v2 M11 15v2 M13.4 15v2 M15.8 15v2', fill: 'M8.4 10.8h2v2h-2z' },
	veth: { family: 'infra', glyph: 'M5.6 12h4.2 M14.2 12h4.2 M9.8 9.6h4.4v4.8H9.8z' },
	bridge: { family: 'infra', glyph: 'M5.8 15.6h12.4 M7.4 15.6v-4.2 M12 15.6v-4.2 M16.6 15.6v-4.2 M5.8 11.4h12.4' },
	netfilter: { family: 'network', glyph: 'M6.6 7.4h10.8 M7.8 7.4l3.2 4.2v5.2l2-1.2v-4l3.2-4.2' },
	tunnel: { family: 'infra', glyph: 'M6 16.6V11a6 6 0 0 1 12 0v5.6 M9 16.6V11a3 3 0 0 1 6 0v5.6' },
	wire: { family: 'infra', glyph: 'M5.4 12h13.2 M7.4 9.4v5.2 M16.6 9.4v5.2' },
	loadbalancer: { family: 'external', glyph: 'M12 6.6v3.2 M12 9.8l-4.6 4.2 M12 9.8l4.6 4.2 M12 9.8v4.2', fill: 'M6.2 14h2.4v2.4H6.2z M10.8 14h2.4v2.4h-2.4z M15.4 14h2.4v2.4h-2.4z' },
	natgateway: { family: 'external', glyph: 'M6.4 9.6h8.4 M12.6 7.4l2.2 2.2-2.2 2.2 M17.6 14.4H9.2 M11.4 12.2l-2.2 2.2 2.2 2.2' },
	// state machines (resilience): a state is a ring
	state: { family: 'network', glyph: 'M12 7.2a4.8 4.8 0 1 1-0.01 0z', fill: 'M12 10.2a1.8 1.8 0 1 1-0.01 0z' },
	more: { family: 'unknown', fill: 'M7.6 11.2h1.6v1.6H7.6z M11.2 11.2h1.6v1.6h-1.6z M14.8 11.2h1.6v1.6h-1.6z', glyph: '' },
	unknown: { family: 'unknown', glyph: 'M9.8 9.8a2.2 2.2 0 1 1 3.2 2c-.7.4-1 .9-1 1.6v.6', fill: 'M11.3 15.6h1.4v1.4h-1.4z' }
};

// graph node kinds and API kinds → icon key
const ALIAS: Record<string, string> = {
	workload: 'deployment',
	attachment: 'configmap',
	ingressgateway: 'gateway',
	pvc: 'persistentvolumeclaim',
	hpa: 'horizontalpodautoscaler',
	replicationcontroller: 'replicaset',
	poddevice: 'device',
	edge: 'loadbalancer',
	network: 'wire',
	pods: 'more',
	// journey 9's plain Docker hosts: a machine like a node, containers like pods
	dockerhost: 'node',
	container: 'pod'
};

/** Icon for an API kind (`Deployment`) or a graph node kind (`stack`). */
export function iconFor(kind: string): Icon {
	const k = kind.toLowerCase();
	return ICONS[k] ?? ICONS[ALIAS[k] ?? ''] ?? ICONS.unknown;
}

/** CSS colour (a theme variable) for an icon family. */
export function familyColor(f: IconFamily): string {
	return `var(--k-${f})`;
}
