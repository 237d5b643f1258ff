// One cluster for the trace tests: a 3-replica web Deployment behind several
// Services (ClusterIP, NodePort Local, LoadBalancer with source ranges,
// session affinity), one with no endpoints, a headless StatefulSet, an
// ExternalName, an Ingress and a two-container pod. Two nodes, flannel defaults.
import { loadScenario } from '../../src/lib/scenario/load';
import type { Cluster } from '../../src/lib/model/types';

export const FIXTURE = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 8000, targetPort: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: web-local}
spec:
  type: NodePort
  externalTrafficPolicy: Local
  selector: {app: web}
  ports: [{port: 80, targetPort: 80, nodePort: 31234}]
---
apiVersion: v1
kind: Service
metadata: {name: web-lb}
spec:
  type: LoadBalancer
  selector: {app: web}
  loadBalancerSourceRanges: [203.0.113.0/25]
  ports: [{port: 80, targetPort: 80, nodePort: 31080}]
---
apiVersion: v1
kind: Service
metadata: {name: sticky}
spec:
  selector: {app: web}
  sessionAffinity: ClientIP
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: empty}
spec:
  selector: {app: nothing}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: pg, image: postgres, ports: [{containerPort: 5432}]}]
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec:
  type: ExternalName
  externalName: api.example.com
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /web, pathType: Prefix, backend: {service: {name: web, port: {number: 8000}}}}
---
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec:
  nodeName: node-2
  containers: [{name: client, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata: {name: duo}
spec:
  containers:
    - {name: app, image: app, ports: [{containerPort: 8080}]}
    - {name: sidecar, image: proxy, ports: [{containerPort: 9090}]}
`;

export function fixture(settings = ''): Cluster {
	const header = settings ? `apiVersion: hopscope/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  title: t\n  settings: {${settings}}\n---\n` : '';
	return loadScenario([{ name: 'fixture.yaml', text: header + FIXTURE }]).cluster;
}
