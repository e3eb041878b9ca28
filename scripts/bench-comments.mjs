#!/usr/bin/env node
// How fast does the comment section show a very long discussion? Starts the reference server and
// measures cold loads of article 1001 with 2,000 comments in headless Chromium; what is measured
// is described in scripts/bench-lib/comments.mjs (scripts/bench runs the same measurement among
// others), with the plain-JS renderer of the same listing as its baseline (the app's own
// scripting as a ratio to it). Not a test: it prints a table and fails only when a page never
// shows the 2,000 comments.
//
// usage: node scripts/bench-comments.mjs [--dist DIR] [--runs N]
//   DIR defaults to $NEWS_DIST, else dist/ (build it first: trunk build --release);
//   the server is target/debug/news-server (cargo build -p news-server), or $NEWS_SERVER_BIN.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./bench-lib/chromium.mjs";
import { ARTICLE, TOTAL, commentsHeadline, commentsTable, commentsVersusPlain, measureComments } from "./bench-lib/comments.mjs";
import { plainPath, writePlainPage } from "./bench-lib/plain.mjs";
import { pairedText } from "./bench-lib/report.mjs";
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

// A copy of the build, with the plain-JS page in it: dist/ itself is left as it is.
const served = join(mkdtempSync(join(tmpdir(), "news-bench-dist-")), "dist");
cpSync(dist, served, { recursive: true });
process.on("exit", () => rmSync(dirname(served), { recursive: true, force: true }));
let server;
try {
  server = await startServer({ bin: serverBin, dist: served });
  await writePlainPage(server.origin, served);
} catch (e) {
  console.error(`bench-comments: ${e.message}`);
  process.exit(2);
}
const browser = await launchChromium();
let results;
try {
  results = await measureComments(browser, server.origin, runs, undefined, { plain: plainPath(ARTICLE) });
} finally {
  await browser.close();
  server.stop();
}

console.log(`${commentsHeadline(runs)}\ndist: ${dist}\n`);
console.log(commentsTable(results));
console.log();
for (const [what, key] of [["own scripting", "own"], ["own main-thread work", "ownTask"]]) {
  const versus = commentsVersusPlain(results, key);
  console.log(
    `${TOTAL.toLocaleString("en")} comments, ${what}: ${versus.app.toFixed(0)} ms = ${versus.ratio.toFixed(2)}× plain JS ` +
      `(${versus.plain.toFixed(0)} ms); per run ${pairedText(versus.paired)}`,
  );
}
console.log(`\nper run (first / all / scripting / own, ms): ${results.map((r) => `${r.first.toFixed(0)}/${r.all.toFixed(0)}/${r.script.toFixed(0)}/${r.own.toFixed(0)}`).join("  ")}`);
