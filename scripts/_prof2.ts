import { Composer, LineCounter, Parser, parseAllDocuments } from 'yaml';
import { readDocument } from '../src/lib/manifest/documents';
import { findExcessNesting } from '../src/lib/manifest/nesting';
import { syntheticCluster } from '../src/lib/scenario/synthetic';
import { syntheticDump } from '../src/lib/scenario/synthetic-dump';
const mode = process.argv[2] ?? 'yaml';
for (const n of [2500, 5000, 10000, 5000, 10000]) {
  const text = (mode === 'dump' ? syntheticDump({ pods: n }) : syntheticCluster({ pods: n })).text;
  (globalThis as any).gc?.();
  let t = performance.now();
  const lap = () => { const x = performance.now(); const d = x - t; t = x; return d.toFixed(0); };
  parseAllDocuments(text); const raw = lap();
  (globalThis as any).gc?.(); lap();
  findExcessNesting(text, 256, 500000); const nest = lap();
  const lc = new LineCounter();
  const docs = [...new Composer({ prettyErrors: false, merge: true, uniqueKeys: false }).compose(new Parser(lc.addNewLine).parse(text))]; const comp = lap();
  const ctx: any = { file: 'x', text, lc, budget: { documents: 0, resources: 0, full: false }, resources: [], diagnostics: [], sawContent: false };
  for (const d of docs) readDocument(d, ctx); const read = lap();
  console.log(n, 'raw', raw, 'nest', nest, 'compose', comp, 'read', read, 'docs', docs.length);
}
