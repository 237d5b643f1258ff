// The CodeMirror 6 editor, loaded on first use (Editor.svelte imports this
// module with import(), so it stays out of the first download): YAML with
// folding and bracket matching, our problems in the lint gutter (hover for
// the text), search and replace, optional wrapping, go-to-definition (F12,
// Ctrl/Cmd-click), the theme from our CSS variables. One EditorState per file,
// so each file keeps its own undo history while the tabs switch.
import { EditorState, Compartment, Annotation, type Extension } from '@codemirror/state';
import {
	EditorView,
	keymap,
	lineNumbers,
	highlightActiveLine,
	highlightActiveLineGutter,
	drawSelection,
	highlightSpecialChars,
	dropCursor,
	type ViewUpdate
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab, redo, undo } from '@codemirror/commands';
import { bracketMatching, foldGutter, foldKeymap, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { highlightSelectionMatches, openSearchPanel, search, searchKeymap } from '@codemirror/search';
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { yaml } from '@codemirror/lang-yaml';
import { tags as t } from '@lezer/highlight';
import type { InputFile } from '../../manifest';
import { problemRange, type Problem } from './problems';

export interface CmOptions {
	parent: HTMLElement;
	file: InputFile;
	wrap: boolean;
	/** the user changed the text of the file named `file` */
	onchange: (text: string, file: string) => void;
	/** F12 / Ctrl-click / the context menu: the reference at `offset`, shown near `at` (viewport px) */
	ondefinition: (offset: number, at: { x: number; y: number }) => void;
	/** a right-click: return true to show our menu instead of the browser's */
	oncontextmenu: (offset: number, at: { x: number; y: number }) => boolean;
	/** Ctrl+Z with nothing left in this session's history: the stored history (kept across reloads) */
	onstored: (dir: 'undo' | 'redo') => void;
	/** how long typing settles before onchange (default SETTLE_MS) */
	settleMs?: number;
}

/** Keys closer together than this are one edit for the document (the diagram reloads after them). */
export const SETTLE_MS = 250;

export interface CmEditor {
	/** another file, or this file's text changed from outside (stored undo, another tab) */
	show(file: InputFile): void;
	problems(list: Problem[]): void;
	/** cursor to the line, scrolled to the middle, focused */
	jump(line: number, column?: number): void;
	wrap(on: boolean): void;
	/** the offset under the cursor */
	cursor(): number;
	/** opens the search and replace panel */
	search(): void;
	/** hands a settling edit to onchange now */
	flush(): void;
	focus(): void;
	destroy(): void;
}

/** marks text set from outside: not an edit of the user's, not in this session's undo history */
const External = Annotation.define<boolean>();

const highlight = HighlightStyle.define([
	{ tag: [t.propertyName, t.definition(t.propertyName)], color: 'var(--accent)' },
	{ tag: [t.string, t.special(t.string)], color: 'var(--ok)' },
	{ tag: [t.number, t.bool, t.null, t.atom], color: 'var(--nat)' },
	{ tag: [t.comment, t.lineComment], color: 'var(--faint)', fontStyle: 'italic' },
	{ tag: [t.meta, t.keyword, t.definitionKeyword], color: 'var(--warn)' },
	{ tag: [t.labelName, t.typeName, t.tagName], color: 'var(--mtls)' },
	{ tag: [t.punctuation, t.separator, t.squareBracket, t.brace], color: 'var(--muted)' }
]);

// every colour is one of ours: the light and dark palettes switch with html[data-theme]
const theme = EditorView.theme({
	'&': { height: '100%', color: 'var(--text)', backgroundColor: 'var(--panel-2)', fontSize: '13px' },
	'.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '20px' },
	'.cm-content': { caretColor: 'var(--text)', padding: '6px 0' },
	'.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
	'&.cm-focused': { outline: 'none' },
	'.cm-gutters': { backgroundColor: 'var(--panel)', color: 'var(--faint)', borderRight: '1px solid var(--line)' },
	'.cm-activeLineGutter': { backgroundColor: 'var(--hover)', color: 'var(--text)' },
	'.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--hover) 55%, transparent)' },
	'.cm-selectionBackground, &.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, ::selection': {
		backgroundColor: 'color-mix(in srgb, var(--accent) 28%, transparent) !important'
	},
	'.cm-selectionMatch': { backgroundColor: 'color-mix(in srgb, var(--accent) 14%, transparent)' },
	'.cm-searchMatch': { backgroundColor: 'var(--warn-soft)', outline: '1px solid var(--warn)' },
	'.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'color-mix(in srgb, var(--warn) 35%, transparent)' },
	'&.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--ok-soft)', outline: '1px solid var(--ok)' },
	'&.cm-focused .cm-nonmatchingBracket': { backgroundColor: 'var(--bad-soft)' },
	'.cm-foldPlaceholder': { backgroundColor: 'var(--hover)', border: '1px solid var(--line)', color: 'var(--muted)' },
	'.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--line)', borderRadius: '6px' },
	'.cm-tooltip-lint': { maxWidth: '420px' },
	'.cm-diagnostic': { whiteSpace: 'pre-wrap', fontFamily: 'inherit', fontSize: '12.5px' },
	'.cm-diagnostic-error': { borderLeftColor: 'var(--bad)' },
	'.cm-diagnostic-warning': { borderLeftColor: 'var(--warn)' },
	'.cm-diagnostic-info': { borderLeftColor: 'var(--info)' },
	'.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--text)' },
	'.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--line)' },
	'.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--line)' },
	'.cm-textfield': { backgroundColor: 'var(--panel-2)', color: 'var(--text)', border: '1px solid var(--line)', borderRadius: '4px' },
	'.cm-button': { backgroundImage: 'none', backgroundColor: 'var(--panel-2)', color: 'var(--text)', border: '1px solid var(--line)', borderRadius: '4px' },
	'.cm-panel.cm-search label': { fontSize: '12px' },
	'.cm-definition-hint': { textDecoration: 'underline', cursor: 'pointer' }
});

