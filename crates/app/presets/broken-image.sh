# A rollout stalled by a broken image: the new pods never become ready, so with
# maxUnavailable: 1 the rollout stops after the first node.
sim node add node-1
sim node add node-2
sim node add node-3
sim node add node-4
sim image break example.com/agent:2.0
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
        - name: agent
          image: example.com/agent:1.0
EOF
sim advance 30s
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
        - name: agent
          image: example.com/agent:2.0
EOF
sim advance 60s
