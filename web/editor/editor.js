// CodeMirror 6 wrapper for the DaemonSet Playground manifest editor.
//
// Bundled by esbuild (`npm --prefix web run build`) into web/generated/editor.js,
// copied to dist/editor.js by Trunk and loaded by the app *after* first paint.
// The app talks to it only through `window.dsEditor`:
//
//   create(parent, doc, onChange, onApply, label) -> view (label: the accessible name, "Manifest" by default)
//       onChange(text) is called after every document change (typing, setDoc, ...);
//       onApply() is called on Ctrl-Enter / Cmd-Enter.
//   setDoc(view, text)         replace the whole document (no-op when unchanged)
//   getDoc(view) -> string
//   setDiagnostics(view, diags) diags: [{ line, column, message }], 1-based,
//       shown as error diagnostics + gutter markers; [] or null clears them.
//   focus(view)
//
// When it is ready, `dseditor-ready` is dispatched on window.
//
// Keyboard: Tab is not captured (no indentWithTab), so Tab / Shift-Tab move focus
// out of the editor; Escape then Tab also works (CodeMirror's tab-focus mode).

import { EditorView, basicSetup } from "codemirror";
import { keymap } from "@codemirror/view";
import { Prec } from "@codemirror/state";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics as cmSetDiagnostics } from "@codemirror/lint";

const call = (f, ...args) => {
  if (typeof f === "function") f(...args);
};

const toInt = (n, fallback) => {
  const v = Math.trunc(Number(n));
  return Number.isFinite(v) ? v : fallback;
};

// 1-based {line, column} -> document range, clamped to the document. The range
// covers the non-blank run starting at the column (at least one character when
// there is one), so the error is underlined where the parser pointed.
function toDiagnostic(doc, d) {
  const lineNo = Math.min(Math.max(toInt(d && d.line, 1), 1), doc.lines);
  const line = doc.line(lineNo);
  const col = Math.max(toInt(d && d.column, 1), 1);
  const from = Math.min(line.from + col - 1, line.to);
  let to = from;
  while (to < line.to && !/\s/.test(doc.sliceString(to, to + 1))) to++;
  if (to === from && from < line.to) to = from + 1;
  const message = d && d.message != null ? String(d.message) : "error";
  return { from, to, severity: "error", message };
}

window.dsEditor = {
  create(parent, doc, onChange, onApply, label) {
    const applyKeys = keymap.of([
      {
        key: "Mod-Enter",
        preventDefault: true,
        run: () => {
          call(onApply);
          return true;
        },
      },
    ]);
    return new EditorView({
      parent,
      doc: doc == null ? "" : String(doc),
      extensions: [
        Prec.highest(applyKeys), // before basicSetup's Mod-Enter (insertBlankLine)
        basicSetup,
        yaml(),
        lintGutter(),
        EditorView.contentAttributes.of({ "aria-label": label ? String(label) : "Manifest" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) call(onChange, update.state.doc.toString());
        }),
      ],
    });
  },

  setDoc(view, text) {
    const next = text == null ? "" : String(text);
    if (view.state.doc.toString() === next) return;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
  },

  getDoc(view) {
    return view.state.doc.toString();
  },

  setDiagnostics(view, diags) {
    const list = Array.isArray(diags) ? diags : [];
    const doc = view.state.doc;
    view.dispatch(cmSetDiagnostics(view.state, list.map((d) => toDiagnostic(doc, d))));
  },

  focus(view) {
    view.focus();
  },
};

window.dispatchEvent(new Event("dseditor-ready"));
