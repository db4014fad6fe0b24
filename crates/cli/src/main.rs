//! `dsplay`: runs console scripts against a fresh simulated cluster, natively.
//! `dsplay run [--transcript] [--seed N] SCRIPT|-`, `dsplay export --manifests|--kubectl
//! SCRIPT|-` and `dsplay bench`.

mod bench;

use dsplay_console::{Console, Stream, transcript_entry};
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: dsplay run [--transcript] [--seed N] SCRIPT|-\n       dsplay export --manifests|--kubectl SCRIPT|-\n       dsplay plan [--nodes NODES.yaml] [--current SCRIPT] [--fail-on-pending] MANIFEST.yaml…\n       dsplay compare A.sh B.sh [--every DURATION]\n       dsplay bench [--nodes N]\n";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("bench") => bench::main(&args[1..]),
        Some("export") => export(&args[1..]),
        Some("plan") => plan(&args[1..]),
        Some("compare") => compare(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> ExitCode {
    let mut transcript = false;
    let mut seed = Console::DEFAULT_SEED;
    let mut script_path = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--transcript" => transcript = true,
            "--seed" => {
                i += 1;
                match args.get(i).and_then(|s| s.parse().ok()) {
                    Some(s) => seed = s,
                    None => {
                        eprintln!("dsplay: --seed needs a whole number");
                        return ExitCode::from(2);
                    }
                }
            }
            s if s.starts_with("--seed=") => match s["--seed=".len()..].parse() {
                Ok(s) => seed = s,
                Err(_) => {
                    eprintln!("dsplay: --seed needs a whole number");
                    return ExitCode::from(2);
                }
            },
            other if script_path.is_none() => script_path = Some(other.to_string()),
            other => {
                eprintln!("dsplay: unexpected argument {other:?}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
        i += 1;
    }
    let Some(path) = script_path else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let text = match read_script(&path) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let commands = match dsplay_console::script::parse_script(&text) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("dsplay: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut console = console_with_files(seed);
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut failed = false;
    for c in &commands {
        let output = console.run(c);
        failed |= output.exit_code != 0;
        if transcript {
            let mut o = stdout.lock();
            let _ = o.write_all(transcript_entry(c, &output).as_bytes());
        } else {
            for (stream, text) in &output.chunks {
                let _ = match stream {
                    Stream::Stdout => stdout.lock().write_all(text.as_bytes()),
                    Stream::Stderr => stderr.lock().write_all(text.as_bytes()),
                };
            }
        }
    }
    let _ = stdout.lock().flush();
    // A big cluster takes a while to free and the process ends anyway.
    std::mem::forget(console);
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// A script's text from a file or stdin (`-`); the exit code for the error already printed.
fn read_script(path: &str) -> Result<String, ExitCode> {
    let mut bytes = Vec::new();
    let read = if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)).map(|_| ())
    };
    if let Err(e) = read {
        eprintln!("dsplay: cannot read {path}: {e}");
        return Err(ExitCode::from(2));
    }
    String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
        eprintln!("dsplay: {path}: line {line}: invalid UTF-8");
        ExitCode::from(2)
    })
}

/// A console whose `-f FILE` paths are relative to the working directory, as for kubectl.
fn console_with_files(seed: u64) -> Console {
    let mut console = Console::with_seed(seed);
    console.read_files_from(std::path::PathBuf::new());
    console
}

/// `dsplay export --manifests SCRIPT`: the objects the script applied, as YAML to apply;
/// `--kubectl SCRIPT`: the script as bash for a real cluster (see `dsplay_console::export`).
fn export(args: &[String]) -> ExitCode {
    let (kind, path) = match args {
        [flag, path] if flag == "--manifests" || flag == "--kubectl" => (flag.as_str(), path.as_str()),
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let text = match read_script(path) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let output = if kind == "--kubectl" {
        dsplay_console::export::kubectl_script(&text, console_with_files(Console::DEFAULT_SEED))
    } else {
        let mut console = console_with_files(Console::DEFAULT_SEED);
        console.run_text(&text).map(|_| dsplay_console::export::manifests(console.simulation()))
    };
    match output {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dsplay: {path}: {e}");
            ExitCode::from(2)
        }
    }
}

