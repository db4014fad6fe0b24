//! `dsplay plan`: the page's what-if preview for a pipeline. The manifests are applied to a
//! fork of the cluster the options build (`dsplay_core::preview`), and every node that would
//! change is printed as a kubectl-style table, then the summary line the page shows.

use crate::tabwriter::kubectl_table;
use crate::{Output, Stream};
use dsplay_core::preview::{Change, preview, summary};
use dsplay_core::schema::FieldValidation;

/// The plan for `sources` (each a file name and its text of one or more YAML or JSON
/// documents) on `console`'s cluster. Each source is read as `kubectl apply -f` reads it:
/// document by document, up to the first one it cannot read or validate, whose error is printed while the
/// documents before it are planned. Exit status 0; 1 when a document cannot be read or an
/// object would be refused (the others are planned, as kubectl apply applies them), or with
/// `fail_on_pending` when a pod would stay Pending.
pub fn plan(console: &crate::Console, sources: &[(String, String)], fail_on_pending: bool) -> Output {
    let mut out = Output::default();
    let mut objects = Vec::new();
    for (source, text) in sources {
        let (read, stop) = crate::kubectl::read_source(source, text, FieldValidation::Strict);
        if let Some((message, _)) = stop {
            out.chunks.push((Stream::Stderr, format!("{message}\n")));
            out.exit_code = 1;
        }
        objects.extend(read);
    }
    // The apiserver's errors are not tied to their document here; they name every source.
    let source = sources.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>().join(",");
    let (changes, errors) = preview(console.simulation(), objects, "default");
    for e in &errors {
        out.chunks.push((Stream::Stderr, format!("{}\n", crate::errors::api_error(e, Some(&source), true))));
        // As kubectl apply: the objects it could apply are applied, and the status says not all.
        out.exit_code = 1;
    }
    if !changes.is_empty() {
        let mut table = kubectl_table();
        table.write("NODE\tDAEMONSET\tCHANGE\tREASON\n");
        for c in &changes {
            let reason = if c.reason.is_empty() { "<none>" } else { c.reason.as_str() };
            table.write(&format!("{}\t{}\t{}\t{}\n", c.node, c.daemonset, c.change.word(), reason));
        }
        out.chunks.push((Stream::Stdout, table.flush()));
    }
    out.chunks.push((Stream::Stdout, format!("{}\n", summary(&changes))));
    if fail_on_pending && changes.iter().any(|c| c.change == Change::Pending) {
        out.exit_code = 1;
    }
    out
}
