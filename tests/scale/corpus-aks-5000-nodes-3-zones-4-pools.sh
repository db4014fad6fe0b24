# Every corpus manifest applied on the aks-5000-nodes-3-zones-4-pools node list: each DaemonSet lands where Kubernetes
# would put it (nodeSelector, affinity, taints vs tolerations, cordoned and NotReady nodes).
# metallb.yaml declares apps/v1beta2, removed in 1.16: it is reported, not placed.
kubectl apply -f tests/corpus/nodes/aks-5000-nodes-3-zones-4-pools.yaml
kubectl create namespace calico-system
kubectl create namespace monitoring
kubectl apply -f tests/corpus/manifests/NVIDIA__k8s-device-plugin__nvidia-device-plugin.yaml
kubectl apply -f tests/corpus/manifests/aws__amazon-vpc-cni-k8s__aws-k8s-cni.yaml
kubectl apply -f tests/corpus/manifests/cloudnativelabs__kube-router__kubeadm-kuberouter.yaml
kubectl apply -f tests/corpus/manifests/flannel-io__flannel__kube-flannel.yaml
kubectl apply -f tests/corpus/manifests/fluent__fluentd-kubernetes-daemonset__fluentd-daemonset-elasticsearch-rbac.yaml
kubectl apply -f tests/corpus/manifests/kubereboot__kured__kured-ds.yaml
kubectl apply -f tests/corpus/manifests/kubernetes-sigs__aws-ebs-csi-driver__node.yaml
kubectl apply -f tests/corpus/manifests/kubernetes__kubernetes__fluentd-es-ds.yaml
kubectl apply -f tests/corpus/manifests/kubernetes__kubernetes__ip-masq-agent.yaml
kubectl apply -f tests/corpus/manifests/kubernetes__kubernetes__node-exporter-ds.yaml
kubectl apply -f tests/corpus/manifests/kubernetes__kubernetes__nodelocaldns.yaml
kubectl apply -f tests/corpus/manifests/kubernetes__kubernetes__nvidia-gpu-daemonset.yaml
kubectl apply -f tests/corpus/manifests/kubernetes__node-problem-detector__node-problem-detector.yaml
kubectl apply -f tests/corpus/manifests/metallb__metallb__metallb-native.yaml
kubectl apply -f tests/corpus/manifests/metallb__metallb__metallb.yaml
kubectl apply -f tests/corpus/manifests/projectcalico__calico__calico-windows-vxlan.yaml
kubectl apply -f tests/corpus/manifests/projectcalico__calico__calico.yaml
kubectl apply -f tests/corpus/manifests/prometheus-operator__kube-prometheus__nodeExporter-daemonset.yaml
sim advance 1m
kubectl get ds -A -o wide
