//! `dsplay compare`: two variants of a scenario, each a console script (the same cluster with
//! two manifests, say), run side by side in simulated time. Their DaemonSets' status counters
//! (the timeline the controller records, see `dsplay_core::timeline`) are printed as one
//! kubectl-style table: a row every `every` of simulated time and a row whenever a value
//! changes, until both variants settle.

use dsplay_core::Simulation;
use dsplay_core::timeline::StatusSample;

use crate::Console;
use crate::tabwriter::kubectl_table;

/// After the scripts, a variant whose counters have not moved for this long has settled as
/// far as it will (a rollout stalled on a broken image, say).
pub const QUIET_MS: i64 = 5 * 60_000;
/// And nothing runs longer than this after the scripts.
pub const LIMIT_MS: i64 = 60 * 60_000;

/// Counters of one variant at one instant, summed over its DaemonSets.
type Counts = [i64; 4];

fn counts_at(sim: &Simulation, at_ms: i64) -> Counts {
    let mut sum = [0; 4];
    for (_, timeline) in sim.timelines() {
        // The last sample at or before `at_ms`.
        let i = timeline.partition_point(|s| s.at_ms <= at_ms);
        if let Some(s) = i.checked_sub(1).and_then(|i| timeline.get(i)) {
            for (total, n) in sum.iter_mut().zip([s.desired, s.updated, s.available, s.unavailable]) {
                *total += n;
            }
        }
    }
    sum
}

/// Every DaemonSet has seen its last change and has every desired pod updated and available.
fn settled(sim: &Simulation) -> bool {
    sim.store().daemonsets().values().all(|ds| {
        ds.status.observed_generation >= ds.meta.generation
            && sim.timeline(&ds.meta.uid).and_then(|t| t.last()).is_none_or(StatusSample::complete)
    })
}

fn last_change(sim: &Simulation) -> i64 {
    sim.timelines().filter_map(|(_, t)| t.last().map(|s| s.at_ms)).max().unwrap_or(0)
}

fn elapsed(console: &Console) -> i64 {
    console.simulation().elapsed_ms() as i64
}

/// Runs both variants (each has run its script) on until both settle, then prints the table.
pub fn compare(a: &mut Console, b: &mut Console, every_ms: u64) -> String {
    let every = every_ms.max(1) as i64;
    // One clock from here on: the one behind catches up.
    let scripts_end = elapsed(a).max(elapsed(b));
    for c in [&mut *a, &mut *b] {
        let behind = scripts_end - elapsed(c);
        c.advance_ms(behind as u64);
    }
    let end = loop {
        let now = elapsed(a);
        let changed = last_change(a.simulation()).max(last_change(b.simulation()));
        if settled(a.simulation()) && settled(b.simulation()) {
            // The table ends where the later variant settled (or the scripts did).
            break changed.max(scripts_end).min(now);
        }
        if now - changed >= QUIET_MS || now - scripts_end >= LIMIT_MS {
            break now;
        }
        a.advance_ms(every as u64);
        b.advance_ms(every as u64);
    };
    table(a.simulation(), b.simulation(), every, end)
}

fn table(a: &Simulation, b: &Simulation, every: i64, end: i64) -> String {
    let changes: Vec<i64> =
        [a, b].iter().flat_map(|sim| sim.timelines().flat_map(|(_, t)| t.iter().map(|s| s.at_ms))).collect();
    // From the first status either variant wrote (a script's node setup is not a rollout).
    let start = changes.iter().copied().min().map_or(0, |first| first - first % every);
    let mut times: Vec<i64> = (0..).map(|i| start + i * every).take_while(|t| *t <= end).collect();
    times.extend(changes.iter().copied().filter(|t| *t >= start && *t <= end));
    times.push(end);
    dsplay_core::order::sort(&mut times);
    times.dedup();

    let mut out = kubectl_table();
    out.write(
        "TIME\tA:DESIRED\tA:UPDATED\tA:AVAILABLE\tA:UNAVAILABLE\tB:DESIRED\tB:UPDATED\tB:AVAILABLE\tB:UNAVAILABLE\n",
    );
    let mut last: Option<(Counts, Counts)> = None;
    for t in times {
        let row = (counts_at(a, t), counts_at(b, t));
        let on_grid = (t - start) % every == 0;
        if on_grid || last != Some(row) || t == end {
            let cells: Vec<String> = row.0.iter().chain(row.1.iter()).map(i64::to_string).collect();
            out.write(&format!("{}\t{}\n", go_duration(t), cells.join("\t")));
            last = Some(row);
        }
    }
    out.flush()
}

