// The plain-JS baseline (plain-page.js, which says what it is and why) as a page of the served
// build: static/plain.html with the app's stylesheets, the site header as the app shows it, and
// the script. Its figures are taken with the same probes and traces as the app's.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const escape = (text) =>
  String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/** The page's URL path for article `id`. */
export const plainPath = (id) => `/static/plain.html?article=${encodeURIComponent(id)}`;

/** Writes static/plain.html and static/plain.js into `dist` (served by the running server). */
export async function writePlainPage(origin, dist) {
  const response = await fetch(`${origin}/api/site`);
  if (!response.ok) throw new Error(`${origin}/api/site: HTTP ${response.status}`);
  const site = await response.json();
  const index = readFileSync(join(dist, "index.html"), "utf8");
  const stylesheets = [...index.matchAll(/<link rel="stylesheet"[^>]*>/g)].map((m) => m[0]).join("\n  ");
  const html = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <title>${escape(site.name)}</title>
  ${stylesheets}
  <script type="module" src="/static/plain.js"></script>
</head>
<body style="margin:0">
<div class="news-app text-m">
<header class="site-header"><div class="site-header-inner"><a class="site-name" href="/"><span>${escape(site.name)}</span></a></div></header>
<main class="page" id="main"></main>
</div>
</body>
</html>
`;
  mkdirSync(join(dist, "static"), { recursive: true });
  writeFileSync(join(dist, "static", "plain.html"), html);
  copyFileSync(join(dirname(fileURLToPath(import.meta.url)), "plain-page.js"), join(dist, "static", "plain.js"));
}
