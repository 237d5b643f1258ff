import { describe, expect, it } from 'vitest';
import { initialPlayer, keyAction, reduce, SPEEDS, stepMs, type PlayerAction } from '../../src/lib/view';

const run = (count: number, ...actions: PlayerAction[]) =>
	actions.reduce((s, a) => reduce(s, a), initialPlayer(count));

describe('player', () => {
	it('starts on the first step, paused', () => {
		expect(initialPlayer(5)).toMatchObject({ index: 0, count: 5, playing: false });
		expect(initialPlayer(0).index).toBe(-1);
	});
	it('steps forward and back within bounds', () => {
		expect(run(3, { type: 'next' }, { type: 'next' }, { type: 'next' }).index).toBe(2);
		expect(run(3, { type: 'next' }, { type: 'prev' }, { type: 'prev' }).index).toBe(0);
	});
	it('stops playing at the last step and restarts when played again', () => {
		const atEnd = run(3, { type: 'play' }, { type: 'next' }, { type: 'next' });
		expect(atEnd).toMatchObject({ index: 2, playing: false });
		expect(reduce(atEnd, { type: 'play' })).toMatchObject({ index: 0, playing: true });
	});
	it('stepping back pauses; home restarts; seek clamps', () => {
		expect(run(4, { type: 'play' }, { type: 'next' }, { type: 'prev' })).toMatchObject({ index: 0, playing: false });
		expect(run(4, { type: 'seek', index: 9 }).index).toBe(3);
		expect(run(4, { type: 'seek', index: 2 }, { type: 'restart' }).index).toBe(0);
	});
	it('speed moves through SPEEDS and is kept across loads', () => {
		const fast = run(2, { type: 'faster' }, { type: 'faster' }, { type: 'faster' });
		expect(SPEEDS[fast.speed]).toBe(4);
		expect(stepMs(fast)).toBe(250);
		expect(reduce(fast, { type: 'load', count: 7 })).toMatchObject({ index: 0, count: 7, speed: fast.speed });
		expect(SPEEDS[run(2, { type: 'slower' }, { type: 'slower' }, { type: 'slower' }).speed]).toBe(0.25);
	});
	it('maps the documented keys', () => {
		expect(keyAction(' ')).toEqual({ type: 'toggle' });
		expect(keyAction('ArrowRight')).toEqual({ type: 'next' });
		expect(keyAction('ArrowLeft')).toEqual({ type: 'prev' });
		expect(keyAction('Home')).toEqual({ type: 'restart' });
		expect(keyAction('[')).toEqual({ type: 'slower' });
		expect(keyAction(']')).toEqual({ type: 'faster' });
		expect(keyAction('x')).toBeNull();
	});
});
