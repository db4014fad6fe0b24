//! The rollout timeline chart: a DaemonSet's desired, updated, available and unavailable
//! counts over simulated time, as step lines in an SVG (told apart by dash pattern and width
//! as well as colour), with rollout starts, stalls and completions marked, and the same in
//! words for screen readers. The geometry is pure, tested natively.

use dsplay_core::timeline::{StatusSample, Timeline, marks};
use yew::prelude::*;

use crate::ui::daemonsets::format_ms;
use crate::ui::{escape, raw};

// Whole units of the SVG's 320 × 120 box: integers keep float formatting out of the wasm.
const WIDTH: i64 = 320;
const HEIGHT: i64 = 120;
const LEFT: i64 = 30;
const RIGHT: i64 = 6;
const TOP: i64 = 14;
const BOTTOM: i64 = 16;

/// One counter's line: its name, the CSS class that styles it, and how to read it.
pub struct Series {
    pub name: &'static str,
    pub class: &'static str,
    pub value: fn(&StatusSample) -> i64,
}

/// The series' key (fixed: the same four lines every time).
const LEGEND: &str = concat!(
    r#"<ul class="tl-legend" aria-hidden="true">"#,
    r#"<li><svg width="18" height="8"><line class="tl-desired" x1="0" y1="4" x2="18" y2="4"/></svg>desired</li>"#,
    r#"<li><svg width="18" height="8"><line class="tl-updated" x1="0" y1="4" x2="18" y2="4"/></svg>updated</li>"#,
    r#"<li><svg width="18" height="8"><line class="tl-available" x1="0" y1="4" x2="18" y2="4"/></svg>available</li>"#,
    r#"<li><svg width="18" height="8"><line class="tl-unavailable" x1="0" y1="4" x2="18" y2="4"/></svg>unavailable</li>"#,
    "</ul>"
);

pub const SERIES: [Series; 4] = [
    Series { name: "desired", class: "tl-desired", value: |s| s.desired },
    Series { name: "updated", class: "tl-updated", value: |s| s.updated },
    Series { name: "available", class: "tl-available", value: |s| s.available },
    Series { name: "unavailable", class: "tl-unavailable", value: |s| s.unavailable },
];

/// The chart's scales: simulated time across, pods up.
struct Scale {
    from_ms: i64,
    to_ms: i64,
    max: i64,
}

impl Scale {
    fn of(samples: &[StatusSample], now_ms: i64) -> Scale {
        let from_ms = samples.first().map_or(0, |s| s.at_ms);
        let last = samples.last().map_or(0, |s| s.at_ms);
        let max = samples.iter().map(|s| s.desired.max(s.updated).max(s.available).max(s.unavailable)).max();
        Scale { from_ms, to_ms: now_ms.max(last).max(from_ms + 1000), max: max.unwrap_or(0).max(1) }
    }
    fn x(&self, ms: i64) -> i64 {
        LEFT + (ms - self.from_ms) * (WIDTH - LEFT - RIGHT) / (self.to_ms - self.from_ms).max(1)
    }
    fn y(&self, n: i64) -> i64 {
        HEIGHT - BOTTOM - n * (HEIGHT - TOP - BOTTOM) / self.max
    }
}

/// A step line through the samples (a value holds until the next sample), on to `now_ms`.
fn step_path(samples: &[StatusSample], value: fn(&StatusSample) -> i64, scale: &Scale) -> String {
    let mut d = String::new();
    for (i, s) in samples.iter().enumerate() {
        let (x, y) = (scale.x(s.at_ms), scale.y(value(s)));
        if i == 0 {
            d.push_str(&format!("M{x},{y}"));
        } else {
            d.push_str(&format!("H{x}V{y}"));
        }
    }
    if !samples.is_empty() {
        d.push_str(&format!("H{}", scale.x(scale.to_ms)));
    }
    d
}

/// The chart in words: the counts now, and each mark with its time.
pub fn summary(name: &str, samples: &[StatusSample], now_ms: i64) -> String {
    let Some(last) = samples.last() else {
        return format!("{name}: no status recorded yet.");
    };
    let mut text = format!(
        "{name} at {}: {} desired, {} updated, {} available, {} unavailable.",
        format_ms(now_ms.max(0) as u64),
        last.desired,
        last.updated,
        last.available,
        last.unavailable
    );
    let events: Vec<String> = marks(samples, now_ms)
        .iter()
        .map(|(at, m)| format!("{} at {}", m.word(), format_ms((*at).max(0) as u64)))
        .collect();
    if !events.is_empty() {
        text.push_str(&format!(" Rollout {}.", events.join(", ")));
    }
    text
}

