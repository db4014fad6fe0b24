# kubectl describe for downwardAPI and projected volumes, and env variables from a
# resourceFieldRef (the described container's value in units of the divisor).
sim node add n1
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: kube-system
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
        resources:
          limits: {cpu: 250m, memory: 64Mi}
          requests: {cpu: 100m, memory: 32Mi}
        env:
        - name: CPU_LIM
          valueFrom: {resourceFieldRef: {resource: limits.cpu}}
        - name: CPU_LIM_M
          valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1m}}
        - name: MEM_LIM_MI
          valueFrom: {resourceFieldRef: {containerName: side, resource: limits.memory, divisor: 1Mi}}
        - name: MEM_REQ
          valueFrom: {resourceFieldRef: {resource: requests.memory}}
        - name: EPH
          valueFrom: {resourceFieldRef: {resource: limits.ephemeral-storage}}
        - name: NODE
          valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
        - name: PODNAME
          valueFrom: {fieldRef: {fieldPath: metadata.name}}
        volumeMounts:
        - {name: dapi, mountPath: /etc/podinfo}
        - {name: proj, mountPath: /etc/proj}
      - name: side
        image: busybox:1
        env:
        - name: SIDE_CPU
          valueFrom: {resourceFieldRef: {resource: limits.cpu}}
        - name: SIDE_MEM
          valueFrom: {resourceFieldRef: {resource: limits.memory}}
        - name: SIDE_REQ_CPU
          valueFrom: {resourceFieldRef: {resource: requests.cpu}}
      - name: third
        image: busybox:1
        resources:
          limits: {cpu: "1.5", hugepages-2Mi: 4Mi, memory: 100M}
        env:
        - name: CPU_ROUNDED_UP
          valueFrom: {resourceFieldRef: {resource: limits.cpu}}
        - name: HUGEPAGES
          valueFrom: {resourceFieldRef: {resource: limits.hugepages-2Mi, divisor: 1Mi}}
        - name: MEM_IN_KI_ROUNDED_UP
          valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Ki}}
      volumes:
      - name: dapi
        downwardAPI:
          items:
          - path: labels
            fieldRef: {fieldPath: metadata.labels}
          - path: cpu_limit
            resourceFieldRef: {containerName: agent, resource: limits.cpu, divisor: 1m}
      - name: proj
        projected:
          sources:
          - secret: {name: s1}
          - secret: {name: s2, optional: true}
          - downwardAPI:
              items:
              - path: name
                fieldRef: {fieldPath: metadata.name}
          - configMap: {name: cm1}
          - configMap: {name: cm2, optional: false}
          - serviceAccountToken: {path: token, expirationSeconds: 3600}
          - serviceAccountToken: {path: token2}
          - clusterTrustBundle: {signerName: example.com/x, path: ctb}
EOF
sim advance 5s
kubectl describe pod -n kube-system
kubectl describe ds agent -n kube-system
