# A daemon pod that fails is deleted and replaced (FailedDaemonPod). Failures on the same node
# back off: 1s, then doubling up to 15 minutes (failedPodsBackoff in kube-controller-manager).
sim node add n1
kubectl apply -f tests/fixtures/fluentd.yaml
sim advance 3s
kubectl get pods
sim pod fail fluentd-mt5x5
kubectl get pods
# The replacement fails at once: it stays Failed until the 1s back-off expires.
sim pod fail fluentd-zjc9p
kubectl get pods
sim advance 500ms
kubectl get pods
sim advance 500ms
kubectl get pods
sim advance 3s
kubectl get pods
kubectl describe ds fluentd
sim pod fail nope
