# YAML syntax errors in go-yaml's words behind kubectl's prefix, as kubectl 1.33 prints them
# (checked against it): scanner errors name their line but not the first, parser errors the
# line before, errors at the end the line after the last newline.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Node
metadata:
	name: t
EOF
kubectl apply -f - <<EOF
a: [1, 2
EOF
kubectl apply -f - <<EOF
a: "unterminated
EOF
kubectl apply -f - <<EOF
a: *x
EOF
kubectl apply -f - <<EOF
a: b
c: d
EOF
kubectl apply -f - <<EOF
a: {b: 1
EOF
kubectl apply -f - <<EOF
a:
  - b
 c: d
EOF
kubectl apply -f - <<EOF
a: b: c
EOF
kubectl apply -f - <<EOF
a:
  b: 1
   c: 2
EOF
kubectl apply -f - <<EOF
x: 1
y: "abc
EOF
kubectl apply -f - <<EOF
x: 1
y: a: b
EOF
kubectl apply -f - <<EOF
x: 1
	z: 2
EOF
kubectl apply -f - <<EOF
- a
b: c
EOF
kubectl apply -f - <<EOF
a: &x 1
b: *y
EOF
kubectl apply -f - <<EOF
a: 'x
EOF
kubectl apply -f - <<EOF
a: |
 b
c
EOF
kubectl apply -f - <<EOF
a: @b
EOF
kubectl apply -f - <<EOF
a: {b: 1}}
EOF
kubectl get nodes
# kubectl reads a stream document by document: those before a bad one are applied, and the
# error's line counts from the bad document's first line (checked against kubectl 1.33).
kubectl apply -f - <<EOF
---
apiVersion: v1
kind: Namespace
metadata:
  name: before-the-bad-one
--- # the next document
apiVersion: v1
kind: Namespace
metadata:
	name: bad
---
apiVersion: v1
kind: Namespace
metadata:
  name: never-read
EOF
kubectl get namespaces
# A `---` line holding more than a comment fails the read there, and the document it would
# have ended is lost with it.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: lost-with-the-bad-separator
--- {kind: Namespace}
EOF
# kubectl delete reads a stream as apply does: it deletes what it read before the bad document.
kubectl delete -f - <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: before-the-bad-one
---
apiVersion: v1
kind: Namespace
metadata:
	name: bad
EOF
kubectl get namespaces
# go-yaml's parser and decoder: a flow mapping left open before more keys, an anchor inside
# its own value, empty keys, a version directive other than 1.1, explicit tags that do not fit
# (`!!int "5"` is a number, which a name cannot be), an alias bomb.
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata: {name: a
data:
  x: y
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata: &x {b: *x}
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: a
  labels: {app,: agent}
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: a
  labels:
    : agent
EOF
kubectl apply -f - <<EOF
%YAML 1.3
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: a
EOF
kubectl apply -f - <<EOF
%YAML 1.1
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: a
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: !!int foo
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: a
data:
  x: !!bool 5
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: !!int "5"
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: tagged
data:
  x: !!str 5
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: a
a0: &a0 [x,x,x,x,x,x,x,x,x,x]
a1: &a1 [*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0]
a2: &a2 [*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1]
a3: &a3 [*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2]
a4: &a4 [*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3]
a5: &a5 [*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4]
a6: &a6 [*a5,*a5,*a5,*a5,*a5,*a5,*a5,*a5,*a5,*a5]
a7: &a7 [*a6,*a6,*a6,*a6,*a6,*a6,*a6,*a6,*a6,*a6]
a8: &a8 [*a7,*a7,*a7,*a7,*a7,*a7,*a7,*a7,*a7,*a7]
EOF
kubectl get configmaps
