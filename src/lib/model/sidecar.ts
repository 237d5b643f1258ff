// Istio automatic sidecar injection, as decided by the default injection
// webhooks and the injector's policy (istio.io "Installing the Sidecar" →
// "Controlling the injection policy"):
//  - a pod that already has an `istio-proxy` container (a live dump) is injected;
//  - hostNetwork pods and kube-system/kube-public are never injected;
//  - either label set to "disabled"/"false" wins: namespace
//    `istio-injection=disabled` (webhook not called at all) or pod
//    `sidecar.istio.io/inject: "false"` (label, else the legacy annotation);
//  - namespace `istio-injection=enabled` injects; `istio.io/rev` injects when
//    the namespace has no istio-injection label (istio-injection takes precedence);
//  - in an unlabelled namespace, only the pod LABEL `sidecar.istio.io/inject:
//    "true"` (or a pod `istio.io/rev` label) reaches the webhook — the
//    annotation alone does not (the webhook's objectSelector reads labels).
// Simplified: enableNamespacesByDefault and neverInjectSelector are not modelled.

export interface InjectionInput {
	namespace: string;
	namespaceLabels: Record<string, string>;
	podLabels: Record<string, string>;
	podAnnotations: Record<string, string>;
	containerNames: string[];
	hostNetwork: boolean;
}

const INJECT = 'sidecar.istio.io/inject';
const IGNORED_NAMESPACES = new Set(['kube-system', 'kube-public']);

export function sidecarInjected(p: InjectionInput): boolean {
	if (p.containerNames.includes('istio-proxy')) return true;
	if (p.hostNetwork || IGNORED_NAMESPACES.has(p.namespace)) return false;
	const nsInjection = p.namespaceLabels['istio-injection'];
	if (nsInjection === 'disabled') return false;
	// the label is the current form; the annotation is the deprecated one
	const podValue = (p.podLabels[INJECT] ?? p.podAnnotations[INJECT])?.toLowerCase();
	if (podValue === 'false') return false;
	if (nsInjection === 'enabled') return true;
	if (nsInjection === undefined && p.namespaceLabels['istio.io/rev'] !== undefined) return true;
	if (p.podLabels[INJECT]?.toLowerCase() === 'true') return true;
	if (nsInjection === undefined && p.podLabels['istio.io/rev'] !== undefined) return true;
	return false;
}
