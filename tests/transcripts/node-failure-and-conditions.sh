# A failed node goes NotReady after the node-monitor grace period (40s) and gets the
# unreachable taints; its daemon pod is kept (the NoExecute taint is tolerated) but not ready,
# and the node stops counting as desired. Conditions bring their own taints.
sim node add n1 n2 n3
kubectl apply -f tests/fixtures/fluentd.yaml
sim advance 5s
kubectl get ds fluentd
sim node fail n2
sim advance 30s
kubectl get nodes
sim advance 10s
kubectl get nodes
kubectl get pods -o wide
kubectl get ds fluentd
kubectl describe node n2
sim node recover n2
sim advance 1s
kubectl get nodes
kubectl get ds fluentd
# Pressure conditions are tolerated by daemon pods; NetworkUnavailable only with hostNetwork.
sim node condition n3 DiskPressure=True
sim node condition n1 NetworkUnavailable=True
sim advance 1s
kubectl get ds fluentd
kubectl describe node n1
sim node condition n3 DiskPressure=False
sim node condition n1 NetworkUnavailable=False
sim node condition n1 Flooded=True
sim node condition n1 DiskPressure=maybe
sim advance 5s
kubectl get ds fluentd
# A removed node's pod is left to pod GC, which deletes it after the 40s quarantine.
sim node remove n3
kubectl get ds fluentd
kubectl get pods -o wide
sim advance 1m
kubectl get pods -o wide
