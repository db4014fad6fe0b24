# The apiserver's validation, with its exact messages; a rejected object changes nothing.
sim node add n1
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: mismatch
spec:
  selector:
    matchLabels: {app: a}
  template:
    metadata:
      labels: {app: b}
    spec:
      containers:
      - name: c
        image: nginx
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: Bad_Name
spec:
  selector:
    matchLabels: {app: a}
  template:
    metadata:
      labels: {app: a}
    spec:
      restartPolicy: OnFailure
      containers:
      - name: c
        image: nginx
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: no-selector
spec:
  template:
    metadata:
      labels: {app: a}
    spec:
      containers:
      - name: c
        image: nginx
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: strategy
spec:
  selector:
    matchLabels: {app: a}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
  template:
    metadata:
      labels: {app: a}
    spec:
      containers:
      - name: c
        image: nginx
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: strategy
spec:
  selector:
    matchLabels: {app: a}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
      maxSurge: 1
  template:
    metadata:
      labels: {app: a}
    spec:
      containers:
      - name: c
        image: nginx
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: strategy
spec:
  selector:
    matchLabels: {app: a}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 200%
  template:
    metadata:
      labels: {app: a}
    spec:
      containers:
      - name: c
        image: nginx
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: strategy
spec:
  selector:
    matchLabels: {app: a}
  updateStrategy:
    type: Blue
  template:
    metadata:
      labels: {app: a}
    spec:
      containers:
      - name: c
        image: nginx
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: empty-selector
spec:
  selector: {}
  minReadySeconds: -1
  template:
    metadata:
      labels: {app: a}
    spec:
      containers:
      - name: c
EOF
kubectl get ds
# The selector is immutable.
kubectl apply -f tests/fixtures/fluentd.yaml
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd
spec:
  selector:
    matchLabels: {app: fluentd, tier: logging}
  template:
    metadata:
      labels: {app: fluentd, tier: logging}
    spec:
      containers:
      - name: fluentd
        image: fluent/fluentd:v0.14.10
EOF
kubectl apply -f tests/fixtures/fluentd.yaml
kubectl create -f tests/fixtures/fluentd.yaml
kubectl get ds
