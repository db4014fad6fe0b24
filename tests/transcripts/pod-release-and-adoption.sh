# Pods belong to a DaemonSet while its selector matches their labels: relabelling a pod
# releases it (ownerReference removed) and the controller puts a new pod on that node;
# restoring the label makes it an orphan that is adopted again, and the surplus pod goes.
sim node add n1 n2
kubectl apply -f tests/fixtures/fluentd.yaml
sim advance 3s
kubectl get pods -o wide --show-labels
kubectl label pods fluentd-8fprm app=debug --overwrite
sim advance 3s
kubectl get pods -o wide -L app

kubectl get pod fluentd-8fprm -o yaml
kubectl label pod fluentd-8fprm app=fluentd --overwrite
sim advance 3s
kubectl get pods -o wide -L app
kubectl get ds fluentd
kubectl label pods nope a=b
