//! A guided tour's panel: the current step's title and narration, "Step k of n", and the
//! buttons that move through it (see `tour.rs`).

use std::rc::Rc;

use yew::prelude::*;

use crate::tour::Tour;

/// A function, not a component (see `controls.rs`).
pub struct TourPanelProps {
    pub tour: Rc<Tour>,
    /// Steps run so far: the current step, counting from 1.
    pub done: usize,
    pub on_previous: Callback<()>,
    pub on_next: Callback<()>,
}

pub fn tour_panel(props: &TourPanelProps) -> Html {
    let total = props.tour.steps.len();
    let Some(step) = props.done.checked_sub(1).and_then(|i| props.tour.steps.get(i)) else { return html! {} };
    let go = |to: &Callback<()>| to.reform(|_: MouseEvent| ());
    html! {
        <section class="panel tour" aria-label="Tour">
            <p class="tour-count" aria-live="polite">{ format!("Step {} of {total}", props.done) }</p>
            <h2>{ &step.title }</h2>
            { for step.narration.iter().map(|p| html! { <p>{ p }</p> }) }
            <div class="tour-nav">
                <button type="button" disabled={props.done <= 1} onclick={go(&props.on_previous)}>
                    { "Previous step" }
                </button>
                <button type="button" class="primary" disabled={props.done >= total} onclick={go(&props.on_next)}>
                    { "Next step" }
                </button>
            </div>
        </section>
    }
}
