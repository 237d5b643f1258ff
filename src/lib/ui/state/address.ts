// The address and the app: what the address bar holds (currentMoment), a
// link applied on top of the document (applyMoment: paused at its moment),
// a share link's manifests opened (openToken), and what opening a scenario
// plays (startScenario, see autoplay.ts). Loaded with the first route, not
// part of the first download; AppState (app.svelte.ts) calls it.
import { flowRequestOf } from './playing';
import type { AppState } from './app.svelte';
import type { Moment, MomentPlay } from '../moment';
import { autoplayKind, hasSimulationBlock, shouldAutoplay } from '../autoplay';
import { presetById } from '../../presets';
import { decodeShare } from '../../scenario';
export { readMoment, replaceMoment } from '../address-bar';

export async function openToken(app: AppState, m: Moment) {
	const files = await decodeShare(m.token!);
	if (!files) {
		app.doc.badLink('This link carries manifests that could not be read (damaged, truncated or not a Hopscope link). Nothing was opened; your saved workspaces are untouched.');
		app.addressed = true;
		return;
	}
	app.doc.openShared(files, m.view ?? 'architecture');
	app.opened();
	app.sharedToken = m.token!;
	app.view.panel = 'manifests';
	await applyMoment(app, m, true);
}

/** The moment the app is at. */
export function currentMoment(app: AppState): Moment {
	const { doc, view, playback } = app;
	const m: Moment = { scenario: doc.ws.presetId, embed: app.embed, ...app.linkOptions };
	if (doc.ws.view !== 'architecture') m.view = doc.ws.view;
	if (!app.embed && view.panel !== 'scenarios') m.panel = view.panel;
	if (!app.embed && playback.stage.tab !== 'inspector') m.side = playback.stage.tab;
	const play = playingMoment(app);
	if (play) {
		m.play = play;
		m.hop = playback.player.index + 1;
	}
	const filter = { text: view.filterText || undefined, namespace: view.filterNamespace || undefined, kind: view.filterKind || undefined };
	if (filter.text || filter.namespace || filter.kind) m.filter = Object.fromEntries(Object.entries(filter).filter(([, v]) => v));
	m.theme = view.theme;
	if (app.sharedToken) m.token = app.sharedToken;
	for (const k of Object.keys(m) as (keyof Moment)[]) if (m[k] === undefined) delete m[k];
	return m;
}

function playingMoment(app: AppState): MomentPlay | undefined {
	const p = app.playback.playing;
	if (p.kind === 'walkthrough' && app.stepIndex >= 0) return { kind: 'step', step: app.stepIndex + 1, seed: p.flow.seed };
	if (p.kind === 'trace' || p.kind === 'walkthrough') {
		const f = p.flow;
		if (f.name !== 'custom' && app.doc.flows.some((x) => x.name === f.name)) return { kind: 'flow', name: f.name, seed: f.seed };
		return { kind: 'flow', name: 'custom', from: f.from, to: f.to, port: f.port, protocol: f.protocol ?? 'TCP', seed: f.seed };
	}
	const mesh = app.features.mesh;
	if (p.kind === 'request' && mesh && mesh.mode) {
		const c = mesh.composer;
		return {
			kind: 'request',
			mode: mesh.mode,
			from: c.from,
			host: c.host,
			port: c.port,
			path: c.path,
			method: c.method,
			headers: c.headers.filter((h) => h.on && h.key).map((h) => [h.key, h.value]),
			seed: c.seed,
			n: c.n
		};
	}
	if (p.kind === 'simulation' && app.simForm) return { kind: 'simulation', form: app.simForm };
	return undefined;
}

/**
 * The address on top of the document: view, panel, filter, theme, then
 * what plays. A link naming a moment opens paused there; a scenario
 * freshly opened plays (see autoplay.ts), unless autoplay=0 or reduced motion.
 */
export async function applyMoment(app: AppState, m: Moment, opened: boolean) {
	const { doc, view } = app;
	const fresh = app.autoplayNext === m.scenario;
	app.autoplayNext = null;
	try {
		if (m.theme) view.setTheme(m.theme);
		if (m.view) doc.setView(m.view);
		if (m.panel) view.panel = m.panel;
		if (m.filter) {
			view.filterText = m.filter.text ?? '';
			view.filterNamespace = m.filter.namespace ?? '';
			view.filterKind = m.filter.kind ?? '';
		}
		if (!(await until(() => !!doc.cluster && !doc.loading))) return;
		const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
		const play = shouldAutoplay({ autoplay: m.autoplay, pointInTime: !!m.play, reducedMotion: reduced });
		if (m.play) {
			await applyPlay(app, m.play);
			if (m.hop !== undefined) app.playback.dispatch({ type: 'seek', index: m.hop - 1 });
			if (m.side) app.setTab(m.side);
			if (play) app.playback.dispatch({ type: 'play' });
		} else if ((opened || fresh) && m.autoplay !== false) await startScenario(app, play);
	} finally {
		app.addressed = true;
	}
}

