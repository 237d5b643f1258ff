import { describe, expect, it } from 'vitest';
import { namesClusterObject, parseRef, parseUrl, refPod, resolveRef } from '../../src/lib/model/refs';
import { app, fromYaml } from './mesh-helpers';

const C = fromYaml(
	app('web', ['v1'], 'shop') +
		'---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: client\nspec:\n  containers:\n  - name: c\n    image: x\n'
);

describe('resolveRef', () => {
	it('finds pods, Services, workloads and nodes by REF', () => {
		expect(resolveRef(C, parseRef('pod/client')!)).toMatchObject({ kind: 'pod', pod: { id: 'default/client' } });
		expect(resolveRef(C, parseRef('svc/shop/web')!)).toMatchObject({ kind: 'svc', service: { id: 'shop/web' } });
		expect(resolveRef(C, parseRef('node/node-1')!)).toMatchObject({ kind: 'node', node: { name: 'node-1' } });
		const w = resolveRef(C, parseRef('deploy/shop/web-v1')!);
		expect(w?.kind).toBe('workload');
		// a workload's first pod stands for it
		expect(refPod(C, parseRef('deploy/shop/web-v1')!)?.id).toMatch(/^shop\/web-v1-[b-z2-9]{10}-[b-z2-9]{5}$/);
		expect(refPod(C, parseRef('container/default/client/c')!)?.id).toBe('default/client');
	});

	it('is null for what the cluster lacks, and for REFs that name no cluster object', () => {
		expect(resolveRef(C, parseRef('svc/web')!)).toBeNull(); // `default`, not `shop`
		expect(resolveRef(C, parseRef('sts/shop/web-v1')!)).toBeNull(); // a Deployment, not a StatefulSet
		expect(refPod(C, parseRef('svc/shop/web')!)).toBeNull();
		expect(resolveRef(C, parseRef('dns/web.shop')!)).toBeNull();
		expect(namesClusterObject(parseRef('dns/web.shop')!)).toBe(false);
		expect(namesClusterObject(parseRef('url/http://x/')!)).toBe(false);
		expect(namesClusterObject(parseRef('container/default/client/c')!)).toBe(true);
	});
});

describe('parseUrl', () => {
	it('splits scheme, host, port and path; a trailing dot marks the host absolute', () => {
		expect(parseUrl('HTTP://Shop.Example.com:8080/a?q=1')).toEqual({ scheme: 'http', host: 'shop.example.com', port: 8080, path: '/a' });
		expect(parseUrl('http://web.')).toEqual({ scheme: 'http', host: 'web', absolute: true, path: '/' });
		expect(parseUrl('web/x')).toBeNull();
	});
});
