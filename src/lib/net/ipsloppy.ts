// kube-proxy reads every Service and endpoint address with k8s.io/utils/net's
// ParseIPSloppy / ParseCIDRSloppy (a fork of Go 1.16's parser that still takes
// leading zeros, read as decimal: `172.30.0.041` is 172.30.0.41) and writes the
// canonical form back out (net.IP.String(), net.IPNet.String()) — in rule text
// and in the `ip:port` hashed into KUBE-SEP names (pkg/proxy/endpointslicecache.go:
// `utilnet.ParseIPSloppy(endpoint.Addresses[0]).String()`). IPv4 only here.
import { formatCidr, formatIPv4 } from '../model/cidr';

/** The canonical dotted quad of a sloppy IPv4 address; null when it is not one. */
export function ipSloppy(s: string): string | null {
	if (typeof s !== 'string') return null;
	const parts = s.trim().split('.');
	if (parts.length !== 4) return null;
	let n = 0;
	for (const p of parts) {
		// Go 1.16 dtoi: decimal digits, value ≤ 255 (leading zeros allowed, up to 3 digits as Go's parser reads them)
		if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
		n = n * 256 + Number(p);
	}
	return formatIPv4(n >>> 0);
}

/** The canonical network of a sloppy IPv4 CIDR (`203.0.113.000/025` → `203.0.113.0/25`); null when malformed. */
export function cidrSloppy(s: string): string | null {
	if (typeof s !== 'string') return null;
	const [ip, bits, ...rest] = s.trim().split('/');
	if (rest.length || bits === undefined || !/^\d{1,3}$/.test(bits) || Number(bits) > 32) return null;
	const addr = ipSloppy(ip);
	if (addr === null) return null;
	const prefix = Number(bits);
	const [a, b, c, d] = addr.split('.').map(Number);
	const n = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
	const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
	return formatCidr({ base: (n & mask) >>> 0, prefix });
}
