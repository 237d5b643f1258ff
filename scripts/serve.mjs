// Serves the built app (build/) on 127.0.0.1 — what `npm start` runs after
// the build. Static files only: `/scenario/<id>` answers with the prerendered
// `scenario/<id>.html`, unknown paths with the SPA fallback `index.html`.
// Binds to loopback only; nothing here talks to the network. The port is
// $PORT, else the second argument, else 4173; when it is busy the next free
// one is used (one line says so). The Content-Security-Policy is a <meta> tag
// in every page (svelte.config.js); the headers add nosniff and no-referrer.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'build');
const host = '127.0.0.1';
const asked = process.env.PORT ?? process.argv[3] ?? '4173';
/** how many ports after a busy one are tried */
const TRIES = 20;
if (!/^\d+$/.test(String(asked)) || Number(asked) > 65535) {
	console.error(`Port '${asked}' is not a port number (0-65535); set PORT or pass one after the build directory.`);
	process.exit(2);
}

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

const server = createServer((req, res) => {
	const file = pick(req.url ?? '/') ?? join(root, 'index.html');
	const type = TYPES[extname(file)] ?? 'application/octet-stream';
	const immutable = file.includes(`${join('_app', 'immutable')}`);
	res.writeHead(200, {
		'content-type': type,
		'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'no-referrer',
		// an embed in a sandboxed iframe has an opaque origin, so its module
		// scripts load in CORS mode: these are public static files, no credentials
		'access-control-allow-origin': '*'
	});
	res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
});

/** Listens on `port`, or the next free one when it is busy (up to TRIES ports on). */
function listen(port, tries) {
	const onError = (e) => {
		server.off('listening', onListening);
		if (e.code === 'EADDRINUSE' && tries > 0 && port > 0 && port < 65535) {
			console.log(`Port ${port} is busy; trying ${port + 1}.`);
			return listen(port + 1, tries - 1);
		}
		console.error(`Cannot listen on ${host}:${port}: ${e.code === 'EADDRINUSE' ? 'the port is busy' : e.message}.`);
		process.exit(1);
	};
	const onListening = () => {
		server.off('error', onError);
		console.log(`Hopscope is running at http://${host}:${server.address().port}/  (Ctrl+C stops it)`);
	};
	server.once('error', onError);
	server.once('listening', onListening);
	server.listen(port, host);
}

listen(Number(asked), TRIES);
