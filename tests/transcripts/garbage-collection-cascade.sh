# Deleting a DaemonSet: background (default), foreground (the DaemonSet waits for its pods),
# and orphan (pods stay, unowned, and a new DaemonSet with a matching selector adopts them).
sim node add n1 n2
kubectl apply -f tests/fixtures/fluentd.yaml
sim advance 3s
kubectl get pods
kubectl get controllerrevisions
kubectl delete ds fluentd --cascade=foreground
kubectl get ds
kubectl get pods
kubectl get controllerrevisions
kubectl apply -f tests/fixtures/fluentd.yaml
sim advance 3s
kubectl delete ds fluentd --cascade=false
kubectl get pods -o json
kubectl get controllerrevisions
kubectl delete ds/fluentd
kubectl delete ds fluentd --cascade=sideways
# A bare pod that matches the selector is adopted; it carries no revision hash, so it counts as
# an old pod and the rolling update replaces it.
kubectl delete pods --all
sim advance 3s
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: handmade
  labels:
    app: fluentd
spec:
  nodeName: n1
  containers:
  - name: fluentd
    image: fluent/fluentd:v0.14.10
EOF
sim advance 3s
kubectl apply -f tests/fixtures/fluentd.yaml
sim advance 3s
kubectl get pods -o wide
kubectl get ds
kubectl delete -f tests/fixtures/fluentd.yaml
sim advance 3s
kubectl get pods
