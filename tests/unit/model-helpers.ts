// Test helper: turn plain objects or YAML text into manifest Resources without
// the parser (source line 1, empty lines map unless given).
import { parseAllDocuments } from 'yaml';
import type { Resource } from '../../src/lib/manifest/types';

export function toResource(o: Record<string, unknown>, file = 'test.yaml', lines: Record<string, number> = {}): Resource {
	const meta = (o.metadata ?? {}) as Record<string, unknown>;
	const r: Resource = {
		apiVersion: String(o.apiVersion ?? 'v1'),
		kind: String(o.kind ?? ''),
		name: String(meta.name ?? ''),
		labels: (meta.labels as Record<string, string>) ?? {},
		annotations: (meta.annotations as Record<string, string>) ?? {},
		raw: o,
		source: { file, line: 1 },
		lines
	};
	if (typeof meta.namespace === 'string') r.namespace = meta.namespace;
	return r;
}

/** All non-empty documents of a YAML string. */
export function yamlResources(text: string, file = 'test.yaml'): Resource[] {
	return parseAllDocuments(text)
		.map((d) => d.toJS() as Record<string, unknown> | null)
		.filter((o): o is Record<string, unknown> => !!o && typeof o === 'object')
		.map((o) => toResource(o, file));
}

export function deployment(name: string, opts: { replicas?: number; labels?: Record<string, string>; ns?: string; podSpec?: Record<string, unknown> } = {}): Resource {
	const labels = opts.labels ?? { app: name };
	const spec: Record<string, unknown> = {
		selector: { matchLabels: labels },
		template: {
			metadata: { labels },
			spec: opts.podSpec ?? { containers: [{ name, image: `${name}:1`, ports: [{ containerPort: 80 }] }] }
		}
	};
	if (opts.replicas !== undefined) spec.replicas = opts.replicas;
	return toResource({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, ...(opts.ns ? { namespace: opts.ns } : {}) }, spec });
}

export function service(name: string, spec: Record<string, unknown>, ns?: string): Resource {
	return toResource({ apiVersion: 'v1', kind: 'Service', metadata: { name, ...(ns ? { namespace: ns } : {}) }, spec });
}
