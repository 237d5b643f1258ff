// kube-proxy's own flags, as `iptables` and `trace` take them (Go pflag style:
// a bool flag alone means true, `--flag=false` turns it off).
//   --nodeport-addresses CIDR[,CIDR…] | primary
//   --iptables-localhost-nodeports[=true|false]
//   --masquerade-all[=true|false]
//   --random-fully[=true|false]   (an iptables capability, not a kube-proxy flag: HasRandomFully())
import type { ParsedArgs } from '../args';
import { cidrSloppy } from '../../lib/model';
import type { KubeProxyOptions } from '../../lib/net';

const BOOLS: [string, 'localhostNodePorts' | 'masqueradeAll' | 'randomFully'][] = [
	['--iptables-localhost-nodeports', 'localhostNodePorts'],
	['--masquerade-all', 'masqueradeAll'],
	['--random-fully', 'randomFully']
];

/** For parseArgs: each bool flag is also valued, so `--flag=false` parses. */
export const KUBE_PROXY_FLAGS = {
	boolean: BOOLS.map(([f]) => f),
	valued: ['--nodeport-addresses', ...BOOLS.map(([f]) => f)]
};

export const KUBE_PROXY_FLAG_USAGE = `  --nodeport-addresses CIDRS  kube-proxy --nodeport-addresses: comma-separated IPv4
                       CIDRs, or 'primary' (the node IP); default: every local address
  --iptables-localhost-nodeports[=false]  NodePorts on 127.0.0.1 (route_localnet; default true)
  --masquerade-all[=true]  SNAT every packet to a cluster IP (default false)
  --random-fully[=false]   MASQUERADE --random-fully (default true: iptables >= 1.6.2)
`;

/** The options the flags set (absent flags leave kube-proxy's defaults), or a usage error. */
export function kubeProxyFlags(args: ParsedArgs): KubeProxyOptions | string {
	const out: KubeProxyOptions = {};
	for (const [flag, key] of BOOLS) {
		if (args.flags.has(flag)) out[key] = true;
		const v = args.values[flag];
		if (v === undefined) continue;
		if (v !== 'true' && v !== 'false') return `${flag} takes true or false, not '${v}'`;
		out[key] = v === 'true';
	}
	const npa = args.values['--nodeport-addresses'];
	if (npa !== undefined) {
		const list = npa.split(',').map((x) => x.trim()).filter(Boolean);
		if (!(list.length === 1 && list[0] === 'primary')) {
			// kube-proxy validation: "must be a valid CIDR" (IPv6 ones are the other family's business)
			const bad = list.find((c) => !c.includes(':') && cidrSloppy(c) === null);
			if (bad !== undefined) return `--nodeport-addresses: '${bad}' is not a CIDR (or use 'primary')`;
		}
		out.nodePortAddresses = list;
	}
	return out;
}