/// The chart as markup. One string rather than a tree of `html!` elements: the macro's code
/// for a few dozen SVG elements cost 4.6 KB of the gzipped wasm, and nothing in it listens.
pub fn markup(name: &str, samples: &[StatusSample], other: Option<&[StatusSample]>, now: i64) -> String {
    let b = other.unwrap_or_default();
    // One scale for both variants.
    let both: Vec<StatusSample> = samples.iter().chain(b).copied().collect();
    let mut scale = Scale::of(&both, now);
    scale.from_ms = samples.first().into_iter().chain(b.first()).map(|s| s.at_ms).min().unwrap_or(0);
    let name = escape(name);
    let (base, right) = (scale.y(0), WIDTH - RIGHT);
    let mut svg = format!(
        r#"<svg role="img" aria-label="Rollout timeline" aria-describedby="timeline-text-{name}" viewBox="0 0 {WIDTH} {HEIGHT}"><line class="tl-axis" x1="{LEFT}" y1="{base}" x2="{right}" y2="{base}"/>"#
    );
    for n in [0, scale.max] {
        svg.push_str(&format!(
            r#"<text class="tl-tick" x="{}" y="{}" text-anchor="end">{n}</text>"#,
            LEFT - 4,
            scale.y(n) + 3
        ));
    }
    svg.push_str(&format!(
        r#"<text class="tl-tick" x="{LEFT}" y="{}">{}</text><text class="tl-tick" x="{right}" y="{}" text-anchor="end">{}</text>"#,
        HEIGHT - 3,
        format_ms(scale.from_ms.max(0) as u64),
        HEIGHT - 3,
        format_ms(scale.to_ms.max(0) as u64)
    ));
    for (at, mark) in marks(samples, now) {
        let (x, word) = (scale.x(at), mark.word());
        svg.push_str(&format!(
            r#"<g class="tl-mark {word}" data-mark="{word}"><line x1="{x}" y1="{TOP}" x2="{x}" y2="{base}"/><text x="{}" y="{}">{word}</text></g>"#,
            x + 2,
            TOP - 3
        ));
    }
    let mut lines = |samples: &[StatusSample], variant: &str, extra: &str| {
        for s in &SERIES {
            svg.push_str(&format!(
                r#"<path class="{}{extra}" data-series="{}"{variant} d="{}"/>"#,
                s.class,
                s.name,
                step_path(samples, s.value, &scale)
            ));
        }
    };
    if other.is_some() {
        lines(b, r#" data-chart-variant="b""#, " tl-b");
        lines(samples, r#" data-chart-variant="a""#, "");
    } else {
        lines(samples, "", "");
    }
    svg.push_str("</svg>");

    let (variants, words) = match other {
        Some(b) => (
            r#"<p class="tl-variants muted">Variant A: full lines; variant B: faint lines.</p>"#,
            format!("Variant A: {} Variant B: {}", summary(&name, samples, now), summary(&name, b, now)),
        ),
        None => ("", summary(&name, samples, now)),
    };
    format!(
        r#"<figure class="timeline">{svg}<figcaption>{LEGEND}{variants}<p id="timeline-text-{name}" class="sr-only">{words}</p></figcaption></figure>"#
    )
}

/// The chart for the page: a function, not a component (a component's lifecycle code cost
/// the wasm more than the chart itself; the panel re-renders with the clock anyway).
///
/// The panel renders with every frame of Play, and a chart of 2,048 samples takes a while to
/// write out: the last markup is kept while its samples (a timeline changes `Rc` when it
/// grows) and the simulated second stay the same. (A cache rather than `use_memo`: one more
/// hook type cost the page's wasm more.)
pub fn rollout_chart(name: &str, timeline: &Timeline, other: Option<&Timeline>, now_ms: u64) -> Html {
    // The samples are held with their address, so that it cannot come back for others.
    type Made = ((usize, usize, u64), Html, Option<(Timeline, Option<Timeline>)>);
    thread_local! {
        static LAST: std::cell::RefCell<Made> = std::cell::RefCell::new(((0, 0, u64::MAX), Html::default(), None));
    }
    let key =
        (std::rc::Rc::as_ptr(timeline) as usize, other.map_or(0, |t| std::rc::Rc::as_ptr(t) as usize), now_ms / 1000);
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.0 != key {
            let html = raw(markup(name, timeline, other.map(|t| t.as_slice()), now_ms as i64));
            *last = (key, html, Some((timeline.clone(), other.cloned())));
        }
        last.1.clone()
    })
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
    fn lines_step_through_the_samples_to_now() {
        let samples = [s(0, 2, 0, 0, 1), s(2000, 2, 2, 2, 1)];
        let scale = Scale::of(&samples, 4000);
        // x from 30 to 314 over 4 s; y from 104 (0) to 14 (2).
        assert_eq!(step_path(&samples, |s| s.available, &scale), "M30,104H172V14H314");
    }

    #[test]
    fn the_words_say_the_counts_and_the_marks() {
        let samples = [s(0, 3, 0, 0, 1), s(4000, 3, 3, 3, 1)];
        assert_eq!(
            summary("agent", &samples, 6000),
            "agent at 6.0s: 3 desired, 3 updated, 3 available, 0 unavailable. Rollout started at 0.0s, completed at 4.0s."
        );
        assert_eq!(summary("agent", &[], 0), "agent: no status recorded yet.");
    }
}
