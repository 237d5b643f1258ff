// Public API of the networking engine: kube-proxy's rules (and its flags),
// the packet tracer, the DNS model and the addresses a diagram draws. Code
// outside src/lib/net imports from here (scripts/check-imports.mjs).
export type * from './packet';
export { trace, toFlowEnd, formatEnd } from './trace';
export {
	nodeRules,
	nodeNames,
	iptablesSave,
	masqueradeMarkFor,
	nodePortAddresses,
	nodeAddresses,
	canonicalIP,
	servicePortName,
	servicePortChainName,
	servicePortLocalChainName,
	serviceFirewallChainName,
	serviceExternalChainName,
	servicePortEndpointChainName,
	type KubeProxyOptions,
	type Chain,
	type Rule,
	type RuleMatch,
	type Table,
	type Tables
} from './kubeproxy';
export { readKubeProxyConfig, scenarioKubeProxy, type KubeProxyConfigProblem } from './kubeproxy-config';
export { world, warmSteps, isLocalAddress, type World } from './world';
export { resolvConf, hostsFile, hostsLookup, publicName, searchList, answer, type ResolvConf, type HostsFile, type DnsAnswer, type AnswerKind } from './dns';
export { DEFAULT_CLIENT_IP, NAT_GATEWAY_IP, podMac, synthMac, vethName, nodeSubnet, nodeGateway, upstreamAddress } from './addresses';
export { FLANNEL_DEVICE, FLANNEL_VNI, FLANNEL_VXLAN_PORT, IANA_VXLAN_PORT, FLANNEL_KUBE_PROXY_MARK, flannelRules, type CniRules } from './cni';
export { dockerHosts, dockerRules, dockerVeth, DOCKER_HOST_KIND, DOCKER_API_VERSION, type DockerHost, type DockerContainer, type PortMapping } from './docker';
export type { Hop, Leg, Trace, Verdict } from './packet';
