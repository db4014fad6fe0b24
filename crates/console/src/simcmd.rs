//! `sim …` lines: the simulator's own commands (nodes, faults, time).

use crate::errors::api_error;
use crate::flags::{Spec, flag, parse};
use crate::words::escape_control;
use crate::{Console, Out};
use dsplay_core::labels::{Labels, validate_label_key, validate_label_value};
use dsplay_core::objects::Taint;
use dsplay_core::time::parse_duration_ms;

const NODE_ADD_FLAGS: &[Spec] = &[
    flag("label", None, true),
    flag("taint", None, true),
    flag("unschedulable", None, false),
    flag("cpu", None, true),
    flag("memory", None, true),
    flag("pods", None, true),
    flag("count", None, true),
];

const USAGE: &str = "error: sim commands: sim node add|remove|fail|recover|condition, sim pod fail POD, sim image break|fix|slow IMAGE, sim advance DURATION";

pub(crate) fn sim(console: &mut Console, args: &[String], out: &mut Out) {
    if let Err(e) = run(console, args, out) {
        out.err(&format!("{e}\n"));
    }
}

fn duration(text: &str) -> Result<u64, String> {
    parse_duration_ms(text).ok_or_else(|| {
        format!(
            "error: invalid duration \"{}\": use a number and a unit, e.g. 500ms, 30s, 5m, 1h",
            escape_control(text)
        )
    })
}

fn run(console: &mut Console, args: &[String], out: &mut Out) -> Result<(), String> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["advance", d] => {
            crate::waits::advance(console, duration(d)?);
            Ok(())
        }
        ["node", "add", ..] => node_add(console, &args[2..], out),
        ["node", "remove", names @ ..] if !names.is_empty() => {
            for n in names {
                console.sim.delete_node(n).map_err(|e| api_error(&e, None, false))?;
                out.out(&format!("node \"{n}\" deleted\n"));
            }
            Ok(())
        }
        ["node", "fail", names @ ..] if !names.is_empty() => {
            for n in names {
                console.sim.fail_node(n).map_err(|e| api_error(&e, None, false))?;
                out.out(&format!("node/{n} failed: its kubelet stopped posting status\n"));
            }
            Ok(())
        }
        ["node", "recover", names @ ..] if !names.is_empty() => {
            for n in names {
                console.sim.recover_node(n).map_err(|e| api_error(&e, None, false))?;
                out.out(&format!("node/{n} recovered\n"));
            }
            Ok(())
        }
        ["node", "condition", name, cond] => {
            let (kind, value) = cond
                .split_once('=')
                .ok_or_else(|| format!("error: expected CONDITION=True|False, got \"{}\"", escape_control(cond)))?;
            let on = match value {
                "True" => true,
                "False" => false,
                other => {
                    return Err(format!(
                        "error: condition status must be True or False, got \"{}\"",
                        escape_control(other)
                    ));
                }
            };
            console.sim.set_node_condition(name, kind, on).map_err(|e| api_error(&e, None, false))?;
            out.out(&format!("node/{name} condition {kind}={value}\n"));
            Ok(())
        }
        ["pod", "fail", pods @ ..] if !pods.is_empty() => {
            let p = parse(&args[2..], &[], "sim pod fail")?;
            let ns = p.get("namespace").unwrap_or("default").to_string();
            for pod in &p.args {
                console.sim.fail_pod(&ns, pod).map_err(|e| api_error(&e, None, false))?;
                out.out(&format!("pod/{pod} failed\n"));
            }
            Ok(())
        }
        ["image", "break", image] => {
            console.sim.break_image(image, true);
            out.out(&format!("image {image} now fails to pull\n"));
            Ok(())
        }
        ["image", "fix", image] => {
            console.sim.break_image(image, false);
            console.sim.slow_image(image, 0);
            out.out(&format!("image {image} pulls normally\n"));
            Ok(())
        }
        ["image", "slow", image, d] => {
            let ms = duration(d)?;
            console.sim.slow_image(image, ms as i64);
            out.out(&format!("image {image} now takes {d} to become ready\n"));
            Ok(())
        }
        // Name what was not understood, as cobra does (`unknown command "x" for "kubectl"`).
        ["node", word, ..] if !matches!(*word, "add" | "remove" | "fail" | "recover" | "condition") => {
            Err(format!("error: unknown command \"{}\" for \"sim node\"\n{USAGE}", escape_control(word)))
        }
        [word, ..] if !matches!(*word, "advance" | "node" | "pod" | "image") => {
            Err(format!("error: unknown command \"{}\" for \"sim\"\n{USAGE}", escape_control(word)))
        }
        _ => Err(USAGE.to_string()),
    }
}

