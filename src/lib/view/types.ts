// The view's shared data: the graph the builders produce (graph.ts, network.ts,
// mesh/, resilience/) and the laid-out Scene the layout returns (layout/).
// Types only, so every module can import it without an import cycle.
// Plain data (structured-clone safe): both cross the layout worker boundary.

// ---- the graph: what to draw ----

export type GraphView = 'architecture' | 'network' | 'mesh';

/** What a graph node is in the drawing. Open: the network and mesh views add more. */
export type GNodeKind =
	| 'internet'
	| 'cluster'
	| 'node'
	| 'namespace'
	| 'pod'
	| 'stack'
	| 'workload'
	| 'service'
	| 'ingress'
	| 'gateway'
	| 'virtualservice'
	| 'attachment'
	| 'unknown'
	| (string & {});

/** The resource a graph node draws; namespace is '' for cluster-scoped things. */
export interface GRef {
	kind: string;
	namespace: string;
	name: string;
}

/** A connection point on a node's border (network view: eth0, veth ends). */
export interface GPort {
	id: string;
	side: 'WEST' | 'EAST' | 'NORTH' | 'SOUTH';
	label?: string;
}

export interface GNode {
	id: string;
	/** containing graph node id; null at the top level */
	parent: string | null;
	kind: GNodeKind;
	ref: GRef;
	label: string;
	/** second line: IP, type, replica count, … */
	sublabel?: string;
	/** short tags drawn as chips: 'sidecar', 'not ready', 'headless' */
	badges?: string[];
	/** drawn as a box around its children */
	container?: boolean;
	/** pod labels (for the label filter) */
	labels?: Record<string, string>;
	/** stacks: number of pods and their ids */
	count?: number;
	members?: string[];
	/** stacks: the workload that owns the stacked pods */
	owner?: GRef;
	ports?: GPort[];
	/** aggregates (level of detail): ready pods of the pods inside */
	health?: { ready: number; total: number };
}

export type EdgeType = 'selects' | 'routes' | 'owns' | 'uses' | (string & {});

export interface GEdge {
	id: string;
	source: string;
	target: string;
	type: EdgeType;
	label?: string;
	/** a short label drawn even where `label` has no room: a route's weight ("90%") */
	weight?: string;
	/** small badges beside the label: fault, timeout, mirror (view/weights.ts) */
	badges?: string[];
	sourcePort?: string;
	targetPort?: string;
}

export interface Graph {
	view: GraphView;
	nodes: GNode[];
	edges: GEdge[];
}

export interface GraphFilter {
	/** case-insensitive substring of kind, namespace/name or a label k=v */
	text?: string;
	namespaces?: string[];
	kinds?: string[];
	/** `key=value`, or `key` alone for "has the label" */
	label?: string;
}

// ---- the scene: where it is drawn (absolute boxes and edge paths, ready for SVG) ----

export interface Point {
	x: number;
	y: number;
}

export interface SceneNode {
	id: string;
	/** absolute position and size in diagram px */
	x: number;
	y: number;
	w: number;
	h: number;
	/** nesting depth: 0 at the top level */
	depth: number;
	node: GNode;
	/** label and sublabel, cut to fit the box */
	title: string;
	subtitle?: string;
	/** network view: absolute port anchors by port id */
	ports?: Record<string, Point>;
}

export interface SceneEdge {
	id: string;
	type: EdgeType;
	/** drawn direction (arrowhead at target) */
	source: string;
	target: string;
	/** absolute points, source → target */
	points: Point[];
	/** SVG path data with rounded corners */
	d: string;
	label?: { text: string; x: number; y: number; badges?: string[] };
	edge: GEdge;
}

export interface Scene {
	view: GraphView;
	/** drawn by level of detail: a container stays closed (an aggregate) until zoomed in (view/lod) */
	lod?: boolean;
	width: number;
	height: number;
	/** parents before children: draw in this order */
	nodes: SceneNode[];
	edges: SceneEdge[];
}
