// Two versions of one synthetic cluster (synthetic.ts) for benchmarking and
// testing `diff`: the second changes one Service's selector (its endpoints
// go, and flows to it are rejected), one VirtualService's weights (90/10 →
// 50/50) and the replicas of a few Deployments (pods added).
import { syntheticCluster } from './synthetic';

export interface SyntheticChange {
	before: string;
	after: string;
	/** `ns/name` of what was changed */
	selectorChanged: string;
	weightsChanged: string;
	scaled: string[];
}

export function syntheticChange(opts: { pods: number; seed?: number; nodes?: number; scaled?: number }): SyntheticChange {
	const { text } = syntheticCluster({ pods: opts.pods, seed: opts.seed ?? 1 });
	const docs = text.split(/^---\n/m);
	const header = `apiVersion: hopscope/v1\nkind: Scenario\nmetadata:\n  name: synthetic-change\nspec:\n  title: synthetic change\n  settings:\n    nodeCount: ${opts.nodes ?? Math.max(2, Math.ceil(opts.pods / 100))}\n`;
	const services = docs.map((d, i) => ({ d, i, m: /^kind: Service\nmetadata:\n {2}name: (\S+)\n {2}namespace: (\S+)\n/m.exec(d) })).filter((x) => x.m);
	if (services.length < 2) throw new Error('syntheticChange needs at least two Services');
	const [sel, vs] = services;
	const selName = `${sel.m![2]}/${sel.m![1]}`;
	const vsName = `${vs.m![2]}/${vs.m![1]}`;
	const mesh = (w1: number, w2: number) => virtualService(vs.m![2], vs.m![1], w1, w2);
	const after = [...docs];
	after[sel.i] = sel.d.replace(/( {4}app: )(\S+)\n/, '$1$2-renamed\n');
	const scaled: string[] = [];
	for (let i = 0; i < after.length && scaled.length < (opts.scaled ?? 3); i++) {
		const m = /^kind: Deployment\nmetadata:\n {2}name: (\S+)\n {2}namespace: (\S+)\n[\s\S]*?^ {2}replicas: (\d+)$/m.exec(after[i]);
		if (!m) continue;
		after[i] = after[i].replace(/^( {2}replicas: )(\d+)$/m, `$1${Number(m[3]) + 1}`);
		scaled.push(`${m[2]}/${m[1]}`);
	}
	return {
		before: [header, ...docs, mesh(90, 10)].join('---\n'),
		after: [header, ...after, mesh(50, 50)].join('---\n'),
		selectorChanged: selName,
		weightsChanged: vsName,
		scaled
	};
}

function virtualService(ns: string, name: string, w1: number, w2: number): string {
	return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  hosts:
    - ${name}
  http:
    - route:
        - destination:
            host: ${name}
            subset: a
          weight: ${w1}
        - destination:
            host: ${name}
            subset: b
          weight: ${w2}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  host: ${name}
  subsets:
    - name: a
      labels:
        app: ${name}
    - name: b
      labels:
        app: ${name}
`;
}
