# Malformed manifests and commands get clear errors, change nothing, and the script goes on.
sim node add n1
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: x
spec: {}
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
	name: tabbed
EOF
kubectl apply -f - <<EOF
a0: &a0 [x, x, x, x, x, x, x, x, x]
a1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
a2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]
a3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]
a4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]
a5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
a6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]
EOF
kubectl apply -f - <<EOF
a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
EOF
kubectl apply -f - <<EOF
a: *nope
EOF
kubectl apply -f - <<EOF
# only a comment
---
---
EOF
kubectl apply -f - <<EOF
metadata:
  name: nokind
EOF
kubectl apply -f - <<EOF
apiVersion: extensions/v1beta1
kind: DaemonSet
metadata:
  name: old
spec: {}
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: "1"
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: x
spec:
  minReadySeconds: soon
EOF
kubectl apply -f missing.yaml
kubectl apply
kubectl get configmaps
kubectl get ds --frobnicate
kubectl get ds -x
kubectl get foo
kubectl get ds nope
kubectl describe ds nope
kubectl frob
kubectl scale ds x --replicas=3
kubectl label node n1 "zone=a
kubectl label nodes n1 ssd=true
kubectl label nodes n1 ssd=false
kubectl label nodes n1 ssd=false --overwrite
kubectl label nodes n1 ssd-
kubectl label nodes n1 ssd-
kubectl label nodes n1 'bad value=x'
kubectl label nodes n1 k=bad!value
kubectl label nodes n9 a=b
kubectl cordon
kubectl get pods -o yamll
sim advance forever
sim advance -1s
sim node add n2 --cpu lots
sim node add n2 --pods -5
sim node add n2 --count 1e9
# Many names: the ones before the first refused are added, then the refusal.
sim node add add-1 add-2 Bad_Name add-3
sim node add dup-1 dup-2 dup-1 dup-3
kubectl get nodes -o name
sim warp 9
echo done $'\x1b[31m' still safe
get pods
# Quantities saturate at the int64 limit, and so do their sums (describe node's totals).
sim node add big
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: huge-a
spec:
  nodeName: big
  containers:
  - name: c
    image: busybox
    resources:
      requests:
        cpu: "9223372036854775807"
      limits:
        cpu: "9223372036854775807"
---
apiVersion: v1
kind: Pod
metadata:
  name: huge-b
spec:
  nodeName: big
  containers:
  - name: c
    image: busybox
    resources:
      requests:
        cpu: "9223372036854775807"
      limits:
        cpu: "9223372036854775807"
EOF
sim advance 2s
kubectl describe node big
