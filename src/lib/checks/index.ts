// validate(): every finding Hopscope has about a loaded configuration, in one
// list — Istio routing (mesh.ts), resilience settings (resilience/config) and
// NetworkPolicies (netpol/findings).
// Diagnostics say the input is malformed; findings say a well-formed config
// will not do what its author probably meant. Both carry file and line.
import type { Finding, Resource } from '../manifest';
import type { Cluster } from '../model';
import { meshFindings } from './mesh';
import { authzFindings } from './authz';
import { readLocalRateLimits, readMemquota, validateDestinationRule } from '../resilience';
import { netpolFindings } from '../netpol';

export function validate(cluster: Cluster, resources: Resource[]): Finding[] {
	const out: Finding[] = [...meshFindings(cluster), ...authzFindings(cluster)];
	for (const dr of cluster.destinationRules)
		for (const f of validateDestinationRule(dr))
			out.push({ ...f, ref: { kind: 'DestinationRule', namespace: dr.namespace, name: dr.name } });
	const rl: Finding[] = [];
	readLocalRateLimits(cluster, resources, 'continuous', rl);
	readMemquota(resources, rl);
	out.push(...rl);
	out.push(...netpolFindings(resources));
	return dedupe(out).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.code.localeCompare(b.code));
}

export { silence } from './mesh';
export { AUTHZ_CODES } from './authz';
export type { Finding } from '../manifest';

function dedupe(fs: Finding[]): Finding[] {
	const seen = new Set<string>();
	return fs.filter((f) => {
		const k = `${f.code}|${f.file}|${f.line}|${f.message}`;
		if (seen.has(k)) return false;
		seen.add(k);
		return true;
	});
}
