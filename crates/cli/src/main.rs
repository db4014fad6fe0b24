//! `dsplay`: runs console scripts against a fresh simulated cluster, natively.
//! `dsplay run [--transcript] [--seed N] SCRIPT|-` and `dsplay bench`.

mod bench;

use dsplay_console::{Console, Stream, transcript_entry};
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: dsplay run [--transcript] [--seed N] SCRIPT|-\n       dsplay bench [--nodes N]\n";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("bench") => bench::main(&args[1..]),
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
    let mut bytes = Vec::new();
    let read = if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(&path).and_then(|mut f| f.read_to_end(&mut bytes)).map(|_| ())
    };
    if let Err(e) = read {
        eprintln!("dsplay: cannot read {path}: {e}");
        return ExitCode::from(2);
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
            eprintln!("dsplay: {path}: line {line}: invalid UTF-8");
            return ExitCode::from(2);
        }
    };
    let commands = match dsplay_console::script::parse_script(&text) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("dsplay: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut console = Console::with_seed(seed);
    // `-f FILE` paths are relative to the working directory, as for kubectl.
    console.set_file_reader(Box::new(|f: &str| {
        std::fs::read_to_string(f).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("error: the path \"{f}\" does not exist"),
            _ => format!("error: reading \"{f}\": {e}"),
        })
    }));
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
