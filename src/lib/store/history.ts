// Undo/redo per workspace, kept in the store so it survives a reload. Each
// step is its own record (the files before an edit), so an edit writes one
// snapshot rather than rewriting the whole history. Bounded by count and by
// characters: a 10 MB workspace must not pile up a gigabyte of undo.
import type { InputFile } from '../manifest';
import type { Tx } from './backend';

export interface HistoryLimits {
	/** most undo steps kept */
	entries: number;
	/** most characters kept over all undo steps; the newest step is always kept */
	chars: number;
	/** edits closer together than this (typing) are one undo step */
	coalesceMs: number;
}

export const DEFAULT_HISTORY: HistoryLimits = { entries: 100, chars: 20_000_000, coalesceMs: 1_000 };

export interface Step {
	seq: number;
	chars: number;
}

/** The part of a stored workspace the history reads and updates. */
export interface HistoryState {
	id: string;
	files: InputFile[];
	active: number;
	past: Step[];
	future: Step[];
	nextSeq: number;
	/** when the last recorded edit happened; 0 after an undo/redo so the next edit is its own step */
	lastEditAt: number;
}

export interface HistoryEntry {
	wsId: string;
	seq: number;
	files: InputFile[];
	active: number;
	at: number;
}

export function charsOf(files: InputFile[]): number {
	let n = 0;
	for (const f of files) n += f.name.length + f.text.length;
	return n;
}

export function sameFiles(a: InputFile[], b: InputFile[]): boolean {
	return a.length === b.length && a.every((f, i) => f.name === b[i].name && f.text === b[i].text);
}

/** The oldest steps to drop so that `past` fits the limits (never the newest). */
export function overLimit(past: Step[], limits: HistoryLimits): Step[] {
	let chars = past.reduce((n, s) => n + s.chars, 0);
	let drop = 0;
	while (past.length - drop > 1 && (past.length - drop > limits.entries || chars > limits.chars)) chars -= past[drop++].chars;
	return past.slice(0, drop);
}

async function snapshot(tx: Tx, ws: HistoryState, at: number): Promise<Step> {
	const seq = ws.nextSeq++;
	const entry: HistoryEntry = { wsId: ws.id, seq, files: ws.files, active: ws.active, at };
	await tx.put('history', entry);
	return { seq, chars: charsOf(ws.files) };
}

async function drop(tx: Tx, ws: HistoryState, steps: Step[]): Promise<void> {
	for (const s of steps) await tx.delete('history', [ws.id, s.seq]);
}

/** Before `ws.files` is replaced by an edit: the old files become an undo step (unless coalesced); redo is cleared. */
export async function recordEdit(tx: Tx, ws: HistoryState, now: number, limits: HistoryLimits): Promise<void> {
	const coalesce = ws.past.length > 0 && ws.future.length === 0 && ws.lastEditAt > 0 && now - ws.lastEditAt < limits.coalesceMs;
	ws.lastEditAt = now;
	await drop(tx, ws, ws.future);
	ws.future = [];
	if (coalesce) return;
	ws.past.push(await snapshot(tx, ws, now));
	const old = overLimit(ws.past, limits);
	await drop(tx, ws, old);
	ws.past = ws.past.slice(old.length);
}

/** Moves one step from `from` to the files, the current files onto `to`. False when `from` is empty. */
async function step(tx: Tx, ws: HistoryState, now: number, from: 'past' | 'future'): Promise<boolean> {
	const to = from === 'past' ? 'future' : 'past';
	const s = ws[from].at(-1);
	if (!s) return false;
	const entry = await tx.get<HistoryEntry>('history', [ws.id, s.seq]);
	if (!entry) throw new Error(`undo history is missing step ${s.seq}`);
	ws[to].push(await snapshot(tx, ws, now));
	await drop(tx, ws, [s]);
	ws[from] = ws[from].slice(0, -1);
	ws.files = entry.files;
	ws.active = entry.active < entry.files.length ? entry.active : 0;
	ws.lastEditAt = 0;
	return true;
}

export const undoStep = (tx: Tx, ws: HistoryState, now: number) => step(tx, ws, now, 'past');
export const redoStep = (tx: Tx, ws: HistoryState, now: number) => step(tx, ws, now, 'future');

export async function dropHistory(tx: Tx, ws: HistoryState): Promise<void> {
	await drop(tx, ws, [...ws.past, ...ws.future]);
}
