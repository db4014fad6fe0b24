# No preemption of a pod of equal or higher priority, none under preemptionPolicy: Never, and none that
# would not make room: the daemon pods stay Pending and the scheduler says why.
sim node add n1 --cpu 1
kubectl apply -f - <<EOF
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: high
value: 1000
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: polite
value: 5000
preemptionPolicy: Never
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  priorityClassName: high
  containers:
  - name: db
    image: postgres:16
    resources:
      requests:
        cpu: 800m
EOF
sim advance 5s
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: same-priority
spec:
  selector:
    matchLabels: {app: same-priority}
  template:
    metadata:
      labels: {app: same-priority}
    spec:
      priorityClassName: high
      containers:
      - name: agent
        image: registry.k8s.io/agent:1.0
        resources:
          requests:
            cpu: 500m
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: lower-priority
spec:
  selector:
    matchLabels: {app: lower-priority}
  template:
    metadata:
      labels: {app: lower-priority}
    spec:
      containers:
      - name: agent
        image: registry.k8s.io/agent:1.0
        resources:
          requests:
            cpu: 500m
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: never-preempts
spec:
  selector:
    matchLabels: {app: never-preempts}
  template:
    metadata:
      labels: {app: never-preempts}
    spec:
      priorityClassName: polite
      containers:
      - name: agent
        image: registry.k8s.io/agent:1.0
        resources:
          requests:
            cpu: 500m
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: too-big
spec:
  selector:
    matchLabels: {app: too-big}
  template:
    metadata:
      labels: {app: too-big}
    spec:
      priorityClassName: system-cluster-critical
      containers:
      - name: agent
        image: registry.k8s.io/agent:1.0
        resources:
          requests:
            cpu: "2"
EOF
sim advance 5s
kubectl get pods -o wide
kubectl get events --field-selector reason=FailedScheduling
kubectl get pods --field-selector status.phase=Running
