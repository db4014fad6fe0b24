// The accessibility check behind `cargo xtask test`: axe-core on the built page, in headless
// Chromium (Debian's, driven by playwright-core), in the light and the dark theme, with the
// walkthrough's second step and a node selected (its panel open). Fails on any serious or critical
// violation, and on any request the page makes that fails (a missing favicon logs a 404).
//
//   node web/tests/axe.mjs DIST_DIR

import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { serve } from "../serve.mjs";

const dist = process.argv[2];
if (!dist) {
  console.error("usage: axe.mjs DIST_DIR");
  process.exit(2);
}
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const server = await serve(dist);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
let failures = 0;
try {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const failed = [];
    page.on("response", (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    page.on("requestfailed", (r) => failed.push(`failed ${r.url()}`));
    await page.goto(base + "index.html");
    // The walkthrough's second step: three nodes with a pod each.
    await page.locator("[data-node]").first().waitFor();
    await page.getByRole("button", { name: "Next step" }).click();
    await page.locator("[data-node] [data-pod]").first().waitFor();
    // A node's panel, with its why-or-why-not list, is part of the page people use.
    await page.locator("[data-node] button.node-name").first().click();
    await page.locator(".why").waitFor();
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
        count: v.nodes.length,
      }));
    });
    const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    for (const v of violations) {
      console.log(`  ${scheme}: ${v.impact} ${v.id} (${v.count}): ${v.help} — ${v.nodes.join(", ")}`);
    }
    for (const f of failed) console.log(`  ${scheme}: request ${f}`);
    console.log(`  ${scheme} theme: ${bad.length} serious or critical violations, ${violations.length} in all; ${failed.length} failed requests`);
    failures += bad.length + failed.length;
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
if (failures > 0) {
  console.error(`axe: ${failures} problems`);
  process.exit(1);
}
console.log("axe: no serious or critical violations in either theme");
