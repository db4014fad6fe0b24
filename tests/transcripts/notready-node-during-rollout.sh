# A NotReady node during a rollout: its pod is no longer available, so it uses up the
# unavailability budget until the node drops out of the desired set (unreachable taint).
sim node add n1 n2 n3
kubectl apply -f tests/fixtures/fluentd.yaml
sim advance 5s
sim node fail n3
sim advance 10s
kubectl set image ds/fluentd fluentd=fluent/fluentd:v1.16
sim advance 5s
kubectl get pods -o wide
kubectl get ds fluentd
sim advance 30s
kubectl get nodes
kubectl get ds fluentd
kubectl get pods -o wide
kubectl rollout status ds/fluentd
sim node recover n3
sim advance 1s
kubectl rollout status ds/fluentd
kubectl get pods -o wide
