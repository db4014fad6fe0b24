# RollingUpdate with the default maxUnavailable 1 on 4 nodes: after every step at most one node
# lacks an available pod; the old pod is deleted first, its replacement created once it is gone.
sim node add n1 n2 n3 n4
kubectl apply -f tests/fixtures/fluentd.yaml
sim advance 5s
kubectl get pods -o wide
kubectl set image ds/fluentd fluentd=fluent/fluentd:v1.16
kubectl get ds fluentd
kubectl get pods -o wide
sim advance 1s
kubectl get pods -o wide
sim advance 1s
kubectl get pods -o wide
kubectl get ds fluentd
sim advance 2s
kubectl get pods -o wide
kubectl get ds fluentd
kubectl rollout status ds/fluentd
kubectl get pods -o wide
kubectl rollout history ds/fluentd
kubectl rollout history ds/fluentd --revision=2
kubectl get controllerrevisions
kubectl set image ds/fluentd fluentd=fluent/fluentd:v1.16
kubectl set image ds/fluentd nope=x:1
kubectl describe ds fluentd
