# A sidecar is an init container with restartPolicy: Always. The kubelet starts it and goes on
# to the next init container without waiting for it to finish; it keeps running beside the
# containers, counts in READY, and its requests add to the pod's (PodRequests).
sim node add n1 --cpu 1 --memory 1Gi
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      initContainers:
      - name: proxy
        image: envoyproxy/envoy:v1.31.0
        restartPolicy: Always
        resources: {requests: {cpu: 200m, memory: 64Mi}}
      - name: setup
        image: busybox:1.36
        resources: {requests: {cpu: 500m, memory: 16Mi}}
      containers:
      - name: agent
        image: busybox:1.36
        resources: {requests: {cpu: 100m, memory: 32Mi}}
EOF
kubectl get pods
sim advance 5s
kubectl get pods -o wide
kubectl describe pods -l app=agent
kubectl describe node n1
kubectl get pods -l app=agent -o yaml
# Only init containers take a container restart policy, and only Always.
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: wrong-policy}
spec:
  selector: {matchLabels: {app: wrong-policy}}
  template:
    metadata: {labels: {app: wrong-policy}}
    spec:
      initContainers: [{name: setup, image: busybox:1.36, restartPolicy: Never}]
      containers: [{name: c, image: busybox:1.36, restartPolicy: Always}]
EOF
