import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { autoplayKind, hasSimulationBlock, shouldAutoplay, stepAt } from '../../src/lib/ui/autoplay';
import { embedMoment, iframeSnippet, DEFAULT_EMBED } from '../../src/lib/ui/embed';
import { loadScenario } from '../../src/lib/scenario/load';

const header = (id: string) => {
	const text = readFileSync(`scenarios/${id}.yaml`, 'utf8');
	const h = loadScenario([{ name: `${id}.yaml`, text }]).header!;
	return { tags: h.tags, steps: h.steps, simulation: hasSimulationBlock(text) };
};

describe('what opening a scenario plays', () => {
	it.each([
		['journey-3-service', 'walkthrough'],
		['journey-9-docker', 'walkthrough'],
		['istio-canary-90-10', 'requests'],
		['istio-blue-green', 'requests'],
		['resilience-circuit-breaker', 'simulation'],
		['resilience-local-ratelimit', 'simulation']
	])('%s plays its %s', (id, kind) => {
		expect(autoplayKind(header(id))).toBe(kind);
	});

	it('a scenario with nothing to play plays nothing', () => {
		expect(autoplayKind({ tags: ['service'], steps: [{ title: 't', text: 'x' }], simulation: false })).toBe('none');
	});

	it('plays unless autoplay=0, a moment is named, or motion is reduced; autoplay=1 wins', () => {
		expect(shouldAutoplay({ pointInTime: false, reducedMotion: false })).toBe(true);
		expect(shouldAutoplay({ autoplay: false, pointInTime: false, reducedMotion: false })).toBe(false);
		expect(shouldAutoplay({ pointInTime: true, reducedMotion: false })).toBe(false);
		expect(shouldAutoplay({ pointInTime: false, reducedMotion: true })).toBe(false);
		expect(shouldAutoplay({ autoplay: true, pointInTime: true, reducedMotion: true })).toBe(true);
	});

	it('the narration follows the playhead through the steps of the flow', () => {
		const steps = [
			{ title: 'a', text: '', flow: 'f', hop: 0 },
			{ title: 'b', text: '', flow: 'f', hop: 4 },
			{ title: 'c', text: '', flow: 'g', hop: 2 },
			{ title: 'd', text: '', flow: 'f', hop: 9 }
		];
		expect(stepAt(steps, 'f', 0, 0)).toBe(0);
		expect(stepAt(steps, 'f', 5, 0)).toBe(1);
		expect(stepAt(steps, 'f', 12, 0)).toBe(3);
		expect(stepAt(steps, 'g', 1, 2)).toBe(2);
	});
});

describe('the embed snippet', () => {
	it('embeds the moment with its options, and escapes the title', () => {
		const m = embedMoment({ scenario: 'k8s-demo', embed: false, panel: 'flows', side: 'trace', hop: 3, play: { kind: 'flow', name: 'x', seed: 1 } }, { ...DEFAULT_EMBED, step: 2, loop: true, theme: 'dark' });
		expect(m).toEqual({ scenario: 'k8s-demo', embed: true, play: { kind: 'step', step: 2, seed: 1 }, theme: 'dark', autoplay: true, loop: true });
		expect(iframeSnippet('http://h/embed?a=1&b=2', '"><script>x</script>')).toBe(
			'<iframe src="http://h/embed?a=1&amp;b=2" width="800" height="450" title="Hopscope: &quot;&gt;&lt;script&gt;x&lt;/script&gt;" style="border:0" loading="lazy" sandbox="allow-scripts"></iframe>'
		);
	});
});
