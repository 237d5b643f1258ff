// The resilience tests' cluster: Service `web` (port 8080) over one Deployment
// web-v<i> per entry of `replicas`, and a DestinationRule for `web` whose spec
// continues with `dr` (YAML indented under spec). A helper file, not a test,
// so importing it does not run another file's tests twice.
import { loadScenario } from '../../src/lib/scenario/load';

export function cluster(replicas: number[], dr: string) {
	const deps = replicas
		.map(
			(n, i) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-v${i + 1}}
spec:
  replicas: ${n}
  selector: {matchLabels: {app: web, version: v${i + 1}}}
  template:
    metadata: {labels: {app: web, version: v${i + 1}}}
    spec: {containers: [{name: web, image: web, ports: [{containerPort: 8080}]}]}
`
		)
		.join('');
	const text = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 8080}]
${deps}---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web}
spec:
  host: web
${dr}`;
	return loadScenario([{ name: 'web.yaml', text }]);
}