fn node_add(console: &mut Console, args: &[String], out: &mut Out) -> Result<(), String> {
    let p = parse(args, NODE_ADD_FLAGS, "sim node add")?;
    if p.args.is_empty() {
        return Err("error: sim node add NAME [NAME…] [--label k=v]… [--taint k=v:Effect]… [--unschedulable] [--cpu Q] [--memory Q] [--pods N] [--count N]".into());
    }
    let mut labels = Labels::new();
    for l in p.all("label") {
        // kubectl label's parseLabels: exactly one '='.
        let (k, v) = l
            .split_once('=')
            .filter(|(_, v)| !v.contains('='))
            .ok_or_else(|| format!("error: invalid label spec: {}", escape_control(&l)))?;
        validate_label_key(k).map_err(|e| format!("error: invalid label spec: {l}: {e}"))?;
        validate_label_value(v).map_err(|e| format!("error: invalid label value: \"{l}\": {e}"))?;
        labels.insert(k.into(), v.into());
    }
    let mut taints = Vec::new();
    for t in p.all("taint") {
        let (kv, effect) =
            t.rsplit_once(':').ok_or_else(|| format!("error: invalid taint spec: {t}, unknown taint spec: {t}"))?;
        if !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&effect) {
            return Err(format!(
                "error: invalid taint spec: {t}, invalid taint effect: {effect}, unsupported taint effect"
            ));
        }
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        validate_label_key(k).map_err(|e| format!("error: invalid taint spec: {t}, {e}"))?;
        taints.push(Taint::new(k, v, effect));
    }
    let cpu = p.get("cpu").unwrap_or("4").to_string();
    let memory = p.get("memory").unwrap_or("16Gi").to_string();
    for (flag, q) in [("cpu", &cpu), ("memory", &memory)] {
        dsplay_core::quantity::parse_milli(q)
            .map_err(|e| format!("error: invalid --{flag} \"{}\": {e}", escape_control(q)))?;
    }
    let pods: i64 = match p.get("pods") {
        Some(n) => n.parse().ok().filter(|n| (0..=10_000).contains(n)).ok_or_else(|| {
            format!("error: invalid --pods \"{}\": expected a whole number from 0 to 10000", escape_control(n))
        })?,
        None => 110,
    };
    let count: usize = match p.get("count") {
        Some(n) => n.parse().ok().filter(|n| (1..=5_000).contains(n)).ok_or_else(|| {
            format!("error: invalid --count \"{}\": expected a whole number from 1 to 5000", escape_control(n))
        })?,
        None => 1,
    };
    let mut names = Vec::new();
    for base in &p.args {
        if count == 1 {
            names.push(base.clone());
        } else {
            names.extend((1..=count).map(|i| format!("{base}{i}")));
        }
    }
    if console.sim.store().nodes().len() + names.len() > 5_000 {
        return Err(format!(
            "error: {} nodes: this playground supports up to 5,000 (Kubernetes' tested limit)",
            console.sim.store().nodes().len() + names.len()
        ));
    }
    let shape =
        dsplay_core::sim::NodeShape { labels, taints, unschedulable: p.bool("unschedulable"), cpu, memory, pods };
    let (added, refused) = console.sim.add_nodes(&names, &shape);
    for name in &names[..added] {
        out.out(&format!("node/{name} created\n"));
    }
    match refused {
        Some(e) => Err(api_error(&e, None, true)),
        None => Ok(()),
    }
}
