# revisionHistoryLimit keeps that many old revisions; `rollout restart` stamps the template
# (a new revision, a full rollout); a change outside the template bumps only the generation.
sim node add n1
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  revisionHistoryLimit: 2
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: agent:1
EOF
sim advance 3s
kubectl set image ds/agent agent=agent:2
sim advance 5s
kubectl set image ds/agent agent=agent:3
sim advance 5s
kubectl set image ds/agent agent=agent:4
sim advance 5s
kubectl get controllerrevisions
kubectl rollout history ds/agent
kubectl rollout restart ds/agent
sim advance 5s
kubectl rollout history ds/agent
kubectl get pods -o yaml
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  revisionHistoryLimit: 2
  minReadySeconds: 5
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: agent:4
EOF
sim advance 5s
kubectl get pods
kubectl get ds agent -o yaml
