//! Guided tours: a console script with markers, which are comments to `dsplay`.
//!
//! ```text
//! sim node add n1              # the preamble: runs when the tour opens
//! #! step A DaemonSet arrives  # a step and its title
//! #! say One pod per node.     # its narration, one paragraph per line
//! kubectl apply -f - <<EOF     # its commands
//! ```
//!
//! Opening a tour runs the preamble and the first step; "Next step" runs the next step's
//! commands on top of the session, "Previous step" replays the preamble and the steps before.

use dsplay_console::script::parse_script;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Step {
    pub title: String,
    pub narration: Vec<String>,
    /// The step's lines (commands, heredocs, other comments), without its markers.
    pub script: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tour {
    /// The script it was read from, markers and all (saved with a session on the tour).
    pub source: String,
    /// What runs before the first step.
    pub preamble: String,
    pub steps: Vec<Step>,
}

/// A tour and how many of its steps the session has run (the current step, from 1).
pub type TourAt = (std::rc::Rc<Tour>, usize);

const STEP: &str = "#! step";
const SAY: &str = "#! say";

impl Tour {
    /// The tour in a script, or `None` when it has no `#! step` (or does not parse: replaying
    /// it reports that). Markers inside a heredoc are YAML text, not markers.
    pub fn parse(script: &str) -> Option<Tour> {
        let commands = parse_script(script).ok()?;
        let mut in_heredoc = vec![false; script.lines().count() + 1];
        for c in &commands {
            for line in c.line + 1..=c.line + c.heredoc_lines.len() {
                if let Some(slot) = in_heredoc.get_mut(line - 1) {
                    *slot = true;
                }
            }
        }
        let mut tour = Tour { source: script.to_string(), ..Tour::default() };
        for (i, line) in script.lines().enumerate() {
            let marker = !in_heredoc[i];
            let trimmed = line.trim();
            if marker && let Some(title) = marker_text(trimmed, STEP) {
                tour.steps.push(Step { title: title.to_string(), ..Step::default() });
            } else if marker && let Some(text) = marker_text(trimmed, SAY) {
                // Narration before the first step has no step to belong to: it stays a comment.
                if let Some(step) = tour.steps.last_mut() {
                    step.narration.push(text.to_string());
                }
            } else {
                let target = match tour.steps.last_mut() {
                    Some(step) => &mut step.script,
                    None => &mut tour.preamble,
                };
                target.push_str(line);
                target.push('\n');
            }
        }
        (!tour.steps.is_empty()).then_some(tour)
    }

    /// The preamble and the first `steps` steps: what the session has run at step `steps`.
    pub fn script_through(&self, steps: usize) -> String {
        let mut script = self.preamble.clone();
        for step in self.steps.iter().take(steps) {
            script.push_str(&step.script);
        }
        script
    }
}

/// `TEXT` of `#! step TEXT` (`marker` = "#! step"), if `line` is that marker.
fn marker_text<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(marker)?;
    (rest.is_empty() || rest.starts_with([' ', '\t'])).then(|| rest.trim())
}

#[allow(clippy::unwrap_used)] // A panic is how a test reports failure.
#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT: &str = "sim node add n1
#! say (no step yet: a plain comment)
#! step Nodes
#! say One node joins.
#! say It is Ready at once.
sim node add n2
#! step A manifest
kubectl apply -f - <<EOF
# YAML comment
#! step not a step: heredoc text
kind: X
EOF
#! stepping is not a marker
";

    #[test]
    fn steps_take_their_titles_narration_and_lines() {
        let tour = Tour::parse(SCRIPT).unwrap();
        assert_eq!(tour.preamble, "sim node add n1\n");
        assert_eq!(tour.steps.len(), 2);
        assert_eq!(tour.steps[0].title, "Nodes");
        assert_eq!(tour.steps[0].narration, vec!["One node joins.".to_string(), "It is Ready at once.".to_string()]);
        assert_eq!(tour.steps[0].script, "sim node add n2\n");
        assert_eq!(tour.steps[1].title, "A manifest");
        assert!(tour.steps[1].narration.is_empty());
        assert_eq!(
            tour.steps[1].script,
            "kubectl apply -f - <<EOF\n# YAML comment\n#! step not a step: heredoc text\nkind: X\nEOF\n#! stepping is not a marker\n"
        );
        assert_eq!(tour.script_through(0), "sim node add n1\n");
        assert_eq!(tour.script_through(1), "sim node add n1\nsim node add n2\n");
        assert_eq!(tour.script_through(9), tour.script_through(2));
    }

    #[test]
    fn scripts_without_steps_are_not_tours() {
        assert_eq!(Tour::parse("sim node add n1\n# a comment\n"), None);
        assert_eq!(Tour::parse("#! say alone\n"), None);
        // A script that does not parse is not a tour either (replaying it reports why).
        assert_eq!(Tour::parse("#! step S\nkubectl apply -f - <<EOF\nkind: X\n"), None);
    }

    #[test]
    fn the_tour_presets_are_tours() {
        for id in ["seed", "gpu", "rolling-update", "drain", "critical-addon"] {
            let script = crate::presets::find(id).and_then(|p| p.bundled_script()).unwrap();
            let tour = Tour::parse(script).unwrap_or_else(|| panic!("{id} is not a tour"));
            assert!(tour.steps.len() >= 3, "{id}");
            assert!(tour.steps.iter().all(|s| !s.title.is_empty() && !s.narration.is_empty()), "{id}");
            // Every step's commands run without failing, one step after another.
            let mut console = dsplay_console::Console::new();
            for (i, step) in std::iter::once(&tour.preamble).chain(tour.steps.iter().map(|s| &s.script)).enumerate() {
                for (command, output) in console.run_text(step).unwrap() {
                    // The drain tour's lesson is a refusal.
                    let meant = id == "drain" && command.first_line == "kubectl drain node-1";
                    assert_eq!(
                        output.exit_code,
                        i32::from(meant),
                        "{id} step {i}: {}\n{}",
                        command.first_line,
                        output.text()
                    );
                }
            }
        }
    }
}
