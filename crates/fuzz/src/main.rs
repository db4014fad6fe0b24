//! `dsplay-fuzz [--seconds N] [--target NAME] [--seed S]`: mutation fuzzing on stable Rust.
//!
//! cargo-fuzz needs a nightly toolchain, which this project's machines cannot fetch. This is a
//! plain mutation fuzzer instead: each target starts from seeds (the golden transcripts, their
//! heredocs, the corpus manifests beside the checkout, and hand-made strings), mutates them
//! (bit flips, interesting bytes, tokens of the input's language, deletions, duplications,
//! splices), runs the target under `catch_unwind` and a clock, and keeps the inputs the target
//! accepts as new parents, so that the search reaches past the first error. Without coverage
//! feedback it is blunter than libFuzzer, which is why it runs millions of inputs.
//!
//! A finding is a panic, an input that takes more than 1 s (measured when it returns: an input
//! that never returns stops the run, which then prints no report), or a resident size above
//! 2 GiB.
//! Each is written to `target/fuzz/findings/TARGET-N.txt` with its reason; the run prints the
//! executions, seconds and findings per target, and exits 1 if there were any. Every finding
//! becomes a case in `tests/regressions.rs`.

use dsplay_fuzz::{MAX_LEN, TARGETS, Target};
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const SLOW: Duration = Duration::from_secs(1);
const MAX_RSS_BYTES: u64 = 2 << 30;
/// Parents kept per target (seeds plus accepted mutants), oldest accepted replaced first.
const POOL: usize = 4096;

/// Tokens a mutation inserts: the syntax the targets read.
const TOKENS: &[&str] = &[
    ":",
    ": ",
    "- ",
    "---\n",
    "...\n",
    "\n",
    "\n  ",
    "\t",
    " ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "!!int ",
    "? ",
    "|\n",
    ">-\n",
    "#",
    "'",
    "\"",
    "\\",
    "~",
    "null",
    "true",
    "yes",
    "on",
    "0x1F",
    "0o17",
    "1e400",
    "-0",
    ".inf",
    ".nan",
    "<<: ",
    "%YAML 1.1\n",
    "\u{feff}",
    "\u{1b}[31m",
    "\u{202e}",
    "\u{0}",
    "é",
    "😀",
    "<<EOF\n",
    "\nEOF\n",
    "<<'EOF'\n",
    "kubectl ",
    "sim ",
    "apply -f -",
    "get pods -o yaml",
    "describe ",
    "delete ",
    "--field-selector",
    "status.phase=Pending",
    "-l app=x",
    "-n kube-system",
    "-A",
    "--dry-run=client",
    "advance ",
    "node add n1 --count 3",
    "drain n1 --ignore-daemonsets --force",
    "rollout undo ds/a",
    "set image ds/a a=b:2",
    "=",
    "==",
    "!=",
    "/",
    "#s1:",
    "#p:",
    "Gi",
    "Mi",
    "m",
    "k",
    "e3",
    "Ki",
    "E",
    "h",
    "ms",
    "s",
    "1h30m",
    "9999999999",
    "apiVersion: apps/v1\n",
    "kind: DaemonSet\n",
    "kind: Pod\n",
    "kind: PriorityClass\n",
    "metadata:\n  name: a\n",
    "spec:\n",
    "  template:\n",
    "    spec:\n",
    "      containers:\n      - name: a\n        image: b\n",
    "  selector:\n    matchLabels: {app: a}\n",
    "priorityClassName: system-node-critical\n",
    "resources: {requests: {cpu: 10m}}",
    "hostPort: 80",
    "tolerations: [{operator: Exists}]",
];
const INTERESTING: &[u8] = b"\0\x7f\xff\n\r\t :-\"'{}[]#&*!|>%@`\\=,.0123456789";

/// xorshift64*: deterministic for a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, pool: &[Vec<u8>]) {
    for _ in 0..=rng.below(4) {
        let len = input.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                input[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            2 | 3 => {
                let at = rng.below(len + 1);
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                input.splice(at..at, token.iter().copied());
            }
            4 if len > 0 => {
                let from = rng.below(len);
                let to = (from + 1 + rng.below(16)).min(len);
                input.drain(from..to);
            }
            5 if len > 0 => {
                let from = rng.below(len);
                let to = (from + 1 + rng.below(64)).min(len);
                let piece: Vec<u8> = input[from..to].to_vec();
                let at = rng.below(input.len() + 1);
                input.splice(at..at, piece);
            }
            6 if !pool.is_empty() => {
                let other = &pool[rng.below(pool.len())];
                let cut = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                input.truncate(cut);
                input.extend_from_slice(&other[from..]);
            }
            _ => {
                let at = rng.below(len + 1);
                let digits = (rng.next() % 100_000).to_string();
                input.splice(at..at, digits.bytes());
            }
        }
    }
    input.truncate(MAX_LEN);
}

