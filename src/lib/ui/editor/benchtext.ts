// The editor benchmark's input: a manifest of exactly `lines` lines
// (Deployments and their Services, a ConfigMap filling the rest). Shared by
// /bench/editor and scripts/bench-editor.ts.

/** A manifest of `lines` lines: Deployments and their Services, with a ConfigMap to fill the rest. */
export function manifestOfLines(lines: number): string {
	const out: string[] = [];
	for (let i = 0; out.length < lines - 40; i++) {
		out.push(
			'---', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: app-${i}`, '  labels:', `    app: app-${i}`, 'spec:', '  replicas: 1',
			'  selector:', '    matchLabels:', `      app: app-${i}`, '  template:', '    metadata:', '      labels:', `        app: app-${i}`, '    spec:',
			'      containers:', `        - name: app-${i}`, '          image: nginx:1.27', '          ports:', '            - containerPort: 8080',
			'---', 'apiVersion: v1', 'kind: Service', 'metadata:', `  name: app-${i}`, 'spec:', '  selector:', `    app: app-${i}`, '  ports:', '    - port: 80', '      targetPort: 8080'
		);
	}
	out.push('---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: filler', 'data:');
	while (out.length < lines) out.push(`  key-${out.length}: "value ${out.length}"`);
	return out.slice(0, lines).join('\n') + '\n';
}

