import { parseAllDocuments } from 'yaml';
import { parseText } from '../src/lib/manifest/index';
import { syntheticCluster } from '../src/lib/scenario/synthetic';
import { syntheticDump } from '../src/lib/scenario/synthetic-dump';
const mode = process.argv[3] ?? 'yaml';
const texts = [Number(process.argv[2] ?? 10000)].map((n) => (mode === 'dump' ? syntheticDump({ pods: n }) : syntheticCluster({ pods: n })).text);
const text = texts[0];
const time = (f: () => unknown) => { const t = performance.now(); f(); return performance.now() - t; };
time(() => parseAllDocuments(text)); time(() => parseText('x', text));
const raw: number[] = [], ours: number[] = [];
for (let i = 0; i < 3; i++) { raw.push(time(() => parseAllDocuments(text))); ours.push(time(() => parseText('x', text))); }
const med = (x: number[]) => x.sort((a, b) => a - b)[1];
console.log(mode, process.argv[2], 'raw', med(raw).toFixed(0), 'ours', med(ours).toFixed(0), 'ratio', (med(ours) / med(raw)).toFixed(2));
