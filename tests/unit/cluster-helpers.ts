// An empty Cluster with the documented default settings, for tests that build
// their model by hand. Overrides replace whole fields; the settings are a copy,
// so a test may change them without touching DEFAULT_SETTINGS.
import { DEFAULT_SETTINGS } from '../../src/lib/model/defaults';
import type { Cluster, ClusterSettings } from '../../src/lib/model/types';

export function emptyCluster(over: Partial<Cluster> = {}, settings: Partial<ClusterSettings> = {}): Cluster {
	return {
		settings: { ...DEFAULT_SETTINGS, nodePortRange: [...DEFAULT_SETTINGS.nodePortRange], ...settings },
		namespaces: [],
		nodes: [],
		workloads: [],
		pods: [],
		services: [],
		ingresses: [],
		gateways: [],
		virtualServices: [],
		destinationRules: [],
		serviceEntries: [],
		networkPolicies: [],
		attachments: [],
		unknown: [],
		diagnostics: [],
		...over
	};
}
