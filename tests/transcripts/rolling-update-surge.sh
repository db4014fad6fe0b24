# maxSurge 1 with maxUnavailable 0: the new pod starts beside the old one on the same node, and
# the old pod is deleted once the new one is available; no node is ever without a ready pod.
sim node add n1 n2 n3
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: agent:1.0
EOF
sim advance 5s
kubectl set image ds/agent agent=agent:2.0
kubectl get pods -o wide
kubectl get ds agent
sim advance 2s
kubectl get pods -o wide
kubectl get ds agent
kubectl rollout status ds/agent
kubectl get pods -o wide
