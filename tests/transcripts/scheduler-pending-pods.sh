# The controller places a pod on every eligible node; the scheduler binds it only where it fits.
# A node without room leaves its daemon pod Pending with a FailedScheduling event.
sim node add big --cpu 4 --memory 8Gi
sim node add small --cpu 250m --memory 8Gi
sim node add tiny --pods 0
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: hungry
spec:
  selector:
    matchLabels: {app: hungry}
  template:
    metadata:
      labels: {app: hungry}
    spec:
      containers:
      - name: c
        image: hungry:1
        resources:
          requests:
            cpu: 500m
            memory: 64Mi
        ports:
        - containerPort: 9100
          hostPort: 9100
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: exporter
spec:
  selector:
    matchLabels: {app: exporter}
  template:
    metadata:
      labels: {app: exporter}
    spec:
      containers:
      - name: c
        image: exporter:1
        ports:
        - containerPort: 9100
          hostPort: 9100
EOF
sim advance 5s
kubectl get ds
kubectl get pods -o wide
kubectl get events
kubectl describe pod -l app=hungry
# Freeing the port lets the other DaemonSet's pod bind.
kubectl delete ds hungry
sim advance 5s
kubectl get pods -o wide
