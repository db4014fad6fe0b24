//! The page's components, one module per panel.

pub mod add_node;
pub mod console_panel;
pub mod controls;
pub mod daemonsets;
pub mod editor;
pub mod node_panel;
pub mod tiles;
pub mod timeline;
pub mod tour;

/// Markup for text: what a user or the cluster wrote (names, event messages) cannot become
/// elements.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Markup as nodes, for parts that listen to nothing (see `daemonsets.rs`, `timeline.rs`).
pub fn raw(markup: String) -> yew::Html {
    yew::Html::from_html_unchecked(markup.into())
}
