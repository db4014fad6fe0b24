// <daemonset-playground>: the playground in a docs page, from one
//   <script type="module" src="…/embed.js"></script>
// Each element holds an iframe of index.html?embed (so its styles, its clock and its cluster
// are its own, and every element on a page shares the browser's one download of the wasm) and
// speaks the iframe's message API for the page: run(), state(), dsplay-ready, dsplay-change.
// The element's text is a console script (the scenario); else preset="ID"; else an empty
// cluster. In HTML, "<<EOF" would open a tag: write the script inside a
// <script type="text/plain"> child, or escape it as "&lt;&lt;EOF". loading="click" shows a
// placeholder with a "Load playground" button and loads nothing until it is pressed; calls
// made before that wait for it.

const PAGE = new URL("index.html", import.meta.url);

class DaemonSetPlayground extends HTMLElement {
  static observedAttributes = ["height"];

  #frame = null;
  #next = 1;
  #waiting = new Map();
  #queued = [];
  #ready = false;
  #onMessage = (e) => this.#message(e);

  connectedCallback() {
    window.addEventListener("message", this.#onMessage);
    // Moved in the document: its iframe reloads and will say when it is ready again.
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: "open" });
    // The script stays readable as the element's text, but is not shown.
    root.innerHTML = `<style>
      :host { display: block; height: var(--dsplay-height, 480px); border: 1px solid #d3d8de; border-radius: 8px; overflow: hidden; }
      iframe { border: 0; width: 100%; height: 100%; display: block; }
      .placeholder { height: 100%; display: flex; align-items: center; justify-content: center; background: #f6f7f9; }
      button { font: inherit; padding: 0.5rem 1rem; border-radius: 6px; border: 1px solid #1f5fbf; background: #1f5fbf; color: #fff; cursor: pointer; }
    </style>`;
    this.#applyHeight();
    if (this.getAttribute("loading") === "click") {
      const placeholder = document.createElement("div");
      placeholder.className = "placeholder";
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = "Load playground";
      button.addEventListener("click", () => {
        placeholder.remove();
        this.#load();
      });
      placeholder.append(button);
      root.append(placeholder);
    } else {
      this.#load();
    }
  }

  disconnectedCallback() {
    window.removeEventListener("message", this.#onMessage);
    // Its page is gone with it: nothing waiting will be answered.
    this.#ready = false;
    this.#queued = [];
    for (const [id, resolve] of this.#waiting) {
      resolve({ exitCode: 2, stdout: "", stderr: "error: the playground was removed from the page\n" });
      this.#waiting.delete(id);
    }
  }

  attributeChangedCallback() {
    this.#applyHeight();
  }

  /** Runs console text (a command, with its heredoc if any): {exitCode, stdout, stderr}. */
  run(line) {
    return this.#request({ type: "dsplay:run", line: String(line) });
  }

  /** The cluster as the iframe's `dsplay:state` reply describes it. */
  state() {
    return this.#request({ type: "dsplay:state" });
  }

  #applyHeight() {
    const height = this.getAttribute("height");
    // Only a length CSS accepts: anything else keeps the default rather than breaking layout.
    if (height && CSS.supports("height", height)) this.style.setProperty("--dsplay-height", height);
    else this.style.removeProperty("--dsplay-height");
  }

  #load() {
    if (this.#frame) return;
    const url = new URL(PAGE);
    url.search = "?embed";
    const preset = this.getAttribute("preset");
    for (const name of ["panels", "theme", "speed"]) {
      const value = this.getAttribute(name);
      if (value) url.searchParams.set(name, value);
    }
    const script = this.textContent.trim() ? dedent(this.textContent) : "";
    if (script) url.hash = "s0:" + encodeURIComponent(script);
    else if (preset) url.searchParams.set("preset", preset);
    const frame = document.createElement("iframe");
    frame.title = this.getAttribute("title") || "DaemonSet Playground";
    frame.src = url.href;
    this.#frame = frame;
    this.shadowRoot.append(frame);
  }

  #request(message) {
    if (!this.isConnected) {
      return Promise.resolve({ exitCode: 2, stdout: "", stderr: "error: the playground is not in the page\n" });
    }
    return new Promise((resolve) => {
      const id = this.#next++;
      this.#waiting.set(id, resolve);
      const send = () => this.#frame.contentWindow.postMessage({ ...message, id }, PAGE.origin === "null" ? "*" : PAGE.origin);
      // Requests made before the playground is ready (or loaded: loading="click") wait for it.
      if (this.#ready) send();
      else this.#queued.push(send);
    });
  }

  #message(event) {
    if (!this.#frame || event.source !== this.#frame.contentWindow) return;
    const data = event.data;
    if (!data || typeof data.type !== "string") return;
    if (data.type === "dsplay:ready") {
      this.#ready = true;
      for (const send of this.#queued.splice(0)) send();
      this.dispatchEvent(new CustomEvent("dsplay-ready", { bubbles: true }));
    } else if (data.type === "dsplay:change") {
      this.dispatchEvent(new CustomEvent("dsplay-change", { bubbles: true, detail: { timeMs: data.timeMs } }));
    } else if (this.#waiting.has(data.id)) {
      const resolve = this.#waiting.get(data.id);
      this.#waiting.delete(data.id);
      const { type, id, ...rest } = data;
      resolve(type === "dsplay:result" ? { exitCode: rest.exitCode, stdout: rest.stdout, stderr: rest.stderr } : rest);
    }
  }
}

/** Removes the indentation the script has in the page's HTML. A first line written right
 * after the opening tag has none of its own: the lines after it set the indentation. */
function dedent(text) {
  const lines = text.replace(/^\n+|\s+$/g, "").split("\n");
  const indent = (l) => l.match(/^[ \t]*/)[0].length;
  const measured = lines.slice(indent(lines[0]) === 0 && lines.length > 1 ? 1 : 0).filter((l) => l.trim());
  const cut = Math.min(...measured.map(indent));
  return lines.map((l) => l.slice(Math.min(cut, indent(l)))).join("\n") + "\n";
}

if (!customElements.get("daemonset-playground")) customElements.define("daemonset-playground", DaemonSetPlayground);
