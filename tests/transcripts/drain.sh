# kubectl drain: refused while DaemonSet pods and a bare pod are on the node, then drained with
# --ignore-daemonsets --force; the daemon pod stays (it tolerates the unschedulable taint).
sim node add n1 n2
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: kube-system
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: busybox:1
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  nodeName: n1
  containers:
  - name: web
    image: nginx:1.27
  volumes:
  - name: cache
    emptyDir: {}
EOF
sim advance 5s
kubectl get pods -A -o wide --field-selector spec.nodeName=n1
kubectl drain n1
kubectl get nodes
kubectl drain n1 --ignore-daemonsets
kubectl drain n1 --ignore-daemonsets --force --dry-run=client
kubectl drain n1 --ignore-daemonsets --force --delete-emptydir-data
kubectl get pods -A -o wide --field-selector spec.nodeName=n1
kubectl uncordon n1
kubectl drain nope
kubectl drain
kubectl drain n2 --dry-run=maybe
kubectl drain -l kubernetes.io/hostname=n2 --ignore-daemonsets
kubectl uncordon n2
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: batch
spec:
  nodeName: n2
  containers:
  - name: batch
    image: busybox:1
EOF
sim advance 5s
sim node fail n2
kubectl drain n2 --ignore-daemonsets --force --timeout=5s
sim node recover n2
kubectl uncordon n2
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: solo
spec:
  nodeName: n2
  containers:
  - name: solo
    image: busybox:1
EOF
sim advance 5s
# A negative timeout: the evictions' context has expired before the first request.
kubectl drain n2 --ignore-daemonsets --force --timeout=-5s
kubectl get pods solo
# Deleting instead of evicting polls with the timeout itself, and says only that it ran out.
kubectl drain n2 --ignore-daemonsets --force --disable-eviction --timeout=1500ms
# Without --timeout kubectl waits forever; the playground gives up after an hour.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: stuck
spec:
  nodeName: n2
  containers:
  - name: stuck
    image: busybox:1
EOF
sim advance 5s
sim node fail n2
kubectl drain n2 --ignore-daemonsets --force