/// Go's `time.Duration` text for whole milliseconds: `0s`, `250ms`, `1.5s`, `2m0s`, `1h0m5s`.
pub fn go_duration(ms: i64) -> String {
    dsplay_core::time::go_duration_string(ms.saturating_mul(1_000_000))
}

#[allow(clippy::unwrap_used)] // A panic is how a test reports failure.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_go_prints_them() {
        let cases = [(0, "0s"), (250, "250ms"), (1000, "1s"), (1500, "1.5s"), (120_000, "2m0s"), (3_605_000, "1h0m5s")];
        for (ms, want) in cases {
            assert_eq!(go_duration(ms), want);
        }
    }

    fn variant(strategy: &str) -> Console {
        let mut c = Console::new();
        let manifest = |image: &str| {
            format!(
                "kubectl apply -f - <<EOF\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: agent}}\nspec:\n  updateStrategy: {strategy}\n  selector: {{matchLabels: {{app: agent}}}}\n  template:\n    metadata: {{labels: {{app: agent}}}}\n    spec: {{containers: [{{name: c, image: \"{image}\"}}]}}\nEOF\n"
            )
        };
        let script =
            format!("sim node add n --count 4\n{}sim advance 10s\n{}", manifest("busybox:1"), manifest("busybox:2"));
        for (_, out) in c.run_text(&script).unwrap() {
            assert_eq!(out.exit_code, 0, "{}", out.text());
        }
        c
    }

    #[test]
    fn two_strategies_side_by_side_until_both_settle() {
        let mut a = variant(r#"{"rollingUpdate":{"maxUnavailable":1}}"#);
        let mut b = variant(r#"{"rollingUpdate":{"maxUnavailable":"100%"}}"#);
        let text = compare(&mut a, &mut b, 5000);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0].split_whitespace().collect::<Vec<_>>(),
            "TIME A:DESIRED A:UPDATED A:AVAILABLE A:UNAVAILABLE B:DESIRED B:UPDATED B:AVAILABLE B:UNAVAILABLE"
                .split(' ')
                .collect::<Vec<_>>()
        );
        // All at once (B) is done at 14s; one at a time (A) at 26s. Rows every 5s, and at
        // each change; the table ends once both have settled.
        let rows: Vec<String> = lines[1..].iter().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        let want = [
            "0s 4 4 0 4 4 4 0 4",
            "2s 4 4 4 0 4 4 4 0",
            "5s 4 4 4 0 4 4 4 0",
            "10s 4 0 4 0 4 0 4 0",
            "12s 4 1 3 1 4 4 0 4",
            "14s 4 1 4 0 4 4 4 0",
            "15s 4 1 4 0 4 4 4 0",
            "16s 4 2 3 1 4 4 4 0",
            "18s 4 2 4 0 4 4 4 0",
            "20s 4 3 3 1 4 4 4 0",
            "22s 4 3 4 0 4 4 4 0",
            "24s 4 4 3 1 4 4 4 0",
            "25s 4 4 3 1 4 4 4 0",
            "26s 4 4 4 0 4 4 4 0",
        ];
        assert_eq!(rows, want, "{text}");
    }

    #[test]
    fn a_stalled_rollout_ends_the_table_after_five_quiet_minutes() {
        let mut a = variant(r#"{"rollingUpdate":{"maxUnavailable":1}}"#);
        let mut b = variant(r#"{"rollingUpdate":{"maxUnavailable":1}}"#);
        // B's new image never pulls: its rollout stalls with one node down.
        assert_eq!(b.run_line("sim image break busybox:2").exit_code, 0);
        let text = compare(&mut a, &mut b, 60_000);
        let last: Vec<&str> = text.lines().last().unwrap().split_whitespace().collect();
        assert_eq!(last[1..], ["4", "4", "4", "0", "4", "1", "3", "1"], "{text}");
        // The scripts ended at 10s, the clock moved a minute at a time, and B last changed at
        // 12s: five quiet minutes are over at 6m10s.
        assert_eq!(last[0], "6m10s", "{text}");
    }
}
