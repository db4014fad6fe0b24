//! The toolbar: presets, Play/Pause, Step, speed, the simulated clock and Copy link.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::presets::PRESETS;
use crate::ui::daemonsets::format_ms;

/// Speeds offered, in tenths (see `Model::speed_tenths`).
const SPEEDS: [(u32, &str); 6] = [(5, "0.5×"), (10, "1×"), (20, "2×"), (50, "5×"), (100, "10×"), (200, "20×")];
/// What Step advances.
pub const STEP_MS: u64 = 1000;

/// What the toolbar shows and sends. A function, not a component: a component's lifecycle
/// code costs the wasm about 1.4 KB gzip, and the toolbar re-renders with the clock anyway.
pub struct ControlsProps {
    pub playing: bool,
    pub speed_tenths: u32,
    pub now: String,
    pub now_ms: u64,
    pub preset: Option<&'static str>,
    /// Play (true) or pause (false).
    pub on_play: Callback<bool>,
    /// Step: advance `STEP_MS`.
    pub on_step: Callback<()>,
    /// A speed, in tenths.
    pub on_speed: Callback<u32>,
    pub on_preset: Callback<String>,
    pub on_copy_link: Callback<()>,
    /// An embed shows the time controls only: its scenario is the host page's choice.
    pub embedded: bool,
}

pub fn controls(props: &ControlsProps) -> Html {
    let playing = props.playing;
    let toggle = props.on_play.reform(move |_: MouseEvent| !playing);
    let step = props.on_step.reform(|_: MouseEvent| ());
    let on_speed = {
        let on_speed = props.on_speed.clone();
        move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(tenths) = value.parse() {
                on_speed.emit(tenths);
            }
        }
    };
    let on_preset = {
        let on_preset = props.on_preset.clone();
        move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if !value.is_empty() {
                on_preset.emit(value);
            }
        }
    };
    let copy = props.on_copy_link.reform(|_: MouseEvent| ());
    html! {
        <div class="controls">
            if !props.embedded {
                <select class="preset" aria-label="Preset" onchange={on_preset}>
                    <option value="" selected={props.preset.is_none()}>{ "Custom session" }</option>
                    { for PRESETS.iter().map(|p| html! {
                        <option value={p.id} selected={props.preset == Some(p.id)}>{ p.title }</option>
                    }) }
                </select>
            }
            <div class="time" role="group" aria-label="Time">
                <button type="button" class={classes!("play", props.playing.then_some("playing"))} onclick={toggle}>
                    { if props.playing { "Pause" } else { "Play" } }
                </button>
                <button type="button" onclick={step} title="Advance the simulated clock by 1 s">{ "Step" }</button>
                <select aria-label="Speed" onchange={on_speed}>
                    { for SPEEDS.iter().map(|(tenths, label)| html! {
                        <option value={tenths.to_string()} selected={*tenths == props.speed_tenths}>{ *label }</option>
                    }) }
                </select>
                <span class="clock" title={props.now.clone()}>
                    <span class="sr-only">{ "Simulated time " }</span>
                    { format!("t = {}", format_ms(props.now_ms)) }
                </span>
            </div>
            if !props.embedded {
                <button type="button" onclick={copy}>{ "Copy link" }</button>
            }
        </div>
    }
}
