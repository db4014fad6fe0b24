# PriorityClasses: user classes, the apiserver's checks, the Priority admission plugin
# (a default class, a missing class refused as a DaemonSet's FailedCreate, then created).
sim node add n1 n2
kubectl apply -f - <<EOF
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: too-high
value: 1000000001
EOF
kubectl apply -f - <<EOF
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: system-mine
value: 10
EOF
kubectl apply -f - <<EOF
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: batch-default
value: 100
globalDefault: true
description: Batch jobs, unless they say otherwise.
EOF
kubectl apply -f - <<EOF
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: another-default
value: 200
globalDefault: true
EOF
kubectl apply -f - <<EOF
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: batch-default
value: 150
globalDefault: true
EOF
kubectl delete priorityclass system-node-critical
kubectl get pc
kubectl describe pc batch-default
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: job
spec:
  containers:
  - name: job
    image: busybox:1.36
EOF
kubectl get pod job -o jsonpath='{.spec.priorityClassName} {.spec.priority} {.spec.preemptionPolicy}'
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: typo
spec:
  priorityClassName: hihg
  containers:
  - name: typo
    image: busybox:1.36
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-agent
spec:
  selector:
    matchLabels: {app: log-agent}
  template:
    metadata:
      labels: {app: log-agent}
    spec:
      priorityClassName: node-agents
      containers:
      - name: agent
        image: fluent/fluent-bit:3.0
EOF
sim advance 10s
kubectl get ds log-agent
kubectl describe ds log-agent
kubectl apply -f - <<EOF
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: node-agents
value: 1000000
preemptionPolicy: Never
EOF
sim advance 30s
kubectl get ds log-agent
kubectl get pods -l app=log-agent -o jsonpath='{range .items[*]}{.metadata.name} {.spec.priorityClassName} {.spec.priority} {.spec.preemptionPolicy}{"\n"}{end}'
kubectl delete pc batch-default
kubectl get pc
