import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";
const server = await serve(process.argv[2]);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
page.on("pageerror", (e) => console.error("pageerror", String(e)));
await page.goto(base + "index.html");
await page.waitForSelector("[data-node]");
await page.waitForSelector(".cm-content");
// Finish the tour quickly: apply a manifest change in the editor.
const editor = page.locator(".cm-content");
await editor.click();
await page.keyboard.press("Control+A");
await page.keyboard.insertText(`apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd
spec:
  selector:
    matchLabels: {app: fluentd}
  template:
    metadata:
      labels: {app: fluentd}
    spec:
      nodeSelector: {ssd: "true"}
      containers:
      - name: fluentd
        image: fluentd:v2
`);
await page.waitForTimeout(600);
await page.screenshot({ path: "/tmp/shot-preview.png" });
await page.getByRole("button", { name: "Apply", exact: true }).click();
await page.waitForTimeout(300);
await page.getByRole("button", { name: "Compare", exact: true }).click();
await page.waitForTimeout(500);
for (let i = 0; i < 8; i++) { await page.getByRole("button", { name: "Step", exact: true }).click(); await page.waitForTimeout(100); }
await page.screenshot({ path: "/tmp/shot-compare.png", fullPage: true });
await browser.close();
server.close();
