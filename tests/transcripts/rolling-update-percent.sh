# maxUnavailable as a percentage of the desired nodes, rounded up: 25% of 10 nodes is 3.
sim node add node- --count 10
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
      maxUnavailable: 25%
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: agent:1.0
EOF
sim advance 5s
kubectl get ds agent
kubectl set image ds/agent agent=agent:2.0
kubectl get pods
sim advance 2s
kubectl get ds agent
kubectl get pods
kubectl rollout status ds/agent
kubectl get ds agent -o wide
