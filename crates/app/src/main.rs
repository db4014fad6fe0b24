//! The binary Trunk builds: mounts the app on the page's body.

fn main() {
    // `index.html?embed…` is the same app in compact chrome, driven by the page around it.
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let embed = params.and_then(|p| dsplay_app::embed::from_params(|key| p.get(key)));
    // An embed without the editor panel never needs the CodeMirror bundle (140 KB gzip).
    let load_editor = embed.as_ref().is_none_or(|e| e.editor);
    dsplay_app::crash::install_panic_hook(embed.is_some());
    // The field schema strict decoding needs, set by `fields.js` before this module ran.
    match dsplay_app::browser::window_string("dsplayFields") {
        Some(text) => dsplay_core::schema::install(&text),
        None => web_sys::console::warn_1(&"fields.js missing: lax decoding".into()),
    }
    let props = dsplay_app::AppProps { embed, load_editor, ..Default::default() };
    yew::Renderer::<dsplay_app::App>::with_props(props).render();
    #[cfg(feature = "bench-hooks")]
    dsplay_app::bench_hooks::expose();
}
