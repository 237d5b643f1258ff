// IPv4 helpers shared by the model (addressing) and the networking engine.
// Addresses are handled as unsigned 32-bit numbers; parsing never throws.

export interface Cidr {
	/** network address as an unsigned 32-bit number */
	base: number;
	prefix: number;
}

/** Parse dotted-quad IPv4; null when malformed. */
export function parseIPv4(ip: string): number | null {
	if (typeof ip !== 'string') return null;
	const parts = ip.trim().split('.');
	if (parts.length !== 4) return null;
	let n = 0;
	for (const p of parts) {
		if (!/^\d{1,3}$/.test(p)) return null;
		const v = Number(p);
		if (v > 255) return null;
		n = n * 256 + v;
	}
	return n >>> 0;
}

export function formatIPv4(n: number): string {
	const v = n >>> 0;
	return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

export function isIPv4(ip: string): boolean {
	return parseIPv4(ip) !== null;
}

/** Parse `a.b.c.d/p` (host bits are cleared); a bare IP is read as /32. */
export function parseCidr(cidr: string): Cidr | null {
	if (typeof cidr !== 'string') return null;
	const [ip, pre] = cidr.trim().split('/');
	const n = parseIPv4(ip);
	if (n === null) return null;
	const prefix = pre === undefined ? 32 : /^\d{1,2}$/.test(pre) ? Number(pre) : NaN;
	if (!(prefix >= 0 && prefix <= 32)) return null;
	return { base: (n & maskOf(prefix)) >>> 0, prefix };
}

export function formatCidr(c: Cidr): string {
	return `${formatIPv4(c.base)}/${c.prefix}`;
}

function maskOf(prefix: number): number {
	return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Number of addresses in the block (2^(32-prefix)). */
export function cidrSize(cidr: string): number {
	const c = parseCidr(cidr);
	return c ? 2 ** (32 - c.prefix) : 0;
}

export function cidrContains(cidr: string, ip: string): boolean {
	const c = parseCidr(cidr);
	const n = parseIPv4(ip);
	if (!c || n === null) return false;
	return ((n & maskOf(c.prefix)) >>> 0) === c.base;
}

/** Do two blocks share any address? (the three cluster networks must not) */
export function cidrOverlaps(a: string, b: string): boolean {
	const x = parseCidr(a);
	const y = parseCidr(b);
	if (!x || !y) return false;
	const p = Math.min(x.prefix, y.prefix);
	return ((x.base & maskOf(p)) >>> 0) === ((y.base & maskOf(p)) >>> 0);
}

/** The n-th address of the block (0 = network address); null when outside it. */
export function nthHost(cidr: string, n: number): string | null {
	const c = parseCidr(cidr);
	if (!c || !Number.isInteger(n) || n < 0 || n >= 2 ** (32 - c.prefix)) return null;
	return formatIPv4(c.base + n);
}

/** Offset of ip inside the block, or -1. */
export function hostIndex(cidr: string, ip: string): number {
	const c = parseCidr(cidr);
	const n = parseIPv4(ip);
	if (!c || n === null || !cidrContains(cidr, ip)) return -1;
	return n - c.base;
}

/** The index-th sub-block of size /prefix (10.244.0.0/16, 24, 3 → 10.244.3.0/24). */
export function subnet(cidr: string, prefix: number, index: number): string | null {
	const c = parseCidr(cidr);
	if (!c || prefix < c.prefix || prefix > 32 || index < 0) return null;
	const count = 2 ** (prefix - c.prefix);
	if (!Number.isInteger(index) || index >= count) return null;
	return formatCidr({ base: c.base + index * 2 ** (32 - prefix), prefix });
}

/** Last address of the block (the broadcast address for prefixes < 31). */
export function broadcastAddress(cidr: string): string | null {
	const c = parseCidr(cidr);
	return c ? formatIPv4(c.base + 2 ** (32 - c.prefix) - 1) : null;
}

/** ip + delta, wrapping is not allowed (null when out of IPv4 range). */
export function addToIPv4(ip: string, delta: number): string | null {
	const n = parseIPv4(ip);
	if (n === null) return null;
	const v = n + delta;
	return v < 0 || v > 0xffffffff ? null : formatIPv4(v);
}

// kube-proxy reads every Service and endpoint address with k8s.io/utils/net's
// ParseIPSloppy / ParseCIDRSloppy (a fork of Go 1.16's parser that still takes
// leading zeros, read as decimal: `172.30.0.041` is 172.30.0.41) and writes the
// canonical form back out (net.IP.String(), net.IPNet.String()) — in rule text
// and in the `ip:port` hashed into KUBE-SEP names (pkg/proxy/endpointslicecache.go:
// `utilnet.ParseIPSloppy(endpoint.Addresses[0]).String()`). IPv4 only here.

/** The canonical dotted quad of a sloppy IPv4 address; null when it is not one. */
export function ipSloppy(s: string): string | null {
	// parseIPv4 already reads each part as decimal digits (leading zeros included)
	const n = parseIPv4(s);
	return n === null ? null : formatIPv4(n);
}

/** The canonical network of a sloppy IPv4 CIDR (`203.0.113.000/025` → `203.0.113.0/25`); null when malformed. */
export function cidrSloppy(s: string): string | null {
	if (typeof s !== 'string') return null;
	const [ip, bits, ...rest] = s.trim().split('/');
	if (rest.length || bits === undefined || !/^\d{1,3}$/.test(bits)) return null;
	const c = parseCidr(`${ip}/${Number(bits)}`);
	return c ? formatCidr(c) : null;
}

/**
 * The canonical form of an IPv4 address or CIDR written with leading zeros
 * (`172.30.0.041` → `172.30.0.41`), as kube-proxy reads it; null when it has
 * none or is not IPv4.
 */
export function nonStandardIPv4(v: string): string | null {
	if (!/(^|[./])0\d/.test(v.trim())) return null;
	return v.includes('/') ? cidrSloppy(v) : ipSloppy(v);
}
