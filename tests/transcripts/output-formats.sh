# Output formats: tables (wide, labels, label columns), JSON, YAML, names and JSONPath.
sim node add n1 --label zone=a
sim node add n2 --label zone=b --taint dedicated=gpu:NoSchedule
kubectl apply -f tests/fixtures/nginx-fast-storage.yaml
kubectl label nodes n1 ssd=true
kubectl apply -f tests/fixtures/fluentd.yaml
sim advance 3s
kubectl get nodes -o wide --show-labels
kubectl get nodes -L zone,ssd
kubectl get ds -o wide
kubectl get ds -o name
kubectl get pods -o name
kubectl get ds fluentd -o jsonpath='{.status.numberReady}'
echo
kubectl get ds -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.status.desiredNumberScheduled}{"\n"}{end}'
kubectl get pods -o jsonpath='{.items[*].spec.nodeName}'
echo
kubectl get nodes n2 -o jsonpath='{.spec.taints}'
echo
kubectl get pods -o jsonpath='{.items[0'
kubectl get ds nginx-fast-storage -o yaml
kubectl get ds nginx-fast-storage -o json
kubectl get controllerrevisions -o wide
kubectl get node n1 -o yaml
