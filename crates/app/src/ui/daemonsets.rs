//! The DaemonSet panel: status counters, rollout progress, revisions and events.

use std::rc::Rc;

use dsplay_console::view::DaemonSetView;
use yew::prelude::*;

use crate::ui::timeline::RolloutChart;

#[derive(Properties, PartialEq)]
pub struct DaemonSetPanelProps {
    pub daemonsets: Rc<Vec<DaemonSetView>>,
    /// Simulated time since the session began: the timeline runs to it.
    #[prop_or_default]
    pub now_ms: u64,
    /// Compare mode: variant B's DaemonSets, whose timeline the chart overlays.
    #[prop_or_default]
    pub overlay: Option<Rc<Vec<DaemonSetView>>>,
    /// Draw the timeline (variant B's panel leaves it to A's overlay).
    #[prop_or(true)]
    pub chart: bool,
}

#[function_component]
pub fn DaemonSetPanel(props: &DaemonSetPanelProps) -> Html {
    // The DaemonSet whose timeline is drawn: the one chosen, else the first.
    let chosen = use_state(|| None::<String>);
    let charted = props
        .daemonsets
        .iter()
        .find(|d| chosen.as_deref() == Some(d.name.as_str()))
        .or_else(|| props.daemonsets.first());
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            chosen.set(Some(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()));
        })
    };
    html! {
        <section class="panel" aria-label="DaemonSets">
            <h2>{ "DaemonSets" }</h2>
            if props.daemonsets.is_empty() {
                <p class="muted">{ "No DaemonSets yet: apply one from the editor." }</p>
            }
            if let (Some(ds), true) = (charted, props.chart) {
                if props.daemonsets.len() > 1 {
                    <label class="timeline-choice">{ "Timeline of " }
                        <select onchange={on_choose}>
                            { for props.daemonsets.iter().map(|d| html! {
                                <option value={d.name.clone()} selected={d.name == ds.name}>{ &d.name }</option>
                            }) }
                        </select>
                    </label>
                }
                <RolloutChart name={ds.name.clone()} timeline={ds.timeline.clone()} now_ms={props.now_ms}
                    other={props.overlay.as_ref().map(|b| {
                        b.iter().find(|o| o.name == ds.name && o.namespace == ds.namespace).map(|o| o.timeline.clone()).unwrap_or_default()
                    })} />
            }
            { for props.daemonsets.iter().map(|ds| html! {
                <DaemonSetCard key={format!("{}/{}", ds.namespace, ds.name)} ds={ds.clone()} />
            }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CardProps {
    ds: DaemonSetView,
}

#[function_component]
fn DaemonSetCard(props: &CardProps) -> Html {
    let ds = &props.ds;
    let counters = [
        ("Desired", ds.desired),
        ("Current", ds.current),
        ("Ready", ds.ready),
        ("Up-to-date", ds.up_to_date),
        ("Available", ds.available),
        ("Misscheduled", ds.misscheduled),
    ];
    let max = ds.desired.max(1);
    html! {
        <article class="ds" data-daemonset={ds.name.clone()}>
            <h3>
                { &ds.name }
                <small class="muted">{ format!(" {} · {}", ds.namespace, ds.update_strategy) }</small>
                if ds.rolling_out { <span class="badge state-rolling">{ "rolling out" }</span> }
                if ds.deleting { <span class="badge state-deleting">{ "deleting" }</span> }
            </h3>
            <dl class="counters">
                { for counters.iter().map(|(name, n)| html! {
                    <div><dt>{ *name }</dt><dd>{ n }</dd></div>
                }) }
            </dl>
            <div class="progress">
                <progress max={max.to_string()} value={ds.up_to_date.min(max).to_string()}
                    aria-label={format!("Rollout of {}", ds.name)}></progress>
                <span>{ format!("{}/{} up to date", ds.up_to_date, ds.desired) }</span>
            </div>
            if !ds.revisions.is_empty() {
                <details class="revisions">
                    <summary>{ format!("Revisions ({})", ds.revisions.len()) }</summary>
                    <ol>
                        { for ds.revisions.iter().map(|r| html! {
                            <li key={r.name.clone()}>
                                { format!("{} · {}", r.revision, r.hash) }
                                if r.hash == ds.current_revision_hash { <strong>{ " (current)" }</strong> }
                            </li>
                        }) }
                    </ol>
                </details>
            }
            if !ds.events.is_empty() {
                <details class="events" open=true>
                    // The view carries the recent events (older ones are in `kubectl describe`).
                    <summary>{ format!("Events ({})", ds.event_count) }</summary>
                    <ol>
                        { for ds.events.iter().map(|e| html! {
                            <li class={if e.event_type == "Warning" { "event warning" } else { "event" }}>
                                <span class="event-time">{ format_ms(e.last_ms) }</span>
                                <strong>{ &e.reason }</strong>
                                { format!(" {}", e.message) }
                                if e.count > 1 { <span class="muted">{ format!(" ×{}", e.count) }</span> }
                            </li>
                        }) }
                    </ol>
                </details>
            }
        </article>
    }
}

/// Simulated time as `1m05.3s`: short enough for an event list and the clock.
pub fn format_ms(ms: u64) -> String {
    let minutes = ms / 60_000;
    let seconds = (ms % 60_000) as f64 / 1000.0;
    if minutes > 0 { format!("{minutes}m{seconds:04.1}s") } else { format!("{seconds:.1}s") }
}
