# 5,000 nodes shaped like tests/corpus/nodes/aks-5000-nodes-3-zones-4-pools.yaml: the same pools,
# zones, labels, taints and allocatable, node for node (one line per pool and zone; names are
# POOL-ZONE-N instead of the VMSS instance names). The same nodes are cordoned and unreachable.
# Three DaemonSets from the corpus: fluentd-es (untainted nodes), node-problem-detector (every
# node) and NVIDIA's device plugin (tolerates the GPU taint).
sim node add aks-system-eastus-1- --count 20 --label agentpool=system --label beta.kubernetes.io/arch=amd64 --label beta.kubernetes.io/os=linux --label kubernetes.azure.com/agentpool=system --label kubernetes.azure.com/mode=system --label kubernetes.io/arch=amd64 --label kubernetes.io/os=linux --label node.kubernetes.io/instance-type=Standard_D4ds_v5 --label topology.kubernetes.io/region=eastus --label topology.kubernetes.io/zone=eastus-1 --taint CriticalAddonsOnly=true:NoSchedule --cpu 3860m --memory 13969220Ki --pods 110
sim node add aks-system-eastus-2- --count 20 --label agentpool=system --label beta.kubernetes.io/arch=amd64 --label beta.kubernetes.io/os=linux --label kubernetes.azure.com/agentpool=system --label kubernetes.azure.com/mode=system --label kubernetes.io/arch=amd64 --label kubernetes.io/os=linux --label node.kubernetes.io/instance-type=Standard_D4ds_v5 --label topology.kubernetes.io/region=eastus --label topology.kubernetes.io/zone=eastus-2 --taint CriticalAddonsOnly=true:NoSchedule --cpu 3860m --memory 13969220Ki --pods 110
sim node add aks-system-eastus-3- --count 20 --label agentpool=system --label beta.kubernetes.io/arch=amd64 --label beta.kubernetes.io/os=linux --label kubernetes.azure.com/agentpool=system --label kubernetes.azure.com/mode=system --label kubernetes.io/arch=amd64 --label kubernetes.io/os=linux --label node.kubernetes.io/instance-type=Standard_D4ds_v5 --label topology.kubernetes.io/region=eastus --label topology.kubernetes.io/zone=eastus-3 --taint CriticalAddonsOnly=true:NoSchedule --cpu 3860m --memory 13969220Ki --pods 110
sim node add aks-general-eastus-1- --count 1214 --label agentpool=general --label beta.kubernetes.io/arch=amd64 --label beta.kubernetes.io/os=linux --label kubernetes.azure.com/agentpool=general --label kubernetes.azure.com/mode=user --label kubernetes.io/arch=amd64 --label kubernetes.io/os=linux --label node.kubernetes.io/instance-type=Standard_D16ds_v5 --label topology.kubernetes.io/region=eastus --label topology.kubernetes.io/zone=eastus-1 --cpu 15740m --memory 63436124Ki --pods 110
sim node add aks-general-eastus-2- --count 1213 --label agentpool=general --label beta.kubernetes.io/arch=amd64 --label beta.kubernetes.io/os=linux --label kubernetes.azure.com/agentpool=general --label kubernetes.azure.com/mode=user --label kubernetes.io/arch=amd64 --label kubernetes.io/os=linux --label node.kubernetes.io/instance-type=Standard_D16ds_v5 --label topology.kubernetes.io/region=eastus --label topology.kubernetes.io/zone=eastus-2 --cpu 15740m --memory 63436124Ki --pods 110
sim node add aks-general-eastus-3- --count 1213 --label agentpool=general --label beta.kubernetes.io/arch=amd64 --label beta.kubernetes.io/os=linux --label kubernetes.azure.com/agentpool=general --label kubernetes.azure.com/mode=user --label kubernetes.io/arch=amd64 --label kubernetes.io/os=linux --label node.kubernetes.io/instance-type=Standard_D16ds_v5 --label topology.kubernetes.io/region=eastus --label topology.kubernetes.io/zone=eastus-3 --cpu 15740m --memory 63436124Ki --pods 110
sim node add aks-arm64-eastus-1- --count 367 --label agentpool=arm64 --label beta.kubernetes.io/arch=arm64 --label beta.kubernetes.io/os=linux --label kubernetes.azure.com/agentpool=arm64 --label kubernetes.azure.com/mode=user --label kubernetes.io/arch=arm64 --label kubernetes.io/os=linux --label node.kubernetes.io/instance-type=Standard_D16pds_v5 --label topology.kubernetes.io/region=eastus --label topology.kubernetes.io/zone=eastus-1 --cpu 15740m --memory 63421080Ki --pods 110
sim node add aks-arm64-eastus-2- --count 367 --label agentpool=arm64 --label beta.kubernetes.io/arch=arm64 --label beta.kubernetes.io/os=linux --label kubernetes.azure.com/agentpool=arm64 --label kubernetes.azure.com/mode=user --label kubernetes.io/arch=arm64 --label kubernetes.io/os=linux --label node.kubernetes.io/instance-type=Standard_D16pds_v5 --label topology.kubernetes.io/region=eastus --label topology.kubernetes.io/zone=eastus-2 --cpu 15740m --memory 63421080Ki --pods 110
sim node add aks-arm64-eastus-3- --count 366 --label agentpool=arm64 --label beta.kubernetes.io/arch=arm64 --label beta.kubernetes.io/os=linux --label kubernetes.azure.com/agentpool=arm64 --label kubernetes.azure.com/mode=user --label kubernetes.io/arch=arm64 --label kubernetes.io/os=linux --label node.kubernetes.io/instance-type=Standard_D16pds_v5 --label topology.kubernetes.io/region=eastus --label topology.kubernetes.io/zone=eastus-3 --cpu 15740m --memory 63421080Ki --pods 110
sim node add aks-gpu-eastus-1- --count 67 --label agentpool=gpu --label beta.kubernetes.io/arch=amd64 --label beta.kubernetes.io/os=linux --label kubernetes.azure.com/accelerator=nvidia --label kubernetes.azure.com/agentpool=gpu --label kubernetes.azure.com/mode=user --label kubernetes.io/arch=amd64 --label kubernetes.io/os=linux --label node.kubernetes.io/instance-type=Standard_NC24ads_A100_v4 --label topology.kubernetes.io/region=eastus --label topology.kubernetes.io/zone=eastus-1 --taint nvidia.com/gpu=present:NoSchedule --cpu 23660m --memory 224540472Ki --pods 110
sim node add aks-gpu-eastus-2- --count 67 --label agentpool=gpu --label beta.kubernetes.io/arch=amd64 --label beta.kubernetes.io/os=linux --label kubernetes.azure.com/accelerator=nvidia --label kubernetes.azure.com/agentpool=gpu --label kubernetes.azure.com/mode=user --label kubernetes.io/arch=amd64 --label kubernetes.io/os=linux --label node.kubernetes.io/instance-type=Standard_NC24ads_A100_v4 --label topology.kubernetes.io/region=eastus --label topology.kubernetes.io/zone=eastus-2 --taint nvidia.com/gpu=present:NoSchedule --cpu 23660m --memory 224540472Ki --pods 110
sim node add aks-gpu-eastus-3- --count 66 --label agentpool=gpu --label beta.kubernetes.io/arch=amd64 --label beta.kubernetes.io/os=linux --label kubernetes.azure.com/accelerator=nvidia --label kubernetes.azure.com/agentpool=gpu --label kubernetes.azure.com/mode=user --label kubernetes.io/arch=amd64 --label kubernetes.io/os=linux --label node.kubernetes.io/instance-type=Standard_NC24ads_A100_v4 --label topology.kubernetes.io/region=eastus --label topology.kubernetes.io/zone=eastus-3 --taint nvidia.com/gpu=present:NoSchedule --cpu 23660m --memory 224540472Ki --pods 110
# Cordoned nodes, as in the list.
kubectl cordon aks-general-eastus-1-209
kubectl cordon aks-general-eastus-1-235
kubectl cordon aks-general-eastus-1-262
kubectl cordon aks-general-eastus-1-357
kubectl cordon aks-general-eastus-1-420
kubectl cordon aks-general-eastus-1-1007
kubectl cordon aks-general-eastus-1-1028
kubectl cordon aks-general-eastus-1-1118
kubectl cordon aks-general-eastus-1-1137
kubectl cordon aks-general-eastus-2-405
kubectl cordon aks-general-eastus-2-452
kubectl cordon aks-general-eastus-2-505
kubectl cordon aks-general-eastus-2-953
kubectl cordon aks-general-eastus-2-1125
kubectl cordon aks-general-eastus-3-37
kubectl cordon aks-general-eastus-3-167
kubectl cordon aks-general-eastus-3-699
kubectl cordon aks-general-eastus-3-733
kubectl cordon aks-general-eastus-3-1090
kubectl cordon aks-arm64-eastus-1-207
kubectl cordon aks-arm64-eastus-1-240
kubectl cordon aks-arm64-eastus-1-285
kubectl cordon aks-arm64-eastus-1-351
kubectl cordon aks-arm64-eastus-2-81
kubectl cordon aks-arm64-eastus-2-131
kubectl cordon aks-arm64-eastus-3-27
kubectl cordon aks-arm64-eastus-3-57
kubectl cordon aks-arm64-eastus-3-159
# Unreachable nodes: their kubelets stop; the node lifecycle controller marks them after 40 s.
sim node fail aks-general-eastus-1-196 aks-general-eastus-1-341 aks-general-eastus-1-800 aks-general-eastus-1-802 aks-general-eastus-1-827 aks-general-eastus-1-862 aks-general-eastus-1-865 aks-general-eastus-2-68 aks-general-eastus-2-129 aks-general-eastus-2-326 aks-general-eastus-2-349 aks-general-eastus-2-640 aks-general-eastus-2-821 aks-general-eastus-2-964 aks-general-eastus-3-73 aks-general-eastus-3-97 aks-general-eastus-3-249 aks-general-eastus-3-345 aks-general-eastus-3-348 aks-general-eastus-3-471 aks-general-eastus-3-794 aks-general-eastus-3-989 aks-general-eastus-3-1024 aks-arm64-eastus-1-8 aks-arm64-eastus-1-88 aks-arm64-eastus-1-186 aks-arm64-eastus-1-331 aks-arm64-eastus-3-64 aks-arm64-eastus-3-353 aks-gpu-eastus-2-18
sim advance 50s
kubectl apply -f - <<EOF
apiVersion: v1
kind: ServiceAccount
metadata:
  name: fluentd-es
  namespace: kube-system
  labels:
    k8s-app: fluentd-es
    kubernetes.io/cluster-service: "true"
    addonmanager.kubernetes.io/mode: Reconcile
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: fluentd-es
  labels:
    k8s-app: fluentd-es
    kubernetes.io/cluster-service: "true"
    addonmanager.kubernetes.io/mode: Reconcile
