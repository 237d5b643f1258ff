// ConfigMap, Secret, PVC, HPA, ServiceAccount. Secrets: only the KEY NAMES are
// read — values never enter the model (nor diagnostics, nor summaries).
import type { Attachment, Resource } from './types';
import { refAt } from './diag';
import { isObj, num, obj, objs, str, strs, type Obj } from './raw';

export const ATTACHMENT_KINDS: ReadonlySet<string> = new Set([
	'ConfigMap',
	'Secret',
	'PersistentVolumeClaim',
	'HorizontalPodAutoscaler',
	'ServiceAccount'
]);

function keysOf(...maps: unknown[]): string[] {
	const out = new Set<string>();
	for (const m of maps) if (isObj(m)) for (const k of Object.keys(m)) out.add(k);
	return [...out];
}

export function pvcSummary(spec: Obj): string {
	const size = str(obj(obj(spec.resources).requests).storage);
	const modes = strs(spec.accessModes);
	const cls = str(spec.storageClassName);
	return [size, modes.join(','), cls && `class ${cls}`].filter(Boolean).join(', ');
}

export interface HpaInfo {
	min: number;
	max: number;
	/** `Kind/ns/name` of spec.scaleTargetRef */
	target: string;
}

export function readHpa(res: Resource, namespace: string): HpaInfo {
	const spec = obj(res.raw.spec);
	const ref = obj(spec.scaleTargetRef);
	return {
		min: num(spec.minReplicas) ?? 1,
		max: num(spec.maxReplicas) ?? 1,
		target: `${str(ref.kind) ?? ''}/${namespace}/${str(ref.name) ?? ''}`
	};
}

function hpaSummary(res: Resource, h: HpaInfo): string {
	const spec = obj(res.raw.spec);
	const targets: string[] = [];
	const v1 = num(spec.targetCPUUtilizationPercentage);
	if (v1 !== undefined) targets.push(`cpu ${v1}%`);
	for (const m of objs(spec.metrics)) {
		const r = obj(m.resource);
		const t = obj(r.target);
		const util = num(t.averageUtilization) ?? num(r.targetAverageUtilization);
		const name = str(r.name) ?? str(m.type) ?? 'metric';
		if (util !== undefined) targets.push(`${name} ${util}%`);
		else {
			const v = str(t.averageValue) ?? str(t.value);
			targets.push(v ? `${name} ${v}` : name);
		}
	}
	return `min ${h.min}, max ${h.max}${targets.length ? `, target ${targets.join(', ')}` : ''}`;
}

export function readAttachment(res: Resource, namespace: string): Attachment {
	const kind = res.kind as Attachment['kind'];
	const a: Attachment = {
		id: `${kind}/${namespace}/${res.name}`,
		kind,
		namespace,
		name: res.name,
		keys: [],
		summary: '',
		usedBy: [],
		source: refAt(res)
	};
	switch (kind) {
		case 'ConfigMap':
			a.keys = keysOf(res.raw.data, res.raw.binaryData);
			a.summary = `${a.keys.length} key${a.keys.length === 1 ? '' : 's'}`;
			break;
		case 'Secret': {
			a.keys = keysOf(res.raw.data, res.raw.stringData);
			const type = str(res.raw.type) ?? 'Opaque';
			a.summary = `${type}, ${a.keys.length} key${a.keys.length === 1 ? '' : 's'}`;
			break;
		}
		case 'PersistentVolumeClaim':
			a.summary = pvcSummary(obj(res.raw.spec));
			break;
		case 'HorizontalPodAutoscaler': {
			const h = readHpa(res, namespace);
			a.summary = hpaSummary(res, h);
			a.usedBy = [h.target];
			break;
		}
		case 'ServiceAccount':
			a.summary = 'ServiceAccount';
			break;
	}
	return a;
}
