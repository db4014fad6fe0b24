# A rolling update with maxUnavailable: 2 and minReadySeconds: 5 across six nodes, as a
# guided tour.
#! step Six nodes and a log agent
#! say log-agent runs fluent-bit 3.1 on six nodes. Its update strategy is RollingUpdate with maxUnavailable: 2, and minReadySeconds: 5 says a new pod counts as available only after it has been Ready for five seconds.
sim node add node-1
sim node add node-2
sim node add node-3
sim node add node-4
sim node add node-5
sim node add node-6
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-agent
spec:
  minReadySeconds: 5
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 2
  selector:
    matchLabels:
      app: log-agent
  template:
    metadata:
      labels:
        app: log-agent
    spec:
      containers:
        - name: agent
          image: fluent/fluent-bit:3.1
EOF
sim advance 30s
kubectl get daemonset log-agent
#! step A new image starts the rollout
#! say The template now asks for fluent-bit 3.2. The controller deletes the old pods on two nodes, the most maxUnavailable allows, and creates new ones there once the old ones are gone.
#! say Tiles with a hatched chip run the old revision. Press Step a few times, or Play, to follow the rollout.
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-agent
spec:
  minReadySeconds: 5
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 2
  selector:
    matchLabels:
      app: log-agent
  template:
    metadata:
      labels:
        app: log-agent
    spec:
      containers:
        - name: agent
          image: fluent/fluent-bit:3.2
EOF
sim advance 2s
kubectl get daemonset log-agent
#! step minReadySeconds holds the next pair
#! say The two new pods are Ready, but not yet available: for five seconds they still count against maxUnavailable, so no other node is touched. A higher minReadySeconds makes a rollout slower and safer.
sim advance 3s
kubectl get daemonset log-agent
#! step The rollout finishes
#! say kubectl rollout status waits until every node runs the new revision; here the clock moves until it does. rollout history lists both revisions.
kubectl rollout status daemonset/log-agent
kubectl rollout history daemonset/log-agent