rules:
- apiGroups:
  - ""
  resources:
  - "namespaces"
  - "pods"
  verbs:
  - "get"
  - "watch"
  - "list"
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: fluentd-es
  labels:
    k8s-app: fluentd-es
    kubernetes.io/cluster-service: "true"
    addonmanager.kubernetes.io/mode: Reconcile
subjects:
- kind: ServiceAccount
  name: fluentd-es
  namespace: kube-system
  apiGroup: ""
roleRef:
  kind: ClusterRole
  name: fluentd-es
  apiGroup: ""
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-es-v2.2.0
  namespace: kube-system
  labels:
    k8s-app: fluentd-es
    version: v2.2.0
    kubernetes.io/cluster-service: "true"
    addonmanager.kubernetes.io/mode: Reconcile
spec:
  selector:
    matchLabels:
      k8s-app: fluentd-es
      version: v2.2.0
  template:
    metadata:
      labels:
        k8s-app: fluentd-es
        kubernetes.io/cluster-service: "true"
        version: v2.2.0
      # This annotation ensures that fluentd does not get evicted if the node
      # supports critical pod annotation based priority scheme.
      # Note that this does not guarantee admission on the nodes (#40573).
      annotations:
        scheduler.alpha.kubernetes.io/critical-pod: ''
        seccomp.security.alpha.kubernetes.io/pod: 'docker/default'
    spec:
      priorityClassName: system-node-critical
      serviceAccountName: fluentd-es
      containers:
      - name: fluentd-es
        image: k8s.gcr.io/fluentd-elasticsearch:v2.2.0
        env:
        - name: FLUENTD_ARGS
          value: --no-supervisor -q
        resources:
          limits:
            memory: 500Mi
          requests:
            cpu: 100m
            memory: 200Mi
        volumeMounts:
        - name: varlog
          mountPath: /var/log
        - name: varlibdockercontainers
          mountPath: /var/lib/docker/containers
          readOnly: true
        - name: config-volume
          mountPath: /etc/fluent/config.d
      terminationGracePeriodSeconds: 30
      volumes:
      - name: varlog
        hostPath:
          path: /var/log
      - name: varlibdockercontainers
        hostPath:
          path: /var/lib/docker/containers
      - name: config-volume
        configMap:
          name: fluentd-es-config-v0.1.4
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-problem-detector
  namespace: kube-system
  labels:
    app: node-problem-detector
