# --dry-run: client runs kubectl's own checks and sends nothing; server runs the apiserver's
# too and stores nothing. Checked against kubectl 1.33; the cluster ends as it started.
sim node add n1
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: c, image: "nginx:1.27"}]
EOF
kubectl cordon n1 --dry-run=client
kubectl cordon n1 --dry-run=server
kubectl uncordon n1 --dry-run=client
kubectl cordon nope --dry-run=client
kubectl label node n1 disk=ssd --dry-run=client
kubectl label node n1 disk- --dry-run=client
kubectl label node n1 disk- --dry-run=server
kubectl taint node n1 dedicated=infra:NoSchedule --dry-run=client
kubectl delete ds agent --dry-run=client
kubectl delete ds nope --dry-run=client
kubectl delete ds agent --dry-run=server
kubectl delete ds nope --dry-run=server
# The deprecated spellings get klog's warning (the simulated clock in its header).
kubectl cordon n1 --dry-run=true
kubectl cordon n1 --dry-run
kubectl cordon n1 --dry-run=maybe
# The next word is not the flag's value.
kubectl cordon n1 --dry-run client
# A client dry run never reaches strict decoding; a server dry run does.
kubectl apply --dry-run=client -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: c, imagee: "nginx:1.28"}]
EOF
kubectl apply --dry-run=server -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: c, image: "nginx:1.28"}]
EOF
kubectl create --dry-run=client -f - <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: staging
EOF
kubectl apply --dry-run=server -f - <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: staging
EOF
kubectl get nodes --show-labels
kubectl get ds agent -o jsonpath='{.spec.template.spec.containers[0].image}{"\n"}'
kubectl get namespaces
kubectl get pods
# A server dry run runs each request on the cluster as it is: the namespace the first
# document would create is not there for the second, and a name deleted twice is deleted
# twice.
kubectl apply --dry-run=server -f - <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: team-a
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: team-a
EOF
kubectl delete ds agent agent --dry-run=server
# A client dry run sends nothing, so the apiserver's check of label keys never runs.
kubectl label node n1 bad_key/x=y --dry-run=client
kubectl label node n1 bad_key/x=y --dry-run=server
kubectl delete ds agent --cascade=1 --dry-run=client
kubectl delete ds agent --cascade=sideways
kubectl cordon nope1 nope2
# kubectl create namespace: a client dry run sends nothing (no name check); a server one does.
kubectl create namespace preview --dry-run
kubectl create namespace Bad --dry-run=client
kubectl create namespace default --dry-run=server
kubectl create namespace z --validate=maybe --dry-run=bogus
kubectl get namespaces
# kubectl's order: the dry run, then (apply) whether there is a -f, then --validate.
kubectl apply -f - --validate=maybe --dry-run=bogus
kubectl apply --validate=maybe
kubectl create --validate=maybe
