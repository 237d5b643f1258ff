import { describe, expect, it } from 'vitest';
import {
	broadcastAddress,
	cidrContains,
	cidrOverlaps,
	formatIPv4,
	matchesLabels,
	matchesSelector,
	nthHost,
	parseIPv4,
	subnet,
	DEFAULT_SETTINGS,
	podTemplateHash,
	nameSuffix,
	SAFE_ALPHABET
} from '../../src/lib/model/index';

describe('cidr helpers', () => {
	it('parses and formats IPv4', () => {
		expect(parseIPv4('10.244.1.2')).toBe(0x0af40102);
		expect(formatIPv4(0x0af40102)).toBe('10.244.1.2');
		expect(parseIPv4('256.1.1.1')).toBeNull();
		expect(parseIPv4('1.2.3')).toBeNull();
		expect(formatIPv4(0xffffffff)).toBe('255.255.255.255');
	});
	it('checks containment, hosts and subnets', () => {
		expect(cidrContains('10.96.0.0/12', '10.111.255.254')).toBe(true);
		expect(cidrContains('10.96.0.0/12', '10.112.0.1')).toBe(false);
		expect(cidrContains('10.0.0.0/8', 'nope')).toBe(false);
		expect(nthHost('10.244.1.0/24', 1)).toBe('10.244.1.1');
		expect(nthHost('10.244.1.0/24', 256)).toBeNull();
		expect(subnet('10.244.0.0/16', 24, 3)).toBe('10.244.3.0/24');
		expect(subnet('10.244.0.0/16', 24, 256)).toBeNull();
		expect(broadcastAddress('10.96.0.0/12')).toBe('10.111.255.255');
		expect(cidrOverlaps('10.244.0.0/16', '10.244.3.0/24')).toBe(true);
		expect(cidrOverlaps('10.244.0.0/16', '10.96.0.0/12')).toBe(false);
	});
	it('has the documented defaults', () => {
		expect(DEFAULT_SETTINGS).toMatchObject({
			nodeCount: 2,
			podCIDR: '10.244.0.0/16',
			podCIDRMaskSize: 24,
			serviceCIDR: '10.96.0.0/12',
			clusterDNS: '10.96.0.10',
			clusterDomain: 'cluster.local',
			nodeIPStart: '192.168.49.2',
			cni: 'bridge',
			kubeProxyMode: 'iptables',
			nodePortRange: [30000, 32767]
		});
	});
});

describe('selectors', () => {
	it('equality selectors: null selects nothing, {} everything, keys ANDed', () => {
		expect(matchesLabels(null, { app: 'a' })).toBe(false);
		expect(matchesLabels({}, { app: 'a' })).toBe(true);
		expect(matchesLabels({ app: 'a', tier: 'web' }, { app: 'a' })).toBe(false);
		expect(matchesLabels({ app: 'a' }, { app: 'a', x: 'y' })).toBe(true);
	});
	it('LabelSelector operators', () => {
		const l = { app: 'web', env: 'prod' };
		expect(matchesSelector(undefined, l)).toBe(false);
		expect(matchesSelector({}, l)).toBe(true);
		expect(matchesSelector({ matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'stg'] }] }, l)).toBe(true);
		expect(matchesSelector({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, l)).toBe(false);
		expect(matchesSelector({ matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['x'] }] }, l)).toBe(true);
		expect(matchesSelector({ matchExpressions: [{ key: 'env', operator: 'Exists' }] }, l)).toBe(true);
		expect(matchesSelector({ matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, l)).toBe(false);
		expect(matchesSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] }, l)).toBe(false);
	});
});

describe('name hashes', () => {
	it('are deterministic and use the safe alphabet', () => {
		const h = podTemplateHash('default/web');
		expect(h).toHaveLength(10);
		expect(h).toBe(podTemplateHash('default/web'));
		expect(h).not.toBe(podTemplateHash('default/api'));
		const s = nameSuffix('x');
		expect(s).toMatch(new RegExp(`^[${SAFE_ALPHABET}]{5}$`));
		expect([...h].every((c) => SAFE_ALPHABET.includes(c))).toBe(true);
	});
});
