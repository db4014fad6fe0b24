"""Writes fields.txt and fields.js, the field schema strict decoding checks manifests against.

The source is the Kubernetes Python client, whose models are generated from the apiserver's
OpenAPI document (client 33.x is Kubernetes 1.33). Run it again after a Kubernetes upgrade:

    python3 -m venv /tmp/kvenv && /tmp/kvenv/bin/pip install 'kubernetes==33.1.0'
    /tmp/kvenv/bin/python crates/core/schema/generate.py

Format of fields.txt: first a line per top-level kind, `=Kind N`, N being the line (from 0)
of the struct it decodes into among the struct lines that follow; then a line per named type
that is no struct, `~v1.RestartPolicy s`, with the type it names; then one line per struct: its
Go name, then its JSON fields separated by spaces, each `field:T`. T is the field's Go type as
decoding errors print it, or an abbreviation (s string, b bool, i int32, l int64, n
IntOrString, m map[string]string, a []string, q resource.Quantity, t v1.Time, u v1.MicroTime,
x []uint8, r a raw extension, which takes any JSON). A struct-valued field is `field:o>N`, a
list of structs `field:O>N`, N the line of its struct: its fields are checked in turn.
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

# Every field's Go type, as reflect prints it in a decoding error (pointers dropped: the decoder
# fills the value they point to), read from k8s.io/api and k8s.io/apimachinery v0.33's types.go
# (gotypes.json; the Python client cannot tell int32 from int64, a string from a quantity or a
# named string type such as v1.RestartPolicy from a string). Named types that are no struct
# map to what they name ("named"). Refresh it from those files after a Kubernetes upgrade;
# this script fails on any field it does not cover.
GO = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "gotypes.json")))
# Abbreviations for the commonest types, to keep fields.js small (schema.rs expands them).
ABBREV = {"string": "s", "bool": "b", "int32": "i", "int64": "l", "intstr.IntOrString": "n",
          "map[string]string": "m", "[]string": "a", "resource.Quantity": "q", "v1.Time": "t",
          "v1.MicroTime": "u", "[]uint8": "x", "runtime.RawExtension": "r", "v1.FieldsV1": "r"}
# What the checker knows without a `~` line (typecheck.rs).
BUILTIN = set(ABBREV) | {"uint8"}

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
named_used = set()

def go_type(st, name):
    t = GO["structs"].get(st, {}).get(name)
    assert t, f"gotypes.json has no Go type for {st}.{name}"
    return t.replace("[]byte", "[]uint8")

def check_named(t):
    """Every type name an expression uses is known: built in, a struct, or a `~` line."""
    for part in re.findall(r"[\w.]+", t.replace("[]", " ").replace("map[", " ").replace("]", " ")):
        if part in BUILTIN or part in GO["named"]:
            if part in GO["named"]:
                named_used.add(part)
                check_named(GO["named"][part])
            continue
        assert part.startswith("v1.") and part[3:] in {short(c) for c in order} | {"ObjectMeta"}, part

for cls in order:
    model = getattr(c, cls)
    fields = []
    for attr, t in model.openapi_types.items():
        name = model.attribute_map[attr]
        ch = child(t)
        go = go_type(short(cls), name)
        check_named(go)
        if ch:
            # A struct, or a list of structs: its shape is checked and its fields walked.
            assert go in ("v1." + short(ch), "[]v1." + short(ch)), (cls, name, go, ch)
            word = f"{name}:{'O' if go.startswith('[]') else 'o'}>{index[ch]}"
        else:
            word = f"{name}:{ABBREV.get(go, go)}"
        fields.append(word)
    lines.append(" ".join([short(cls)] + fields))
# The named types that are no struct, with what they name.
lines[len(ROOTS):len(ROOTS)] = [f"~{n} {ABBREV.get(GO['named'][n], GO['named'][n])}" for n in sorted(named_used)]
text = "\n".join(lines) + "\n"
here = os.path.dirname(os.path.abspath(__file__))
open(os.path.join(here, "fields.txt"), "w").write(text)
open(os.path.join(here, "fields.js"), "w").write(js(text))
