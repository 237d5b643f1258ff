// Secret values are dropped at parse time: not in the parsed Resources, not
// in the model, not in the source text the Source block shows.
import { describe, expect, it } from 'vitest';
import { parseText, redactFiles, redactSource } from '../../src/lib/manifest/index';
import { buildCluster } from '../../src/lib/model/index';
import { linesAround } from '../../src/lib/scenario/workspace';

const SECRET_YAML = `apiVersion: v1
kind: Secret
metadata:
  name: db
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","data":{"password":"aHVudGVyMg=="},"kind":"Secret"}
type: Opaque
data:
  password: aHVudGVyMg==   # hunter2
  cert: |
    LS0tLS1CRUdJTi
    BDRVJUSUZJQ0FURS0tLS0t
stringData:
  token: "s3cr3t-token"
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: visible}
`;

const CLEAR = ['aHVudGVyMg', 'hunter2', 'LS0tLS1CRUdJTi', 'BDRVJUSUZJQ0FURS0tLS0t', 's3cr3t-token'];

const leaks = (text: string) => CLEAR.filter((s) => text.includes(s));

describe('parsed resources carry no Secret values', () => {
	it('data and stringData values are markers with their decoded size; keys stay', () => {
		const r = parseText('s.yaml', SECRET_YAML);
		expect(r.diagnostics).toEqual([]);
		const secret = r.resources[0];
		expect(secret.raw.data).toEqual({ password: '<redacted: 7 bytes>', cert: '<redacted: 27 bytes>' });
		expect(secret.raw.stringData).toEqual({ token: '<redacted: 12 bytes>' });
		expect(leaks(JSON.stringify(r))).toEqual([]);
		// other kinds are untouched
		expect(r.resources[1].raw.data).toEqual({ mode: 'visible' });
	});

	it('the model lists the keys and nothing else', () => {
		const c = buildCluster(parseText('s.yaml', SECRET_YAML).resources);
		const secret = c.attachments.find((a) => a.kind === 'Secret')!;
		expect(secret.keys).toEqual(['password', 'cert', 'token']);
		expect(leaks(JSON.stringify(c))).toEqual([]);
	});

	it('Secrets inside a List, a SecretList and a top-level JSON array are redacted', () => {
		const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a' }, data: { k: 'aHVudGVyMg==' } }] });
		const typed = JSON.stringify({ apiVersion: 'v1', kind: 'SecretList', items: [{ metadata: { name: 'b' }, stringData: { k: 'hunter2' } }] });
		const array = JSON.stringify([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'c' }, data: { k: 'aHVudGVyMg==' } }]);
		for (const text of [list, typed, array]) {
			const r = parseText('l.json', text);
			expect(r.resources).toHaveLength(1);
			expect(leaks(JSON.stringify(r.resources))).toEqual([]);
			expect(Object.values({ ...(r.resources[0].raw.data as object), ...(r.resources[0].raw.stringData as object) })).toEqual(['<redacted: 7 bytes>']);
		}
	});

	it('diagnostics about a Secret (here a duplicate key) do not quote its values', () => {
		const r = parseText('s.yaml', 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {k: aHVudGVyMg==, k: czNjcjN0LXRva2Vu}\n');
		expect(r.diagnostics.map((d) => d.code)).toEqual(['duplicate-key']);
		expect(r.resources[0].raw.data).toEqual({ k: '<redacted: 12 bytes>' });
		expect(JSON.stringify(r)).not.toMatch(/aHVudGVyMg|czNjcjN0/);
	});
});

describe('redactSource', () => {
	it('replaces every value, keeps keys and the number of lines, drops comments after a value', () => {
		const out = redactSource(SECRET_YAML);
		expect(out.split('\n')).toHaveLength(SECRET_YAML.split('\n').length);
		expect(leaks(out)).toEqual([]);
		expect(out.split('\n').slice(5, 15)).toEqual([
			'    kubectl.kubernetes.io/last-applied-configuration: "<redacted: 71 bytes>"',
			'',
			'type: Opaque',
			'data:',
			'  password: "<redacted: 7 bytes>"',
			'  cert: "<redacted: 27 bytes>"',
			'',
			'',
			'stringData:',
			'  token: "<redacted: 12 bytes>"'
		]);
		// the ConfigMap after it is as written
		expect(out.split('\n').slice(15)).toEqual(SECRET_YAML.split('\n').slice(15));
	});

	it('parsing the redacted text gives the same resources at the same lines', () => {
		const before = parseText('s.yaml', SECRET_YAML);
		const after = parseText('s.yaml', redactSource(SECRET_YAML));
		expect(after.resources.map((r) => [r.raw, r.source.line, r.lines['stringData.token']])).toEqual(
			before.resources.map((r) => [r.raw, r.source.line, r.lines['stringData.token']])
		);
	});

	it('works on JSON and on flow-style YAML, with anchors and merge keys', () => {
		const json = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'j' }, data: { a: 'aHVudGVyMg==' } }, null, 2);
		expect(redactSource(json)).toBe(json.replace('"aHVudGVyMg=="', '"<redacted: 7 bytes>"'));
		expect(JSON.parse(redactSource(json)).data).toEqual({ a: '<redacted: 7 bytes>' });

		const flow = '- {apiVersion: v1, kind: Secret, metadata: {name: f}, data: {k: aHVudGVyMg==, j: &x czNjcjN0LXRva2Vu}, stringData: {m: *x}}\n';
		expect(redactSource(flow)).toBe('- {apiVersion: v1, kind: Secret, metadata: {name: f}, data: {k: "<redacted: 7 bytes>", j: &x "<redacted: 12 bytes>"}, stringData: {m: *x}}\n');

		const merged = 'apiVersion: v1\nkind: Secret\nmetadata: {name: m}\nx-base: &b {k: hunter2}\nstringData:\n  <<: *b\n';
		expect(redactSource(merged)).toBe('apiVersion: v1\nkind: Secret\nmetadata: {name: m}\nx-base: &b {k: "<redacted: 7 bytes>"}\nstringData:\n  <<: *b\n');
		expect(parseText('m.yaml', merged).resources[0].raw.stringData).toEqual({ k: '<redacted: 7 bytes>' });
	});

	it('a Secret document that cannot be read is blanked, line by line, separators kept', () => {
		const broken = 'apiVersion: v1\nkind: Secret\nmetadata: {name: x\ndata:\n  a: aHVudGVyMg==\n---\nkind: ConfigMap\n';
		expect(redactSource(broken)).toBe('# <redacted: this document could not be read and mentions a Secret>\n\n\n\n\n---\nkind: ConfigMap\n');
	});

	it('text without a Secret comes back as it is; redactFiles keeps names', () => {
		const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n';
		expect(redactSource(text)).toBe(text);
		expect(redactFiles([{ name: 'a.yaml', text: SECRET_YAML }])).toEqual([{ name: 'a.yaml', text: redactSource(SECRET_YAML) }]);
	});
});

describe('the Source block', () => {
	it('shows markers, for the Secret and for the lines of the next document it spills into', () => {
		// what the Inspector shows for a ConfigMap right above a Secret: 14 lines from its start
		const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n${SECRET_YAML}`;
		const shown = linesAround(text, 1, 14).map((l) => `${l.n} ${l.text}`);
		expect(shown.slice(12)).toEqual(['13 data:', '14   password: "<redacted: 7 bytes>"']);
		const secretBlock = linesAround(text, 5, 14).map((l) => l.text).join('\n');
		expect(leaks(secretBlock)).toEqual([]);
		expect(secretBlock).toContain('cert: "<redacted: 27 bytes>"');
	});
});
