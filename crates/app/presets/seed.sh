# The seed walkthrough: three AKS nodes, the fluentd DaemonSet on every node,
# then nginx-fast-storage only on the node labelled ssd=true.
sim node add aks-default-78443803-vmss000001 --label kubernetes.io/os=linux --label topology.kubernetes.io/zone=eastus-1
sim node add aks-default-78443803-vmss000002 --label kubernetes.io/os=linux --label topology.kubernetes.io/zone=eastus-2
sim node add aks-default-78443803-vmss000004 --label kubernetes.io/os=linux --label topology.kubernetes.io/zone=eastus-3
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
kubectl label nodes aks-default-78443803-vmss000001 ssd=true
kubectl get nodes --selector ssd=true
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
