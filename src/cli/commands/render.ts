// `hopscope render FILES… [--view architecture|network|mesh] [--format svg|png] [--out FILE] [--theme light|dark] [--scale N]`:
// the diagram the app draws, as a standalone SVG or a PNG, for documentation
// regenerated in CI. Same graph builders, same ELK layout (elkjs runs in
// Node) and the same SVG serialiser as the browser's Export menu. PNG is
// rasterised by @resvg/resvg-js (a dev dependency, loaded only here), which
// draws text with the system's fonts (the SVG names generic fallbacks).
// Exit status: 0 ok, 1 error diagnostics, unreadable file, no PNG renderer or unwritable output, 2 usage error, 3 internal error.
import { readFileSync, writeFileSync } from 'node:fs';
import type { CliIO } from '../io';
import { helpOrUsageError, parseArgs, usageError } from '../args';
import { loadInputs } from '../inputs';
import { toGraph, toNetworkGraph, type Graph, type Scene } from '../../lib/view';
import { layoutGraph } from '../../lib/view/layout';
import { toMeshGraph } from '../../lib/view/mesh';
import { paletteFromCss, sceneToSvg } from '../../lib/ui/export';
import type { Cluster } from '../../lib/model';

export const summary = 'draw the diagram (architecture, network or mesh view) as SVG or PNG';

const USAGE = `Usage: npm run --silent cli -- render FILES… [--view architecture|network|mesh] [--format svg|png] [--out FILE] [--theme light|dark] [--scale N]

  --view    which diagram (default architecture)
  --format  svg (default) or png; png needs --out and @resvg/resvg-js
  --out     write here (default: SVG on standard output)
  --theme   light (default) or dark
  --scale   PNG pixels per diagram px, 0.25–8 (default 1)
Exit status: 0 ok, 1 error diagnostics, unreadable file, no PNG renderer or unwritable output, 2 usage error, 3 internal error.
`;

const VIEWS = ['architecture', 'network', 'mesh'] as const;
type View = (typeof VIEWS)[number];

export async function run(argv: string[], io: CliIO): Promise<number> {
	const args = parseArgs(argv, { valued: ['--view', '--format', '--out', '--theme', '--scale'] });
	const early = helpOrUsageError(io, 'render', USAGE, args);
	if (early !== null) return early;
	const view = (args.values['--view'] ?? 'architecture') as View;
	const format = args.values['--format'] ?? 'svg';
	const theme = args.values['--theme'] ?? 'light';
	const out = args.values['--out'];
	const scale = Number(args.values['--scale'] ?? '1');
	if (args.files.length === 0) return usage(io, 'no files given');
	if (!VIEWS.includes(view)) return usage(io, `--view '${view}' is not one of ${VIEWS.join(', ')}`);
	if (format !== 'svg' && format !== 'png') return usage(io, `--format '${format}' is not svg or png`);
	if (theme !== 'light' && theme !== 'dark') return usage(io, `--theme '${theme}' is not light or dark`);
	if (!Number.isFinite(scale) || scale < 0.25 || scale > 8) return usage(io, `--scale '${args.values['--scale']}' is not a number from 0.25 to 8`);
	if (format === 'png' && !out) return usage(io, '--format png needs --out FILE');

	const loaded = loadInputs('render', args.files, io);
	if (!loaded) return 1;
	const scene = await layoutGraph(graphOf(loaded.cluster, view), async () => {
		const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
		return new ELK();
	});
	const svg = renderSvg(scene, theme, loaded.header?.title);

	if (format === 'svg') {
		if (!out) {
			io.out(svg);
			return 0;
		}
		return write(io, out, svg);
	}
	let Resvg: typeof import('@resvg/resvg-js').Resvg;
	try {
		({ Resvg } = await import('@resvg/resvg-js'));
	} catch (e) {
		io.err(`hopscope render: PNG needs the package @resvg/resvg-js, which could not be loaded (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); install it (npm i -D @resvg/resvg-js) or use --format svg\n`);
		return 1;
	}
	const png = new Resvg(svg, {
		fitTo: { mode: 'zoom', value: scale },
		font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans', monospaceFamily: 'DejaVu Sans Mono' }
	})
		.render()
		.asPng();
	return write(io, out!, png);
}

/** The graph of one view, built as the app builds it (no filter, stacks from 4 replicas). */
export function graphOf(cluster: Cluster, view: View): Graph {
	if (view === 'network') return toNetworkGraph(cluster, {});
	if (view === 'mesh') return toMeshGraph(cluster, {});
	return toGraph(cluster, { view: 'architecture', collapseAt: 4 });
}

let themeCss: string | null = null;

/** The scene as SVG in one of the app's themes (colours from the app's own theme.css). */
export function renderSvg(scene: Scene, theme: 'light' | 'dark', title?: string): string {
	themeCss ??= readFileSync(new URL('../../lib/ui/theme.css', import.meta.url), 'utf8');
	const palette = paletteFromCss(themeCss, theme);
	return sceneToSvg(scene, { palette: (name) => palette[name] ?? '', title: title ? `Hopscope: ${title}` : undefined });
}

function write(io: CliIO, path: string, data: string | Uint8Array): number {
	try {
		writeFileSync(path, data);
		return 0;
	} catch (e) {
		io.err(`hopscope render: cannot write ${path}: ${e instanceof Error ? e.message : String(e)}\n`);
		return 1;
	}
}

const usage = (io: CliIO, message: string) => usageError(io, 'render', USAGE, message);
