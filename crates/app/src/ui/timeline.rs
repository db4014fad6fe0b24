//! The rollout timeline chart: a DaemonSet's desired, updated, available and unavailable
//! counts over simulated time, as step lines in an SVG (told apart by dash pattern and width
//! as well as colour), with rollout starts, stalls and completions marked, and the same in
//! words for screen readers. The geometry is pure, tested natively.

use dsplay_core::timeline::{Mark, StatusSample, Timeline, marks};
use yew::prelude::*;

use crate::ui::daemonsets::format_ms;

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 120.0;
const LEFT: f64 = 30.0;
const RIGHT: f64 = 6.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 16.0;

/// One counter's line: its name, the CSS class that styles it, and how to read it.
pub struct Series {
    pub name: &'static str,
    pub class: &'static str,
    pub value: fn(&StatusSample) -> i64,
}

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
    fn x(&self, ms: i64) -> f64 {
        LEFT + (ms - self.from_ms) as f64 / (self.to_ms - self.from_ms) as f64 * (WIDTH - LEFT - RIGHT)
    }
    fn y(&self, n: i64) -> f64 {
        HEIGHT - BOTTOM - n as f64 / self.max as f64 * (HEIGHT - TOP - BOTTOM)
    }
}

/// A step line through the samples (a value holds until the next sample), on to `now_ms`.
fn step_path(samples: &[StatusSample], value: fn(&StatusSample) -> i64, scale: &Scale) -> String {
    let mut d = String::new();
    for (i, s) in samples.iter().enumerate() {
        let (x, y) = (scale.x(s.at_ms), scale.y(value(s)));
        if i == 0 {
            d.push_str(&format!("M{x:.1},{y:.1}"));
        } else {
            d.push_str(&format!("H{x:.1}V{y:.1}"));
        }
    }
    if !samples.is_empty() {
        d.push_str(&format!("H{:.1}", scale.x(scale.to_ms)));
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

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub name: String,
    pub timeline: Timeline,
    pub now_ms: u64,
    /// Compare mode: variant B's timeline of the same DaemonSet, drawn over A's (fainter).
    #[prop_or_default]
    pub other: Option<Timeline>,
}

#[function_component]
pub fn RolloutChart(props: &ChartProps) -> Html {
    let samples: &[StatusSample] = &props.timeline;
    let other: &[StatusSample] = props.other.as_deref().map_or(&[], |t| t.as_slice());
    let now = props.now_ms as i64;
    // One scale for both variants.
    let both: Vec<StatusSample> = samples.iter().chain(other).copied().collect();
    let mut scale = Scale::of(&both, now);
    scale.from_ms = samples.first().into_iter().chain(other.first()).map(|s| s.at_ms).min().unwrap_or(0);
    let described = format!("timeline-text-{}", props.name);
    let ticks = [0, scale.max];
    html! {
        <figure class="timeline">
            <svg role="img" aria-label="Rollout timeline" aria-describedby={described.clone()}
                viewBox={format!("0 0 {WIDTH} {HEIGHT}")}>
                <line class="tl-axis" x1={LEFT.to_string()} y1={scale.y(0).to_string()}
                    x2={(WIDTH - RIGHT).to_string()} y2={scale.y(0).to_string()} />
                { for ticks.iter().map(|n| html! {
                    <text class="tl-tick" x={(LEFT - 4.0).to_string()} y={(scale.y(*n) + 3.0).to_string()} text-anchor="end">{ n }</text>
                }) }
                <text class="tl-tick" x={LEFT.to_string()} y={(HEIGHT - 3.0).to_string()}>{ format_ms(scale.from_ms.max(0) as u64) }</text>
                <text class="tl-tick" x={(WIDTH - RIGHT).to_string()} y={(HEIGHT - 3.0).to_string()} text-anchor="end">{ format_ms(scale.to_ms.max(0) as u64) }</text>
                { for marks(samples, now).iter().map(|(at, mark)| {
                    let x = scale.x(*at);
                    let class = match mark { Mark::Started => "tl-mark started", Mark::Stalled => "tl-mark stalled", Mark::Completed => "tl-mark completed" };
                    html! {
                        <g class={class} data-mark={mark.word()}>
                            <line x1={x.to_string()} y1={TOP.to_string()} x2={x.to_string()} y2={scale.y(0).to_string()} />
                            <text x={(x + 2.0).to_string()} y={(TOP - 3.0).to_string()}>{ mark.word() }</text>
                        </g>
                    }
                }) }
                if props.other.is_some() {
                    { for SERIES.iter().map(|s| html! {
                        <path class={classes!(s.class, "tl-b")} data-series={s.name} data-chart-variant="b"
                            d={step_path(other, s.value, &scale)} />
                    }) }
                }
                { for SERIES.iter().map(|s| html! {
                    <path class={s.class} data-series={s.name} data-chart-variant={props.other.is_some().then_some("a")}
                        d={step_path(samples, s.value, &scale)} />
                }) }
            </svg>
            <figcaption>
                <ul class="tl-legend" aria-hidden="true">
                    { for SERIES.iter().map(|s| html! {
                        <li><svg width="18" height="8"><line class={s.class} x1="0" y1="4" x2="18" y2="4" /></svg>{ s.name }</li>
                    }) }
                </ul>
                if props.other.is_some() {
                    <p class="tl-variants muted">{ "Variant A: full lines; variant B: faint lines." }</p>
                }
                <p id={described} class="sr-only">
                    { if props.other.is_some() {
                        format!("Variant A: {} Variant B: {}", summary(&props.name, samples, now), summary(&props.name, other, now))
                    } else {
                        summary(&props.name, samples, now)
                    } }
                </p>
            </figcaption>
        </figure>
    }
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
        assert_eq!(step_path(&samples, |s| s.available, &scale), "M30.0,104.0H172.0V14.0H314.0");
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
