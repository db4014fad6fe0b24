# nodeSelector and required node affinity decide where daemon pods land
# (NodeShouldRunDaemonPod; nodeaffinity operators In, NotIn, Exists, DoesNotExist, Gt, Lt).
sim node add n1 --label zone=a --label gen=3
sim node add n2 --label zone=b --label gen=5
sim node add n3 --label zone=c --label gpu=true
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: zone-a
spec:
  selector:
    matchLabels: {app: zone-a}
  template:
    metadata:
      labels: {app: zone-a}
    spec:
      nodeSelector:
        zone: a
      containers:
      - name: c
        image: busybox:1.36
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: affinity
spec:
  selector:
    matchLabels: {app: affinity}
  template:
    metadata:
      labels: {app: affinity}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: gen, operator: Gt, values: ["4"]}
            - matchExpressions:
              - {key: gpu, operator: Exists}
              - {key: zone, operator: NotIn, values: [a, b]}
      containers:
      - name: c
        image: busybox:1.36
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: by-name
spec:
  selector:
    matchLabels: {app: by-name}
  template:
    metadata:
      labels: {app: by-name}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchFields:
              - {key: metadata.name, operator: In, values: [n1]}
      containers:
      - name: c
        image: busybox:1.36
EOF
sim advance 5s
kubectl get ds
kubectl get pods -o wide
# The controller pins each pod to its node with a matchFields term (ReplaceDaemonSetPodNodeNameNodeAffinity).
kubectl get pods -l app=by-name -o json
# Labels change where pods run: only the changed node is re-evaluated.
kubectl label nodes n2 zone=a --overwrite
kubectl label nodes n3 gpu-
sim advance 5s
kubectl get pods -o wide
kubectl get ds
