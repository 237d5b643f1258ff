import { editorRun } from '../scripts/bench-editor.ts';
const waitForHttp = async (u: string, ms: number) => { const t = Date.now(); while (Date.now() - t < ms) { try { await fetch(u); return; } catch { await new Promise((r) => setTimeout(r, 200)); } } };
const r = await editorRun({ lines: Number(process.env.L || 5000), keys: 40, executablePath: '/usr/bin/chromium', flags: ['--headless', '--no-sandbox', '--disable-gpu'], waitForHttp });
console.log(r);
