// Reading a pod spec: containers, ports and the ConfigMaps/Secrets/PVCs/
// ServiceAccount it references. Shared by bare Pods and workload templates.
import type { Container, ContainerPort } from './types';
import { arr, num, obj, objs, protocol, str, type Obj } from './raw';

export function readContainers(spec: Obj): Container[] {
	const out: Container[] = [];
	for (const [list, init] of [
		['initContainers', true],
		['containers', false]
	] as const) {
		for (const c of objs(spec[list])) {
			const ports: ContainerPort[] = [];
			for (const p of objs(c.ports)) {
				const containerPort = num(p.containerPort);
				if (containerPort === undefined) continue;
				const port: ContainerPort = { containerPort, protocol: protocol(p.protocol) };
				const name = str(p.name);
				if (name) port.name = name;
				const hostPort = num(p.hostPort);
				if (hostPort !== undefined) port.hostPort = hostPort;
				ports.push(port);
			}
			const container: Container = { name: str(c.name) ?? '', image: str(c.image) ?? '', ports };
			if (init) container.init = true;
			out.push(container);
		}
	}
	return out;
}

/**
 * Ids (`Kind/ns/name`) of the objects a pod spec references, in a stable order:
 * volumes (incl. projected sources), envFrom, env valueFrom, imagePullSecrets,
 * and a non-default ServiceAccount.
 */
export function podSpecUses(spec: Obj, ns: string): string[] {
	const seen = new Set<string>();
	const add = (kind: string, name: unknown) => {
		const n = str(name);
		if (n) seen.add(`${kind}/${ns}/${n}`);
	};
	for (const v of objs(spec.volumes)) {
		add('ConfigMap', obj(v.configMap).name);
		add('Secret', obj(v.secret).secretName);
		add('PersistentVolumeClaim', obj(v.persistentVolumeClaim).claimName);
		for (const s of objs(obj(v.projected).sources)) {
			add('ConfigMap', obj(s.configMap).name);
			add('Secret', obj(s.secret).name);
		}
	}
	for (const c of [...objs(spec.initContainers), ...objs(spec.containers)]) {
		for (const ef of objs(c.envFrom)) {
			add('ConfigMap', obj(ef.configMapRef).name);
			add('Secret', obj(ef.secretRef).name);
		}
		for (const e of objs(c.env)) {
			const vf = obj(e.valueFrom);
			add('ConfigMap', obj(vf.configMapKeyRef).name);
			add('Secret', obj(vf.secretKeyRef).name);
		}
	}
	for (const s of arr(spec.imagePullSecrets)) add('Secret', obj(s).name);
	const sa = serviceAccountOf(spec);
	if (sa !== 'default') add('ServiceAccount', sa);
	return [...seen];
}

/** spec.serviceAccountName, or the deprecated spec.serviceAccount, else `default`. */
export function serviceAccountOf(spec: Obj): string {
	return str(spec.serviceAccountName) || str(spec.serviceAccount) || 'default';
}