export function createCm(o: CmOptions): CmEditor {
	const wrapping = new Compartment();
	let wrapOn = o.wrap;
	let shown = o.file.name;
	/** the text last given to onchange: the echo from the store needs no work */
	let emitted: string | null = null;
	let current: Problem[] = [];
	const states = new Map<string, EditorState>();

	// Typing reaches the document (load, diagram, autosave) once the keys pause:
	// a reload of the whole cluster per key would take the frames the keys need.
	let timer: ReturnType<typeof setTimeout> | null = null;
	const flush = () => {
		if (timer === null) return;
		clearTimeout(timer);
		timer = null;
		emitted = view.state.doc.toString();
		o.onchange(emitted, shown);
	};
	const schedule = () => {
		if (timer !== null) clearTimeout(timer);
		timer = setTimeout(flush, o.settleMs ?? SETTLE_MS);
	};
	const onHide = () => flush();

	const stored = (dir: 'undo' | 'redo') => (view: EditorView) => {
		if ((dir === 'undo' ? undo : redo)(view)) return true;
		flush();
		o.onstored(dir);
		return true;
	};
	const defAt = (view: EditorView, pos: number) => {
		const c = view.coordsAtPos(pos);
		o.ondefinition(pos, { x: c?.left ?? 0, y: c?.bottom ?? 0 });
		return true;
	};

	const extensions = (): Extension[] => [
		lineNumbers(),
		highlightActiveLineGutter(),
		highlightSpecialChars(),
		history(),
		foldGutter(),
		drawSelection(),
		dropCursor(),
		indentOnInput(),
		syntaxHighlighting(highlight),
		bracketMatching(),
		highlightActiveLine(),
		highlightSelectionMatches(),
		search({ top: true }),
		lintGutter({ hoverTime: 150 }),
		yaml(),
		EditorState.tabSize.of(2),
		wrapping.of(wrapOn ? EditorView.lineWrapping : []),
		keymap.of([
			{ key: 'Mod-z', run: stored('undo'), preventDefault: true },
			{ key: 'Mod-Shift-z', run: stored('redo'), preventDefault: true },
			{ key: 'Mod-y', run: stored('redo'), preventDefault: true },
			{ key: 'F12', run: (v) => defAt(v, v.state.selection.main.head), preventDefault: true },
			...searchKeymap,
			...foldKeymap,
			...lintKeymap,
			...historyKeymap,
			...defaultKeymap,
			indentWithTab
		]),
		EditorView.contentAttributes.of({ 'data-testid': 'editor', 'aria-label': 'Manifest text', spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off' }),
		EditorView.domEventHandlers({
			blur: () => flush(),
			mousedown(e, view) {
				if (e.button !== 0 || !(e.ctrlKey || e.metaKey)) return false;
				const pos = view.posAtCoords({ x: e.clientX, y: e.clientY });
				if (pos === null) return false;
				e.preventDefault();
				view.dispatch({ selection: { anchor: pos } });
				o.ondefinition(pos, { x: e.clientX, y: e.clientY });
				return true;
			},
			contextmenu(e, view) {
				flush();
				const pos = view.posAtCoords({ x: e.clientX, y: e.clientY });
				if (pos === null || !o.oncontextmenu(pos, { x: e.clientX, y: e.clientY })) return false;
				e.preventDefault();
				view.dispatch({ selection: { anchor: pos } });
				return true;
			}
		}),
		EditorView.updateListener.of((u: ViewUpdate) => {
			if (!u.docChanged || u.transactions.every((tr) => tr.annotation(External))) return;
			schedule();
		}),
		theme
	];

	const stateFor = (text: string) => EditorState.create({ doc: text, extensions: extensions() });
	const view = new EditorView({ state: stateFor(o.file.text), parent: o.parent });
	addEventListener('pagehide', onHide);
	document.addEventListener('visibilitychange', onHide);
	// tests and scripts read the text and the cursor like a textarea's (a contenteditable has neither)
	Object.defineProperty(view.contentDOM, 'value', { get: () => view.state.doc.toString(), configurable: true });
	Object.defineProperty(view.contentDOM, 'selectionStart', { get: () => view.state.selection.main.from, configurable: true });

	const applyProblems = () => {
		const doc = view.state.doc;
		const diags: CmDiagnostic[] = current.map((p) => ({
			...problemRange(p, (n) => doc.line(n), doc.lines),
			severity: p.severity,
			message: p.message,
			source: p.code
		}));
		view.dispatch(setDiagnostics(view.state, diags));
	};

	return {
		show(file) {
			// an edit still settling is newer than what the document holds
			if (timer !== null && file.name === shown) return;
			flush();
			if (file.name !== shown) {
				states.set(shown, view.state);
				shown = file.name;
				const kept = states.get(file.name);
				view.setState(kept && kept.doc.toString() === file.text ? kept : stateFor(file.text));
				view.dispatch({ effects: wrapping.reconfigure(wrapOn ? EditorView.lineWrapping : []) });
				emitted = null;
				applyProblems();
				return;
			}
			if (file.text === emitted) return;
			const doc = view.state.doc.toString();
			if (doc === file.text) return;
			const head = Math.min(view.state.selection.main.head, file.text.length);
			view.dispatch({ changes: { from: 0, to: doc.length, insert: file.text }, selection: { anchor: head }, annotations: [External.of(true)] });
			emitted = null;
		},
		problems(list) {
			current = list;
			applyProblems();
		},
		jump(line, column = 1) {
			const doc = view.state.doc;
			const l = doc.line(Math.min(Math.max(1, line), doc.lines));
			const at = Math.min(l.from + Math.max(0, column - 1), l.to);
			// the cursor at the line and the line selected: drawn beneath the text, which stays readable
			view.dispatch({ selection: { anchor: l.to, head: at }, effects: EditorView.scrollIntoView(at, { y: 'center' }) });
			view.focus();
		},
		wrap(on) {
			wrapOn = on;
			view.dispatch({ effects: wrapping.reconfigure(on ? EditorView.lineWrapping : []) });
		},
		cursor: () => view.state.selection.main.head,
		search: () => {
			view.focus();
			openSearchPanel(view);
		},
		focus: () => view.focus(),
		flush,
		destroy: () => {
			flush();
			removeEventListener('pagehide', onHide);
			document.removeEventListener('visibilitychange', onHide);
			view.destroy();
		}
	};
}
