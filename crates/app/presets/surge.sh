# A surge rollout: maxSurge 1, maxUnavailable 0. Each new pod starts next to the old one,
# and the old pod goes only once the new one has been available for minReadySeconds.
sim node add node-1
sim node add node-2
sim node add node-3
sim node add node-4
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube-proxy
spec:
  minReadySeconds: 3
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels:
      app: kube-proxy
  template:
    metadata:
      labels:
        app: kube-proxy
    spec:
      containers:
        - name: kube-proxy
          image: registry.k8s.io/kube-proxy:v1.30.6
EOF
sim advance 30s
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube-proxy
spec:
  minReadySeconds: 3
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels:
      app: kube-proxy
  template:
    metadata:
      labels:
        app: kube-proxy
    spec:
      containers:
        - name: kube-proxy
          image: registry.k8s.io/kube-proxy:v1.31.2
EOF
sim advance 2s
