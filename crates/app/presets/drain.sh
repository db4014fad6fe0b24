# Draining a node for maintenance: kubectl drain refuses while DaemonSet-managed pods and a pod
# without a controller are on it; with --ignore-daemonsets --force it evicts the rest, and the
# daemon pod stays, because daemon pods tolerate the unschedulable taint.
#! step Three nodes, a web pod and a log agent
#! say node-1 runs a web pod that no controller owns, and every node runs the log-agent DaemonSet's pod. You want node-1 empty for maintenance.
sim node add node-1 node-2 node-3
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
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-agent
spec:
  selector:
    matchLabels:
      app: log-agent
  template:
    metadata:
      labels:
        app: log-agent
    spec:
      containers:
        - name: agent
          image: fluent/fluent-bit:3.0
          resources:
            requests:
              cpu: 50m
              memory: 64Mi
EOF
sim advance 10s
#! step kubectl drain refuses
#! say kubectl drain first cordons the node (spec.unschedulable), then lists the pods on it. Evicting a DaemonSet's pod is pointless: its controller ignores cordons and would put it straight back. Deleting a pod without a controller loses it for good. So kubectl refuses both and names them; the node stays cordoned.
kubectl drain node-1
#! step --ignore-daemonsets --force
#! say --ignore-daemonsets leaves the daemon pod where it is, and --force accepts losing the bare web pod. kubectl evicts web, waits until it is gone, and says the node is drained. The log agent still runs on node-1: node-level agents should keep running while the node is cordoned.
kubectl drain node-1 --ignore-daemonsets --force
kubectl get pods -o wide
#! step Back in service
#! say Maintenance done: uncordon makes the node schedulable again. Nothing moves back by itself; new pods may land there.
kubectl uncordon node-1
