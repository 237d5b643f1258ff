// Input forms and bad-input classes of the manifest layer, with exact positions.
import { describe, expect, it } from 'vitest';
import { lineOf, parseFiles, parseText, type Diagnostic } from '../../src/lib/manifest';

const y = (...lines: string[]) => lines.join('\n') + '\n';
/** `code line:column path` — compact and exact */
const brief = (ds: Diagnostic[]) => ds.map((d) => `${d.severity} ${d.code} ${d.line}:${d.column}${d.path ? ` ${d.path}` : ''}`);

describe('multi-document YAML', () => {
	it('skips empty, null and comment-only documents without a word', () => {
		const text = y('# just a comment', '---', '---', 'null', '---', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: a', '---', '...', '---');
		const r = parseText('m.yaml', text);
		expect(r.diagnostics).toEqual([]);
		expect(r.resources.map((x) => [x.name, x.source.line])).toEqual([['a', 6]]);
	});

	it('keeps namespace undefined when not written, and as written otherwise', () => {
		const r = parseText('n.yaml', y('apiVersion: v1', 'kind: Service', 'metadata: {name: a}', '---', 'apiVersion: v1', 'kind: Service', 'metadata: {name: b, namespace: shop}'));
		expect(r.resources[0].namespace).toBeUndefined();
		expect('namespace' in r.resources[0]).toBe(false);
		expect(r.resources[1].namespace).toBe('shop');
	});

	it('keeps unknown kinds and CRDs as resources', () => {
		const r = parseText('crd.yaml', y('apiVersion: example.com/v1', 'kind: Frobnicator', 'metadata:', '  name: f', 'spec:', '  ports: "anything"'));
		expect(r.diagnostics).toEqual([]);
		expect(r.resources.map((x) => `${x.apiVersion} ${x.kind}/${x.name}`)).toEqual(['example.com/v1 Frobnicator/f']);
	});

	it('reads text without a trailing newline', () => {
		const r = parseText('t.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: last');
		expect(r.diagnostics).toEqual([]);
		expect(r.resources[0].name).toBe('last');
		expect(r.resources[0].lines['metadata.name']).toBe(4);
	});

	it('reads CRLF line endings with the same lines and columns', () => {
		const text = 'apiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: a\r\nspec:\r\n  ports:\r\n  - port: "x"\r\n';
		const r = parseText('crlf.yaml', text);
		expect(r.resources[0].name).toBe('a');
		expect(r.resources[0].lines['spec.ports.0.port']).toBe(7);
		expect(brief(r.diagnostics)).toEqual(['error type 7:11 spec.ports.0.port']);
	});

	it('ignores a UTF-8 BOM; line-1 columns count from the first visible character', () => {
		const r = parseText('bom.yaml', '\uFEFFapiVersion: v1\nkind: Service\nmetadata: {name: a, labels: {v: 1}}\n');
		expect(r.resources[0].apiVersion).toBe('v1');
		expect(r.resources[0].source).toEqual({ file: 'bom.yaml', line: 1, column: 1 });
		expect(brief(r.diagnostics)).toEqual(['error type 3:33 metadata.labels.v']);
	});

	it('accepts a top-level YAML/JSON array of objects', () => {
		const r = parseText('arr.json', '[\n  {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"}},\n  {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "b"}}\n]\n');
		expect(r.diagnostics).toEqual([]);
		expect(r.resources.map((x) => `${x.name}@${x.source.line}:${x.source.column}`)).toEqual(['a@2:3', 'b@3:3']);
		expect(r.resources[1].lines).toMatchObject({ apiVersion: 3, 'metadata.name': 3 });
	});
});

describe('kind: List and typed lists', () => {
	const list = y(
		'apiVersion: v1',
		'kind: List',
		'metadata:',
		'  resourceVersion: ""',
		'items:',
		'- apiVersion: v1',
		'  kind: Service',
		'  metadata:',
		'    name: a',
		'  spec:',
		'    ports:',
		'    - port: 80',
		'- apiVersion: apps/v1',
		'  kind: Deployment',
		'  metadata:',
		'    name: d',
		'    namespace: web'
	);

	it('flattens items; their lines are relative to the item', () => {
		const r = parseText('list.yaml', list);
		expect(r.diagnostics).toEqual([]);
		expect(r.resources.map((x) => `${x.kind}/${x.name}@${x.source.line}:${x.source.column}`)).toEqual([
			'Service/a@6:3',
			'Deployment/d@13:3'
		]);
		expect(r.resources[0].lines).toEqual({
			apiVersion: 6,
			kind: 7,
			metadata: 8,
			'metadata.name': 9,
			spec: 10,
			'spec.ports': 11,
			'spec.ports.0': 12,
			'spec.ports.0.port': 12
		});
		expect(r.resources[1].namespace).toBe('web');
		expect(r.resources[0].raw).toEqual({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' }, spec: { ports: [{ port: 80 }] } });
	});

	it('names the item in diagnostics of list items', () => {
		const r = parseText('list.yaml', list.replace('port: 80', 'port: "80"'));
		expect(brief(r.diagnostics)).toEqual(['error type 12:13 items.0.spec.ports.0.port']);
		expect(r.diagnostics[0].message).toBe('items[0].spec.ports[0].port must be a number between 1 and 65535, got the string "80"');
	});

	it('a typed list (PodList from the raw API) gives its items kind and apiVersion', () => {
		const r = parseText('pods.yaml', y('apiVersion: v1', 'kind: PodList', 'items:', '- metadata: {name: a}', '- metadata: {name: b}', '  kind: Pod'));
		expect(r.diagnostics).toEqual([]);
		expect(r.resources.map((x) => `${x.apiVersion} ${x.kind}/${x.name}@${x.source.line}`)).toEqual(['v1 Pod/a@4', 'v1 Pod/b@5']);
		expect(r.resources[0].raw.kind).toBe('Pod');
	});

	it('an empty List gives nothing and says nothing; items that are not a list is an error', () => {
		expect(parseText('e.yaml', y('apiVersion: v1', 'kind: List', 'items: []'))).toEqual({ resources: [], diagnostics: [] });
		const bad = parseText('e.yaml', y('apiVersion: v1', 'kind: List', 'items: {a: 1}'));
		expect(brief(bad.diagnostics)).toEqual(['error type 3:8 items']);
		expect(bad.diagnostics[0].message).toBe('items of a List must be a list, got a mapping (key: value pairs) — nothing read from it');
	});

	it('a list item that is not an object is reported at the item', () => {
		const r = parseText('l.yaml', y('apiVersion: v1', 'kind: List', 'items:', '- hello', '- apiVersion: v1', '  kind: Service', '  metadata: {name: ok}'));
		expect(r.resources.map((x) => x.name)).toEqual(['ok']);
		expect(brief(r.diagnostics)).toEqual(['error not-an-object 4:3 items.0']);
		expect(r.diagnostics[0].message).toBe('items[0] is the string "hello", not a Kubernetes object (a mapping with apiVersion, kind and metadata) — skipped');
	});
});

describe('kubectl get -o json dumps', () => {
	const dump = JSON.stringify(
		{
			apiVersion: 'v1',
			kind: 'List',
			metadata: { resourceVersion: '' },
			items: [
				{
					apiVersion: 'v1',
					kind: 'Pod',
					metadata: {
						name: 'web-1',
						namespace: 'default',
						uid: '0b5c',
						resourceVersion: '1234',
						generation: 2,
						creationTimestamp: '2024-05-01T10:00:00Z',
						selfLink: '/api/v1/namespaces/default/pods/web-1',
						managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:metadata': {} } }],
						labels: { app: 'web' },
						annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"big":"json"}', team: 'blue' }
					},
					spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] },
					status: { phase: 'Running', podIP: '10.244.1.7', hostIP: '192.168.49.3' }
				},
				{
					apiVersion: 'apps/v1',
					kind: 'Deployment',
					metadata: { name: 'web' },
					spec: { template: { metadata: { creationTimestamp: null, labels: { app: 'web' } } } }
				}
			]
		},
		null,
		4
	);

	it('strips managedFields and bookkeeping, keeps status and other annotations', () => {
		const r = parseText('dump.json', dump);
		expect(r.diagnostics).toEqual([]);
		const [pod, dep] = r.resources;
		expect(pod.raw).toEqual({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: { name: 'web-1', namespace: 'default', labels: { app: 'web' }, annotations: { team: 'blue' } },
			spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] },
			status: { phase: 'Running', podIP: '10.244.1.7', hostIP: '192.168.49.3' }
		});
		expect(pod.annotations).toEqual({ team: 'blue' });
		expect(dep.raw).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { metadata: { labels: { app: 'web' } } } } });
	});

	it('has JSON line numbers, without lines for the stripped fields', () => {
		const lines = dump.split('\n');
		const [pod] = parseText('dump.json', dump).resources;
		expect(pod.source.line).toBe(lines.indexOf('        {') + 1);
		expect(lines[pod.lines['status.podIP'] - 1].trim()).toBe('"podIP": "10.244.1.7",');
		expect(lines[pod.lines['spec.containers.0.ports.0.containerPort'] - 1].trim()).toBe('"containerPort": 80');
		expect(Object.keys(pod.lines).filter((k) => /managedFields|uid|resourceVersion|last-applied/.test(k))).toEqual([]);
		expect(pod.lines['metadata.annotations.team']).toBeGreaterThan(0);
	});
});

