// kube-proxy reads every Service and endpoint address with k8s.io/utils/net's
// ParseIPSloppy / ParseCIDRSloppy (a fork of Go 1.16's parser that still takes
// leading zeros, read as decimal: `172.30.0.041` is 172.30.0.41) and writes the
// canonical form back out (net.IP.String(), net.IPNet.String()) — in rule text
// and in the `ip:port` hashed into KUBE-SEP names (pkg/proxy/endpointslicecache.go:
// `utilnet.ParseIPSloppy(endpoint.Addresses[0]).String()`). IPv4 only here.
import { formatCidr, formatIPv4, parseCidr, parseIPv4 } from '../model';

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
