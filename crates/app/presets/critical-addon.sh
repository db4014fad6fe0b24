# A critical add-on on a full node: an ordinary daemon pod stays Pending for lack of CPU, while
# the same pod as system-node-critical preempts a lower-priority pod to take its room.
#! step A full node
#! say node-1 has 1 CPU and already runs web, which requests 800m. node-2 has room to spare. Every pod here has priority 0: no PriorityClass names it.
sim node add node-1 --cpu 1
sim node add node-2 --cpu 4
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  nodeName: node-1
  containers:
    - name: web
      image: nginx:1.27
      resources:
        requests:
          cpu: 800m
EOF
sim advance 5s
#! step An ordinary agent stays Pending
#! say The node-agent DaemonSet wants a pod on every node, each requesting 500m. On node-2 it runs; on node-1 the scheduler finds Insufficient cpu, and preemption finds no victims: web's priority is not lower than the agent's. The pod stays Pending.
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: kube-system
spec:
  selector:
    matchLabels:
      app: node-agent
  template:
    metadata:
      labels:
        app: node-agent
    spec:
      containers:
        - name: agent
          image: registry.k8s.io/node-agent:1.0
          resources:
            requests:
              cpu: 500m
EOF
sim advance 5s
kubectl get pods -A -o wide
#! step system-node-critical preempts
#! say Cluster add-ons run as system-node-critical (priority 2000001000). The new template rolls out; the new pod on node-1 outranks web, so the scheduler preempts web (DisruptionTarget condition, Preempted event), nominates node-1 for the agent and binds it once web is gone.
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: kube-system
spec:
  selector:
    matchLabels:
      app: node-agent
  template:
    metadata:
      labels:
        app: node-agent
    spec:
      priorityClassName: system-node-critical
      containers:
        - name: agent
          image: registry.k8s.io/node-agent:1.0
          resources:
            requests:
              cpu: 500m
EOF
sim advance 30s
kubectl get pods -A -o wide
kubectl get events -n default --field-selector reason=Preempted