describe('helm template output', () => {
	it('sets source.origin from the # Source comment of each document', () => {
		const text = y(
			'---',
			'# Source: shop/templates/service.yaml',
			'apiVersion: v1',
			'kind: Service',
			'metadata:',
			'  name: shop',
			'---',
			'# Source: shop/templates/empty.yaml',
			'---',
			'# Source: shop/templates/deployment.yaml',
			'apiVersion: apps/v1',
			'kind: Deployment',
			'metadata:',
			'  name: shop',
			'---',
			'apiVersion: v1',
			'kind: ConfigMap',
			'metadata: {name: plain}'
		);
		const r = parseText('rendered.yaml', text);
		expect(r.diagnostics).toEqual([]);
		expect(r.resources.map((x) => x.source)).toEqual([
			{ file: 'rendered.yaml', line: 3, column: 1, origin: 'shop/templates/service.yaml' },
			{ file: 'rendered.yaml', line: 11, column: 1, origin: 'shop/templates/deployment.yaml' },
			{ file: 'rendered.yaml', line: 16, column: 1 }
		]);
		expect(lineOf(r.resources[1], 'metadata.name')).toEqual({
			file: 'rendered.yaml',
			line: 14,
			path: 'metadata.name',
			origin: 'shop/templates/deployment.yaml'
		});
	});

	it('a hostile, very long Source comment is read in linear time', () => {
		const text = `---\n# Source: a${' '.repeat(2_000_000)}x  \r\napiVersion: v1\nkind: A\nmetadata: {name: a}\n`;
		const start = performance.now();
		const r = parseText('h.yaml', text);
		expect(performance.now() - start).toBeLessThan(2000);
		expect(r.resources[0].source.origin).toBe(`a${' '.repeat(2_000_000)}x`);
	});
});

