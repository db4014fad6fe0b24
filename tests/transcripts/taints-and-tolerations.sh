# Taints and tolerations: NoSchedule keeps a running daemon pod (it is misscheduled), NoExecute
# evicts it, PreferNoSchedule is ignored, and cordoned nodes are tolerated automatically.
sim node add n1 n2 n3
sim node add gpu1 --taint nvidia.com/gpu=present:NoSchedule
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: agent:1.0
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: gpu-plugin
spec:
  selector:
    matchLabels: {app: gpu-plugin}
  template:
    metadata:
      labels: {app: gpu-plugin}
    spec:
      nodeSelector:
        kubernetes.io/os: linux
      tolerations:
      - key: nvidia.com/gpu
        operator: Exists
        effect: NoSchedule
      containers:
      - name: plugin
        image: nvidia/k8s-device-plugin:v0.17.0
EOF
sim advance 3s
kubectl get ds
kubectl get pods -o wide
kubectl taint nodes n1 dedicated=infra:NoSchedule
sim advance 3s
kubectl get ds
kubectl taint nodes n2 dedicated=infra:NoExecute
kubectl get pods -o wide
sim advance 3s
kubectl get ds
kubectl taint nodes n3 soft=true:PreferNoSchedule
kubectl taint nodes n1 dedicated=infra:NoSchedule
kubectl taint nodes n1 dedicated:NoSchedule-
kubectl taint nodes n2 dedicated-
kubectl taint nodes n2 missing:NoSchedule-
kubectl taint nodes n2 bad
kubectl taint nodes n2 k=v:Sometimes
sim advance 3s
kubectl get ds
kubectl cordon n3
kubectl cordon n3
kubectl get nodes
kubectl get ds
kubectl describe node n3
kubectl uncordon n3
kubectl get pods -l app=agent -o wide
kubectl describe pods -l app=gpu-plugin
