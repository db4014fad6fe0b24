//! Which scenario a page opens: a shared link, else the autosaved session, else the seed
//! walkthrough. Anything unreadable falls back to the walkthrough with one clear message.

use std::rc::Rc;

use dsplay_console::ScriptError;

use crate::embed::EmbedOptions;
use crate::model::{Loaded, Notice};
use crate::presets::{self, Preset};
use crate::session::Session;
use crate::tour::{Tour, TourAt};
use crate::{browser, share};

/// Opens a compiled-in preset (the walkthrough; see `presets::BUNDLED`).
pub fn open_preset(preset: &'static Preset) -> Loaded {
    open_preset_script(preset, preset.bundled_script().unwrap_or_default())
}

/// Opens a preset from its script. If even the preset cannot run, the page shows an empty
/// cluster and says so.
pub fn open_preset_script(preset: &'static Preset, script: &str) -> Loaded {
    match replay(script, preset.title) {
        Ok((session, tour)) => Loaded { session, tour, draft: None, preset: Some(preset.id), notice: None },
        Err(e) => Loaded {
            session: Session::default(),
            tour: None,
            draft: None,
            preset: None,
            notice: Some(Notice::error(format!("The preset “{}” could not run: {e}", preset.title))),
        },
    }
}

/// Replays a scenario; a tour (see `tour.rs`) only as far as its first step.
fn replay(script: &str, title: &str) -> Result<(Session, Option<TourAt>), ScriptError> {
    match Tour::parse(script) {
        Some(tour) => {
            let session = Session::replay(&tour.script_through(1), &step_title(&tour, 1, title))?;
            Ok((session, Some((Rc::new(tour), 1))))
        }
        None => Ok((Session::replay(script, title)?, None)),
    }
}

fn step_title(tour: &Tour, step: usize, title: &str) -> String {
    let name = step.checked_sub(1).and_then(|i| tour.steps.get(i)).map_or("", |s| s.title.as_str());
    format!("{title}, step {step} of {}: {name}", tour.steps.len())
}

/// "Previous step": the tour replayed up to the step before the current one (`None` at the
/// first step). The replay is synchronous: tours are small scenarios.
pub fn tour_back(tour: Option<&TourAt>, preset: Option<&'static str>) -> Option<Loaded> {
    let (tour, done) = tour?;
    let step = done.checked_sub(1).filter(|s| *s >= 1)?;
    let title = preset.and_then(presets::find).map_or("Tour", |p| p.title);
    let session = Session::replay(&tour.script_through(step), &step_title(tour, step, title)).ok()?;
    Some(Loaded { session, tour: Some((Rc::clone(tour), step)), draft: None, preset, notice: None })
}

/// The walkthrough, with a message saying why it was opened instead of something else.
fn fallback(message: String) -> Loaded {
    let mut loaded = open_preset(presets::default_preset());
    loaded.notice = Some(Notice::error(format!("{message} The walkthrough was opened instead.")));
    loaded
}

/// Opens a script from a link or storage (not a preset).
pub fn open_script(script: &str, title: &str) -> Result<Loaded, String> {
    replay(script, title)
        .map(|(session, tour)| Loaded { session, tour, draft: None, preset: None, notice: None })
        .map_err(|e| e.to_string())
}

/// Whether a fragment is meant as a scenario link (`s1:…`, or a future `sN:`), rather than an
/// ordinary anchor.
pub fn is_link(fragment: &str) -> bool {
    let mut chars = fragment.chars();
    chars.next() == Some('s') && chars.take_while(|c| *c != ':').all(|c| c.is_ascii_digit()) && fragment.contains(':')
}

