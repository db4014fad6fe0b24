# The seed walkthrough: fluentd on every node of a three-node AKS pool, then
# nginx-fast-storage only on the node labelled ssd=true.
kubectl apply -f tests/corpus/nodes/aks-3-nodes.yaml
kubectl get nodes
kubectl apply -f tests/fixtures/fluentd.yaml
sim advance 3m10s
kubectl describe daemonset fluentd
sim advance 1m36s
kubectl get pods -l app=fluentd -o wide
kubectl label nodes aks-default-78443803-vmss000001 ssd=true
kubectl get nodes --selector ssd=true
kubectl apply -f tests/fixtures/nginx-fast-storage.yaml
sim advance 59s
kubectl get pods -l app=nginx -o wide
kubectl get ds
# Removing the label removes the pod.
kubectl label nodes aks-default-78443803-vmss000001 ssd-
kubectl get pods -l app=nginx
sim advance 5s
kubectl get pods -l app=nginx
kubectl get ds nginx-fast-storage
# Deleting with --cascade=orphan leaves the pods running, unowned.
kubectl delete -f tests/fixtures/fluentd.yaml --cascade=orphan
kubectl get ds
kubectl get pods -l app=fluentd
# Re-creating the DaemonSet adopts them: same template, same hash, nothing restarts.
kubectl apply -f tests/fixtures/fluentd.yaml
sim advance 1s
kubectl get pods -l app=fluentd
kubectl get ds fluentd
# A plain delete cascades in the background.
kubectl delete -f tests/fixtures/fluentd.yaml
kubectl get pods -l app=fluentd
sim advance 30s
kubectl get pods -l app=fluentd
