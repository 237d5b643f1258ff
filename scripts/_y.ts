import { syntheticDump } from '../src/lib/scenario/synthetic-dump';
const t = syntheticDump({ pods: 3, podsPerNode: 2 }).text; console.log(t.slice(0, 2500)); console.log(syntheticDump({ pods: 10000 }).text.length);
