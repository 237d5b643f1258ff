import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import ELK from 'elkjs/lib/elk.bundled.js';
import { Resvg } from '@resvg/resvg-js';
import { toGraph, type Scene } from '../../src/lib/view';
import { layoutGraph } from '../../src/lib/view/layout';
import { paletteFromCss, resolveColor, drawingBounds, sceneToSvg, xmlEscape } from '../../src/lib/ui/export';
import { loadScenario } from '../../src/lib/scenario';

const css = readFileSync('src/lib/ui/theme.css', 'utf8');
const light = paletteFromCss(css, 'light');
const dark = paletteFromCss(css, 'dark');

async function sceneOf(text: string): Promise<Scene> {
	const { cluster } = loadScenario([{ name: 'in.yaml', text }]);
	return layoutGraph(toGraph(cluster, { view: 'architecture', collapseAt: 4 }), new ELK());
}

const k8sDemo = readFileSync('scenarios/k8s-demo.yaml', 'utf8');

describe('paletteFromCss', () => {
	it('reads both themes of the app with concrete colours', () => {
		expect(light['--d-box-fill']).toBe('#ffffff');
		expect(dark['--d-box-fill']).toBe('#252c37');
		expect(light['--canvas']).not.toBe(dark['--canvas']);
		expect(Object.keys(light).length).toBeGreaterThan(40);
	});
	it('resolves var() with and without fallbacks', () => {
		const p = (n: string) => light[n] ?? '';
		expect(resolveColor('var(--edge-routes)', p)).toBe('#0072b2');
		expect(resolveColor('var(--nope, #123456)', p)).toBe('#123456');
		expect(resolveColor('#abcdef', p)).toBe('#abcdef');
	});
});

describe('sceneToSvg', () => {
	it('draws the whole scene with every pod named, no variables, scripts or external references', async () => {
		const scene = await sceneOf(k8sDemo);
		const svg = sceneToSvg(scene, { palette: (n) => light[n] ?? '' });
		const b = drawingBounds(scene);
		expect(svg).toMatch(new RegExp(`<svg [^>]*width="${Math.ceil(b.w + 32)}" height="${Math.ceil(b.h + 32)}"`));
		const pods = scene.nodes.filter((n) => n.node.ref.kind === 'Pod').map((n) => n.node.ref.name);
		expect(pods.length).toBe(4);
		for (const name of pods) expect(svg).toContain(`data-name="${name}"`);
		for (const name of pods) expect(svg).toContain(`<title>${name}`);
		expect(svg).not.toMatch(/var\(--/);
		expect(svg).not.toMatch(/<script|<foreignObject|<style|xlink:href|\shref=/i);
		// resvg parses it as strict XML (roxmltree) and draws it at its own size
		const png = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
		expect([png.width, png.height]).toEqual([Math.ceil(b.w + 32), Math.ceil(b.h + 32)]);
	});

	it('uses the dark palette when asked', async () => {
		const scene = await sceneOf(k8sDemo);
		const svg = sceneToSvg(scene, { palette: (n) => dark[n] ?? '' });
		expect(svg).toContain(`fill="${dark['--canvas']}"`);
		expect(svg).not.toContain(`fill="${light['--canvas']}"`);
	});

	it('keeps hostile names inert and the file well-formed', async () => {
		const hostile = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  namespace: "a<script>&\\u0001'\\""\nspec:\n  containers: [{name: c, image: i}]\n`;
		const scene = await sceneOf(hostile);
		const svg = sceneToSvg(scene, { palette: (n) => light[n] ?? '', title: '</title><script>alert(1)</script>' });
		expect(svg).not.toContain('<script');
		expect(svg).toContain('&lt;script&gt;');
		expect(() => new Resvg(svg, { font: { loadSystemFonts: false } })).not.toThrow();
	});

	it('frames a video frame: fixed size, a caption band and the packet', async () => {
		const scene = await sceneOf(k8sDemo);
		const svg = sceneToSvg(scene, {
			palette: (n) => light[n] ?? '',
			frame: { width: 1280, height: 720 },
			caption: 'hop 3 — DNAT to 10.244.0.3',
			packet: { x: 100, y: 100, trail: [[0, 0], [100, 100]], tone: 'request', label: '10.244.1.3 → 10.96.0.10' }
		});
		expect(svg).toMatch(/<svg [^>]*width="1280" height="720"/);
		// the two layers of a video frame: the diagram without the packet, the packet alone on transparency
		const opts = { palette: (n: string) => light[n] ?? '', frame: { width: 1280, height: 720 }, caption: 'c', packet: { x: 100, y: 100, trail: [] as [number, number][], tone: 'reply' as const } };
		const diagram = sceneToSvg(scene, { ...opts, layer: 'diagram' });
		const packet = sceneToSvg(scene, { ...opts, layer: 'packet' });
		expect(diagram).toContain('data-kind="Pod"');
		expect(diagram).not.toContain('<circle');
		expect(packet).not.toContain('data-kind');
		expect(packet).not.toContain('<rect width="1280"');
		expect(packet.match(/<circle/g)?.length).toBe(2);
		expect(packet).toContain(`fill="${light['--ok']}"`);
		// placed like the diagram: the same scene transform in both
		const place = /<g transform="(translate\([^)]*\) scale\([^)]*\))">/.exec(packet)![1];
		expect(diagram).toContain(`<g transform="${place}">`);
		expect(svg).toContain('hop 3 — DNAT to 10.244.0.3');
		expect(svg).toContain('<polyline');
		const img = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
		expect([img.width, img.height]).toEqual([1280, 720]);
	});

	it('escapes XML specials and drops characters XML forbids', () => {
		expect(xmlEscape(`<a b="c">&'\u0001`)).toBe('&lt;a b=&quot;c&quot;&gt;&amp;&apos;');
	});
});
