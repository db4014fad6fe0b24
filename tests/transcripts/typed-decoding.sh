# Every field of a manifest is decoded into its Go type, as the apiserver does, whether or not the
# simulation reads it: named types by their Go names, quantities, times and base64 by their own
# parsers' words. Nothing is created until a manifest decodes.
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
      restartPolicy: 1
      containers: [{name: c, image: busybox:1.36}]
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers:
      - name: c
        image: busybox:1.36
        securityContext: {capabilities: {add: NET_ADMIN}}
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers:
      - name: c
        image: busybox:1.36
        livenessProbe: {exec: {command: ["true"]}, periodSeconds: 3000000000}
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers:
      - name: c
        image: busybox:1.36
        resources: {requests: {cpu: one}}
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers:
      - name: c
        image: busybox:1.36
        resources: {limits: {memory: 64mi}}
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: c, image: busybox:1.36}]
status:
  conditions: [{type: Ready, status: "True", lastTransitionTime: 5}]
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, creationTimestamp: yesterday}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: c, image: busybox:1.36}]
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Secret
metadata: {name: token}
data: {token: not-base64!}
EOF
kubectl get daemonsets
kubectl get secrets
# The same fields, well typed: a null timestamp, quantities, base64 and a named type. A
# Secret's stringData is merged into its data, base64-encoded, and its type defaults to Opaque.
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, creationTimestamp: null}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}, creationTimestamp: null}
    spec:
      restartPolicy: Always
      containers:
      - name: c
        image: busybox:1.36
        securityContext: {capabilities: {add: [NET_ADMIN]}}
        livenessProbe: {exec: {command: ["true"]}, periodSeconds: 30}
        resources: {requests: {cpu: 0.1}, limits: {memory: 64Mi}}
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Secret
metadata: {name: token}
data: {token: c2VjcmV0}
stringData: {user: admin}
EOF
sim advance 5s
kubectl get daemonsets
kubectl get secrets
