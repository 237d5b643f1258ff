// A resilience run's snapshots (one per response: 60,000 responses are 35 MB
// of small objects) packed for the trip from the worker: one string and two
// typed arrays clone as flat copies, where the Map of objects costs the main
// thread seconds to deserialize. The player reads one snapshot per step, so
// the reader parses each on demand.
import type { SimSnapshot } from '../../resilience/index';
import type { SimRun, SnapshotStore } from '../resilience/resilience';
import type { ComputeKind, ComputeResults, WireOut } from './compute';

export interface PackedSnapshots {
	/** the snapshots' JSON, one after another */
	text: string;
	/** event id of each snapshot, in order */
	ids: Float64Array;
	/** end offset in `text` of each snapshot */
	ends: Float64Array;
}

export function packSnapshots(snapshots: ReadonlyMap<number, SimSnapshot>): PackedSnapshots {
	const parts: string[] = [];
	const ids = new Float64Array(snapshots.size);
	const ends = new Float64Array(snapshots.size);
	let i = 0;
	let at = 0;
	for (const [id, s] of snapshots) {
		const json = JSON.stringify(s);
		parts.push(json);
		at += json.length;
		ids[i] = id;
		ends[i++] = at;
	}
	return { text: parts.join(''), ids, ends };
}

/** Reads packed snapshots by event id, parsing each when first asked for. */
export class SnapshotReader implements SnapshotStore {
	private index: Map<number, number> | null = null;
	private last: { id: number; snapshot: SimSnapshot } | null = null;
	constructor(private readonly packed: PackedSnapshots) {}

	get size(): number {
		return this.packed.ids.length;
	}

	get(id: number): SimSnapshot | undefined {
		if (this.last?.id === id) return this.last.snapshot; // the stage asks several times per step
		if (!this.index) {
			this.index = new Map();
			this.packed.ids.forEach((eid, i) => this.index!.set(eid, i));
		}
		const i = this.index.get(id);
		if (i === undefined) return undefined;
		const { text, ends } = this.packed;
		const snapshot = JSON.parse(text.slice(i === 0 ? 0 : ends[i - 1], ends[i])) as SimSnapshot;
		this.last = { id, snapshot };
		return snapshot;
	}
}

/** The caller's value from what the worker posted. */
export function fromWire<K extends ComputeKind>(out: WireOut): ComputeResults[K] {
	if (out.kind !== 'resilience') return out.value as ComputeResults[K];
	const run: SimRun = { ...out.value, snapshots: new SnapshotReader(out.packed) };
	return run as ComputeResults[K];
}