/// `dsplay compare A.sh B.sh [--every DURATION]`: two scripts side by side in simulated time,
/// one table of their DaemonSets' counters (see `dsplay_console::compare`). Exit status 1 when
/// a command of either script failed (its output goes to stderr), 2 when one cannot be read.
fn compare(args: &[String]) -> ExitCode {
    let (mut every_ms, mut paths) = (1000, Vec::new());
    let mut i = 0;
    while i < args.len() {
        let value = match args[i].as_str() {
            "--every" => {
                i += 1;
                Some(args.get(i).map(String::as_str).unwrap_or_default())
            }
            flag if flag.starts_with("--every=") => Some(&flag["--every=".len()..]),
            flag if flag.starts_with("--") => {
                eprintln!("dsplay compare: unknown option {flag:?}\n{USAGE}");
                return ExitCode::from(2);
            }
            path => {
                paths.push(path.to_string());
                None
            }
        };
        if let Some(value) = value {
            match dsplay_core::time::parse_duration_ms(value) {
                Some(ms) if ms > 0 => every_ms = ms,
                _ => {
                    let shown = dsplay_console::words::escape_control(value);
                    eprintln!("dsplay compare: --every needs a duration such as 1s or 500ms, not \"{shown}\"");
                    return ExitCode::from(2);
                }
            }
        }
        i += 1;
    }
    let [a, b] = paths.as_slice() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let mut failed = false;
    let mut variants = Vec::new();
    for path in [a, b] {
        let text = match read_script(path) {
            Ok(t) => t,
            Err(code) => return code,
        };
        let mut console = console_with_files(Console::DEFAULT_SEED);
        match console.run_text(&text) {
            Ok(outputs) => {
                for (command, output) in outputs.iter().filter(|(_, o)| o.exit_code != 0) {
                    failed = true;
                    eprint!("dsplay compare: {path}: line {}: {}", command.line, output.stderr());
                }
            }
            Err(e) => {
                eprintln!("dsplay compare: {path}: {e}");
                return ExitCode::from(2);
            }
        }
        variants.push(console);
    }
    let (Some(mut b), Some(mut a)) = (variants.pop(), variants.pop()) else { return ExitCode::from(2) };
    print!("{}", dsplay_console::compare::compare(&mut a, &mut b, every_ms));
    std::mem::forget((a, b));
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// `dsplay plan [--nodes NODES.yaml] [--current SCRIPT] [--fail-on-pending] MANIFEST.yaml…`:
/// what applying the manifests would do, node by node (see `dsplay_console::plan`).
fn plan(args: &[String]) -> ExitCode {
    let (mut nodes, mut current, mut fail_on_pending, mut manifests) = (None, None, false, Vec::new());
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--nodes" | "--current" if i + 1 < args.len() => {
                let value = args[i + 1].clone();
                if args[i] == "--nodes" {
                    nodes = Some(value)
                } else {
                    current = Some(value)
                }
                i += 1;
            }
            "--fail-on-pending" => fail_on_pending = true,
            flag if flag.starts_with("--") => {
                eprintln!("dsplay plan: unknown or incomplete option {flag:?}\n{USAGE}");
                return ExitCode::from(2);
            }
            path => manifests.push(path.to_string()),
        }
        i += 1;
    }
    if manifests.is_empty() {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    }
    let mut console = console_with_files(Console::DEFAULT_SEED);
    if let Some(path) = &nodes {
        let text = match read_script(path) {
            Ok(t) => t,
            Err(code) => return code,
        };
        let output = console.run(&dsplay_console::ScriptCommand {
            line: 1,
            first_line: "kubectl apply -f - <<'END_OF_NODES'".to_string(),
            heredoc_lines: text
                .lines()
                .map(str::to_string)
                .chain(std::iter::once("END_OF_NODES".to_string()))
                .collect(),
        });
        if output.exit_code != 0 {
            eprint!("dsplay plan: {path}: {}", output.stderr());
            return ExitCode::from(2);
        }
    }
    if let Some(path) = &current {
        let text = match read_script(path) {
            Ok(t) => t,
            Err(code) => return code,
        };
        if let Err(e) = console.run_text(&text) {
            eprintln!("dsplay plan: {path}: {e}");
            return ExitCode::from(2);
        }
    }
    let mut sources = Vec::new();
    for path in &manifests {
        match read_script(path) {
            Ok(text) => sources.push((path.clone(), text)),
            Err(code) => return code,
        }
    }
    let output = dsplay_console::plan::plan(&console, &sources, fail_on_pending);
    print!("{}", output.stdout());
    eprint!("{}", output.stderr());
    ExitCode::from(u8::try_from(output.exit_code).unwrap_or(1))
}
