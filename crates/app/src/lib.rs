//! The DaemonSet Playground web app: cluster tiles, the manifest editor, the console and time
//! controls over one `dsplay_console::Console`. The only crate that touches the DOM; the pure
//! parts (share links, scripts, the session) are plain modules with native tests.

mod app;
#[cfg(feature = "bench-hooks")]
pub mod bench_hooks;
pub mod browser;
pub mod crash;
pub mod embed;
pub mod model;
pub mod presets;
pub mod script;
pub mod session;
pub mod share;
pub mod startup;
pub mod tour;
mod ui;

pub use app::{App, AppProps};
/// A share link's script, inflated by the browser (what the page does with a link).
pub use browser::decode_fragment;
pub use embed::EmbedOptions;
