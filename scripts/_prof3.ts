import { Composer, LineCounter, Parser } from 'yaml';
import { readDocument } from '../src/lib/manifest/documents';
import { syntheticCluster } from '../src/lib/scenario/synthetic';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
const text = syntheticCluster({ pods: 10000 }).text;
const lc = new LineCounter();
const docs = [...new Composer({ prettyErrors: false, merge: true, uniqueKeys: false }).compose(new Parser(lc.addNewLine).parse(text))];
const s = new Session(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.start');
for (let r = 0; r < 3; r++) { const ctx: any = { file: 'x', text, lc, budget: { documents: 0, resources: 0, full: false }, resources: [], diagnostics: [], sawContent: false };
const t = performance.now(); for (const d of docs) readDocument(d, ctx); console.log('read', (performance.now() - t).toFixed(0)); }
const { profile } = await s.post('Profiler.stop'); writeFileSync('/tmp/scale/prof3/p.cpuprofile', JSON.stringify(profile));
