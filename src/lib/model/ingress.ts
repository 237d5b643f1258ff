// Ingress: networking.k8s.io/v1 and the legacy shapes (extensions/v1beta1,
// networking.k8s.io/v1beta1: serviceName/servicePort, spec.backend, no
// pathType, class in the kubernetes.io/ingress.class annotation). Legacy
// objects are read as v1 with an info diagnostic. Backends are resolved to
// Services and their ports checked.
import type { Diagnostic, Ingress, IngressBackend, IngressPath, IngressRule, Resource, Service } from './types';
import { makeDiag, refAt } from './diag';
import { intOrString, isObj, obj, objs, str, strs, type Obj } from './raw';

const PATH_TYPES = new Set(['Exact', 'Prefix', 'ImplementationSpecific']);

export function isLegacyIngress(res: Resource): boolean {
	return res.apiVersion === 'extensions/v1beta1' || res.apiVersion === 'networking.k8s.io/v1beta1';
}

export function readIngress(
	res: Resource,
	namespace: string,
	services: Map<string, Service>,
	diags: Diagnostic[]
): Ingress {
	const spec = obj(res.raw.spec);
	const legacy = isLegacyIngress(res);
	const id = `${namespace}/${res.name}`;
	if (legacy) {
		diags.push(
			makeDiag(res, 'info', 'legacy-ingress', `${res.apiVersion} Ingress was removed in Kubernetes 1.22; read as networking.k8s.io/v1`, 'apiVersion')
		);
	}
	const backend = (b: Obj, path: string): IngressBackend => {
		const out: IngressBackend = {};
		let name: string | undefined;
		let port: number | string | undefined;
		let portPath = path;
		if (isObj(b.service)) {
			name = str(b.service.name);
			const p = obj(b.service.port);
			port = p.number !== undefined ? intOrString(p.number) : str(p.name);
			portPath = `${path}.service.port.${p.number !== undefined ? 'number' : 'name'}`;
		} else if (b.serviceName !== undefined) {
			name = str(b.serviceName);
			port = intOrString(b.servicePort);
			portPath = `${path}.servicePort`;
		}
		if (isObj(b.resource)) {
			out.resource = { kind: str(b.resource.kind) ?? '', name: str(b.resource.name) ?? '', namespace };
			return out;
		}
		if (!name) {
			diags.push(makeDiag(res, 'warning', 'ingress-backend-missing', `Ingress ${id}: a backend names no Service`, path));
			return out;
		}
		out.service = { name, port: port ?? '' };
		const svc = services.get(`${namespace}/${name}`);
		if (!svc) {
			diags.push(makeDiag(res, 'warning', 'ingress-backend-missing', `Ingress ${id}: backend Service "${name}" does not exist in namespace ${namespace}`, legacy ? `${path}.serviceName` : `${path}.service.name`));
			return out;
		}
		out.serviceId = svc.id;
		if (port === undefined || port === '') {
			diags.push(makeDiag(res, 'warning', 'ingress-port-mismatch', `Ingress ${id}: backend Service ${name} has no port given`, path));
			return out;
		}
		const found = typeof port === 'number' ? svc.ports.some((p) => p.port === port) : svc.ports.some((p) => p.name === port);
		if (!found) {
			const have = svc.ports.map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port))).join(', ') || 'none';
			diags.push(
				makeDiag(res, 'warning', 'ingress-port-mismatch', `Ingress ${id}: backend port ${port} is not a port of Service ${name}; it has port ${have}`, portPath)
			);
		}
		return out;
	};
	const rules: IngressRule[] = objs(spec.rules).map((r, ri) => {
		const rPath = `spec.rules.${ri}`;
		const paths: IngressPath[] = objs(obj(r.http).paths).map((p, pi) => {
			const pPath = `${rPath}.http.paths.${pi}`;
			let pathType = str(p.pathType) ?? 'ImplementationSpecific';
			if (!PATH_TYPES.has(pathType)) {
				diags.push(makeDiag(res, 'error', 'ingress-path-type', `Ingress ${id}: unknown pathType "${pathType}"`, `${pPath}.pathType`));
				pathType = 'ImplementationSpecific';
			} else if (!legacy && p.pathType === undefined) {
				diags.push(makeDiag(res, 'warning', 'ingress-path-type', `Ingress ${id}: pathType is required in networking.k8s.io/v1`, pPath));
			}
			return {
				path: str(p.path) ?? '/',
				pathType: pathType as IngressPath['pathType'],
				backend: backend(obj(p.backend), `${pPath}.backend`),
				source: refAt(res, pPath)
			};
		});
		const rule: IngressRule = { paths, source: refAt(res, rPath) };
		const host = str(r.host);
		if (host) rule.host = host;
		return rule;
	});
	const ing: Ingress = {
		id,
		namespace,
		name: res.name,
		apiVersion: res.apiVersion,
		legacy,
		rules,
		tls: objs(spec.tls).map((t) => {
			const entry: { hosts: string[]; secretName?: string } = { hosts: strs(t.hosts) };
			const sn = str(t.secretName);
			if (sn) entry.secretName = sn;
			return entry;
		}),
		annotations: { ...res.annotations },
		loadBalancerIPs: objs(obj(obj(res.raw.status).loadBalancer).ingress)
			.map((i) => str(i.ip))
			.filter((s): s is string => !!s),
		source: refAt(res)
	};
	const className = str(spec.ingressClassName) ?? res.annotations['kubernetes.io/ingress.class'];
	if (className) ing.className = className;
	const db = isObj(spec.defaultBackend) ? spec.defaultBackend : legacy && isObj(spec.backend) ? spec.backend : undefined;
	if (db) ing.defaultBackend = backend(db, isObj(spec.defaultBackend) ? 'spec.defaultBackend' : 'spec.backend');
	return ing;
}