fn seeds(root: &Path, target: &str) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    let read_dir = |dir: &Path, ext: &str| -> Vec<Vec<u8>> {
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|x| x == ext));
        files.sort();
        files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
    };
    let scripts = read_dir(&root.join("tests/transcripts"), "sh");
    let manifests = read_dir(&root.join("../shared/corpus/manifests"), "yaml");
    // The heredoc bodies of the transcripts: the manifests people type.
    let heredocs = scripts.iter().flat_map(|s| {
        let text = String::from_utf8_lossy(s).into_owned();
        text.split("<<EOF\n")
            .skip(1)
            .filter_map(|b| b.split("\nEOF").next().map(|b| b.as_bytes().to_vec()))
            .collect::<Vec<_>>()
    });
    match target {
        "yaml" | "apply" => {
            out.extend(heredocs);
            out.extend(manifests.into_iter().map(|mut m| {
                m.truncate(MAX_LEN);
                m
            }));
        }
        "console" | "script" => out.extend(scripts.into_iter().map(|mut s| {
            s.truncate(MAX_LEN);
            s
        })),
        "share-link" => {
            for s in scripts.iter().take(8) {
                let text = String::from_utf8_lossy(s);
                if let Ok(link) = dsplay_app::share::encode_fragment(&text) {
                    out.push(link.into_bytes());
                }
            }
            out.push(b"#p:sim%20node%20add%20n1".to_vec());
            out.push(br#"{"v":1,"sum":"0","script":"sim node add n1"}"#.to_vec());
        }
        "quantity" => out.extend(
            ["500m", "1.5Gi", "2", "1e3", "100Ki", "0.1", "-1", "1E", "12345678901234567890m"]
                .map(|s| s.as_bytes().to_vec()),
        ),
        _ => out.extend(["1h30m", "500ms", "30s", "5m", "2h45m10s", "1.5h", "0", "-1s"].map(|s| s.as_bytes().to_vec())),
    }
    if out.is_empty() {
        out.push(Vec::new());
    }
    out
}

thread_local! {
    /// The last panic's message and place, taken by the hook instead of printed.
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    statm.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()).unwrap_or(0) * 4096
}

struct Report {
    execs: u64,
    seconds: f64,
    findings: Vec<String>,
}

fn fuzz(root: &Path, target: &Target, budget: Duration, seed: u64) -> Report {
    let mut rng = Rng(seed
        ^ target.name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
        | 1);
    let mut pool = seeds(root, target.name);
    let seeded = pool.len();
    let mut next_replace = seeded;
    let findings_dir = root.join("target/fuzz/findings");
    let mut findings: Vec<String> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let started = Instant::now();
    let mut execs = 0u64;
    while started.elapsed() < budget {
        // Seeds themselves first, then mutants.
        let mut input = pool[if (execs as usize) < seeded { execs as usize } else { rng.below(pool.len()) }].clone();
        if execs as usize >= seeded {
            mutate(&mut rng, &mut input, &pool);
        }
        let text = String::from_utf8_lossy(&input).into_owned();
        let t = Instant::now();
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| (target.run)(&text)));
        let took = t.elapsed();
        execs += 1;
        let problem = match outcome {
            Err(_) => Some(format!("panic: {}", PANIC.with(|p| p.borrow_mut().take()).unwrap_or_default())),
            Ok(_) if took > SLOW => Some(format!("slow: {} ms", took.as_millis())),
            // Accepted mutants (not the seeds again) become parents; once the pool is full they
            // replace the oldest accepted ones, now and then.
            Ok(accepted) => {
                if accepted && execs as usize > seeded {
                    if pool.len() < POOL {
                        pool.push(input.clone());
                    } else if rng.below(16) == 0 {
                        pool[next_replace] = input.clone();
                        next_replace = if next_replace + 1 >= POOL { seeded } else { next_replace + 1 };
                    }
                }
                None
            }
        };
        if execs.is_multiple_of(4096) && resident_bytes() > MAX_RSS_BYTES {
            findings.push(format!("memory: resident size above {} MiB", MAX_RSS_BYTES >> 20));
            break;
        }
        if let Some(problem) = problem {
            // One file per distinct panic site or kind of slowness.
            let key = problem.split(" at ").last().unwrap_or(&problem).to_string();
            let key = if problem.starts_with("slow") { "slow".to_string() } else { key };
            if !seen.contains(&key) {
                seen.push(key);
                let _ = std::fs::create_dir_all(&findings_dir);
                let file = findings_dir.join(format!("{}-{}.txt", target.name, findings.len() + 1));
                let _ = std::fs::write(&file, &input);
                findings.push(format!("{problem} (input: {})", file.display()));
            }
        }
    }
    Report { execs, seconds: started.elapsed().as_secs_f64(), findings }
}

fn main() -> ExitCode {
    let mut seconds = 60u64;
    let mut only: Option<String> = None;
    let mut seed = 0x5eed_u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next();
        match (a.as_str(), value.as_deref().map(str::parse::<u64>)) {
            ("--seconds", Some(Ok(n))) => seconds = n,
            ("--seed", Some(Ok(n))) => seed = n,
            ("--target", _) if value.as_deref().is_some_and(|v| TARGETS.iter().any(|t| t.name == v)) => only = value,
            _ => {
                let names: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
                eprintln!("usage: dsplay-fuzz [--seconds N] [--target {}] [--seed S]", names.join("|"));
                return ExitCode::from(2);
            }
        }
    }
    panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        PANIC.with(|p| *p.borrow_mut() = Some(format!("{message} at {place}")));
    }));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let targets: Vec<&Target> = TARGETS.iter().filter(|t| only.as_deref().is_none_or(|o| o == t.name)).collect();
    let budget = Duration::from_secs(seconds) / targets.len() as u32;
    println!("{:<12} {:>12} {:>9} {:>12} findings", "target", "executions", "seconds", "per second");
    let mut any = false;
    for t in targets {
        let r = fuzz(&root, t, budget, seed);
        println!(
            "{:<12} {:>12} {:>9.1} {:>12.0} {}",
            t.name,
            r.execs,
            r.seconds,
            r.execs as f64 / r.seconds,
            r.findings.len()
        );
        for f in &r.findings {
            println!("  {f}");
        }
        any |= !r.findings.is_empty();
    }
    if any { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
