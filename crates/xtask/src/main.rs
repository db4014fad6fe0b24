//! `cargo xtask`: project automation for DaemonSet Playground (std only, no dependencies).
//!
//! ```text
//! cargo xtask setup                        install the toolchain; idempotent, skips what is present
//! cargo xtask serve [--port N] [--release] setup, then `trunk serve` on http://127.0.0.1:N/ (8080)
//! cargo xtask test [--quick]               setup, then fmt, clippy (native + wasm32), cargo test,
//!                                          wasm-pack browser tests, trunk release build, the docs
//!                                          page and axe-core checks, bundle sizes;
//!                                          --quick stops after cargo test
//! cargo xtask bench [ARGS...]              cargo run --release -p dsplay -- bench [ARGS...]
//! cargo xtask bench --browser [--sizes N,N] the release bundle in headless Chromium at each size
//! cargo xtask bench --callgrind            a 5,000-node converge's work as callgrind counts it
//! cargo xtask check-clean-clone [--quick]  git clone HEAD to /tmp and run `cargo xtask test` there
//! cargo xtask oracle [--show N]            every transcript through ../shared/tools/kubectl-oracle
//! cargo xtask fuzz [--seconds N] [--target T] mutation fuzzing of the parsers and the console
//! ```
//!
//! Pinned tools (they must agree with Cargo.lock and Trunk.toml): wasm-bindgen-cli 0.2.130,
//! trunk 0.21.14 (`--locked`: a plain install fails to compile), wasm-pack 0.15.1, Debian
//! chromium + chromium-driver, and from `web/package-lock.json` esbuild, CodeMirror and
//! binaryen 132 (wasm-opt; Debian's binaryen 108 cannot read current wasm).
//!
//! Every child process runs in the repository root with
//! `PATH = web/node_modules/.bin : ~/.cargo/bin : $PATH`, so npm's wasm-opt 132 shadows any
//! other wasm-opt, and with `TRUNK_SKIP_VERSION_CHECK=true` (the update check needs GitHub).
//! Cargo is not wrapped in any lock here: on a shared machine, lock around `cargo xtask` itself.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

#[cfg(test)]
mod tidy;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// (binary, version, `cargo install` arguments)
const CARGO_TOOLS: [(&str, &str, &str); 3] = [
    ("wasm-bindgen", "0.2.130", "wasm-bindgen-cli --version 0.2.130"),
    ("trunk", "0.21.14", "trunk --version 0.21.14 --locked"),
    ("wasm-pack", "0.15.1", "wasm-pack --version 0.15.1"),
];
const APT_PACKAGES: &str = "chromium chromium-driver";
const DEFAULT_PORT: u16 = 8080;

const USAGE: &str = "usage: cargo xtask <command>
  setup                        install chromium, the wasm32 target, wasm-bindgen-cli, trunk,
                               wasm-pack and web/node_modules (skips what is already present)
  serve [--port N] [--release] setup, then trunk serve on http://127.0.0.1:N/ (default 8080)
  test [--quick]               setup, fmt, clippy, tests, browser tests, trunk build, docs page,
                               axe-core (both themes), sizes
                               (--quick: skip wasm-pack and trunk)
  bench [ARGS...]              cargo run --release -p dsplay -- bench [ARGS...]
  bench --browser [--sizes N,N] the release bundle in headless Chromium (500,1000,2000,5000)
  bench --callgrind            a 5,000-node converge's instructions and cache misses, counted
                               by callgrind (needs valgrind): figures that do not depend on
                               how busy the machine is
  check-clean-clone [--quick]  git clone HEAD into /tmp and run `cargo xtask test` there
  fuzz [--seconds N] [--target T] [--seed S]
                               mutation fuzzing (crates/fuzz) of the YAML reader, kubectl apply,
                               console lines, the script reader, share links, quantities and
                               durations
  oracle [--show N]            the real kubectl judges dsplay's output on every transcript
                               (../shared/tools/kubectl-oracle; skipped without it or kubectl)
";

