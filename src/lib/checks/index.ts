// validate(): every finding Hopscope has about a loaded configuration, in one
// list — Istio routing (mesh.ts) and resilience settings (resilience/config).
// Diagnostics say the input is malformed; findings say a well-formed config
// will not do what its author probably meant. Both carry file and line.
import type { Resource } from '../manifest/types';
import type { Cluster } from '../model/types';
import { meshFindings, silence as silenceCodes, type Finding as MeshFinding } from './mesh';
import { readLocalRateLimits, readMemquota, validateDestinationRule } from '../resilience/config';

export interface Finding {
	code: string;
	severity: 'error' | 'warning' | 'info';
	message: string;
	file: string;
	line: number;
	/** the resource the finding is about, for linking to the diagram */
	ref?: { kind: string; namespace: string; name: string };
	path?: string;
}

export function validate(cluster: Cluster, resources: Resource[]): Finding[] {
	const out: Finding[] = [...meshFindings(cluster)];
	for (const dr of cluster.destinationRules)
		for (const f of validateDestinationRule(dr))
			out.push({ ...f, ref: { kind: 'DestinationRule', namespace: dr.namespace, name: dr.name } });
	const rl: Finding[] = [];
	readLocalRateLimits(cluster, resources, 'continuous', rl);
	readMemquota(resources, rl);
	out.push(...rl);
	return dedupe(out).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.code.localeCompare(b.code));
}

/** Drops findings whose code is listed (case-insensitive). */
export function silence(findings: Finding[], codes: string[]): Finding[] {
	return silenceCodes(findings as MeshFinding[], codes) as Finding[];
}

function dedupe(fs: Finding[]): Finding[] {
	const seen = new Set<string>();
	return fs.filter((f) => {
		const k = `${f.code}|${f.file}|${f.line}|${f.message}`;
		if (seen.has(k)) return false;
		seen.add(k);
		return true;
	});
}
