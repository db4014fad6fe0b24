# Cordoned and NotReady nodes: DaemonSet pods tolerate node.kubernetes.io/unschedulable,
# so the cordoned node still gets one; the failed node turns NotReady, then unreachable.
sim node add node-1
sim node add node-2
sim node add node-3
sim node add node-4
kubectl cordon node-2
sim node fail node-3
sim advance 60s
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-problem-detector
spec:
  selector:
    matchLabels:
      app: node-problem-detector
  template:
    metadata:
      labels:
        app: node-problem-detector
    spec:
      containers:
        - name: node-problem-detector
          image: registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.20
EOF
sim advance 10s
kubectl get nodes
