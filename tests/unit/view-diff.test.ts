// Compare (issue 12 §3) in the view layer: the diff job crosses the compute
// worker's boundary intact (structured clone of report and both clusters),
// and the marks each diagram draws (data-diff) — removed and changed on the
// before side, added and changed on the after side, Services behind a changed
// split, pods that came or went.
import { readFileSync } from 'node:fs';
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { runJob, toWire } from '../../src/lib/view/compute/compute';
import { fromWire } from '../../src/lib/view/compute/packed';
import { compareFiles } from '../../src/lib/scenario';
import { diffMarks, toGraph } from '../../src/lib/view';
import { layoutGraph } from '../../src/lib/view/layout';

const BEFORE = [{ name: 'before.yaml', text: readFileSync('tests/data/diff/before.yaml', 'utf8') }];
const AFTER = [{ name: 'after.yaml', text: readFileSync('tests/data/diff/after.yaml', 'utf8') }];

describe('Compare: the diff job and the diagram marks', async () => {
	const run = compareFiles(BEFORE, AFTER);

	it('the diff job gives, across structuredClone, what compareFiles gives', () => {
		const out = fromWire<'diff'>(structuredClone(toWire(runJob({ kind: 'diff', before: BEFORE, after: AFTER }))));
		expect(out.report).toEqual(run.report);
		expect(out.before.pods.map((p) => p.id)).toEqual(run.before.pods.map((p) => p.id));
		expect(out.after.services.map((s) => s.endpoints.length)).toEqual([0]);
	});

	const elk = new ELK();
	const before = await layoutGraph(toGraph(run.before, { view: 'architecture', collapseAt: 4 }), elk);
	const after = await layoutGraph(toGraph(run.after, { view: 'architecture', collapseAt: 4 }), elk);
	const named = (scene: typeof before, marks: Record<string, string>) =>
		Object.fromEntries(Object.entries(marks).map(([id, m]) => [scene.nodes.find((n) => n.id === id)!.node.ref.name, m]));

	it('after: the new ConfigMap added, the Service (selector and split) changed, nothing else', () => {
		expect(named(after, diffMarks(after, run.report, 'after', run))).toEqual({ 'web-config': 'added', web: 'changed' });
	});

	it('before: the Service changed; the ConfigMap is not drawn there', () => {
		expect(named(before, diffMarks(before, run.report, 'before', run))).toEqual({ web: 'changed' });
	});

	it('pods that came or went are marked on their side', async () => {
		const scaled = compareFiles(BEFORE, [{ name: 'a.yaml', text: BEFORE[0].text.replace('  replicas: 1\n', '  replicas: 2\n') }]);
		const a = await layoutGraph(toGraph(scaled.after, { view: 'architecture', collapseAt: 4 }), elk);
		const b = await layoutGraph(toGraph(scaled.before, { view: 'architecture', collapseAt: 4 }), elk);
		const ma = named(a, diffMarks(a, scaled.report, 'after', scaled));
		// the Deployment's replicas changed, its new pod is added; the Service's endpoints changed
		expect(Object.entries(ma).filter(([, m]) => m === 'added').map(([n]) => n)).toEqual([expect.stringMatching(/^web-v2-[a-z0-9]+-[a-z0-9]+$/)]);
		expect(ma['web-v2']).toBe('changed');
		expect(ma.web).toBe('changed');
		const mb = named(b, diffMarks(b, scaled.report, 'before', scaled));
		expect(Object.values(mb).filter((m) => m === 'removed')).toEqual([]);
		expect(mb['web-v2']).toBe('changed');
	});
});
