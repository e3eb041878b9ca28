#!/usr/bin/env node
// How fast does the comment section show a very long discussion? Starts the reference server and
// measures cold loads of article 1001 with 2,000 comments in headless Chromium; what is measured
// is described in scripts/bench-lib/comments.mjs (scripts/bench runs the same measurement among
// others). Not a test: it prints a table and fails only when the page never shows the 2,000
// comments.
//
// usage: node scripts/bench-comments.mjs [--dist DIR] [--runs N]
//   DIR defaults to $NEWS_DIST, else dist/ (build it first: trunk build --release);
//   the server is target/debug/news-server (cargo build -p news-server), or $NEWS_SERVER_BIN.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./bench-lib/chromium.mjs";
import { commentsHeadline, commentsTable, measureComments } from "./bench-lib/comments.mjs";
import { startServer } from "./bench-lib/server.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const dist = resolve(option("--dist", process.env.NEWS_DIST ?? join(root, "dist")));
const runs = Number(option("--runs", "5"));
const serverBin = process.env.NEWS_SERVER_BIN ?? join(root, "target/debug/news-server");

let server;
try {
  server = await startServer({ bin: serverBin, dist });
} catch (e) {
  console.error(`bench-comments: ${e.message}`);
  process.exit(2);
}
const browser = await launchChromium();
let results;
try {
  results = await measureComments(browser, server.origin, runs);
} finally {
  await browser.close();
  server.stop();
}

console.log(`${commentsHeadline(runs)}\ndist: ${dist}\n`);
console.log(commentsTable(results));
console.log(`\nper run (first / all / scripting / own, ms): ${results.map((r) => `${r.first.toFixed(0)}/${r.all.toFixed(0)}/${r.script.toFixed(0)}/${r.own.toFixed(0)}`).join("  ")}`);
