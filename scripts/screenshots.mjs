#!/usr/bin/env node
// The README's screenshots: article 1001 on a desktop (1280 × 1100) and a phone (390 × 844 at
// 2×), light and dark, written to docs/screenshots/. Against a running app:
//   node scripts/screenshots.mjs http://127.0.0.1:3000
// (e.g. after `cargo run -p news-server --release -- --dist dist --port 3000`).
import { chromium } from "@playwright/test";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const base = (process.argv[2] ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const shots = [
  ["article-desktop", { width: 1280, height: 1100 }, 1, "light"],
  ["article-phone", { width: 390, height: 844 }, 2, "light"],
  ["article-dark-desktop", { width: 1280, height: 1100 }, 1, "dark"],
  ["article-dark-phone", { width: 390, height: 844 }, 2, "dark"],
];
for (const [name, viewport, deviceScaleFactor, colorScheme] of shots) {
  const context = await browser.newContext({ viewport, deviceScaleFactor, colorScheme });
  const page = await context.newPage();
  await page.goto(`${base}/articles/1001`);
  await page.locator(".article-body p").first().waitFor();
  // Let the lazy pictures in view arrive before the shutter.
  await page.waitForLoadState("networkidle");
  const path = join(root, "docs/screenshots", `${name}.png`);
  await page.screenshot({ path });
  console.log(path);
  await context.close();
}
await browser.close();
