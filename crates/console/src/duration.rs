//! Human-readable ages ("45s", "3m10s", "2d1h"): a port of apimachinery's `util/duration`.
//!
//! kubectl prints every AGE column and most describe ages through
//! `duration.HumanDuration`; a few older call sites use `ShortHumanDuration`.
//! Both are reproduced here on milliseconds instead of Go's nanosecond
//! `time.Duration`. Go converts with truncation toward zero (`int(d.Seconds())`,
//! `d / time.Minute`), which is exactly Rust's integer division, so the
//! boundaries (e.g. -1.999s is still "0s", -2s is "<invalid>") match.

const SECOND: i64 = 1000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;

/// Milliseconds from `at` to `now` as kubectl measures an age: API timestamps are whole
/// seconds (metav1.Time serializes RFC 3339 without fractions), so `at` is truncated first.
pub fn age_ms(now: i64, at: i64) -> i64 {
    now.saturating_sub(at.div_euclid(1000) * 1000)
}

/// `duration.HumanDuration`: a succinct duration with ~2-3 significant figures.
///
/// Negative durations down to -1.999s are clock skew and print as "0s"; anything
/// more negative is `<invalid>`.
pub fn human_duration(ms: i64) -> String {
    let seconds = ms / SECOND;
    if seconds < -1 {
        return "<invalid>".to_string();
    }
    if seconds < 0 {
        return "0s".to_string();
    }
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = ms / MINUTE;
    if minutes < 10 {
        let s = seconds % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = ms / HOUR;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        return format!("{hours}h{m}m");
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        return format!("{}d{}h", hours / 24, h);
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        return format!("{}y{}d", hours / 24 / 365, dy);
    }
    format!("{}y", hours / 24 / 365)
}

/// `duration.ShortHumanDuration`: one unit only ("59s", "1m", "23h", "364d", "2y").
pub fn short_human_duration(ms: i64) -> String {
    let seconds = ms / SECOND;
    if seconds < -1 {
        return "<invalid>".to_string();
    }
    if seconds < 0 {
        return "0s".to_string();
    }
    if seconds < 60 {
        return format!("{seconds}s");
    }
    let minutes = ms / MINUTE;
    if minutes < 60 {
        return format!("{minutes}m");
    }
    let hours = ms / HOUR;
    if hours < 24 {
        return format!("{hours}h");
    }
    if hours < 24 * 365 {
        return format!("{}d", hours / 24);
    }
    // Go divides float hours here; for non-negative whole milliseconds the
    // truncated quotient is the same.
    format!("{}y", hours / 24 / 365)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: i64 = 1;
    const DAY: i64 = 24 * HOUR;
    const YEAR: i64 = 365 * DAY;

    #[test]
    fn human_duration_matches_upstream_examples() {
        let cases = [
            (SECOND, "1s"),
            (70 * SECOND, "70s"),
            (190 * SECOND, "3m10s"),
            (70 * MINUTE, "70m"),
            (47 * HOUR, "47h"),
            (49 * HOUR, "2d1h"),
            ((8 * 24 + 2) * HOUR, "8d"),
            (367 * DAY, "367d"),
            ((365 * 2 * 24 + 25) * HOUR, "2y1d"),
            ((365 * 8 * 24 + 2) * HOUR, "8y"),
        ];
        for (ms, want) in cases {
            assert_eq!(human_duration(ms), want, "{ms}ms");
        }
    }

    #[test]
    fn human_duration_matches_upstream_boundaries() {
        // Upstream uses nanoseconds; "-2*time.Second + 1" becomes -1999ms here.
        let cases = [
            (-2 * SECOND, "<invalid>"),
            (-2 * SECOND + MS, "0s"),
            (0, "0s"),
            (SECOND - MS, "0s"),
            (2 * MINUTE - MS, "119s"),
            (2 * MINUTE, "2m"),
            (2 * MINUTE + SECOND, "2m1s"),
            (10 * MINUTE - MS, "9m59s"),
            (10 * MINUTE, "10m"),
            (10 * MINUTE + SECOND, "10m"),
            (3 * HOUR - MS, "179m"),
            (3 * HOUR, "3h"),
            (3 * HOUR + MINUTE, "3h1m"),
            (8 * HOUR - MS, "7h59m"),
            (8 * HOUR, "8h"),
            (8 * HOUR + 59 * MINUTE, "8h"),
            (2 * DAY - MS, "47h"),
            (2 * DAY, "2d"),
            (2 * DAY + HOUR, "2d1h"),
            (8 * DAY - MS, "7d23h"),
            (8 * DAY, "8d"),
            (8 * DAY + 23 * HOUR, "8d"),
            (2 * YEAR - MS, "729d"),
            (2 * YEAR, "2y"),
            (2 * YEAR + 23 * HOUR, "2y"),
            (2 * YEAR + 23 * HOUR + 59 * MINUTE, "2y"),
            (2 * YEAR + DAY - MS, "2y"),
            (2 * YEAR + DAY, "2y1d"),
            (3 * YEAR, "3y"),
            (4 * YEAR, "4y"),
            (5 * YEAR, "5y"),
            (6 * YEAR, "6y"),
            (7 * YEAR, "7y"),
            (8 * YEAR - MS, "7y364d"),
            (8 * YEAR, "8y"),
            (8 * YEAR + 364 * DAY, "8y"),
            (9 * YEAR, "9y"),
        ];
        for (ms, want) in cases {
            assert_eq!(human_duration(ms), want, "{ms}ms");
        }
    }

    #[test]
    fn short_human_duration_matches_upstream_boundaries() {
        let cases = [
            (-2 * SECOND, "<invalid>"),
            (-2 * SECOND + MS, "0s"),
            (0, "0s"),
            (SECOND - MS, "0s"),
            (SECOND, "1s"),
            (2 * SECOND - MS, "1s"),
            (MINUTE - MS, "59s"),
            (MINUTE, "1m"),
            (2 * MINUTE - MS, "1m"),
            (HOUR - MS, "59m"),
            (HOUR, "1h"),
            (2 * HOUR - MS, "1h"),
            (DAY - MS, "23h"),
            (DAY, "1d"),
            (2 * DAY - MS, "1d"),
            (YEAR - MS, "364d"),
            (YEAR, "1y"),
            (2 * YEAR - MS, "1y"),
            (2 * YEAR, "2y"),
        ];
        for (ms, want) in cases {
            assert_eq!(short_human_duration(ms), want, "{ms}ms");
        }
    }

    #[test]
    fn extreme_inputs_do_not_overflow() {
        assert_eq!(human_duration(i64::MIN), "<invalid>");
        assert_eq!(short_human_duration(i64::MIN), "<invalid>");
        assert_eq!(human_duration(i64::MAX), "292471208y");
        assert_eq!(short_human_duration(i64::MAX), "292471208y");
    }
}
