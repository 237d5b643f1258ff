// The bundle-budget helpers of scripts/bench.ts (the timing part is run by `npm run bench`).
import { describe, expect, it } from 'vitest';
import { entryScripts, staticImports, stripInlineWorkers } from '../../scripts/bench';

describe('bench bundle helpers', () => {
	it('finds the entry scripts SvelteKit puts in index.html', () => {
		const html = `<link href="/_app/immutable/entry/start.A.js" rel="modulepreload">
<link rel="modulepreload" href="./_app/immutable/chunks/B.js"><link href="/x.css" rel="stylesheet">
<script src="https://cdn.example.com/evil.js"></script>
<script>Promise.all([import("/_app/immutable/entry/start.A.js"), import("/_app/immutable/entry/app.C.js")])</script>`;
		expect(entryScripts(html).sort()).toEqual(['./_app/immutable/chunks/B.js', '/_app/immutable/entry/app.C.js', '/_app/immutable/entry/start.A.js']);
	});

	it('follows static imports only', () => {
		const js = 'import{a as b}from"./A.js";import"./B.js";export{c}from"../C.js";const l=()=>import("./lazy.js");';
		expect(staticImports(js)).toEqual(['./A.js', './B.js', '../C.js']);
	});

	it('cuts out a worker source inlined for new Worker(), and nothing else', () => {
		const worker = 'self.onmessage=e=>postMessage(e.data);' + 'x'.repeat(20_000) + '\\"q\\"';
		const js = `var keep="small",Ps="${worker}",Fs=new Blob(["URL.revokeObjectURL(import.meta.url);",Ps]);function Is(){return new Worker(URL.createObjectURL(Fs))}`;
		const out = stripInlineWorkers(js);
		expect(out.removed).toBe(worker.length);
		expect(out.js).toBe('var keep="small",Ps="",Fs=new Blob(["URL.revokeObjectURL(import.meta.url);",Ps]);function Is(){return new Worker(URL.createObjectURL(Fs))}');
		expect(stripInlineWorkers('const w=new Worker(new URL("./w.js",import.meta.url))')).toEqual({ js: 'const w=new Worker(new URL("./w.js",import.meta.url))', removed: 0 });
	});
});