describe('lineOf', () => {
	const [svc] = parseText('s.yaml', y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: s', '  labels:', '    app.kubernetes.io/name: s', 'spec:', '  ports:', '  - name: http', '    port: 80')).resources;

	it('returns the exact line of a field, in dotted or bracket form', () => {
		expect(lineOf(svc, 'spec.ports.0.port')).toEqual({ file: 's.yaml', line: 10, path: 'spec.ports.0.port' });
		expect(lineOf(svc, 'spec.ports[0].port').line).toBe(10);
		expect(lineOf(svc, 'metadata.labels.app.kubernetes.io/name').line).toBe(6);
	});

	it('falls back to the nearest ancestor, then to the object start', () => {
		expect(lineOf(svc, 'spec.ports.0.targetPort')).toEqual({ file: 's.yaml', line: 9, path: 'spec.ports.0.targetPort' });
		expect(lineOf(svc, 'spec.ports.3.port').line).toBe(8);
		expect(lineOf(svc, 'status.loadBalancer')).toEqual({ file: 's.yaml', line: 1, column: 1, path: 'status.loadBalancer' });
	});
});

describe('YAML syntax errors', () => {
	it('reports the error with its position and keeps the sibling documents', () => {
		const text = y(
			'apiVersion: v1',
			'kind: Service',
			'metadata:',
			'  name: a',
			'---',
			'apiVersion: v1',
			'kind: Pod',
			'metadata:',
			'  name: b: c',
			'---',
			'apiVersion: v1',
			'kind: ConfigMap',
			'metadata:',
			'  name: c'
		);
		const r = parseText('s.yaml', text);
		expect(r.resources.map((x) => x.name)).toEqual(['a', 'c']);
		expect(brief(r.diagnostics)).toEqual(['error yaml-syntax 9:9']);
		expect(r.diagnostics[0]).toMatchObject({ file: 's.yaml' });
		expect(r.diagnostics[0].message).toBe(
			'YAML syntax error: Nested mappings are not allowed in compact mappings (a value containing ": " needs quotes) — this document was skipped'
		);
	});

	it('explains tab indentation', () => {
		const r = parseText('tab.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: a\n');
		expect(r.resources).toEqual([]);
		expect(brief(r.diagnostics)).toEqual(['error yaml-syntax 4:1']);
		expect(r.diagnostics[0].message).toContain('(YAML indentation must use spaces, not tabs)');
	});

	it('an unclosed bracket: each error with its position, and the next document still loads', () => {
		const r = parseText('f.yaml', y('apiVersion: v1', 'kind: Pod', 'metadata: {name: a, labels: {app: [x}}', '---', 'apiVersion: v1', 'kind: Pod', 'metadata: {name: b}'));
		expect(r.resources.map((x) => x.name)).toEqual(['b']);
		expect(brief(r.diagnostics)).toEqual(['error yaml-syntax 3:37', 'error yaml-syntax 4:1']);
		expect(r.diagnostics[0].message).toBe(
			'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ] (is a closing ] or } missing?) — this document was skipped'
		);
	});

	it('duplicate keys are a warning naming the path; the last value wins', () => {
		const r = parseText('d.yaml', y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: first', '  name: second', 'spec:', '  selector:', '    app: a', '    app: b'));
		expect(r.resources.map((x) => x.name)).toEqual(['second']);
		expect(brief(r.diagnostics)).toEqual(['warning duplicate-key 5:3 metadata.name', 'warning duplicate-key 9:5 spec.selector.app']);
		expect(r.diagnostics[1].message).toBe('spec.selector.app is written twice in the same mapping — the last one wins');
		expect(r.resources[0].lines['metadata.name']).toBe(5);
	});

	it('an alias without an anchor is a syntax error at the alias', () => {
		const r = parseText('a.yaml', y('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x}', 'data: *nope'));
		expect(brief(r.diagnostics)).toEqual(['error yaml-syntax 4:7']);
		expect(r.diagnostics[0].message).toBe('YAML syntax error: the alias *nope has no anchor &nope before it — this document was skipped');
	});

	it('unknown tags are a warning, the value is kept as a string', () => {
		const r = parseText('t.yaml', y('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x}', 'data:', '  a: !Ref other'));
		expect(brief(r.diagnostics)).toEqual(['warning yaml-warning 5:6']);
		expect(r.resources[0].raw.data).toEqual({ a: 'other' });
	});

	it('merge keys (<<) work as in kubectl', () => {
		const r = parseText('m.yaml', y('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: m', '  labels: &l {app: web}', '  annotations:', '    <<: *l', '    extra: "1"'));
		expect(r.diagnostics).toEqual([]);
		expect(r.resources[0].annotations).toEqual({ app: 'web', extra: '1' });
	});
});

describe('documents that are not usable objects', () => {
	it('not a mapping', () => {
		const r = parseText('n.yaml', y('just some text', '---', '- a', '- b'));
		expect(brief(r.diagnostics)).toEqual(['error not-an-object 1:1', 'error not-an-object 3:3 0', 'error not-an-object 4:3 1']);
		expect(r.diagnostics[0].message).toBe('this document is the string "just some text", not a Kubernetes object (a mapping with apiVersion, kind and metadata) — skipped');
		expect(r.diagnostics[1].message).toMatch(/^item \[0\] is the string "a"/);
	});

	it('missing apiVersion, kind or name: skipped with an error saying what is missing', () => {
		const text = y(
			'kind: Pod',
			'metadata:',
			'  name: a',
			'---',
			'apiVersion: v1',
			'metadata:',
			'  name: b',
			'---',
			'apiVersion: v1',
			'kind: Pod',
			'metadata:',
			'  labels: {app: web}',
			'---',
			'apiVersion: v1',
			'kind: Pod',
			'---',
			'{}'
		);
		const r = parseText('m.yaml', text);
		expect(r.resources).toEqual([]);
		expect(brief(r.diagnostics)).toEqual([
			'error missing-apiVersion 1:1',
			'error missing-kind 5:1',
			'error missing-name 11:1',
			'error missing-name 14:1',
			'error missing-apiVersion 17:1',
			'error missing-kind 17:1',
			'error missing-name 17:1'
		]);
		expect(r.diagnostics.slice(0, 4).map((d) => d.message)).toEqual([
			'Pod "a" has no apiVersion (e.g. "apiVersion: v1") — skipped',
			'this object "b" has no kind (e.g. "kind: Service") — skipped',
			'Pod has no metadata.name — skipped',
			'Pod has no metadata.name — skipped'
		]);
	});

	it('metadata.generateName stands in for the name, with a warning', () => {
		const r = parseText('g.yaml', y('apiVersion: batch/v1', 'kind: Job', 'metadata:', '  generateName: migrate-'));
		expect(r.resources.map((x) => x.name)).toEqual(['migrate-']);
		expect(brief(r.diagnostics)).toEqual(['warning generate-name 4:17 metadata.generateName']);
	});

	it('a number as name is kept as a string, with a type error', () => {
		const r = parseText('n.yaml', y('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: 42', '  namespace: 7'));
		expect(r.resources.map((x) => [x.name, x.namespace])).toEqual([['42', '7']]);
		expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
			'4:9 metadata.name must be a string — quote it: "42"',
			'5:14 metadata.namespace must be a string — quote it: "7"'
		]);
	});

	it('non-string apiVersion or kind, or metadata that is not a mapping: skipped', () => {
		const r = parseText('k.yaml', y('apiVersion: 1', 'kind: [Pod]', 'metadata: web'));
		expect(r.resources).toEqual([]);
		expect(brief(r.diagnostics)).toEqual(['error type 1:13 apiVersion', 'error type 2:7 kind', 'error type 3:11 metadata']);
		expect(r.diagnostics[2].message).toBe('metadata must be a mapping with a name, got the string "web" — skipped');
	});
});

