# GPU nodes carry a NoSchedule taint: node-exporter (no toleration) stays off them,
# while the device plugin tolerates the taint and selects only the GPU nodes.
sim node add cpu-1 --label pool=general
sim node add cpu-2 --label pool=general
sim node add gpu-1 --label pool=gpu --label accelerator=nvidia --taint nvidia.com/gpu=present:NoSchedule
sim node add gpu-2 --label pool=gpu --label accelerator=nvidia --taint nvidia.com/gpu=present:NoSchedule
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
spec:
  selector:
    matchLabels:
      app: node-exporter
  template:
    metadata:
      labels:
        app: node-exporter
    spec:
      containers:
        - name: node-exporter
          image: quay.io/prometheus/node-exporter:v1.8.2
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: nvidia-device-plugin
spec:
  selector:
    matchLabels:
      app: nvidia-device-plugin
  template:
    metadata:
      labels:
        app: nvidia-device-plugin
    spec:
      nodeSelector:
        accelerator: nvidia
      tolerations:
        - key: nvidia.com/gpu
          operator: Exists
          effect: NoSchedule
      containers:
        - name: nvidia-device-plugin
          image: nvcr.io/nvidia/k8s-device-plugin:v0.17.0
EOF
sim advance 10s
kubectl get pods -o wide
