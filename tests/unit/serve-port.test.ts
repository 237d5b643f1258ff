// scripts/serve.mjs (what `npm start` runs): takes $PORT, and when that port
// is busy says so in one line and serves on the next free one, printing the
// URL — no raw EADDRINUSE stack. Serves a throwaway root, no build needed.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { scratch, write } from './cli-helpers';

function occupy(): Promise<{ server: Server; port: number }> {
	return new Promise((resolve) => {
		const server = createServer().listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
	});
}

/** Starts serve.mjs; resolves with its output once it prints the URL line (or exits). */
function serve(root: string, port: string): Promise<{ child: ChildProcessWithoutNullStreams; stdout: string; stderr: string; status: number | null }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['scripts/serve.mjs', root], { env: { ...process.env, PORT: port } });
		let stdout = '';
		let stderr = '';
		const timer = setTimeout(() => reject(new Error(`serve.mjs printed no URL: ${stdout}${stderr}`)), 20_000);
		child.stdout.on('data', (b: Buffer) => {
			stdout += b.toString();
			if (/is running at/.test(stdout)) {
				clearTimeout(timer);
				resolve({ child, stdout, stderr, status: null });
			}
		});
		child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
		child.on('exit', (status) => {
			clearTimeout(timer);
			resolve({ child, stdout, stderr, status });
		});
	});
}

describe('scripts/serve.mjs', () => {
	const root = scratch();
	write(root, 'index.html', '<!doctype html><title>t</title>');

	it('a busy $PORT: one line says so, the next free port is used and its URL printed', async () => {
		const { server, port } = await occupy();
		const s = await serve(root, String(port));
		try {
			const lines = s.stdout.trimEnd().split('\n');
			expect(lines[0]).toBe(`Port ${port} is busy; trying ${port + 1}.`);
			const url = /^Hopscope is running at (http:\/\/127\.0\.0\.1:(\d+)\/) {2}\(Ctrl\+C stops it\)$/.exec(lines.at(-1)!);
			expect(url).not.toBeNull();
			expect(Number(url![2])).toBeGreaterThan(port);
			// every line before the URL is one busy port
			for (const l of lines.slice(0, -1)) expect(l).toMatch(/^Port \d+ is busy; trying \d+\.$/);
			expect(s.stderr).toBe('');
			const res = await fetch(url![1]);
			expect(res.status).toBe(200);
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			expect(res.headers.get('referrer-policy')).toBe('no-referrer');
			expect(await res.text()).toContain('<title>t</title>');
		} finally {
			s.child.kill();
			server.close();
		}
	}, 30_000);

	it('a $PORT that is no port number stops with one line and exit 2', async () => {
		const s = await serve(root, 'eighty');
		expect(s.status).toBe(2);
		expect(s.stdout).toBe('');
		expect(s.stderr).toBe("Port 'eighty' is not a port number (0-65535); set PORT or pass one after the build directory.\n");
	}, 30_000);
});
