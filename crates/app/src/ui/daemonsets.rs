//! The DaemonSet panel: status counters, rollout progress, revisions and events.

use dsplay_console::view::DaemonSetView;
use yew::prelude::*;

use crate::ui::timeline::rollout_chart;
use crate::ui::{escape, raw};

/// What the panel shows. A function, not a component (see `controls.rs`).
pub struct DaemonSetPanelProps<'a> {
    pub daemonsets: &'a [DaemonSetView],
    /// Simulated time since the session began: the timeline runs to it.
    pub now_ms: u64,
    /// Compare mode: variant B's DaemonSets, whose timeline the chart overlays.
    pub overlay: Option<&'a [DaemonSetView]>,
    /// Draw the timeline (variant B's panel leaves it to A's overlay).
    pub chart: bool,
    /// The DaemonSet whose timeline is drawn when there are several (`Model::charted`).
    pub charted: Option<&'a str>,
    pub on_chart: Callback<String>,
}

pub fn daemonset_panel(props: &DaemonSetPanelProps) -> Html {
    // The DaemonSet whose timeline is drawn: the one chosen, else the first.
    let charted =
        props.daemonsets.iter().find(|d| props.charted == Some(d.name.as_str())).or_else(|| props.daemonsets.first());
    // Compare mode: variant B's timeline of the same DaemonSet.
    let overlay = charted.and_then(|ds| {
        let b = props.overlay?;
        Some(
            b.iter()
                .find(|o| o.name == ds.name && o.namespace == ds.namespace)
                .map(|o| o.timeline.clone())
                .unwrap_or_default(),
        )
    });
    let on_choose = props.on_chart.reform(|e: Event| e.target_unchecked_into::<web_sys::HtmlSelectElement>().value());
    html! {
        <section class="panel" aria-label="DaemonSets">
            <h2>{ "DaemonSets" }</h2>
            if props.daemonsets.is_empty() {
                <p class="muted">{ "No DaemonSets yet: apply one from the editor." }</p>
            }
            if let (Some(ds), true) = (charted, props.chart) {
                if props.daemonsets.len() > 1 {
                    // The select is markup; its change bubbles to the label, which listens.
                    <label class="timeline-choice" onchange={on_choose}>
                        { raw(format!("Timeline of <select>{}</select>", props.daemonsets.iter().map(|d| {
                            let name = escape(&d.name);
                            let selected = if d.name == ds.name { " selected" } else { "" };
                            format!("<option value=\"{name}\"{selected}>{name}</option>")
                        }).collect::<String>())) }
                    </label>
                }
                { rollout_chart(&ds.name, &ds.timeline, overlay.as_ref(), props.now_ms) }
            }
            { for props.daemonsets.iter().map(card) }
        </section>
    }
}

/// A DaemonSet's card. Only the `<details>` are elements Yew keeps (so that a reader's
/// opening or closing them survives updates); what they hold is markup (`raw`), which Yew
/// compares as text: the `html!` code for a few dozen elements, and a component's lifecycle
/// code, cost more of the gzipped wasm than building the text each render costs time.
fn card(ds: &DaemonSetView) -> Html {
    let counters: String = [
        ("Desired", ds.desired),
        ("Current", ds.current),
        ("Ready", ds.ready),
        ("Up-to-date", ds.up_to_date),
        ("Available", ds.available),
        ("Misscheduled", ds.misscheduled),
    ]
    .iter()
    .map(|(name, n)| format!("<div><dt>{name}</dt><dd>{n}</dd></div>"))
    .collect();
    let max = ds.desired.max(1);
    let mut head = format!(
        r#"<h3>{}<small class="muted"> {} · {}</small>"#,
        escape(&ds.name),
        escape(&ds.namespace),
        ds.update_strategy
    );
    if ds.rolling_out {
        head.push_str(r#"<span class="badge state-rolling">rolling out</span>"#);
    }
    if ds.deleting {
        head.push_str(r#"<span class="badge state-deleting">deleting</span>"#);
    }
    head.push_str(&format!(
        r#"</h3><dl class="counters">{counters}</dl><div class="progress"><progress max="{max}" value="{}" aria-label="Rollout of {}"></progress><span>{}/{} up to date</span></div>"#,
        ds.up_to_date.min(max),
        escape(&ds.name),
        ds.up_to_date,
        ds.desired
    ));
    let revisions: String = ds
        .revisions
        .iter()
        .map(|r| {
            let current = if r.hash == ds.current_revision_hash { "<strong> (current)</strong>" } else { "" };
            format!("<li>{} · {}{current}</li>", r.revision, escape(&r.hash))
        })
        .collect();
    let events: String = ds
        .events
        .iter()
        .map(|e| {
            let class = if e.event_type == "Warning" { "event warning" } else { "event" };
            let count =
                if e.count > 1 { format!(r#"<span class="muted"> ×{}</span>"#, e.count) } else { String::new() };
            format!(
                r#"<li class="{class}"><span class="event-time">{}</span><strong>{}</strong> {}{count}</li>"#,
                format_ms(e.last_ms),
                escape(e.reason),
                escape(&e.message)
            )
        })
        .collect();
    html! {
        <article key={format!("{}/{}", ds.namespace, ds.name)} class="ds" data-daemonset={ds.name.clone()}>
            { raw(head) }
            if !ds.revisions.is_empty() {
                <details class="revisions">
                    <summary>{ format!("Revisions ({})", ds.revisions.len()) }</summary>
                    { raw(format!("<ol>{revisions}</ol>")) }
                </details>
            }
            if !ds.events.is_empty() {
                <details class="events" open=true>
                    // The view carries the recent events (older ones are in `kubectl describe`).
                    <summary>{ format!("Events ({})", ds.event_count) }</summary>
                    { raw(format!("<ol>{events}</ol>")) }
                </details>
            }
        </article>
    }
}

/// Simulated time as `1m05.3s`: short enough for an event list and the clock.
pub fn format_ms(ms: u64) -> String {
    // Whole tenths, rounded half up, in integers: float formatting would cost the wasm 13 KB.
    let tenths = (ms % 60_000 + 50) / 100;
    let (minutes, tenths) = (ms / 60_000 + tenths / 600, tenths % 600);
    let (seconds, tenth) = (tenths / 10, tenths % 10);
    if minutes > 0 { format!("{minutes}m{seconds:02}.{tenth}s") } else { format!("{seconds}.{tenth}s") }
}

#[cfg(test)]
mod tests {
    #[test]
    fn simulated_time_reads_in_tenths_of_a_second() {
        for (ms, text) in [(0, "0.0s"), (1_249, "1.2s"), (1_250, "1.3s"), (59_960, "1m00.0s"), (65_300, "1m05.3s")] {
            assert_eq!(super::format_ms(ms), text, "{ms}");
        }
    }
}
