"""Writes fields.txt and fields.js, the field schema strict decoding checks manifests against.

The source is the Kubernetes Python client, whose models are generated from the apiserver's
OpenAPI document (client 33.x is Kubernetes 1.33). Run it again after a Kubernetes upgrade:

    python3 -m venv /tmp/kvenv && /tmp/kvenv/bin/pip install 'kubernetes==33.1.0'
    /tmp/kvenv/bin/python crates/core/schema/generate.py

Format of fields.txt (a field may carry `:type`, the Go type decoding errors name, for the
fields the simulation reads: s string, b bool, i int32, l int64, n IntOrString,
m map[string]string, a []string, o a struct, O a list of structs): first a line per top-level kind, `=Kind N`, N being the line (from 0)
of the struct it decodes into among the struct lines that follow; then one line per struct:
its Go name, then its JSON fields separated by spaces. A field whose value is itself checked
(an object, or a list of objects) is written `field>N`, N the line of its struct; every
other field (scalars, string maps, quantities, IntOrString, RawExtension) is opaque. Every
`field>N` is typed `:o` or `:O`, so its shape (object or list) is always checked.
fields.js holds the same text for the page, which loads it before the app (index.html).
"""
import json
import os
import re
import kubernetes.client as c

ROOTS = {
    "DaemonSet": "V1DaemonSet",
    "ControllerRevision": "V1ControllerRevision",
    "Deployment": "V1Deployment",
    "ReplicaSet": "V1ReplicaSet",
    "StatefulSet": "V1StatefulSet",
    "Node": "V1Node",
    "Pod": "V1Pod",
    "Namespace": "V1Namespace",
    "ConfigMap": "V1ConfigMap",
    "Secret": "V1Secret",
    "Service": "V1Service",
    "ServiceAccount": "V1ServiceAccount",
    "Event": "CoreV1Event",
    "PriorityClass": "V1PriorityClass",
}

# The Go types the apiserver's decoding errors name, for the fields the simulation reads
# (typecheck.rs). The Python client cannot tell int32 from int64 or a string from a quantity,
# so these are listed by hand; other fields are not type-checked.
S, B, I32, I64, IOS, MS, LS, O = "s", "b", "i", "l", "n", "m", "a", "o"
TYPED = {
    "ObjectMeta": {"name": S, "namespace": S, "generateName": S, "labels": MS, "annotations": MS},
    "ConfigMap": {"data": MS},
    "PriorityClass": {"value": I32, "globalDefault": B, "description": S, "preemptionPolicy": S},
    "DaemonSetSpec": {"selector": O, "template": O, "updateStrategy": O, "minReadySeconds": I32,
                      "revisionHistoryLimit": I32},
    "LabelSelector": {"matchLabels": MS, "matchExpressions": O},
    "LabelSelectorRequirement": {"key": S, "operator": S, "values": LS},
    "NodeSelectorRequirement": {"key": S, "operator": S, "values": LS},
    "DaemonSetUpdateStrategy": {"type": S, "rollingUpdate": O},
    "RollingUpdateDaemonSet": {"maxUnavailable": IOS, "maxSurge": IOS},
    "PodSpec": {"nodeSelector": MS, "nodeName": S, "restartPolicy": S, "serviceAccountName": S,
                "priorityClassName": S, "dnsPolicy": S, "schedulerName": S, "preemptionPolicy": S,
                "hostNetwork": B, "hostPID": B, "hostIPC": B, "terminationGracePeriodSeconds": I64,
                "activeDeadlineSeconds": I64, "priority": I32, "containers": O, "initContainers": O,
                "tolerations": O, "affinity": O},
    "Container": {"name": S, "image": S, "imagePullPolicy": S, "command": LS, "args": LS, "ports": O,
                  "env": O},
    "EnvVar": {"name": S, "value": S},
    "ContainerPort": {"containerPort": I32, "hostPort": I32, "protocol": S, "name": S, "hostIP": S},
    "Toleration": {"key": S, "operator": S, "value": S, "effect": S, "tolerationSeconds": I64},
    "Affinity": {"nodeAffinity": O},
    "NodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": O},
    "NodeSelector": {"nodeSelectorTerms": O},
    "NodeSelectorTerm": {"matchExpressions": O, "matchFields": O},
    "NodeSpec": {"taints": O, "unschedulable": B, "podCIDR": S, "providerID": S},
    "Taint": {"key": S, "value": S, "effect": S},
}
# Every kind's metadata, and the specs of the kinds the simulation runs, are checked as objects.
for kind in ("DaemonSet", "Pod", "Node", "PodTemplateSpec", "PriorityClass", "ConfigMap"):
    TYPED.setdefault(kind, {})["metadata"] = O
for kind in ("DaemonSet", "Pod", "PodTemplateSpec", "Node"):
    TYPED[kind]["spec"] = O

def js(text):
    """fields.js: the text as a global the app reads when it starts (schema.rs checks the pair)."""
    return "window.dsplayFields = " + json.dumps(text) + ";\n"

def short(cls):
    return re.sub(r"^(CoreV1|V1)", "", cls)

def child(t):
    m = re.fullmatch(r"list\[(\w+)\]", t)
    if m:
        t = m.group(1)
    return t if hasattr(c, t) and t[0] == "V" or t.startswith("CoreV1") else None

seen, order, queue = set(), [], list(ROOTS.values())
while queue:
    cls = queue.pop(0)
    if cls in seen:
        continue
    seen.add(cls)
    order.append(cls)
    model = getattr(c, cls)
    for attr in model.openapi_types:
        ch = child(model.openapi_types[attr])
        if ch:
            queue.append(ch)

index = {cls: i for i, cls in enumerate(order)}
lines = [f"={kind} {index[cls]}" for kind, cls in ROOTS.items()]
for cls in order:
    model = getattr(c, cls)
    fields = []
    for attr, t in model.openapi_types.items():
        name = model.attribute_map[attr]
        ch = child(t)
        typed = TYPED.get(short(cls), {}).get(name)
        # Every struct-valued field has its shape checked: a list where an object belongs (or
        # the reverse) is a decoding error whether or not the simulation reads the field.
        if ch and not typed:
            typed = O
        word = name + (":" + typed if typed else "")
        if typed == O and not t.startswith("list["):
            word = name + ":o"
        elif typed == O:
            word = name + ":O"
        fields.append(f"{word}>{index[ch]}" if ch else word)
    lines.append(" ".join([short(cls)] + fields))
emitted = {(line.split(" ")[0], w.split(":")[0]) for line in lines for w in line.split(" ")[1:] if ":" in w}
missing = {(st, f) for st, fs in TYPED.items() for f in fs} - emitted
assert not missing, f"typed fields the schema does not have: {sorted(missing)}"
text = "\n".join(lines) + "\n"
here = os.path.dirname(os.path.abspath(__file__))
open(os.path.join(here, "fields.txt"), "w").write(text)
open(os.path.join(here, "fields.js"), "w").write(js(text))
