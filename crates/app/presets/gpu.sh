# GPU nodes and taints, as a guided tour: node-exporter (no toleration) stays off the tainted
# GPU nodes, the device plugin tolerates the taint and selects only them, then node-exporter
# tolerates everything.
#! step Two pools, one tainted
#! say Two general nodes and two GPU nodes. The GPU nodes carry the taint nvidia.com/gpu=present:NoSchedule, so that only pods that tolerate it land there and the GPUs are not spent on ordinary work.
sim node add cpu-1 --label pool=general
sim node add cpu-2 --label pool=general
sim node add gpu-1 --label pool=gpu --label accelerator=nvidia --taint nvidia.com/gpu=present:NoSchedule
sim node add gpu-2 --label pool=gpu --label accelerator=nvidia --taint nvidia.com/gpu=present:NoSchedule
#! step A DaemonSet without tolerations
#! say node-exporter has no toleration for the GPU taint, so its controller wants it on the two general nodes only. Select a GPU tile: its panel names the taint it does not tolerate.
#! say DaemonSet pods do get some tolerations for free (not-ready, unreachable, disk and memory pressure, unschedulable), so they stay through node trouble and cordons. A custom taint is not among them.
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
sim advance 10s
#! step The device plugin: a selector and a toleration
#! say The NVIDIA device plugin must run where the GPUs are and nowhere else. Its nodeSelector (accelerator: nvidia) keeps it off the general nodes, and its toleration lets it onto the tainted ones.
#! say A toleration only allows; it never attracts. Without the selector the plugin would run on every node.
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
#! step Tolerate every taint
#! say A toleration with operator Exists and no key tolerates every taint. Monitoring agents often carry one so that they cover every node; node-exporter now gets a pod on the GPU nodes too.
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
      tolerations:
        - operator: Exists
      containers:
        - name: node-exporter
          image: quay.io/prometheus/node-exporter:v1.8.2
EOF
sim advance 10s
kubectl get daemonsets