async function applyPlay(app: AppState, p: MomentPlay) {
	const { doc, features } = app;
	if (p.kind === 'flow') {
		const named = doc.flows.find((f) => f.name === p.name);
		if (named) app.runFlow(flowRequestOf(named, p.seed));
		else if (p.from && p.to) app.runFlow({ name: 'custom', from: p.from, to: p.to, port: p.port, protocol: p.protocol, seed: p.seed });
	} else if (p.kind === 'step') {
		const st = doc.steps[p.step - 1];
		if (st) app.playStep(st);
	} else if (p.kind === 'request') {
		features.loadMesh();
		if (!(await until(() => !!features.mesh && app.meshReadyFor === doc.cluster && !!doc.cluster))) return;
		const mesh = features.mesh!;
		mesh.composer = {
			from: p.from,
			host: p.host,
			port: p.port,
			path: p.path,
			method: p.method,
			headers: p.headers.map(([key, value]) => ({ key, value, on: true })),
			seed: p.seed,
			n: p.n
		};
		if (p.mode === 'one') mesh.sendOne(doc.cluster!);
		else await mesh.sendN(doc.cluster!, false);
		app.requestSent();
	} else if (p.kind === 'simulation') {
		await simulate(app, p.form);
	}
}

/** Runs a simulation form (null: the scenario's own) and puts it on the player. */
async function simulate(app: AppState, form: Record<string, unknown> | null): Promise<boolean> {
	const { doc, features } = app;
	features.loadResilience();
	if (!(await until(() => !!features.res && !!doc.cluster))) return false;
	try {
		const r = await features.res!.runForm(doc.cluster!, doc.resources, form);
		if (!r) return false;
		app.runSim(r.run, r.form as unknown as Record<string, unknown>);
		return true;
	} catch {
		return false; // superseded or stopped: the newer run is on the player
	}
}

/**
 * What opening the scenario plays (autoplay.ts): its simulation, its
 * Istio split (Send N, the bars grow), or its walkthrough. With `play`
 * false it is set up and left paused at its start.
 */
export async function startScenario(app: AppState, play: boolean) {
	// the left panel stays where the user is (the gallery, when browsing it): what plays is on the stage and the right panel
	const { doc, features } = app;
	const preset = doc.ws.presetId ? presetById(doc.ws.presetId) : undefined;
	const header = doc.loaded?.header;
	const kind = autoplayKind({ tags: header?.tags ?? [], steps: doc.steps, simulation: hasSimulationBlock(preset?.text ?? doc.ws.files[0]?.text ?? '') });
	if (kind === 'walkthrough') {
		const first = doc.steps.findIndex((s) => s.flow);
		app.playStep(doc.steps[first]);
		app.playback.dispatch({ type: 'restart' });
		app.walkAuto = play;
		if (play) app.playback.dispatch({ type: 'play' });
	} else if (kind === 'requests') {
		if (!play) return;
		features.loadMesh();
		if (!(await until(() => !!features.mesh && app.meshReadyFor === doc.cluster && !!doc.cluster && !!features.mesh.composer.host))) return;
		// the split bars grow as the requests are revealed; the first request plays on the mesh view
		await features.mesh!.sendN(doc.cluster!, true);
		app.requestSent();
		app.playback.dispatch({ type: 'play' });
	} else if (kind === 'simulation') {
		if ((await simulate(app, null)) && play) app.playback.dispatch({ type: 'play' });
	}
}

/** Resolves true once `cond()` holds (checked every 50 ms), false after `ms`. */
function until(cond: () => boolean, ms = 20_000): Promise<boolean> {
	return new Promise((resolve) => {
		const t0 = Date.now();
		const tick = () => {
			if (cond()) resolve(true);
			else if (Date.now() - t0 > ms) resolve(false);
			else setTimeout(tick, 50);
		};
		tick();
	});
}
