# Field selectors (--field-selector) on get and delete, with the apiserver's refusals.
sim node add n1 n2
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: busybox:1
EOF
sim advance 5s
kubectl cordon n2
kubectl get pods -o wide --field-selector spec.nodeName=n1
kubectl get pods --field-selector status.phase!=Running
kubectl get pods --field-selector spec.nodeName=n2,status.phase=Running -o name
kubectl get nodes --field-selector spec.unschedulable=true
kubectl get nodes --field-selector metadata.namespace=x
kubectl get pods --field-selector spec.foo=bar
kubectl get ds --field-selector spec.x=y -l app=agent
kubectl get pods --field-selector foo
kubectl get events --field-selector involvedObject.kind=DaemonSet,reason=SuccessfulCreate
kubectl get pods -A --field-selector metadata.namespace=default -o name
kubectl delete pods --field-selector spec.nodeName=n1 --wait=false
kubectl delete pods --field-selector spec.nodeName=nope
kubectl apply -f - <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: token
type: example.com/custom
---
apiVersion: v1
kind: Secret
metadata:
  name: plain
type: Opaque
EOF
kubectl get secrets --field-selector type=Opaque -o name
kubectl get secrets --field-selector type!=Opaque,metadata.namespace=default -o name
kubectl get secrets --field-selector data=x
