// The docs page test behind `cargo xtask test`: web/embed-demo.html as a reader meets it, in
// headless Chromium (Debian's, driven by playwright-core), served from the built dist/.
//
//   node web/tests/embed-demo.mjs DIST_DIR
//
// Checks: both embeds load (the iframe's preset, the element's own script) and say so
// (`dsplay-ready`); the page's button drives the element through run() and state(); the two
// embeds are independent; neither touches the visitor's saved session; "Open in playground"
// carries the scenario; a loading="click" element loads nothing until its button is pressed.
// Prints one figure: first tile after a click-to-load (from the click).

import { chromium } from "playwright-core";
import { serve } from "../serve.mjs";

const dist = process.argv[2];
if (!dist) {
  console.error("usage: embed-demo.mjs DIST_DIR");
  process.exit(2);
}
const TIMEOUT = 30_000;

function check(ok, what) {
  if (!ok) throw new Error(`embed-demo: ${what}`);
  console.log(`  ok: ${what}`);
}

const server = await serve(dist);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
let failed = false;
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // Count the element's events from the start.
  await page.addInitScript(() => {
    window.__events = [];
    document.addEventListener("dsplay-ready", (e) => window.__events.push(["ready", e.target.id]));
    document.addEventListener("dsplay-change", (e) => window.__events.push(["change", e.target.id]));
  });
  // The visitor has a session of their own on this origin.
  await page.goto(base + "embed-demo.html");
  const SENTINEL = '{"v":1,"sum":"0","script":"the visitor\'s own"}';
  await page.evaluate((s) => localStorage.setItem("dsplay:v1:session", s), SENTINEL);
  await page.reload();

  // The iframe: the GPU preset (fetched), its tour at step 1 with four nodes.
  const frame = page.frameLocator("iframe.playground");
  await frame.locator("[data-node]").nth(3).waitFor();
  check((await frame.locator("[data-node]").count()) === 4, "the iframe opens its preset (4 nodes)");
  check(await frame.getByText("Step 1 of 4").isVisible(), "the iframe shows the preset's tour");
  const open = await frame.getByRole("link", { name: "Open in playground" }).getAttribute("href");
  check(open.startsWith(base + "index.html#s1:") && !open.includes("embed"), `"Open in playground" carries the scenario as a share link (${open.slice(0, 60)}…)`);

  // The element: its own script (two nodes and a DaemonSet).
  await page.waitForFunction(() => window.__events.some(([k, id]) => k === "ready" && id === "joins"));
  check(true, "the element dispatches dsplay-ready");
  const element = page.frameLocator("#joins >> iframe");
  await element.locator("[data-node]").nth(1).waitFor();
  check((await element.locator("[data-node]").count()) === 2, "the element opens its own script (2 nodes)");

  // The page's buttons drive the element through its API.
  await page.getByRole("button", { name: "Count the agent's pods" }).click();
  await page.waitForFunction(() => document.getElementById("result").textContent.includes("log-agent"));
  const before = await page.locator("#result").textContent();
  check(before.includes("2 of 2 pods scheduled, 2 ready"), `state() reads the cluster: "${before}"`);
  await page.getByRole("button", { name: "Add node-3" }).click();
  await page.waitForFunction(() => document.getElementById("result").textContent.includes("node-3"));
  check((await page.locator("#result").textContent()).trim() === "node/node-3 created", "run() returns the command's stdout");
  await element.locator('[data-node="node-3"]').waitFor();
  await page.getByRole("button", { name: "Count the agent's pods" }).click();
  await page.waitForFunction(() => document.getElementById("result").textContent.includes("3 of 3"));
  check(true, "the element's DaemonSet covers the new node");
  check(await page.evaluate(() => window.__events.some(([k]) => k === "change")), "the element dispatches dsplay-change");
  check((await frame.locator("[data-node]").count()) === 4, "the two embeds are independent");
  const run = await page.evaluate(() => document.getElementById("joins").run("kubectl get nodes nope"));
  check(run.exitCode === 1 && run.stderr.includes('"nope" not found') && run.stdout === "", "a failing command gives its exit code and stderr");

  check((await page.evaluate(() => localStorage.getItem("dsplay:v1:session"))) === SENTINEL, "the visitor's saved session is untouched");
  check(errors.length === 0, `no page errors ${errors.join("; ")}`);

  // loading="click": nothing loads until the button; then the first tile, timed.
  const lazy = await browser.newPage();
  lazy.setDefaultTimeout(TIMEOUT);
  const wasm = [];
  lazy.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(r.url()));
  // A page of its own, with nothing but the element.
  await lazy.route(base + "lazy.html", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: '<!doctype html><script type="module" src="embed.js"></script>' +
        '<daemonset-playground id="lazy" loading="click" height="300px">sim node add first\n</daemonset-playground>',
    }),
  );
  await lazy.goto(base + "lazy.html");
  const button = lazy.locator("#lazy").getByRole("button", { name: "Load playground" });
  await button.waitFor();
  await lazy.waitForTimeout(300);
  check(wasm.length === 0 && (await lazy.locator("#lazy iframe").count()) === 0, 'loading="click" loads nothing before the click');
  const t0 = Date.now();
  await button.click();
  await lazy.frameLocator("#lazy >> iframe").locator('[data-node="first"]').waitFor();
  const firstTile = Date.now() - t0;
  console.log(`figure: first tile after a click-to-load: ${firstTile} ms`);
} catch (e) {
  failed = true;
  console.error(String(e && e.stack ? e.stack : e));
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