spec:
  selector:
    matchLabels:
      app: node-problem-detector
  template:
    metadata:
      labels:
        app: node-problem-detector
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                  - key: kubernetes.io/os
                    operator: In
                    values:
                      - linux
      containers:
      - name: node-problem-detector
        command:
        - /node-problem-detector
        - --logtostderr
        - --config.system-log-monitor=/config/kernel-monitor.json,/config/readonly-monitor.json,/config/docker-monitor.json
        image: registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.19
        resources:
          limits:
            cpu: 10m
            memory: 80Mi
          requests:
            cpu: 10m
            memory: 80Mi
        imagePullPolicy: IfNotPresent
        securityContext:
          privileged: true
        env:
        - name: NODE_NAME
          valueFrom:
            fieldRef:
              fieldPath: spec.nodeName
        volumeMounts:
        - name: log
          mountPath: /var/log
          readOnly: true
        - name: kmsg
          mountPath: /dev/kmsg
          readOnly: true
        # Make sure node problem detector is in the same timezone
        # with the host.
        - name: localtime
          mountPath: /etc/localtime
          readOnly: true
        - name: config
          mountPath: /config
          readOnly: true
      serviceAccountName: node-problem-detector
      volumes:
      - name: log
        # Config `log` to your system log directory
        hostPath:
          path: /var/log/
      - name: kmsg
        hostPath:
          path: /dev/kmsg
      - name: localtime
        hostPath:
          path: /etc/localtime
      - name: config
        configMap:
          name: node-problem-detector-config
          items:
          - key: kernel-monitor.json
            path: kernel-monitor.json
          - key: readonly-monitor.json
            path: readonly-monitor.json
          - key: docker-monitor.json
            path: docker-monitor.json
      tolerations:
        - effect: NoSchedule
          operator: Exists
        - effect: NoExecute
          operator: Exists