describe('empty input', () => {
	it('no resources and no error, an info that the file is empty', () => {
		for (const text of ['', '\n\n', '# nothing here\n', '---\n---\n']) {
			const r = parseText('e.yaml', text);
			expect(r.resources).toEqual([]);
			expect(r.diagnostics).toEqual([
				{ severity: 'info', code: 'empty', file: 'e.yaml', line: 1, column: 1, message: 'e.yaml is empty (only blank lines, comments or "---") — nothing to show' }
			]);
		}
		expect(parseFiles([])).toEqual({ resources: [], diagnostics: [] });
	});
});

describe('hostile strings', () => {
	it('are kept verbatim as data', () => {
		const evil = '<img src=x onerror=alert(1)>';
		const r = parseText('<script>.yaml', y('apiVersion: v1', 'kind: Service', 'metadata:', `  name: "${evil}"`, '  labels:', `    "<b>": "${evil}"`));
		expect(r.diagnostics).toEqual([]);
		expect(r.resources[0].name).toBe(evil);
		expect(r.resources[0].labels).toEqual({ '<b>': evil });
		expect(r.resources[0].source.file).toBe('<script>.yaml');
	});

	it('__proto__ and constructor keys stay plain data and pollute nothing', () => {
		const r = parseText('p.yaml', y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: p', '  labels:', '    __proto__: polluted', '    constructor: x', '__proto__:', '  polluted: true'));
		const [svc] = r.resources;
		expect(r.diagnostics).toEqual([]);
		expect(Object.keys(svc.labels)).toEqual(['__proto__', 'constructor']);
		expect(Object.getPrototypeOf(svc.labels)).toBe(Object.prototype);
		expect(svc.lines['__proto__']).toBe(8);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('never throws, whatever it is given', () => {
		const junk = ['\u0000\u0001', ':::', '- - - -', '{{{', '"unterminated', '&a [*a]', '!!binary ~', '? [a]\n: b', 'a: b\n c'];
		for (const text of junk) expect(() => parseText('j.yaml', text)).not.toThrow();
		expect(() => parseFiles([{ name: 'x' } as never, null as never])).not.toThrow();
	});
});
