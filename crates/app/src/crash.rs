//! Last resort for a bug: a panic stops the wasm app (there is no unwinding), and Yew's state
//! may be left borrowed, so the hook builds a plain DOM message by hand instead of through Yew.
//! The autosave is already current (it is written after every change), so a reload resumes.

use std::panic::PanicHookInfo;

/// Installs the hook; call before mounting the app. An embed keeps nothing in storage (the
/// visitor's storage belongs to the full page) and has no saved session to promise.
pub fn install_panic_hook(embedded: bool) {
    yew::set_custom_panic_hook(Box::new(move |info| on_panic(info, embedded)));
}

fn on_panic(info: &PanicHookInfo<'_>, embedded: bool) {
    let message = info.to_string();
    gloo::console::error!(format!("dsplay crashed: {message}"));
    if !embedded && let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item("dsplay:v1:crash", &message);
    }
    // Ignoring each failure: there is nothing left to report them to.
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let (Ok(overlay), Ok(text), Ok(detail), Some(body)) =
        (document.create_element("div"), document.create_element("p"), document.create_element("pre"), document.body())
    else {
        return;
    };
    let _ = overlay.set_attribute("class", "crash");
    let _ = overlay.set_attribute("role", "alert");
    text.set_text_content(Some(if embedded {
        "The simulator hit a bug and stopped. Reload the page to start it again."
    } else {
        "The simulator hit a bug and stopped. Your session up to the last change is saved in \
         this browser: reload the page to continue."
    }));
    detail.set_text_content(Some(&message));
    let _ = overlay.append_child(&text);
    let _ = overlay.append_child(&detail);
    let _ = body.append_child(&overlay);
}
