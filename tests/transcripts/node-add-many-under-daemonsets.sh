# Nodes added many at a time while DaemonSets run: each node is added, and the controllers
# settle, before the next (the page does this in steps; the bytes must be the same).
sim node add n1
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: everywhere
spec:
  selector:
    matchLabels: {app: everywhere}
  template:
    metadata:
      labels: {app: everywhere}
    spec:
      tolerations:
      - operator: Exists
      containers:
      - name: agent
        image: agent:1.0
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: gpu-only
spec:
  selector:
    matchLabels: {app: gpu-only}
  template:
    metadata:
      labels: {app: gpu-only}
    spec:
      nodeSelector: {accelerator: gpu}
      tolerations:
      - {key: dedicated, operator: Exists}
      containers:
      - name: agent
        image: gpu-agent:1.0
EOF
sim node add gpu- --count 4 --label accelerator=gpu --taint dedicated=gpu:NoSchedule
sim node add plain-c plain-a gpu-2 plain-b
kubectl get pods -o wide
kubectl get ds
sim advance 5s
kubectl get ds
kubectl describe ds gpu-only
# A refused name takes a resourceVersion after the nodes before it, as the apiserver path does.
kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name} {.metadata.resourceVersion}{"\n"}{end}'
kubectl get ds -o jsonpath='{range .items[*]}{.metadata.name} {.metadata.resourceVersion}{"\n"}{end}'
