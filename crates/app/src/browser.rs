//! Thin, non-panicking wrappers over the browser APIs the app needs: localStorage, the URL
//! fragment, the clipboard and loading the editor bundle. Every call can fail (sandboxed
//! iframes, blocked storage, insecure contexts), so each returns a `Result` or an `Option`.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::share::{self, ShareError};

// The browser's own raw deflate and inflate (every current browser has CompressionStream and
// DecompressionStream): the links are what miniz would make and read, and miniz stays out of
// the wasm. Inflating stops (null) past `limit` bytes: a link cannot inflate without bound.
#[wasm_bindgen(inline_js = "export async function deflate_raw(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
export async function inflate_raw(bytes, limit) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const parts = [];
  for (let chunk, total = 0; !(chunk = await reader.read()).done; parts.push(chunk.value)) {
    if ((total += chunk.value.length) > limit) return reader.cancel().catch(() => {}), null;
  }
  return new Uint8Array(await new Blob(parts).arrayBuffer());
}")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn deflate_raw(bytes: &[u8]) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn inflate_raw(bytes: &[u8], limit: f64) -> Result<JsValue, JsValue>;
}

/// A monotonic clock in milliseconds (`performance.now()`, else the wall clock).
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

/// Namespaced keys: an embedding page shares localStorage with us.
pub const SESSION_KEY: &str = "dsplay:v1:session";
/// The previous session, kept when a shared link replaces it.
pub const BACKUP_KEY: &str = "dsplay:v1:backup";
/// An unreadable saved session, set aside rather than lost.
pub const QUARANTINE_KEY: &str = "dsplay:v1:quarantine";

fn describe(err: &JsValue) -> String {
    js_sys::Reflect::get(err, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| err.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

fn storage() -> Result<web_sys::Storage, String> {
    let window = web_sys::window().ok_or("no window")?;
    // Throws SecurityError in opaque origins (sandboxed iframes, blocked storage).
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err("storage is not available".to_string()),
        Err(e) => Err(describe(&e)),
    }
}

pub fn storage_get(key: &str) -> Result<Option<String>, String> {
    storage()?.get_item(key).map_err(|e| describe(&e))
}

/// Fails with the browser's reason, e.g. QuotaExceededError when storage is full.
pub fn storage_set(key: &str, value: &str) -> Result<(), String> {
    storage()?.set_item(key, value).map_err(|e| describe(&e))
}

/// The fragment without `#` (empty when there is none).
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.strip_prefix('#').map(str::to_string).unwrap_or(h))
        .unwrap_or_default()
}

/// Replaces the fragment without adding a history entry or firing `hashchange`;
/// `None` removes it.
pub fn set_fragment(fragment: Option<&str>) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let location = window.location();
    let url = match fragment {
        Some(f) => format!("#{f}"),
        None => {
            let path = location.pathname().map_err(|e| describe(&e))?;
            let search = location.search().map_err(|e| describe(&e))?;
            format!("{path}{search}")
        }
    };
    let history = window.history().map_err(|e| describe(&e))?;
    history.replace_state_with_url(&JsValue::NULL, "", Some(&url)).map_err(|e| describe(&e))
}

pub fn href() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// Copies text with the async Clipboard API, which is missing in insecure contexts and may be
/// refused without a user gesture or permission.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let navigator = window.navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .ok()
        .and_then(|c| c.dyn_into::<web_sys::Clipboard>().ok())
        .ok_or("the clipboard is not available here")?;
    JsFuture::from(clipboard.write_text(text)).await.map(|_| ()).map_err(|e| describe(&e))
}

/// Whether the editor bundle has defined `window.dsEditor`.
pub fn has_ds_editor() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("dsEditor")).ok())
        .is_some_and(|e| e.is_object())
}

/// Adds `<script src="editor.js">` once. It is not in index.html so that CodeMirror (141 KB
/// gzip) loads after the first paint; the textarea works until it arrives.
pub fn load_editor_script() -> Result<(), String> {
    const MARK: &str = "data-dsplay-editor";
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    if document.query_selector(&format!("script[{MARK}]")).map_err(|e| describe(&e))?.is_some() {
        return Ok(());
    }
    let script = document.create_element("script").map_err(|e| describe(&e))?;
    script.set_attribute("src", "editor.js").map_err(|e| describe(&e))?;
    script.set_attribute(MARK, "").map_err(|e| describe(&e))?;
    let parent = document.head().ok_or("no <head>")?;
    parent.append_child(&script).map(|_| ()).map_err(|e| describe(&e))
}

