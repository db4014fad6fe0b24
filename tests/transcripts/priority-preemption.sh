# Pod priority and preemption: a system-node-critical DaemonSet pod on a full node preempts a
# priority-0 pod; the preemptor is nominated, waits for the victim to go, then binds.
sim node add n1 --cpu 1
kubectl get priorityclasses
kubectl describe priorityclass system-node-critical
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    resources:
      requests:
        cpu: 800m
EOF
sim advance 5s
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: kube-system
spec:
  selector:
    matchLabels: {app: node-agent}
  template:
    metadata:
      labels: {app: node-agent}
    spec:
      priorityClassName: system-node-critical
      containers:
      - name: agent
        image: registry.k8s.io/agent:1.0
        resources:
          requests:
            cpu: 500m
EOF
kubectl get pods -A -o wide
kubectl describe pod web
kubectl get events -A
sim advance 40s
kubectl get pods -A -o wide
kubectl describe pods -n kube-system -l app=node-agent
