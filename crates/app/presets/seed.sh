# The seed walkthrough as a guided tour: three AKS nodes, the fluentd DaemonSet on every node,
# then nginx-fast-storage only on the node labelled ssd=true, a rolling update and a delete.
#! step Three nodes, no DaemonSet yet
#! say A DaemonSet keeps one copy of a pod on every node it selects. Log collectors, monitoring agents and network plugins run this way: they belong to the node, not to a service.
#! say This cluster has three AKS nodes, one per zone, all Ready. Nothing runs on them yet.
sim node add aks-default-78443803-vmss000001 --label kubernetes.io/os=linux --label topology.kubernetes.io/zone=eastus-1
sim node add aks-default-78443803-vmss000002 --label kubernetes.io/os=linux --label topology.kubernetes.io/zone=eastus-2
sim node add aks-default-78443803-vmss000004 --label kubernetes.io/os=linux --label topology.kubernetes.io/zone=eastus-3
#! step fluentd on every node
#! say The fluentd DaemonSet has no node selector, so it wants a pod on every node. Its controller compares the nodes it should cover with the pods it owns and creates a pod for each node that has none.
#! say Each pod names its node in a nodeAffinity term (metadata.name), and the default scheduler binds it there. Ten seconds on, all three pods are Running.
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd
  labels:
    app: fluentd
spec:
  selector:
    matchLabels:
      app: fluentd
  template:
    metadata:
      labels:
        app: fluentd
    spec:
      containers:
        - name: fluentd
          image: fluent/fluentd:v0.14.10
          resources:
            limits:
              memory: 200Mi
            requests:
              cpu: 100m
              memory: 200Mi
          volumeMounts:
            - name: varlog
              mountPath: /var/log
            - name: varlibdockercontainers
              mountPath: /var/lib/docker/containers
              readOnly: true
      terminationGracePeriodSeconds: 30
      volumes:
      - name: varlog
        hostPath:
          path: /var/log
      - name: varlibdockercontainers
        hostPath:
          path: /var/lib/docker/containers
EOF
sim advance 10s
kubectl get pods -l app=fluentd -o wide
#! step Label a node
#! say Labels let a DaemonSet cover only some nodes. The first node gets ssd=true, as if it had fast local disks.
#! say The console asked which nodes carry the label: one does.
kubectl label nodes aks-default-78443803-vmss000001 ssd=true
kubectl get nodes --selector ssd=true
#! step A nodeSelector limits the nodes
#! say nginx-fast-storage asks for ssd: "true" in its nodeSelector, so it runs on the labelled node only.
#! say Select another tile: its panel says why nginx does not run there. Label that node ssd=true and a pod follows; remove the label and the pod goes.
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  labels:
    app: nginx
    ssd: "true"
  name: nginx-fast-storage
spec:
  selector:
    matchLabels:
      app: nginx
      ssd: "true"
  template:
    metadata:
      labels:
        app: nginx
        ssd: "true"
    spec:
      nodeSelector:
        ssd: "true"
      containers:
        - name: nginx
          image: nginx:1.10.0
EOF
sim advance 10s
kubectl get pods -l app=nginx -o wide
#! step Roll out a new image
#! say Changing the pod template starts a rolling update. With the default maxUnavailable of 1, one node at a time loses its old fluentd pod and gets a new one once the old one is gone.
#! say Press Play to watch the old and new revisions trade places, or run kubectl rollout status ds/fluentd in the console.
kubectl set image ds/fluentd fluentd=fluent/fluentd:v1.17
#! step Delete a DaemonSet
#! say Deleting a DaemonSet deletes its pods as well: they name it as their owner, and the garbage collector follows that reference. With --cascade=orphan the pods would stay.
#! say The nginx pod terminates within its 30-second grace period; fluentd goes on.
kubectl delete daemonset nginx-fast-storage
sim advance 35s
kubectl get pods -o wide
