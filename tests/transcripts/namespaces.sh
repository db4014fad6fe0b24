# Namespaces as in Kubernetes: default, kube-system, kube-public and kube-node-lease exist;
# -n and -A work on namespaced commands; applying into a missing namespace fails.
sim node add n1 n2
kubectl get namespaces
kubectl apply -n monitoring -f tests/fixtures/fluentd.yaml
kubectl create namespace monitoring
kubectl create namespace monitoring
kubectl apply -n monitoring -f tests/fixtures/fluentd.yaml
kubectl apply -f tests/fixtures/fluentd.yaml
sim advance 3s
kubectl get ds
kubectl get ds -n monitoring
kubectl get ds -A
kubectl get pods -A -o wide
kubectl get pods -n kube-system
kubectl get nodes -A
kubectl delete ds fluentd -n monitoring
kubectl describe ds fluentd -n monitoring
kubectl get ds -A -o name
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: elsewhere
  namespace: nowhere
spec:
  selector:
    matchLabels: {app: x}
  template:
    metadata:
      labels: {app: x}
    spec:
      containers:
      - name: x
        image: x:1
EOF
kubectl get events -n monitoring
