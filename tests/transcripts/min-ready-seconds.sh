# minReadySeconds: a pod counts as available only after it has been ready that long, and the
# rollout waits for availability before it moves on (with a slow-starting image on top).
sim node add n1 n2 n3
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  minReadySeconds: 10
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: agent:1.0
EOF
sim advance 3s
kubectl get ds agent
sim advance 10s
kubectl get ds agent
sim image slow agent:2.0 5s
kubectl set image ds/agent agent=agent:2.0
sim advance 4s
kubectl get pods
sim advance 5s
kubectl get pods
kubectl get ds agent
sim advance 10s
kubectl get ds agent
kubectl rollout status ds/agent --timeout=5s
kubectl rollout status ds/agent
# kubectl takes a negative timeout as none, after logging that it should not be.
kubectl rollout status ds/agent --timeout=-1s --watch=false
