# Bad input gets kubectl's and the apiserver's words, quoted as Go's %q does (no raw control
# character is echoed), and changes nothing.
sim node add n1
sim node add n2 --label a=b=c
kubectl label nodes n1 a=b=c
sim frobnicate n1
sim node frob n1
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: daemonset
metadata:
  name: lower-case-kind
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: node
metadata:
  name: n3
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Node
metadata:
  name: n4
  labels:
    empty: null
EOF
kubectl get node n4 --show-labels
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: bad-operator
spec:
  selector:
    matchExpressions:
    - {key: app, operator: Has, values: [x]}
    - {key: tier, operator: In}
    - {key: zone, operator: Exists, values: [a]}
  template:
    metadata:
      labels: {app: x}
    spec:
      containers:
      - name: c
        image: busybox:1.36
EOF
kubectl label nodes n1 "color=[31mred"
sim node add "badname"
sim node add "evil‮exe"
kubectl get nodes
# kubectl refuses an object whose namespace differs from --namespace, before sending it.
kubectl create namespace other
kubectl apply -n other -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: elsewhere
  namespace: default
EOF
# kubectl reads YAML 1.1 (go-yaml v2): unquoted yes, on and 1.0 are a bool and a number, and
# a string field refuses them; 0644 is octal.
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: yaml-one-one
  labels:
    enabled: yes
spec:
  selector:
    matchLabels: {app: y}
  template:
    metadata:
      labels: {app: y}
    spec:
      containers:
      - name: c
        image: busybox:1.36
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: versions
data:
  version: 1.0
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: octal
spec:
  selector:
    matchLabels: {app: octal}
  template:
    metadata:
      labels: {app: octal}
    spec:
      containers:
      - name: c
        image: busybox:1.36
      volumes:
      - name: config
        configMap:
          name: versions
          defaultMode: 0644
EOF
kubectl get ds octal -o jsonpath='{.spec.template.spec.volumes[0].configMap.defaultMode}{"\n"}'
# Numbers arrive as kubectl sends them: Go's JSON writes 5.0 as 5, so an int32 field takes it;
# 1e21 is named as Go spells it; .inf has no JSON form, and the whole document fails.
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: float-seconds
spec:
  minReadySeconds: 5.0
  selector:
    matchLabels: {app: fs}
  template:
    metadata:
      labels: {app: fs}
    spec:
      containers:
      - name: c
        image: busybox:1.36
EOF
kubectl get ds float-seconds -o jsonpath='{.spec.minReadySeconds}{"\n"}'
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: huge-seconds
spec:
  minReadySeconds: 1e21
  selector:
    matchLabels: {app: hs}
  template:
    metadata:
      labels: {app: hs}
    spec:
      containers:
      - name: c
        image: busybox:1.36
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Node
metadata:
  name: infinite
  labels:
    weight: .inf
EOF
kubectl get node infinite
# Names in the apiserver's messages are quoted as Go's %q quotes them; what a value holds
# prints as kubectl prints it, but a control character never reaches the screen raw.
kubectl get node 'a"b\c'
kubectl apply -f - <<EOF
apiVersion: v1
kind: Node
metadata:
  name: spaced
  annotations:
    note: "no\u00a0break, zero\u200dwidth, \e[31mred"
EOF
kubectl get node spaced -o jsonpath='{.metadata.annotations.note}{"\n"}'
# Strict decoding, kubectl's default: a field the kind does not declare fails the request,
# every one named; --validate=warn creates the object and warns; ignore (or false) is silent.
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: typo
spec:
  replicas: 2
  selector:
    matchLabels: {app: typo}
  template:
    metadata:
      labels: {app: typo}
    spec:
      containers:
      - name: c
        image: busybox:1.36
        imagee: busybox:1.37
EOF
kubectl apply --validate=warn -f - <<EOF
apiVersion: v1
kind: Node
metadata:
  name: warned
  lables: {a: b}
EOF
kubectl apply --validate=false -f - <<EOF
apiVersion: v1
kind: Node
metadata:
  name: ignored
spec:
  unschedulabel: true
