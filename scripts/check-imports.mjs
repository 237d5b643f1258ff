// Import boundaries, checked in `npm test` (the "no-restricted-imports" of this repo).
//   1. A folder of src/lib is entered through its index.ts: code outside
//      src/lib/<folder>/ imports `…/<folder>` (or `…/<folder>/index`), or the
//      index of one of its subfolders (`view/mesh`: a lazily loaded part keeps
//      its own entry so it stays out of the first download), never a file.
//      Svelte components and worker/asset imports (`?worker`, `?raw`, `?url`)
//      are exempt: they are modules of their own kind.
//   2. Engines never import the UI: manifest, model, util, net, mesh,
//      resilience, checks, netpol and diff import none of view, ui, scenario or routes.
// Prints each violation as file:line and exits 1 when there is any.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const LIB = join(ROOT, 'src', 'lib');
const ENGINES = new Set(['manifest', 'model', 'util', 'net', 'mesh', 'resilience', 'checks', 'netpol', 'diff']);
const ABOVE_ENGINES = new Set(['view', 'ui', 'scenario']);

function* files(dir) {
	for (const name of readdirSync(dir)) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) yield* files(p);
		else if (/\.(ts|svelte)$/.test(name)) yield p;
	}
}

/** The top folder of src/lib a path lies in, or null outside src/lib. */
function libFolder(p) {
	const rel = relative(LIB, p);
	if (rel.startsWith('..') || rel === '') return null;
	const parts = rel.split(sep);
	return parts.length > 1 ? parts[0] : null;
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

export function violations(root = ROOT) {
	const out = [];
	for (const file of files(join(root, 'src'))) {
		const text = readFileSync(file, 'utf8');
		const from = libFolder(file);
		for (const m of text.matchAll(IMPORT)) {
			const spec = m[1];
			if (!spec.startsWith('.') && !spec.startsWith('$lib')) continue;
			if (spec.includes('?') || spec.endsWith('.svelte') || spec.endsWith('.css')) continue;
			const target = spec.startsWith('$lib') ? join(LIB, spec.slice(5)) : resolve(dirname(file), spec);
			const to = libFolder(target) ?? (relative(LIB, target) && !relative(LIB, target).startsWith('..') && !relative(LIB, target).includes(sep) ? relative(LIB, target).replace(/\.(ts|js)$/, '') : null);
			if (!to || to === from) continue;
			const line = text.slice(0, m.index).split('\n').length;
			const where = `${relative(root, file)}:${line}`;
			if (from && ENGINES.has(from) && ABOVE_ENGINES.has(to)) out.push(`${where}: engine folder '${from}' imports '${spec}' from '${to}' (engines never import view, ui or scenario)`);
			const inner = relative(join(LIB, to), target).replace(/\.(ts|js)$/, '').replace(/(^|\/)index$/, '');
			const isDir = existsSync(target) && statSync(target).isDirectory();
			if (inner !== '' && !(isDir && !inner.includes('/'))) out.push(`${where}: '${spec}' reaches past src/lib/${to}/index.ts`);
		}
	}
	return out;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
	const v = violations();
	for (const line of v) console.log(line);
	console.log(v.length ? `${v.length} import boundary violation(s)` : 'import boundaries: ok');
	process.exit(v.length ? 1 : 0);
}