/// What a page opens once it is mounted, because getting it is asynchronous: a preset to
/// fetch, or a link to inflate (the browser's `DecompressionStream`).
pub enum Deferred {
    Preset(&'static Preset),
    /// A link of the full page (`embed: None`), or of an embed with its query's problems.
    Link {
        fragment: String,
        embed: Option<Vec<String>>,
    },
}

/// What the page shows while a link is inflated (a few milliseconds).
pub fn opening_link() -> Loaded {
    Loaded {
        session: Session::default(),
        tour: None,
        draft: None,
        preset: None,
        notice: Some(Notice::info("Opening the scenario from the link…")),
    }
}

/// The full page's scenario from a link, once decoded; the walkthrough if it cannot be.
pub fn from_decoded(decoded: Result<String, share::ShareError>) -> Loaded {
    match decoded {
        Ok(script) => match open_script(&script, "Shared link") {
            Ok(mut loaded) => {
                loaded.notice = Some(Notice::info("Opened the scenario from the link."));
                loaded
            }
            Err(e) => fallback(format!("The link's scenario could not run ({e}).")),
        },
        Err(e) => fallback(format!("This link could not be opened: {e}.")),
    }
}

/// Decodes and opens a link at once (natively: miniz inflates).
#[cfg(not(target_arch = "wasm32"))]
pub fn from_link(fragment: &str) -> Loaded {
    from_decoded(share::decode_fragment(fragment))
}

/// Takes the link in the address bar (at load, or pasted into it later) for opening.
pub fn consume_link(fragment: &str) -> Deferred {
    // Keep the session this link replaces (the autosave is about to overwrite it).
    if let Ok(Some(previous)) = browser::storage_get(browser::SESSION_KEY) {
        let _ = browser::storage_set(browser::BACKUP_KEY, &previous);
    }
    // Reloading should bring back the autosaved session with later edits, not the link.
    let _ = browser::set_fragment(None);
    Deferred::Link { fragment: fragment.to_string(), embed: None }
}

/// An embed's scenario from its link, once decoded: an empty cluster, and the problems said,
/// if it cannot be.
pub fn embedded_from_decoded(decoded: Result<String, share::ShareError>, mut problems: Vec<String>) -> Loaded {
    let script = decoded.map_err(|e| format!("This scenario link could not be opened: {e}."));
    let opened = match script
        .and_then(|s| open_script(&s, "Scenario").map_err(|e| format!("The scenario could not run ({e}).")))
    {
        Ok(loaded) => Some(loaded),
        Err(problem) => {
            problems.push(problem);
            None
        }
    };
    with_problems(opened, problems)
}

/// An embed's scenario (or an empty cluster) with the problems found on the way said first.
fn with_problems(opened: Option<Loaded>, problems: Vec<String>) -> Loaded {
    let mut loaded = opened.unwrap_or_else(|| Loaded {
        session: Session::default(),
        tour: None,
        draft: None,
        preset: None,
        notice: None,
    });
    if !problems.is_empty() {
        // A preset that could not run has said so already; the query's problems come first.
        let text = problems.join(" ");
        loaded.notice = Some(match loaded.notice.take() {
            Some(n) => Notice::error(format!("{text} {}", n.text)),
            None => Notice::error(text),
        });
    }
    loaded
}

/// The scenario of an embed (`?embed`): its link (`#s1:…`, `#s0:…`), else its preset, else an
/// empty cluster. It reads and writes neither storage nor the address bar: the visitor's own
/// session belongs to the full page. Also returns a preset that is not compiled in, for the
/// app to fetch (the page shows an empty cluster until it arrives).
pub fn embedded(options: &EmbedOptions) -> (Loaded, Option<Deferred>) {
    let mut problems = options.problems.clone();
    let fragment = browser::fragment();
    if is_link(&fragment) {
        return (opening_link(), Some(Deferred::Link { fragment, embed: Some(problems) }));
    }
    let (mut opened, mut fetch) = (None, None);
    if let Some(id) = &options.preset {
        match presets::find(id) {
            Some(preset) if preset.bundled_script().is_some() => opened = Some(open_preset(preset)),
            Some(preset) => fetch = Some(Deferred::Preset(preset)),
            None => {
                let known: Vec<&str> = presets::PRESETS.iter().map(|p| p.id).collect();
                problems.push(format!(
                    "Unknown preset “{}” (presets: {}).",
                    crate::embed::printable(id),
                    known.join(", ")
                ));
            }
        }
    }
    (with_problems(opened, problems), fetch)
}

/// The scenario for a page load (props without an initial script), and a link to open once
/// the page is mounted.
pub fn initial() -> (Loaded, Option<Deferred>) {
    let fragment = browser::fragment();
    if is_link(&fragment) {
        return (opening_link(), Some(consume_link(&fragment)));
    }
    (initial_stored(), None)
}

/// The autosaved session, else the walkthrough.
fn initial_stored() -> Loaded {
    match browser::storage_get(browser::SESSION_KEY) {
        Ok(Some(stored)) => match share::decode_stored(&stored) {
            Ok(saved) => match open_script(&saved.script, "Restored session") {
                Ok(loaded) => {
                    // The session was on a tour: its script holds the commands, the envelope the
                    // tour and how far it had gone.
                    let tour = saved.tour.and_then(|(source, step)| {
                        let tour = Tour::parse(&source)?;
                        let step = step.clamp(1, tour.steps.len());
                        Some((Rc::new(tour), step))
                    });
                    Loaded { draft: saved.draft, tour: tour.or(loaded.tour), ..loaded }
                }
                Err(e) => fallback(format!("Your saved session could not run ({e}).")),
            },
            Err(e) => {
                // Set aside rather than delete: it may still be worth recovering by hand.
                let _ = browser::storage_set(browser::QUARANTINE_KEY, &stored);
                fallback(format!("Your saved session could not be restored: {e}."))
            }
        },
        // No saved session, or no storage at all (sandboxed embed): the walkthrough.
        Ok(None) | Err(_) => open_preset(presets::default_preset()),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn links_are_told_apart_from_anchors() {
        assert!(is_link("s1:AAAA"));
        assert!(is_link("s2:"));
        assert!(!is_link(""));
        assert!(!is_link("section-2"));
        assert!(!is_link("s"));
    }

    #[test]
    fn damaged_link_opens_the_walkthrough_with_a_message() {
        let loaded = from_link("s1:AAAAAAAAAAAA");
        assert_eq!(loaded.preset, Some("seed"));
        let notice = loaded.notice.unwrap_or_else(|| Notice::info(""));
        assert!(notice.error);
        assert!(notice.text.contains("could not be opened"), "{}", notice.text);
    }

    #[test]
    fn good_link_opens_its_script() {
        let fragment = share::encode_fragment("sim node add n1\n").unwrap_or_default();
        let loaded = from_link(&fragment);
        assert_eq!(loaded.preset, None);
        assert_eq!(loaded.session.script(), "sim node add n1\n");
    }
}
