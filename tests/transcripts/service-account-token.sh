# The ServiceAccount admission plugin mounts the API token into every pod it admits: a
# kube-api-access-<suffix> projected volume (token, CA bundle, namespace), mounted read-only at
# /var/run/secrets/kubernetes.io/serviceaccount in every container without a mount there,
# unless the pod or its ServiceAccount says automountServiceAccountToken: false.
sim node add n1
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      initContainers: [{name: setup, image: busybox:1.36}]
      containers: [{name: agent, image: busybox:1.36}]
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ServiceAccount
metadata: {name: quiet}
automountServiceAccountToken: false
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: quiet}
spec:
  selector: {matchLabels: {app: quiet}}
  template:
    metadata: {labels: {app: quiet}}
    spec:
      serviceAccountName: quiet
      containers: [{name: c, image: busybox:1.36}]
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata: {name: own-token}
spec:
  serviceAccount: legacy
  containers:
  - name: reads-own
    image: busybox:1.36
    volumeMounts: [{name: token, mountPath: /var/run/secrets/kubernetes.io/serviceaccount}]
  - name: reads-api
    image: busybox:1.36
  volumes: [{name: token, secret: {secretName: token}}]
---
apiVersion: v1
kind: Pod
metadata: {name: opted-out}
spec:
  automountServiceAccountToken: false
  containers: [{name: c, image: busybox:1.36}]
EOF
sim advance 5s
kubectl get pods -l app=agent -o yaml
kubectl describe pods -l app=agent
kubectl get pods -l app=quiet -o yaml
kubectl get pod own-token -o yaml
kubectl get pod opted-out -o yaml