EOF
kubectl get node ignored -o jsonpath='{.spec}{"\n"}'
kubectl apply --validate=Strict -f - <<EOF
apiVersion: v1
kind: Node
metadata:
  name: never
EOF
# kubectl maps the kind before the apiserver decodes anything: a Knative Service is no v1
# Service, whatever its fields.
kubectl apply -f - <<EOF
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
spec:
  template:
    spec:
      containers:
      - image: ghcr.io/knative/helloworld-go:latest
EOF
# A struct-valued field the simulation does not read still has its shape checked.
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: shapes
spec:
  selector: {matchLabels: {app: shapes}}
  template:
    metadata: {labels: {app: shapes}}
    spec:
      securityContext: []
      containers: [{name: c, image: nginx}]
EOF
# pflag's words for flag values, checked against kubectl 1.33.
kubectl drain n1 --grace-period=x
kubectl drain n1 --grace-period=99999999999999999999
kubectl drain n1 --timeout=5
kubectl drain n1 --force=maybe
kubectl get ds -A=maybe
kubectl rollout status ds/x --timeout=5q
kubectl rollout status ds/x --timeout=1.5.5s
kubectl rollout status ds/x --watch=maybe
kubectl rollout history ds/x --revision=0x
kubectl rollout undo ds/x --to-revision=1e3
kubectl delete ds x --grace-period=abc
# --validate takes its value only after `=`: the next word is an argument.
kubectl apply -f - warn
kubectl create warn
kubectl create namespace
kubectl create namespace a b
# A typo in a manifest re-applied over an existing object: kubectl sends a three-way
# strategic merge patch and prints it with the apiserver's refusal (checked byte for byte
# against kubectl 1.33 answering a PATCH).
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: patched
spec:
  selector: {matchLabels: {app: patched}}
  template:
    metadata: {labels: {app: patched}}
    spec:
      containers: [{name: c, image: "nginx:1.27"}]
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: patched
spec:
  selector: {matchLabels: {app: patched}}
  template:
    metadata: {labels: {app: patched}}
    spec:
      containers: [{name: d, imagee: busybox}]
EOF
# An object made without kubectl apply has no record of one: kubectl warns as it patches.
sim node add unrecorded
kubectl apply -f - <<EOF
apiVersion: v1
kind: Node
metadata:
  name: unrecorded
  labels: {disk: ssd}
EOF
# kubectl's builder reads and maps every document before it applies any: its errors (a kind
# it cannot map, a document it cannot decode) lead the apiserver's, and a document that fails
# client-side validation ends the reading of its source.
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: typo
spec:
  selector:
    matchLabels: {app: typo}
  template:
    metadata:
      labels: {app: typo}
    spec:
      containers:
      - name: c
        imagee: busybox:1.36
---
apiVersion: apps/v1
kind: Gadget
metadata:
  name: gadget
---
kind: ConfigMap
metadata:
  name: no-api-version
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: never-read
EOF
kubectl apply --validate=false -f - <<EOF
kind: ConfigMap
metadata:
  name: no-api-version
---
apiVersion: v1
metadata:
  name: no-kind
---
- a list
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: typed
  generation: soon
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: read
EOF
kubectl get configmaps
# pflag parses a typed value as it reads the flag: the bad value is met before a later word.
kubectl delete ds gadget --grace-period=soon --bogus
# kubectl warns of a missing last-applied record as it patches: once per object, and not for a document its builder refused.
sim node add lone
kubectl apply -f - <<EOF
apiVersion: v1
kind: Node
metadata:
  name: lone
  labels: {a: "1"}
---
apiVersion: v1
kind: Node
metadata:
  name: lone
  labels: {a: "2"}
---
apiVersion: extensions/v1beta1
kind: Node
metadata:
  name: lone
EOF
# Annotation keys are qualified names, the pod template's too (ValidateAnnotations); nothing is created.
kubectl create -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: annotated
  annotations:
    "bad key!": v
spec:
  selector:
    matchLabels:
      app: annotated
  template:
    metadata:
      labels:
        app: annotated
      annotations:
        Example.com/Fine: v
        "/no-name": v
    spec:
      containers:
      - name: c
        image: nginx
EOF
kubectl get ds annotated
