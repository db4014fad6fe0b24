//! The binary Trunk builds: mounts the app on the page's body.

fn main() {
    dsplay_app::crash::install_panic_hook();
    yew::Renderer::<dsplay_app::App>::new().render();
    #[cfg(feature = "bench-hooks")]
    dsplay_app::bench_hooks::expose();
}
