//! `dsplay bench`: the scale figures the README reports, measured on the real code paths:
//! converging a new DaemonSet on N nodes, an idle `sim advance 1s`, and one label change.

use dsplay_console::Console;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const DAEMONSET: &str = "kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: NAME
spec:
  selector:
    matchLabels:
      app: NAME
  template:
    metadata:
      labels:
        app: NAME
    spec:
      tolerations:
      - operator: Exists
      containers:
      - name: agent
        image: registry.k8s.io/NAME:1.0
        resources:
          requests:
            cpu: 10m
            memory: 20Mi
EOF
";

fn run(console: &mut Console, text: &str) {
    match console.run_text(text) {
        Ok(results) => {
            for (c, o) in results {
                if o.exit_code != 0 {
                    eprintln!("bench: `{}` failed:\n{}", c.first_line, o.text());
                }
            }
        }
        Err(e) => eprintln!("bench: {e}"),
    }
}

fn converge(console: &mut Console, name: &str) -> (Duration, u64) {
    let start = Instant::now();
    run(console, &DAEMONSET.replace("NAME", name));
    let mut simulated = 0;
    loop {
        let done = console.simulation().store.daemonsets.values().find(|d| d.meta.name == name).is_some_and(|d| {
            d.status.desired_number_scheduled > 0 && d.status.number_available == d.status.desired_number_scheduled
        });
        if done || simulated > 600_000 {
            break;
        }
        console.advance_ms(1000);
        simulated += 1000;
    }
    (start.elapsed(), simulated)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

pub fn main(args: &[String]) -> ExitCode {
    let nodes: usize = match args {
        [] => 5000,
        [flag, n] if flag == "--nodes" => match n.parse() {
            Ok(n) if (1..=5000).contains(&n) => n,
            _ => {
                eprintln!("dsplay bench: --nodes takes 1 to 5000");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("usage: dsplay bench [--nodes N]");
            return ExitCode::from(2);
        }
    };
    let mut console = Console::new();
    let t = Instant::now();
    run(&mut console, &format!("sim node add node- --count {nodes} --label pool=general"));
    println!("setup: {nodes} nodes added in {:.1} ms", t.elapsed().as_secs_f64() * 1e3);

    let (first, sim_ms) = converge(&mut console, "ds-0");
    println!(
        "converge: a new DaemonSet on {nodes} nodes is available everywhere after {:.1} ms wall ({} s simulated)",
        first.as_secs_f64() * 1e3,
        sim_ms / 1000
    );
    for i in 1..10 {
        converge(&mut console, &format!("ds-{i}"));
    }
    let pods = console.simulation().store.pods.len();
    println!("cluster: 10 DaemonSets, {pods} pods");

    let evals_before = console.simulation().placement_evaluations;
    let idle: Vec<Duration> = (0..50)
        .map(|_| {
            let t = Instant::now();
            console.advance_ms(1000);
            t.elapsed()
        })
        .collect();
    println!(
        "idle: one `sim advance 1s` takes {} ns (median of 50); placement evaluations: {}",
        median(idle).as_nanos(),
        console.simulation().placement_evaluations - evals_before
    );

    let mut label: Vec<Duration> = Vec::new();
    let mut evals = 0;
    for i in 0..20 {
        let before = console.simulation().placement_evaluations;
        let t = Instant::now();
        let out = console.run_line(&format!("kubectl label nodes node-{} bench=run{i} --overwrite", i + 1));
        label.push(t.elapsed());
        evals += console.simulation().placement_evaluations - before;
        if out.exit_code != 0 {
            eprintln!("bench: label failed: {}", out.text());
        }
    }
    println!(
        "label: one `kubectl label nodes` takes {:.2} ms (median of 20); placement evaluations per change: {}",
        median(label).as_secs_f64() * 1e3,
        evals / 20
    );

    let t = Instant::now();
    let out = console.run_line("kubectl get pods -A -o wide");
    println!(
        "get: `kubectl get pods -A -o wide` over {pods} pods takes {:.1} ms ({} bytes)",
        t.elapsed().as_secs_f64() * 1e3,
        out.text().len()
    );
    ExitCode::SUCCESS
}
