// kube-proxy's flags as a scenario writes them (`spec.kubeProxy` of the
// `kind: Scenario` header): nodePortAddresses (IPv4 CIDRs or `primary`),
// localhostNodePorts, masqueradeAll, randomFully. The engine owns the format;
// scenario/header.ts validates with readKubeProxyConfig and trace() reads it
// straight from the parsed documents.
import type { Resource } from '../manifest';
import type { KubeProxyOptions } from './kubeproxy';
import { cidrSloppy } from '../model';

export interface KubeProxyConfigProblem {
	severity: 'error' | 'warning';
	/** the field under spec.kubeProxy */
	key: string;
	message: string;
}

const BOOLS = ['localhostNodePorts', 'masqueradeAll', 'randomFully'] as const;

/** The options a `spec.kubeProxy` mapping sets, and what is wrong with it. Never throws. */
export function readKubeProxyConfig(v: unknown): { options: KubeProxyOptions; problems: KubeProxyConfigProblem[] } {
	const options: KubeProxyOptions = {};
	const problems: KubeProxyConfigProblem[] = [];
	if (v === undefined || v === null) return { options, problems };
	if (typeof v !== 'object' || Array.isArray(v)) return { options, problems: [{ severity: 'error', key: '', message: 'spec.kubeProxy must be a mapping' }] };
	for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
		if ((BOOLS as readonly string[]).includes(key)) {
			if (typeof value === 'boolean') options[key as (typeof BOOLS)[number]] = value;
			else problems.push({ severity: 'error', key, message: `kubeProxy.${key} must be true or false` });
		} else if (key === 'nodePortAddresses') {
			const list = value === 'primary' ? ['primary'] : value;
			if (Array.isArray(list) && list.every((c) => c === 'primary' || (typeof c === 'string' && cidrSloppy(c) !== null))) options.nodePortAddresses = list as string[];
			else problems.push({ severity: 'error', key, message: 'kubeProxy.nodePortAddresses must be a list of IPv4 CIDRs, or primary' });
		} else problems.push({ severity: 'warning', key, message: `unknown kubeProxy option '${key}' is ignored (known: nodePortAddresses, ${BOOLS.join(', ')})` });
	}
	return { options, problems };
}

/** The kube-proxy options of the first scenario header among parsed documents ({} when there is none). */
export function scenarioKubeProxy(resources: readonly Resource[] | undefined): KubeProxyOptions {
	const header = resources?.find((r) => r.kind === 'Scenario' && r.apiVersion === 'hopscope/v1');
	const spec = header?.raw.spec;
	return spec && typeof spec === 'object' && !Array.isArray(spec) ? readKubeProxyConfig((spec as Record<string, unknown>).kubeProxy).options : {};
}
