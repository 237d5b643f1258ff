// How the user looks at the document: the left panel's tab, the diagram's
// filter and selection, the editor jump, the packet composer's endpoints,
// the iptables dump open, the theme. (The diagram's view — architecture,
// network, mesh — is part of the workspace, which is saved.)
import { sceneNodeIdOf, sceneNodeRef, type GraphFilter, type ResourceRef, type Scene } from '../../view';
import { readTheme, writeTheme, type Store, type Theme } from './storage';

export type LeftPanel = 'scenarios' | 'manifests' | 'flows' | 'simulate' | 'requests' | 'reach';

/** The kinds offered by the diagram's kind filter. */
export const FILTER_KINDS = ['Pod', 'Service', 'Ingress', 'Deployment', 'StatefulSet', 'DaemonSet', 'Gateway', 'ConfigMap', 'Secret'] as const;

export class ViewState {
	panel = $state<LeftPanel>('scenarios');
	filterText = $state('');
	filterNamespace = $state('');
	filterKind = $state('');
	/** the scene node selected on the diagram, and the resource it stands for (also set from the inspector) */
	selected = $state<string | null>(null);
	selection = $state<ResourceRef | null>(null);
	/** the editor scrolls to this line; the nonce makes the same line jump again */
	jump = $state<{ file: string; line: number; nonce: number } | null>(null);
	/** the packet composer's endpoints (REF strings), also set from the inspector */
	flowFrom = $state('');
	flowTo = $state('');
	/** the node whose iptables-save is open */
	iptNode = $state<string | null>(null);
	theme = $state<Theme>('light');
	/** files are dragged over the page */
	dragging = $state(false);
	/** the Security layer on the architecture and mesh views: NetworkPolicy, mTLS and authorization per edge */
	security = $state(false);

	filter = $derived<GraphFilter>({
		text: this.filterText || undefined,
		namespaces: this.filterNamespace ? [this.filterNamespace] : undefined,
		kinds: this.filterKind ? [this.filterKind] : undefined
	});

	private readonly store: Store;

	constructor(store: Store) {
		this.store = store;
	}

	/** Selects a scene node (null clears). */
	select(id: string | null, scene: Scene | null) {
		this.selected = id;
		this.selection = id && scene ? sceneNodeRef(scene, id) : null;
	}

	/** Selects a resource (from a finding or a relation): its node on the diagram too, if drawn. */
	selectRef(ref: ResourceRef, scene: Scene | null) {
		this.selection = ref;
		this.selected = scene ? sceneNodeIdOf(scene, ref) : null;
	}

	jumpTo(file: string, line: number) {
		this.panel = 'manifests';
		this.jump = { file, line, nonce: (this.jump?.nonce ?? 0) + 1 };
	}

	/** The composer's endpoint from the selected Pod or Service. */
	pick(end: 'from' | 'to') {
		const s = this.selection;
		if (!s) return;
		const ref = `${s.kind === 'Pod' ? 'pod' : 'svc'}/${s.namespace ?? 'default'}/${s.name}`;
		if (end === 'from') this.flowFrom = ref;
		else this.flowTo = ref;
		this.panel = 'flows';
	}

	setTheme(t: Theme) {
		this.theme = t;
		document.documentElement.dataset.theme = t;
		writeTheme(this.store, t);
	}

	/** On mount: the stored theme, else the system's. */
	mountTheme() {
		const dark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
		this.setTheme(readTheme(this.store) ?? (dark ? 'dark' : 'light'));
	}
}