EOF
kubectl apply -f - <<EOF
# Copyright (c) 2019, NVIDIA CORPORATION.  All rights reserved.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: nvidia-device-plugin-daemonset
  namespace: kube-system
spec:
  selector:
    matchLabels:
      name: nvidia-device-plugin-ds
  updateStrategy:
    type: RollingUpdate
  template:
    metadata:
      labels:
        name: nvidia-device-plugin-ds
    spec:
      tolerations:
      - key: nvidia.com/gpu
        operator: Exists
        effect: NoSchedule
      # Mark this pod as a critical add-on; when enabled, the critical add-on
      # scheduler reserves resources for critical add-on pods so that they can
      # be rescheduled after a failure.
      # See https://kubernetes.io/docs/tasks/administer-cluster/guaranteed-scheduling-critical-addon-pods/
      priorityClassName: "system-node-critical"
      containers:
      - image: nvcr.io/nvidia/k8s-device-plugin:v0.20.0
        name: nvidia-device-plugin-ctr
        env: []
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            drop: ["ALL"]
        volumeMounts:
        - name: kubelet-device-plugins-dir
          mountPath: /var/lib/kubelet/device-plugins
      volumes:
      - name: kubelet-device-plugins-dir
        hostPath:
          path: /var/lib/kubelet/device-plugins
          type: Directory
EOF
sim advance 5s
