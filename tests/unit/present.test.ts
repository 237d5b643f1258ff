import { describe, expect, it } from 'vitest';
import { clock, presentKey, presentScale, readSpeakerMessage, stepIndexOf } from '../../src/lib/view';
import { FONT_TITLE } from '../../src/lib/view/layout';
import { loadScenario } from '../../src/lib/scenario';
import { readFileSync } from 'node:fs';

describe('presentKey', () => {
	it('moves by walkthrough step on a clicker’s keys and by hop with Shift', () => {
		expect(presentKey({ key: 'PageDown' })).toEqual({ type: 'step', delta: 1 });
		expect(presentKey({ key: ' ' })).toEqual({ type: 'step', delta: 1 });
		expect(presentKey({ key: 'ArrowRight' })).toEqual({ type: 'step', delta: 1 });
		expect(presentKey({ key: 'PageUp' })).toEqual({ type: 'step', delta: -1 });
		expect(presentKey({ key: 'ArrowLeft' })).toEqual({ type: 'step', delta: -1 });
		expect(presentKey({ key: 'ArrowRight', shiftKey: true })).toEqual({ type: 'hop', delta: 1 });
		expect(presentKey({ key: 'ArrowLeft', shiftKey: true })).toEqual({ type: 'hop', delta: -1 });
		expect(presentKey({ key: 'Home' })).toEqual({ type: 'first' });
		expect(presentKey({ key: 'End' })).toEqual({ type: 'last' });
		expect(presentKey({ key: 'b' })).toEqual({ type: 'black' });
		expect(presentKey({ key: 'B' })).toEqual({ type: 'black' });
		expect(presentKey({ key: 'Escape' })).toEqual({ type: 'exit' });
	});
	it('leaves other keys and browser shortcuts alone', () => {
		expect(presentKey({ key: 'x' })).toBeNull();
		expect(presentKey({ key: 'ArrowRight', ctrlKey: true })).toBeNull();
		expect(presentKey({ key: 'b', metaKey: true })).toBeNull();
	});
});

describe('walkthrough position and timer', () => {
	const { header } = loadScenario([{ name: 'j3.yaml', text: readFileSync('scenarios/journey-3-service.yaml', 'utf8') }]);
	const steps = header!.steps;
	it('finds the step a narration belongs to', () => {
		expect(steps.length).toBe(6);
		expect(stepIndexOf(steps, { title: steps[2].title, text: steps[2].text })).toBe(2);
		expect(stepIndexOf(steps, { title: steps[2].title, text: 'other' })).toBe(-1);
		expect(stepIndexOf(steps, null)).toBe(-1);
	});
	it('reads speaker notes from the scenario header', () => {
		expect(steps[0].notes).toMatch(/which machine owns 10\.96\.0\.100/);
		expect(steps[2].notes).toBeUndefined();
	});
	it('reports a step whose notes are not text', () => {
		const bad = `apiVersion: hopscope/v1\nkind: Scenario\nmetadata: {name: x}\nspec:\n  title: x\n  steps:\n    - {title: a, text: b, notes: [1]}\n`;
		const { diagnostics } = loadScenario([{ name: 'x.yaml', text: bad }]);
		expect(diagnostics.some((d) => d.message === "step 'a': notes must be a string" && d.line === 7)).toBe(true);
	});
	it('formats the timer', () => {
		expect(clock(0)).toBe('00:00');
		expect(clock(65_400)).toBe('01:05');
		expect(clock(3_725_000)).toBe('1:02:05');
		expect(clock(-5)).toBe('00:00');
	});
});

describe('presentScale', () => {
	it('never lets a node label fall under 18 px on screen', () => {
		expect(presentScale(0.3, FONT_TITLE) * FONT_TITLE).toBeGreaterThanOrEqual(18);
		expect(presentScale(1.25, FONT_TITLE)).toBeCloseTo(18 / 13 + 0.02);
		expect(presentScale(2, FONT_TITLE)).toBe(2);
	});
});

describe('readSpeakerMessage', () => {
	it('accepts the four message kinds and refuses anything else', () => {
		expect(readSpeakerMessage({ type: 'hello' })).toEqual({ type: 'hello' });
		expect(readSpeakerMessage({ type: 'go', step: 3 })).toEqual({ type: 'go', step: 3 });
		expect(readSpeakerMessage({ type: 'go', step: '3' })).toBeNull();
		expect(readSpeakerMessage({ type: 'action', action: { type: 'black' } })).toEqual({ type: 'action', action: { type: 'black' } });
		expect(readSpeakerMessage({ type: 'snapshot', snapshot: { steps: 'x' } })).toBeNull();
		expect(readSpeakerMessage('hello')).toBeNull();
		expect(readSpeakerMessage(null)).toBeNull();
	});
});
