// Serves the built app (build/) on 127.0.0.1 — what `npm start` runs after
// the build. Static files only: `/scenario/<id>` answers with the prerendered
// `scenario/<id>.html`, unknown paths with the SPA fallback `index.html`.
// Binds to loopback only; nothing here talks to the network.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'build');
const port = Number(process.env.PORT ?? process.argv[3] ?? 4173);
const host = '127.0.0.1';

const TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.woff2': 'font/woff2',
	'.txt': 'text/plain; charset=utf-8',
	'.yaml': 'text/yaml; charset=utf-8'
};

if (!existsSync(join(root, 'index.html'))) {
	console.error(`No built app in ${root}/ — run \`npm run build\` first.`);
	process.exit(1);
}

function pick(urlPath) {
	let p;
	try {
		p = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
	} catch {
		return null;
	}
	const safe = normalize(p).replace(/^(\.\.[/\\])+/, '');
	const candidates = [join(root, safe), join(root, `${safe}.html`), join(root, safe, 'index.html')];
	for (const c of candidates) {
		if (!c.startsWith(root)) continue;
		if (existsSync(c) && statSync(c).isFile()) return c;
	}
	return null;
}

createServer((req, res) => {
	const file = pick(req.url ?? '/') ?? join(root, 'index.html');
	const type = TYPES[extname(file)] ?? 'application/octet-stream';
	const immutable = file.includes(`${join('_app', 'immutable')}`);
	res.writeHead(200, {
		'content-type': type,
		'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
		'x-content-type-options': 'nosniff'
	});
	res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
}).listen(port, host, () => {
	console.log(`Hopscope is running at http://${host}:${port}/  (Ctrl+C stops it)`);
});