/// `bench --callgrind`'s script: the converge of `dsplay bench` (crates/console/src/bench.rs,
/// `DAEMONSET` named ds-0), from a cluster of 5,000 nodes; 2 s is when every pod is available.
const CALLGRIND_CONVERGE: &str = "sim node add node- --count 5000 --label pool=general
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ds-0
spec:
  selector:
    matchLabels:
      app: ds-0
  template:
    metadata:
      labels:
        app: ds-0
    spec:
      tolerations:
      - operator: Exists
      containers:
      - name: agent
        image: registry.k8s.io/ds-0:1.0
        resources:
          requests:
            cpu: 10m
            memory: 20Mi
EOF
sim advance 2s
";

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let x = Xtask::new();
    let result = match args.as_slice() {
        ["setup"] => x.setup(),
        ["serve", rest @ ..] => x.serve(rest),
        ["test"] => x.test(false),
        ["test", "--quick"] => x.test(true),
        ["bench", rest @ ..] => x.bench(rest),
        ["check-clean-clone"] => x.check_clean_clone(false),
        ["check-clean-clone", "--quick"] => x.check_clean_clone(true),
        ["oracle"] => x.oracle("3"),
        ["fuzz", rest @ ..] => x.fuzz(rest),
        ["oracle", "--show", n] if n.parse::<usize>().is_ok() => x.oracle(n),
        [] | ["help" | "-h" | "--help"] => {
            print!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown arguments {args:?}\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Xtask {
    /// Repository root (this crate lives in `crates/xtask`).
    root: PathBuf,
    /// `web/node_modules/.bin : $CARGO_HOME/bin : $PATH`, given to every child process.
    path: OsString,
}

impl Xtask {
    fn new() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let root = root.canonicalize().unwrap_or(root);
        let cargo_home = env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
            .unwrap_or_else(|| PathBuf::from("/root/.cargo"));
        let old_path = env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![root.join("web/node_modules/.bin"), cargo_home.join("bin")];
        dirs.extend(env::split_paths(&old_path));
        let path = env::join_paths(dirs).unwrap_or(old_path);
        Self { root, path }
    }

    /// A command from a whitespace-separated line, run in the repository root with the xtask
    /// PATH and environment. Arguments that may contain spaces are added with `.arg()`.
    fn cmd(&self, line: &str) -> Command {
        let mut words = line.split_whitespace();
        let mut cmd = Command::new(words.next().unwrap_or_default());
        cmd.args(words).current_dir(&self.root).env("PATH", &self.path).env("TRUNK_SKIP_VERSION_CHECK", "true");
        cmd
    }

    /// stdout + stderr of a command, or `None` if it cannot be started.
    fn capture(&self, line: &str) -> Option<String> {
        let out = self.cmd(line).output().ok()?;
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        Some(text)
    }

    fn has_version(&self, bin: &str, version: &str) -> bool {
        self.capture(&format!("{bin} --version"))
            .is_some_and(|out| out.split_whitespace().any(|word| word.trim_start_matches('v') == version))
    }

    fn setup(&self) -> Result {
        if Path::new("/usr/bin/chromedriver").exists() {
            println!("setup: {APT_PACKAGES} present");
        } else if self.capture("id -u").is_some_and(|uid| uid.trim() == "0") {
            println!("setup: installing {APT_PACKAGES} (apt-get)");
            run(&mut self.cmd("apt-get update"))?;
            let mut install = self.cmd(&format!("apt-get install -y {APT_PACKAGES}"));
            install.env("DEBIAN_FRONTEND", "noninteractive");
            run(&mut install)?;
        } else {
            println!(
                "setup: /usr/bin/chromedriver missing and not root; run: \
                 sudo apt-get update && sudo apt-get install -y {APT_PACKAGES}"
            );
        }

        let targets = self.capture("rustup target list --installed").unwrap_or_default();
        if targets.lines().any(|line| line.trim() == WASM_TARGET) {
            println!("setup: rust target {WASM_TARGET} present");
        } else {
            println!("setup: installing rust target {WASM_TARGET}");
            run(&mut self.cmd(&format!("rustup target add {WASM_TARGET}")))?;
        }
        let components = self.capture("rustup component list --installed").unwrap_or_default();
        for component in ["rustfmt", "clippy"] {
            if components.lines().any(|line| line.starts_with(component)) {
                println!("setup: rust component {component} present");
            } else {
                println!("setup: installing rust component {component}");
                run(&mut self.cmd(&format!("rustup component add {component}")))?;
            }
        }

        for (bin, version, install_args) in CARGO_TOOLS {
            if self.has_version(bin, version) {
                println!("setup: {bin} {version} present");
                continue;
            }
            let install = format!("cargo install {install_args}");
            println!("setup: installing {bin} {version} ({install})");
            run(&mut self.cmd(&install))?;
            if !self.has_version(bin, version) {
                return Err(format!(
                    "`{bin} --version` still does not report {version}: \
                     is another {bin} earlier on PATH?"
                ));
            }
        }

        let stamp = self.root.join("web/node_modules/.package-lock.json");
        let lock = self.root.join("web/package-lock.json");
        if is_newer(&stamp, &lock) {
            println!("setup: web/node_modules up to date with web/package-lock.json");
        } else {
            println!("setup: installing web/node_modules (npm ci --prefix web)");
            run(&mut self.cmd("npm ci --prefix web"))?;
        }
        Ok(())
    }

    fn serve(&self, args: &[&str]) -> Result {
        let mut port = DEFAULT_PORT;
        let mut release = false;
        let mut args = args.iter();
        while let Some(&arg) = args.next() {
            match arg {
                "--release" => release = true,
                "--port" => {
                    let value = args.next().ok_or("--port needs a value")?;
                    port = value.parse().map_err(|_| format!("bad port {value:?}"))?;
                }
                _ => return Err(format!("unknown serve argument {arg:?}\n{USAGE}")),
            }
        }
        self.setup()?;
        let mut serve = self.cmd(&format!("trunk serve --address 127.0.0.1 --port {port}"));
        if release {
            serve.arg("--release");
        }
        println!("serve: http://127.0.0.1:{port}/ (Ctrl-C to stop)");
        run(&mut serve)
    }

    fn test(&self, quick: bool) -> Result {
        self.setup()?;
        let mut steps = vec![
            "cargo fmt --all -- --check".to_string(),
            "cargo clippy --workspace --all-targets --locked -- -D warnings".to_string(),
            format!(
                "cargo clippy -p dsplay-core -p dsplay-console -p dsplay-app \
                 --target {WASM_TARGET} --all-targets --all-features --locked -- -D warnings"
            ),
            // --workspace: default-members leave out crates/app, whose native tests must run too.
            "cargo test --workspace --locked".to_string(),
        ];
        if !quick {
            for krate in ["crates/core", "crates/app"] {
                // Extra cargo arguments go after the crate path (after `--` they reach the runner).
                steps.push(format!("wasm-pack test --headless --chrome --mode no-install {krate} --locked"));
            }
            steps.push("trunk build --release --locked".to_string());
            // The docs page with both kinds of embed, in headless Chromium (playwright-core).
            steps.push("node web/tests/embed-demo.mjs dist".to_string());
            // axe-core in both themes: no serious or critical violation, no failed request.
            steps.push("node web/tests/axe.mjs dist".to_string());
        }

        let total = steps.len();
        let started = Instant::now();
        for (i, step) in steps.iter().enumerate() {
            let n = i + 1;
            println!("\n==> test {n}/{total}: {step}");
            let t = Instant::now();
            run(&mut self.cmd(step)).map_err(|e| format!("test step {n}/{total} failed: {e}"))?;
            println!("==> test {n}/{total} ok ({:.1} s)", t.elapsed().as_secs_f64());
        }
        if !quick {
            self.print_sizes()?;
        }
        let skipped = if quick { " (--quick: wasm-pack and trunk skipped)" } else { "" };
        println!("\nxtask test: all {total} steps passed in {:.0} s{skipped}", started.elapsed().as_secs_f64());
        Ok(())
    }

    /// Raw and `gzip -9` sizes of dist/*.wasm and dist/*.js, and of wasm-bindgen's snippets
    /// (dist/snippets/**.js, part of the glue).
    fn print_sizes(&self) -> Result {
        let dist = self.root.join("dist");
        let mut files = Vec::new();
        let mut dirs = vec![dist.clone()];
        while let Some(dir) = dirs.pop() {
            let entries = fs::read_dir(&dir).map_err(|e| format!("cannot read {dir:?}: {e}"))?;
            for path in entries.filter_map(|entry| entry.ok().map(|entry| entry.path())) {
                if path.is_dir() && (dir != dist || path.ends_with("snippets")) {
                    dirs.push(path);
                } else if path.extension().is_some_and(|ext| ext == "wasm" || ext == "js") {
                    files.push(path);
                }
            }
        }
        files.sort();
        println!("\nbundle sizes (dist/, bytes):");
        println!("  {:<44} {:>10} {:>10}", "file", "raw", "gzip -9");
        let (mut raw_total, mut gzip_total, mut app_gzip) = (0, 0, 0);
        for file in &files {
            let raw = fs::metadata(file).map_err(|e| format!("{file:?}: {e}"))?.len();
            let out = self.cmd("gzip -9 -c").arg(file).output().map_err(|e| format!("cannot run gzip: {e}"))?;
            if !out.status.success() {
                return Err(format!("gzip -9 -c {file:?} failed ({})", out.status));
            }
            let gzip = out.stdout.len() as u64;
            let name = file.strip_prefix(&dist).unwrap_or(file).to_string_lossy();
            println!("  {name:<44} {raw:>10} {gzip:>10}");
            raw_total += raw;
            gzip_total += gzip;
            // The editor bundle loads after first paint, and embed.js is the docs pages'
            // element script, not the app's glue; fields.js is data (the field schema).
            if !name.ends_with("editor.js") && !name.ends_with("embed.js") && !name.ends_with("fields.js") {
                app_gzip += gzip;
            }
        }
        println!("  {:<44} {raw_total:>10} {gzip_total:>10}", "total");
        println!("  wasm + glue: {app_gzip} bytes gzip (budget: 450,000)");
        // Data the page loads before the app starts, apart from the code's budget: said
        // separately so that the first load's whole weight stays in view.
        let mut startup_data = 0;
        for name in ["fields.js", "presets/seed.js"] {
            let out =
                self.cmd("gzip -9 -c").arg(dist.join(name)).output().map_err(|e| format!("cannot run gzip: {e}"))?;
            startup_data += out.stdout.len() as u64;
        }
        println!("  data loaded before the app starts (fields.js, presets/seed.js): {startup_data} bytes gzip");
        println!("  first load without the editor: {} bytes gzip", app_gzip + startup_data);
        Ok(())
    }

    fn bench(&self, args: &[&str]) -> Result {
        if args.first() == Some(&"--browser") {
            return self.bench_browser(&args[1..]);
        }
        if args == ["--callgrind"] {
            return self.bench_callgrind();
        }
        let mut bench = self.cmd("cargo run --release -p dsplay -- bench");
        bench.args(args);
        run(&mut bench)
    }

    /// `bench --browser [--sizes N,N]`: the release bundle driven in headless Chromium
    /// (web/bench/browser-bench.mjs), next to the native converge time for the same work.
    fn bench_browser(&self, args: &[&str]) -> Result {
        self.setup()?;
        let mut sizes = "500,1000,2000,5000".to_string();
        let mut args = args.iter();
        while let Some(&arg) = args.next() {
            match arg {
                "--sizes" => sizes = args.next().ok_or("--sizes needs a value, e.g. 500,5000")?.to_string(),
                _ => return Err(format!("unknown bench --browser argument {arg:?}\n{USAGE}")),
            }
        }
        let largest = sizes.split(',').filter_map(|n| n.trim().parse::<u32>().ok()).max().ok_or("--sizes: no size")?;
        // Its own dist folder, with the benchmark's hooks (not in the page's build).
        println!("==> bench: trunk build --release --features bench-hooks --dist target/bench-dist");
        run(&mut self.cmd("trunk build --release --locked --features bench-hooks --dist target/bench-dist"))?;
        println!("==> bench: native converge (dsplay bench --nodes {largest} --json)");
        let native = self
            .cmd(&format!("cargo run --quiet --release --locked -p dsplay -- bench --nodes {largest} --json"))
            .output()
            .map_err(|e| format!("cannot run dsplay bench: {e}"))?;
        let native = String::from_utf8_lossy(&native.stdout);
        let native_ms = native
            .lines()
            .find_map(|l| l.trim().strip_prefix("\"converge_ms\": "))
            .map(|v| v.trim_end_matches(',').to_string())
            .ok_or_else(|| format!("dsplay bench printed no converge_ms:\n{native}"))?;
        println!("==> bench: headless Chromium, release bundle, sizes {sizes}");
        let mut node = self.cmd("node web/bench/browser-bench.mjs target/bench-dist --sizes");
        node.arg(&sizes).args(["--native-converge-ms", &native_ms]);
        run(&mut node)
    }

    /// `bench --callgrind`: the work of `dsplay bench`'s converge (one new DaemonSet on 5,000
    /// nodes, `sim advance 2s`), counted by callgrind from the `kubectl apply` on: instructions,
    /// and cache misses simulated with this host's geometry and with a 2 MB last level (this
    /// machine kind's L2, beyond which the converge's misses go to a shared, noisy L3). Wall
    /// time on a shared machine cannot tell changes of a few percent apart; these counts can.
    fn bench_callgrind(&self) -> Result {
        if self.capture("valgrind --version").is_none() {
            return Err("bench --callgrind needs valgrind (Debian: apt-get install valgrind)".into());
        }
        run(&mut self.cmd("cargo build --release --locked -p dsplay"))?;
        let target = self.root.join("target");
        let script = target.join("callgrind-converge.sh");
        fs::write(&script, CALLGRIND_CONVERGE).map_err(|e| format!("cannot write {}: {e}", script.display()))?;
        println!("{:<26} {:>14} {:>12} {:>12}", "cache model", "instructions", "D1 misses", "LLd misses");
        for (model, last_level) in [("this host's", None), ("2 MB last level", Some("--LL=2097152,16,64"))] {
            let mut cmd = self.cmd(
                "valgrind --tool=callgrind --cache-sim=yes --toggle-collect=dsplay_console::kubectl::apply \
                 --toggle-collect=dsplay_core::sim::Simulation::advance",
            );
            let profile = target.join("callgrind.out");
            cmd.args(last_level).arg(format!("--callgrind-out-file={}", profile.display()));
            cmd.arg(target.join("release/dsplay")).arg("run").arg(&script);
            let out = cmd.output().map_err(|e| format!("cannot start valgrind: {e}"))?;
            let report = String::from_utf8_lossy(&out.stderr);
            // valgrind's summary: `==PID== I   refs:      144,353,188`, `D1  misses: ...`.
            let count = |what: &str| {
                report.lines().find(|l| l.contains(what)).and_then(|l| l.split(':').nth(1)?.split_whitespace().next())
            };
            let (Some(ir), Some(d1), Some(ll)) = (count("I   refs"), count("D1  misses"), count("LLd misses")) else {
                return Err(format!("valgrind printed no summary ({}):\n{report}", out.status));
            };
            if !out.status.success() {
                return Err(format!("dsplay run under valgrind failed ({}):\n{report}", out.status));
            }
            // Both toggles must have met their function: one inlined away would leave its
            // part of the converge uncounted, and the figure short without a word.
            let names = fs::read_to_string(&profile).unwrap_or_default();
            let met =
                |f: &str| names.lines().any(|l| (l.starts_with("fn=") || l.starts_with("cfn=")) && l.ends_with(f));
            if ir == "0" || !met(" dsplay_console::kubectl::apply") || !met(" dsplay_core::sim::Simulation::advance") {
                return Err(
                    "the converge was not counted: kubectl::apply or Simulation::advance was inlined away".into()
                );
            }
            println!("{model:<26} {ir:>14} {d1:>12} {ll:>12}");
        }
        Ok(())
    }

    fn check_clean_clone(&self, quick: bool) -> Result {
        let dirty = self.capture("git status --porcelain").unwrap_or_default();
        if !dirty.trim().is_empty() {
            println!("check-clean-clone: note: uncommitted changes are not part of the clone");
        }
        let dir = env::temp_dir().join(format!("dsplay-clone-{}", std::process::id()));
        let dir_str = dir.to_string_lossy().into_owned();
        run(self.cmd("git clone --quiet .").arg(&dir))?;
        println!("check-clean-clone: cloned HEAD into {dir_str}");
        // The clone's own xtask sets up its PATH (its own web/node_modules), so give it ours as is.
        let mut test = Command::new("cargo");
        test.args(["xtask", "test"]).current_dir(&dir);
        if quick {
            test.arg("--quick");
        }
        run(&mut test).map_err(|e| format!("{e}; the clone is kept in {dir_str}"))?;
        fs::remove_dir_all(&dir).map_err(|e| format!("cannot remove {dir_str}: {e}"))?;
        println!("check-clean-clone: passed (removed {dir_str})");
        Ok(())
    }
}

impl Xtask {
    /// `crates/fuzz` for N seconds (60 by default) over every target, or one: it prints the
    /// executions, seconds and findings per target, and fails if it found anything.
    fn fuzz(&self, args: &[&str]) -> Result {
        let mut cmd = self.cmd("cargo run --locked --profile fuzz -p dsplay-fuzz --");
        cmd.args(args);
        run(&mut cmd)
    }

    /// The kubectl oracle over every golden transcript: it prints the first differences and
    /// `identical/total`. A report, like the benchmarks: differences do not fail it (the README's
    /// fidelity section lists the known ones); a machine without the tool or a kubectl skips it.
    fn oracle(&self, show: &str) -> Result {
        let tool = self.root.join("../shared/tools/kubectl-oracle/run");
        if !tool.exists() {
            println!("oracle: skipped: ../shared/tools/kubectl-oracle is not beside this checkout");
            return Ok(());
        }
        run(&mut self.cmd("cargo build --locked -p dsplay"))?;
        let mut scripts: Vec<PathBuf> = fs::read_dir(self.root.join("tests/transcripts"))
            .map_err(|e| format!("cannot read tests/transcripts: {e}"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "sh"))
            .collect();
        scripts.sort();
        let target = env::var_os("CARGO_TARGET_DIR").map_or_else(|| self.root.join("target"), PathBuf::from);
        let mut cmd = Command::new(&tool);
        cmd.arg(target.join("debug/dsplay")).args(&scripts).args(["--show", show]);
        cmd.current_dir(&self.root).env("PATH", &self.path);
        let status = cmd.status().map_err(|e| format!("cannot start {}: {e}", tool.display()))?;
        match status.code() {
            Some(0) => println!("oracle: every output identical"),
            Some(1) => println!("oracle: differences above (known ones: README, Fidelity)"),
            Some(3) => println!("oracle: skipped: no kubectl on this machine"),
            _ => return Err(format!("the kubectl oracle failed ({status})")),
        }
        Ok(())
    }
}

/// Runs a command with inherited stdio (nothing is swallowed); fails on a non-zero exit.
fn run(cmd: &mut Command) -> Result {
    let line = show(cmd);
    let status = cmd.status().map_err(|e| format!("cannot start `{line}`: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("`{line}` failed ({status})")) }
}

fn show(cmd: &Command) -> String {
    let words: Vec<_> =
        std::iter::once(cmd.get_program()).chain(cmd.get_args()).map(|word| word.to_string_lossy()).collect();
    words.join(" ")
}

/// True when `a` exists and was modified after `b`.
fn is_newer(a: &Path, b: &Path) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(a), modified(b)) {
        (Some(a), Some(b)) => a > b,
        _ => false,
    }
}
