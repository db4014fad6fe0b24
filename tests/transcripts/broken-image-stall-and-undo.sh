# A rollout to an image that cannot be pulled stalls with exactly maxUnavailable nodes
# affected; the other old pods keep running. `rollout undo` brings back revision 1, whose
# pods were never touched, and only the broken node gets a new pod.
sim node add n1 n2 n3 n4
kubectl apply -f tests/fixtures/fluentd.yaml
sim advance 5s
sim image break fluent/fluentd:v9.9.9
kubectl set image ds/fluentd fluentd=fluent/fluentd:v9.9.9
sim advance 5s
kubectl get pods
sim advance 30s
kubectl get pods
kubectl get ds fluentd
kubectl rollout status ds/fluentd --timeout=20s
kubectl describe pod -l controller-revision-hash
kubectl rollout undo ds/fluentd
sim advance 5s
kubectl get pods
kubectl rollout status ds/fluentd
kubectl rollout history ds/fluentd
kubectl rollout undo ds/fluentd --to-revision=3
kubectl rollout undo ds/fluentd --to-revision=9
sim image fix fluent/fluentd:v9.9.9
