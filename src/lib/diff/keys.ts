// Deterministic ordering of keyed things: kind, then namespace (cluster-scoped
// first), then name, compared by code unit (not locale) so every machine sorts alike.
import type { ResourceKey } from './types';

export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareKeys(a: ResourceKey, b: ResourceKey): number {
	return byText(a.kind, b.kind) || byText(a.namespace ?? '', b.namespace ?? '') || byText(a.name, b.name);
}

export const keyText = (k: ResourceKey): string => `${k.kind}/${k.namespace ?? ''}/${k.name}`;
