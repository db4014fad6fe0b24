# Init containers run to completion before the containers start: the STATUS column counts
# them (Init:0/1), the pod's conditions start with PodReadyToStartContainers and Initialized
# False, and each init container keeps its own status (terminated, Completed, ready). The
# node counts the larger of an init container's requests and the containers' sum. An init
# container whose image cannot be pulled holds the pod at Init:ErrImagePull, after the ones
# before it completed and before the ones after it run.
sim node add n1
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      initContainers:
      - name: setup
        image: busybox:1.36
        command: [sh, -c, "cp /defaults/* /config/"]
        resources:
          requests: {cpu: 500m, memory: 16Mi}
      containers:
      - name: agent
        image: fluent/fluent-bit:3.1
        resources:
          requests: {cpu: 100m, memory: 64Mi}
EOF
sim advance 1s
kubectl get pods
kubectl describe pods -l app=agent
sim advance 5s
kubectl get pods
kubectl get pods -l app=agent -o yaml
kubectl describe pods -l app=agent
kubectl describe node n1
sim image break busybox:broken
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: broken-init
spec:
  selector:
    matchLabels: {app: broken-init}
  template:
    metadata:
      labels: {app: broken-init}
    spec:
      initContainers:
      - name: fetch
        image: busybox:1.36
      - name: setup
        image: busybox:broken
      - name: migrate
        image: busybox:1.36
      containers:
      - name: main
        image: nginx:1.27
EOF
sim advance 3s
kubectl get pods -l app=broken-init
sim advance 5s
kubectl get pods -l app=broken-init
kubectl get pods -l app=broken-init -o jsonpath='{range .items[0].status.initContainerStatuses[*]}{.name}: {.state}{"\n"}{end}{.items[0].status.containerStatuses[0].state}{"\n"}{.items[0].status.conditions[1].message}{"\n"}'
