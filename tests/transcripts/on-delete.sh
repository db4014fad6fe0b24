# OnDelete: a template change creates a revision but replaces nothing; a pod deleted by hand
# comes back with the new template.
sim node add n1 n2
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  updateStrategy:
    type: OnDelete
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
sim advance 5s
kubectl set image ds/agent agent=agent:2.0
sim advance 30s
kubectl get ds agent -o wide
kubectl get pods -L pod-template-generation
kubectl get pods --show-labels
kubectl rollout status ds/agent
kubectl delete pod agent-8fprm
sim advance 3s
kubectl get pods --show-labels
kubectl get ds agent
