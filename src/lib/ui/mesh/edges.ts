// Edge styles of the mesh view, registered next to the shared ones (Diagram
// and Legend read EDGE_STYLES): a mirror is a fire-and-forget copy, drawn
// dashed so it never reads as the request's own path.
import { EDGE_STYLES } from '../diagram/edge-styles';

EDGE_STYLES.mirror ??= {
	label: 'mirror',
	meaning: 'Istio mirror: a copy of each request is sent, its response dropped',
	color: 'var(--nat)',
	dash: '6 4',
	width: 1.6
};
