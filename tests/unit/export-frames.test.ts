import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import ELK from 'elkjs/lib/elk.bundled.js';
import { packetPath, hopArrivals, toGraph } from '../../src/lib/view';
import { layoutGraph } from '../../src/lib/view/layout';
import { captionLine, frameAt, frameCount, hopTape, parseMoment, placement } from '../../src/lib/ui/export';
import { injectMoment, scriptSafeJson } from '../../src/lib/ui/export/html';
import { encodeWorkspace, loadScenario } from '../../src/lib/scenario';
import { trace } from '../../src/lib/net';

const text = readFileSync('scenarios/journey-3-service.yaml', 'utf8');

async function journey3() {
	const loaded = loadScenario([{ name: 'j3.yaml', text }]);
	const flow = loaded.header!.flows[0];
	const t = trace(loaded.cluster, { from: flow.from, to: flow.to, port: flow.port, protocol: 'TCP' }, { seed: 1, resources: loaded.parse.resources });
	const scene = await layoutGraph(toGraph(loaded.cluster, { view: 'architecture', collapseAt: 4 }), new ELK());
	const path = packetPath(scene, t.hops, 'architecture', { dwell: 1, cluster: loaded.cluster });
	return { t, scene, path };
}

describe('video frames', () => {
	it('one hop per step: the frame count, the hop lit and the packet at rest on each hop', async () => {
		const { t, path, scene } = await journey3();
		const tape = hopTape(path, t.hops, 'The destination is the Service');
		const timing = { fps: 30, stepMs: 1000, moveMs: 800 };
		expect(tape.count).toBe(t.hops.length);
		expect(frameCount(tape, timing)).toBe(t.hops.length * 30);
		const arrivals = hopArrivals(path);
		for (const step of [0, 3, tape.count - 1]) {
			// the last frame of a step: the glide is over, the packet rests at its hop
			const f = frameAt(tape, timing, step * 30 + 29);
			expect(f.step).toBe(step);
			expect(f.highlight).toEqual([path.targets[step]]);
			expect(f.caption.startsWith(`The destination is the Service · ${step + 1}/${tape.count} ${t.hops[step].at}`)).toBe(true);
			// at rest on the hop: the trail ends where the packet is
			const last = f.packet!.trail.at(-1)!;
			expect(Math.hypot(last[0] - f.packet!.x, last[1] - f.packet!.y)).toBeLessThan(0.01);
			expect(arrivals[step]).toBeGreaterThanOrEqual(step > 0 ? arrivals[step - 1] : 0);
		}
		// mid-glide (frame 12 of 30, 0.4 s into a 0.8 s glide) the packet is between two hops at different boxes
		const s = path.targets.findIndex((id, i) => i > 0 && id !== path.targets[i - 1]);
		expect(s).toBeGreaterThan(0);
		const mid = frameAt(tape, timing, s * 30 + 12);
		expect(mid.step).toBe(s);
		expect(frameAt(tape, timing, s * 30 + 12)).toEqual(mid);
		const before = frameAt(tape, timing, (s - 1) * 30 + 29).packet!;
		const after = frameAt(tape, timing, s * 30 + 29).packet!;
		const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);
		expect(dist(before, after)).toBeGreaterThan(10);
		expect(dist(mid.packet!, before)).toBeGreaterThan(1);
		expect(dist(mid.packet!, after)).toBeGreaterThan(1);
		// frames fit the 1280×720 frame above the caption band
		const p = placement(scene, { frame: { width: 1280, height: 720 }, caption: '' });
		expect(p.k).toBeLessThanOrEqual(1280 / scene.width);
	});

	it('keeps captions to one line', () => {
		expect(captionLine('a\n  b')).toBe('a b');
		const long = captionLine('x'.repeat(300));
		expect(long.length).toBe(110);
		expect(long.endsWith('…')).toBe(true);
	});
});

describe('HTML export moment', () => {
	it('round-trips the workspace, view, step and hop through the data block', () => {
		const files = [{ name: 'j3.yaml', text }];
		const html = injectMoment('<html><head><title>t</title></head><body></body></html>', {
			v: 1,
			workspace: encodeWorkspace(files),
			presetId: 'journey-3-service',
			view: 'network',
			step: 2,
			hop: 4,
			theme: 'dark'
		});
		const block = /<script type="application\/json" id="hopscope-moment">([\s\S]*?)<\/script><\/head>/.exec(html)![1];
		const m = parseMoment(block)!;
		expect(m.files).toEqual(files);
		expect([m.presetId, m.view, m.step, m.hop, m.theme]).toEqual(['journey-3-service', 'network', 2, 4, 'dark']);
	});

	it('cannot close its script element, and hostile blocks are refused or cleaned', () => {
		const json = scriptSafeJson({ a: '</script><script>alert(1)</script><!--' });
		expect(json).not.toMatch(/<|>/);
		expect(JSON.parse(json).a).toBe('</script><script>alert(1)</script><!--');
		expect(parseMoment('{"v":2}')).toBeNull();
		expect(parseMoment('not json')).toBeNull();
		expect(parseMoment('{"v":1,"workspace":"1.!!"}')).toBeNull();
		const m = parseMoment(JSON.stringify({ v: 1, workspace: encodeWorkspace([]), presetId: '../x', view: 'evil', step: -1, hop: 1.5, theme: 'x', flow: { from: 'pod/a/b' } }))!;
		expect([m.presetId, m.view, m.step, m.hop, m.theme, m.flow]).toEqual([null, 'architecture', undefined, undefined, undefined, undefined]);
	});
});
