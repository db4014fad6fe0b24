# What the apiserver's SetDefaults_Pod adds to the pods the DaemonSet controller creates, and
# not to its template: requests from limits, resource by resource; under hostNetwork, each
# port's hostPort from its containerPort (so a second hostNetwork DaemonSet on the same port
# cannot be scheduled) and the node's address as the pod's IP. Quantities are stored in
# canonical form, in the template too (0.5 is 500m, 1024Mi is 1Gi).
sim node add n1
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: exporter
spec:
  selector:
    matchLabels: {app: exporter}
  template:
    metadata:
      labels: {app: exporter}
    spec:
      hostNetwork: true
      containers:
      - name: exporter
        image: prom/node-exporter:v1.8.2
        ports:
        - {name: metrics, containerPort: 9100}
        resources:
          limits: {cpu: 0.5, memory: 1024Mi}
          requests: {memory: 32Mi}
EOF
sim advance 5s
kubectl get pods -o wide
kubectl get pods -o yaml
kubectl get ds exporter -o jsonpath='{.spec.template.spec.containers[0].ports}{"\n"}{.spec.template.spec.containers[0].resources}{"\n"}'
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: exporter-copy
spec:
  selector:
    matchLabels: {app: exporter-copy}
  template:
    metadata:
      labels: {app: exporter-copy}
    spec:
      hostNetwork: true
      containers:
      - name: exporter
        image: prom/node-exporter:v1.8.2
        ports:
        - {containerPort: 9100}
EOF
sim advance 5s
kubectl get pods
kubectl describe node n1
kubectl get events --field-selector reason=FailedScheduling
