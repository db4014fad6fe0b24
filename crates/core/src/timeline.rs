//! Each DaemonSet's status counters over simulated time, for the rollout timeline chart and
//! `dsplay compare`. A sample is taken when the controller writes a status that differs from
//! the last one (so an idle clock records nothing), and the marks a reader wants (a rollout
//! starts, stalls, completes) are derived from the samples.

use std::rc::Rc;

use crate::objects::DaemonSetStatus;

/// A DaemonSet keeps at most this many samples: past it, every other older one is dropped,
/// so a long session keeps its whole span at a coarser grain.
pub const MAX_SAMPLES: usize = 2048;

/// A rollout that has not moved for this long (simulated) while incomplete has stalled: a
/// DaemonSet has no progress deadline, so this is the chart's, not Kubernetes'.
pub const STALL_MS: i64 = 30_000;

/// The counters `kubectl rollout status` and the chart follow, at one instant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusSample {
    /// Simulated milliseconds since the session began.
    pub at_ms: i64,
    pub desired: i64,
    pub updated: i64,
    pub available: i64,
    pub unavailable: i64,
    /// The template generation the counters are of: a new one starts a rollout.
    pub template_generation: i64,
}

impl StatusSample {
    pub fn from_status(at_ms: i64, status: &DaemonSetStatus, template_generation: i64) -> StatusSample {
        StatusSample {
            at_ms,
            desired: status.desired_number_scheduled,
            updated: status.updated_number_scheduled,
            available: status.number_available,
            unavailable: status.number_unavailable,
            template_generation,
        }
    }

    /// Every desired pod is updated and available.
    pub fn complete(&self) -> bool {
        self.updated >= self.desired && self.available >= self.desired && self.unavailable == 0
    }

    fn same_counts(&self, other: &StatusSample) -> bool {
        (self.desired, self.updated, self.available, self.unavailable, self.template_generation)
            == (other.desired, other.updated, other.available, other.unavailable, other.template_generation)
    }
}

/// A DaemonSet's samples, oldest first. Shared (`Rc`) with forks and with the page's view.
pub type Timeline = Rc<Vec<StatusSample>>;

/// Appends `sample` unless it repeats the last counts; a sample at the same instant as the
/// last replaces it (only where an instant ended counts).
pub fn record(timeline: &mut Timeline, sample: StatusSample) {
    let samples = Rc::make_mut(timeline);
    if let Some(last) = samples.last_mut() {
        if last.same_counts(&sample) {
            return;
        }
        if last.at_ms == sample.at_ms {
            *last = sample;
            // It may now repeat the one before.
            let n = samples.len();
            if n >= 2 && samples[n - 2].same_counts(&samples[n - 1]) {
                samples.pop();
            }
            return;
        }
    }
    samples.push(sample);
    if samples.len() > MAX_SAMPLES {
        // Keep the first, every other one after it, and the last.
        let last = samples.len() - 1;
        let mut i = 0;
        samples.retain(|_| {
            let keep = i == 0 || i == last || i % 2 == 0;
            i += 1;
            keep
        });
    }
}

/// What happened to a rollout, for the chart's marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A new template generation began rolling out (or the DaemonSet was created).
    Started,
    /// No counter moved for `STALL_MS` while the rollout was incomplete.
    Stalled,
    /// Every desired pod updated and available.
    Completed,
}

impl Mark {
    pub fn word(self) -> &'static str {
        match self {
            Mark::Started => "started",
            Mark::Stalled => "stalled",
            Mark::Completed => "completed",
        }
    }
}

/// The marks of `samples` up to `now_ms`, in time order.
pub fn marks(samples: &[StatusSample], now_ms: i64) -> Vec<(i64, Mark)> {
    let mut out = Vec::new();
    let mut rolling = false;
    let mut generation = None;
    for (i, s) in samples.iter().enumerate() {
        if generation != Some(s.template_generation) {
            generation = Some(s.template_generation);
            out.push((s.at_ms, Mark::Started));
            rolling = true;
        }
        // (A DaemonSet that selects no node is complete at once.)
        if rolling && s.complete() {
            out.push((s.at_ms, Mark::Completed));
            rolling = false;
        }
        let until = samples.get(i + 1).map_or(now_ms, |next| next.at_ms);
        if rolling && until - s.at_ms >= STALL_MS {
            out.push((s.at_ms + STALL_MS, Mark::Stalled));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(at_ms: i64, desired: i64, updated: i64, available: i64, generation: i64) -> StatusSample {
        StatusSample {
            at_ms,
            desired,
            updated,
            available,
            unavailable: desired - available,
            template_generation: generation,
        }
    }

    #[test]
    fn repeats_are_not_recorded_and_an_instant_keeps_its_last_counts() {
        let mut t = Timeline::default();
        record(&mut t, s(0, 3, 0, 0, 1));
        record(&mut t, s(1000, 3, 0, 0, 1));
        record(&mut t, s(2000, 3, 3, 1, 1));
        record(&mut t, s(2000, 3, 3, 3, 1));
        assert_eq!(*t, vec![s(0, 3, 0, 0, 1), s(2000, 3, 3, 3, 1)]);
    }

    #[test]
    fn a_long_session_keeps_its_span_at_a_coarser_grain() {
        let mut t = Timeline::default();
        for i in 0..10_000 {
            record(&mut t, s(i * 1000, 10, i % 7, i % 5, 1));
        }
        assert!(t.len() <= MAX_SAMPLES);
        assert_eq!(t.first().map(|x| x.at_ms), Some(0));
        assert_eq!(t.last().map(|x| x.at_ms), Some(9_999_000));
    }

    #[test]
    fn marks_show_starts_stalls_and_completions() {
        let samples = [s(0, 3, 0, 0, 1), s(4000, 3, 3, 3, 1), s(10_000, 3, 1, 2, 2), s(12_000, 3, 1, 2, 2)];
        assert_eq!(
            marks(&samples, 60_000),
            vec![
                (0, Mark::Started),
                (4000, Mark::Completed),
                (10_000, Mark::Started),
                (12_000 + STALL_MS, Mark::Stalled)
            ]
        );
        // Not yet stalled a moment later.
        assert_eq!(marks(&samples, 13_000).len(), 3);
    }
}
