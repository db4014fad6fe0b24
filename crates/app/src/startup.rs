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

pub fn from_link(fragment: &str) -> Loaded {
    match share::decode_fragment(fragment) {
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

/// Opens the link in the address bar (at load, or pasted into it later).
pub fn consume_link(fragment: &str) -> Loaded {
    // Keep the session this link replaces (the autosave is about to overwrite it).
    if let Ok(Some(previous)) = browser::storage_get(browser::SESSION_KEY) {
        let _ = browser::storage_set(browser::BACKUP_KEY, &previous);
    }
    // Reloading should bring back the autosaved session with later edits, not the link.
    let _ = browser::set_fragment(None);
    from_link(fragment)
}

/// The scenario of an embed (`?embed`): its link (`#s1:…`, `#s0:…`), else its preset, else an
/// empty cluster. It reads and writes neither storage nor the address bar: the visitor's own
/// session belongs to the full page. Also returns a preset that is not compiled in, for the
/// app to fetch (the page shows an empty cluster until it arrives).
pub fn embedded(options: &EmbedOptions) -> (Loaded, Option<&'static Preset>) {
    let mut problems = options.problems.clone();
    let fragment = browser::fragment();
    let (mut opened, mut fetch) = (None, None);
    if is_link(&fragment) {
        let script =
            share::decode_fragment(&fragment).map_err(|e| format!("This scenario link could not be opened: {e}."));
        match script.and_then(|s| open_script(&s, "Scenario").map_err(|e| format!("The scenario could not run ({e}).")))
        {
            Ok(loaded) => opened = Some(loaded),
            Err(problem) => problems.push(problem),
        }
    } else if let Some(id) = &options.preset {
        match presets::find(id) {
            Some(preset) if preset.bundled_script().is_some() => opened = Some(open_preset(preset)),
            Some(preset) => fetch = Some(preset),
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
    (loaded, fetch)
}

/// The scenario for a page load (props without an initial script).
pub fn initial() -> Loaded {
    let fragment = browser::fragment();
    if is_link(&fragment) {
        return consume_link(&fragment);
    }
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

#[cfg(test)]
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