/// A string the page's scripts set on `window` (`fields.js`, `presets/seed.js`).
pub fn window_string(name: &str) -> Option<String> {
    let window: JsValue = web_sys::window()?.into();
    js_sys::Reflect::get(&window, &name.into()).ok()?.as_string()
}

/// GETs a text file relative to the page (a preset script).
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url)).await.map_err(|e| describe(&e))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response".to_string())?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|e| describe(&e))?).await.map_err(|e| describe(&e))?;
    text.as_string().ok_or_else(|| format!("{url}: not text"))
}

/// The fragment (without `#`) that reopens `script` (see `share::fragment_from_deflated`).
pub async fn encode_fragment(script: &str) -> Result<String, String> {
    share::check_size(script).map_err(|e| e.to_string())?;
    let deflated = deflate_raw(script.as_bytes()).await.map_err(|e| describe(&e))?;
    let deflated = js_sys::Uint8Array::new(&deflated).to_vec();
    share::fragment_from_deflated(script, &deflated).map_err(|e: ShareError| e.to_string())
}

/// The script in a fragment, checked end to end (`share::read_fragment`), inflated by the
/// browser.
pub async fn decode_fragment(fragment: &str) -> Result<String, ShareError> {
    match share::read_fragment(fragment)? {
        share::Fragment::Plain(script) => Ok(script),
        share::Fragment::Deflated { sum, deflated } => {
            // The browser does not say why a stream is bad: truncated and corrupt read alike.
            let out = inflate_raw(&deflated, share::MAX_SCRIPT_BYTES as f64).await.map_err(|_| ShareError::Corrupt)?;
            if out.is_null() {
                return Err(ShareError::TooLarge);
            }
            share::inflated(sum, js_sys::Uint8Array::new(&out).to_vec())
        }
    }
}

/// This page's address without query and fragment (the full page, not an embed), with
/// `fragment` if given.
pub fn page_url(fragment: Option<&str>) -> String {
    let href = href();
    let base = href.split(['?', '#']).next().unwrap_or_default();
    match fragment {
        Some(f) => format!("{base}#{f}"),
        None => base.to_string(),
    }
}

/// A `blob:` URL holding `text`, for a download made in the page (empty if the browser
/// refuses). Revoke it when the download is no longer offered.
pub fn object_url(mime: &str, text: &str) -> String {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&format!("{mime};charset=utf-8"));
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob))
        .unwrap_or_default()
}

pub fn revoke_object_urls(urls: &[&str]) {
    for url in urls {
        let _ = web_sys::Url::revoke_object_url(url);
    }
}

/// Sets `data-theme` on `<html>` (none: follow `prefers-color-scheme`).
pub fn set_theme(theme: Option<&str>) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else { return };
    let _ = match theme {
        Some(t) => root.set_attribute("data-theme", t),
        None => root.remove_attribute("data-theme"),
    };
}

/// Whether a message came from the window this page is embedded in.
pub fn from_parent(event: &web_sys::MessageEvent) -> bool {
    let parent = web_sys::window().and_then(|w| w.parent().ok().flatten());
    match (event.source(), parent) {
        (Some(source), Some(parent)) => js_sys::Object::is(&source, &parent),
        _ => false,
    }
}

/// The fields of a message's data that the API reads (see `embed::Message`).
pub fn read_message(event: &web_sys::MessageEvent) -> crate::embed::Message {
    let data = event.data();
    if !data.is_object() {
        return crate::embed::Message::default();
    }
    let get = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined());
    crate::embed::Message {
        kind: get("type").and_then(|t| t.as_string()),
        // JSON.stringify fails on a BigInt or a cycle: such an id cannot be echoed.
        id: get("id")
            .filter(|id| !id.is_null())
            .and_then(|id| js_sys::JSON::stringify(&id).ok())
            .and_then(|t| t.as_string()),
        line: get("line").map(|l| l.as_string()),
        has_time: get("timeMs").is_some(),
        from_self: web_sys::window()
            .and_then(|w| w.parent().ok().flatten().map(|p| js_sys::Object::is(&p, &w)))
            .unwrap_or(true),
    }
}

/// Posts a message (JSON text) to the parent window: to `origin` when it is known (a reply),
/// else to any (`dsplay:ready` and `dsplay:change` say only that something changed, and when).
pub fn post_to_parent(message: &str, origin: Option<&str>) {
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else { return };
    let Ok(value) = js_sys::JSON::parse(message) else { return };
    // An opaque origin ("null": a file: page, a sandboxed frame) can only be posted to as "*".
    let target = origin.filter(|o| !o.is_empty() && *o != "null").unwrap_or("*");
    let _ = parent.post_message(&value, target);
}
