#!/usr/bin/env node
// The news reader's performance benchmark (scripts/bench builds what it needs and runs this).
// Serves a release build with the reference server on loopback and measures, in headless
// Chromium, medians over N cold loads (each in a new browser context, so nothing cached):
//   1. first-load bytes (wasm, JS, CSS the page fetched; raw, gzip, brotli)
//   2. the article page: title and first paragraph painted, LCP; as the server fills it in (the
//      filled page) and as the plain shell a static host serves (--fill-pages=false: the boot
//      script's preview, then the app)
//   3. the same for the filled page with nothing to run (the floor), and the ratios to it: each
//      run loads the pages in turn (starting with another each run), and a ratio is the
//      median of the runs' own ratios, given with its 95% interval
//   4. in-app navigation to a related article: first visit, back, revisit; main-thread work
//   5. 2,000 comments (scripts/bench-lib/comments.mjs, as `npm run bench:comments`)
//   6. JS heap and wasm memory after 1 and after 100 in-app navigations
//   7. Lighthouse 12, mobile
// 1-4 unthrottled, and again as a mid-range phone (4× CPU slowdown, 4G). The revisit (4) and the
// comments (5) are also measured, the same way in the same run, on a plain-JS renderer of the
// same data (scripts/bench-lib/plain-page.js), and given as ratios to it: milliseconds move by
// up to 1.5× between machines of one kind, the ratio much less. Then a table of each figure against
// its budget. A figure over budget is reported, never an error: the exit status
// is non-zero only when something could not be measured at all.
//
// usage: node scripts/bench.mjs [--dist DIR] [--server BIN] [--runs N] [--json] [--no-lighthouse]
//   --dist    a release build (default target/bench-dist, as scripts/bench builds it)
//   --server  the news-server binary (default target/release/news-server)
//   --runs    cold loads per figure (default 7)
//   --json    print the results as JSON on stdout (the tables go to stderr)
//   --no-lighthouse  skip Lighthouse (its figures show as skipped)
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium, PROFILES } from "./bench-lib/chromium.mjs";
import { TOTAL, commentsHeadline, commentsTable, commentsVersusPlain, measureComments } from "./bench-lib/comments.mjs";
import { firstLoadBytes } from "./bench-lib/first-load.mjs";
import { writeFloorPage } from "./bench-lib/floor.mjs";
import { plainPath, writePlainPage } from "./bench-lib/plain.mjs";
import { CATEGORIES, lighthouse } from "./bench-lib/lighthouse.mjs";
import { ARTICLE_LINKS, RELATED_LINKS, clickThrough, coldLoad, goBack, memory, openPage } from "./bench-lib/page.mjs";
import { kb, mb, ms, pairedRatio, pairedText, ratio, rotated, summarize, table } from "./bench-lib/report.mjs";
import { startServer } from "./bench-lib/server.mjs";

const started = Date.now();
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.lastIndexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const dist = resolve(option("--dist", join(root, "target/bench-dist")));
const serverBin = resolve(option("--server", join(root, "target/release/news-server")));
const runs = Number(option("--runs", "7"));
const asJson = args.includes("--json");
const withLighthouse = !args.includes("--no-lighthouse");
if (!Number.isInteger(runs) || runs < 1) {
  console.error("bench: --runs needs a whole number of at least 1");
  process.exit(2);
}

const ARTICLE = "1001";
const TOTAL_COMMENTS = TOTAL.toLocaleString("en");
const NAVIGATIONS = 100;
// Each budget as it is printed, and the test a measured value must pass.
const BUDGETS = {
  // 290 KB while Trunk cannot split the wasm (back to 200 KB once it can); scripts/test fails
  // a build over it (size-report.mjs --max-gzip-kb).
  firstLoadGzip: { text: "≤ 290 KB", passes: (bytes) => bytes <= 290 * 1024 },
  // The filled page is the floor with the app's scripts in it: it should paint as the floor does.
  filledLcpOverFloor: { text: "≤ 1.05×", passes: (r) => r <= 1.05 },
  lcpOverFloor: { text: "≤ 1.5×", passes: (r) => r <= 1.5 },
  // Timings are judged as ratios to the plain-JS renderer measured in the same run.
  revisitVsPlain: { text: "≤ 1.5× plain JS", passes: (r) => r <= 1.5 },
  commentsVsPlain: { text: "≤ 1.5× plain JS", passes: (r) => r <= 1.5 },
  memoryGrowth: { text: "< 2 MB", passes: (bytes) => bytes < 2 * 1024 * 1024 },
  lighthousePerformance: { text: "≥ 95", passes: (score) => score >= 95 },
  lighthouseAccessibility: { text: "100", passes: (score) => score === 100 },
};

// Progress on stderr; the report on stdout, unless stdout is for the JSON.
const progress = (line) => process.stderr.write(`${line}\n`);
const print = asJson ? progress : (line = "") => console.log(line);
const problems = [];
/** Runs one measurement; a failure is noted and reported, and the others still run. */
async function attempt(name, body) {
  try {
    return await body();
  } catch (e) {
    problems.push({ measurement: name, error: e.message });
    progress(`!! ${name} failed: ${e.message}`);
    return null;
  }
}

// ---- set-up: a copy of the build with the floor page in it, served by the reference server ----

const served = join(mkdtempSync(join(tmpdir(), "news-bench-dist-")), "dist");
cpSync(dist, served, { recursive: true });
process.on("exit", () => rmSync(dirname(served), { recursive: true, force: true }));
// The plain shell's server gets a copy of its own: each server writes its compressed copies.
const servedShell = join(mkdtempSync(join(tmpdir(), "news-bench-dist-")), "dist");
cpSync(dist, servedShell, { recursive: true });
process.on("exit", () => rmSync(dirname(servedShell), { recursive: true, force: true }));
let server;
let shellServer;
try {
  server = await startServer({ bin: serverBin, dist: served });
  shellServer = await startServer({ bin: serverBin, dist: servedShell, flags: ["--fill-pages=false"] });
} catch (e) {
  console.error(`bench: ${e.message}`);
  process.exit(2);
}
const { origin } = server;
const appUrl = `${origin}/articles/${ARTICLE}`;
const shellUrl = `${shellServer.origin}/articles/${ARTICLE}`;
const floorPath = await attempt("floor page", () => writeFloorPage(origin, served, ARTICLE));
const floorUrl = floorPath && `${origin}${floorPath}`;
const plainWritten = await attempt("plain-JS page", () => writePlainPage(origin, served).then(() => true));
const plainUrl = plainWritten && `${origin}${plainPath(ARTICLE)}`;
const browser = await launchChromium();
const chromiumVersion = browser.version();
progress(`bench: ${dist} on ${origin}, ${runs} runs, Chromium ${chromiumVersion}`);

// ---- 1-4: cold loads of the app and the floor, and navigations, per profile ----

/** Opens a page for one cold load, runs `body` on it, and closes it whatever happens. */
async function inFreshPage(profile, body) {
  const session = await openPage(browser, profile);
  try {
    return await body(session);
  } finally {
    await session.close();
  }
}

/**
 * The three in-app navigations from the article: the first related link (first visit), back to
 * the article (history.back), and the same link again (a revisit: code warm, media cached, and
 * the article in the page's memory, as for back).
 */
async function navigations(session) {
  const link = session.page.locator(RELATED_LINKS).first();
  const firstVisit = await clickThrough(session, link);
  const back = await goBack(session);
  const revisit = await clickThrough(session, link);
  return { firstVisit, back, revisit };
}

/** One cold load of the article in the app, then the navigations on it. */
const appRun = (profile, withBytes) =>
  inFreshPage(profile, async (session) => {
    const load = await coldLoad(session, appUrl);
    const bytes = withBytes ? await attempt("first-load bytes", () => firstLoadBytes(session.page, dist)) : null;
    const navigation = await attempt(`navigation, ${profile.label}`, () => navigations(session));
    return { load, bytes, navigation };
  });

/** The same on the plain-JS renderer: its navigations are the baseline of the app's. */
const plainRun = (profile) =>
  inFreshPage(profile, async (session) => {
    await coldLoad(session, plainUrl);
    return navigations(session);
  });

const floorRun = (profile) => inFreshPage(profile, (session) => coldLoad(session, floorUrl));
const shellRun = (profile) => inFreshPage(profile, (session) => coldLoad(session, shellUrl));

const loads = {};
let firstLoad = null;
for (const [key, profile] of Object.entries(PROFILES)) {
  // Per run, each page's result (null when it failed): runs are compared side by side.
  const byRun = [];
  for (let run = 1; run <= runs; run++) {
    progress(`${profile.label}: run ${run}/${runs}`);
    const result = { app: null, shell: null, floor: null, plain: null };
    const steps = [
      async () => {
        result.app = await attempt(`app load, ${profile.label}`, () => appRun(profile, !firstLoad));
        firstLoad ??= result.app?.bytes ?? null;
      },
      async () => (result.shell = await attempt(`plain shell load, ${profile.label}`, () => shellRun(profile))),
      async () => floorUrl && (result.floor = await attempt(`floor load, ${profile.label}`, () => floorRun(profile))),
      async () => plainUrl && (result.plain = await attempt(`plain-JS navigation, ${profile.label}`, () => plainRun(profile))),
    ];
    // Each run starts with another page, so that none is always first or last of its run:
    // whatever the browser still does after the previous run (closing its pages) falls on each
    // page in turn.
    for (const step of rotated(steps, run)) await step();
    byRun.push(result);
  }
  const present = (which) => byRun.map((r) => r[which]).filter(Boolean);
  loads[key] = { app: present("app"), shell: present("shell"), floor: present("floor"), plain: present("plain"), byRun };
}

// ---- 5: 2,000 comments ----

progress("2,000 comments");
const comments = await attempt("2,000 comments", () =>
  measureComments(browser, origin, runs, (run) => progress(`2,000 comments: run ${run}/${runs}`), {
    plain: plainUrl ? plainPath(ARTICLE) : undefined,
  }),
);

// ---- 6: memory over 100 in-app navigations ----

/**
 * After one navigation from the article, and after NAVIGATIONS: each time the article link on the
 * page that was visited longest ago (never visited first), so the walk goes round all articles.
 * It ends on the article the first snapshot was taken on (a few steps more if need be), so both
 * snapshots show the same page and only what was kept from the walk differs.
 */
const memoryRun = () =>
  inFreshPage(PROFILES.desktop, async (session) => {
    const { page } = session;
    const here = () => new URL(page.url()).pathname;
    await coldLoad(session, appUrl);
    const lastVisit = new Map([[here(), 0]]);
    const navigate = async (step, preferred) => {
      const hrefs = await page.locator(ARTICLE_LINKS).evaluateAll((links) => links.map((a) => a.getAttribute("href")));
      if (hrefs.length === 0) throw new Error(`no article link on ${page.url()}`);
      const href = hrefs.includes(preferred)
        ? preferred
        : hrefs.reduce((best, h) => ((lastVisit.get(h) ?? -1) < (lastVisit.get(best) ?? -1) ? h : best));
      lastVisit.set(href, step);
      await clickThrough(session, page.locator(ARTICLE_LINKS).and(page.locator(`[href="${href}"]`)).first());
    };
    await navigate(1);
    const snapshotPage = here();
    const afterOne = await memory(session);
    let step = 1;
    while (step < NAVIGATIONS || here() !== snapshotPage) {
      step += 1;
      if (step > NAVIGATIONS + 20) throw new Error(`no way back to ${snapshotPage} after ${NAVIGATIONS} navigations`);
      if (step % 20 === 0) progress(`memory: navigation ${step}/${NAVIGATIONS}`);
      await navigate(step, step >= NAVIGATIONS ? snapshotPage : undefined);
    }
    const afterAll = await memory(session);
    const growth = Object.fromEntries(Object.keys(afterOne).map((k) => [k, afterAll[k] - afterOne[k]]));
    return { page: snapshotPage, navigations: step, articlesVisited: lastVisit.size, afterOne, afterAll, growth };
  });
progress("memory");
const mem = await attempt("memory", memoryRun);
await browser.close();

// ---- 7: Lighthouse ----

if (withLighthouse) progress("Lighthouse (npx fetches it on the first run)");
const lh = withLighthouse ? await attempt("Lighthouse", () => lighthouse(appUrl)) : null;
server.stop();
shellServer.stop();

// ---- the report ----

const stat = (runsOf, pick) => summarize(runsOf.map(pick));
const spread = (s) => (s.runs ? `${ms(s.median)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})` : "—");
const mostCommon = (xs) => {
  const counts = new Map();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "—";
};

const results = { runs, dist, origin, chromium: chromiumVersion, firstLoad, profiles: {}, comments: null, memory: mem, lighthouse: lh };

print(`News reader benchmark: ${runs} cold loads per figure (median, min–max), headless Chromium ${chromiumVersion}`);
print(`build ${dist}, reference server ${serverBin}`);

print("\n1. First load: the wasm, JS and CSS that index.html loads; gzip -9 and brotli 11 of the files,");
print("   served: the bytes on the wire from the reference server (its gzip)");
if (firstLoad) {
  const rows = firstLoad.files.map((f) => [`${f.kind}  ${f.file}`, kb(f.raw), kb(f.gzip), kb(f.brotli), kb(f.onWire)]);
  const t = firstLoad.total;
  rows.push(["total", kb(t.raw), kb(t.gzip), kb(t.brotli), kb(t.onWire)]);
  print(table(["file", "raw", "gzip", "brotli", "served"], rows));
} else print("not measured");

for (const [key, profile] of Object.entries(PROFILES)) {
  const { app, shell, floor, plain, byRun } = loads[key];
  const figure = (label, pick) => {
    const a = stat(app, (r) => pick(r.load));
    const sh = stat(shell, pick);
    const f = stat(floor, pick);
    // Each run's page against the floor loaded in the same run.
    const paired = (which) =>
      pairedRatio(byRun.filter((r) => r[which] && r.floor).map((r) => [pick(which === "app" ? r.app.load : r[which]), pick(r.floor)]));
    return {
      label, app: a, shell: sh, floor: f,
      ratio: a.median / f.median, shellRatio: sh.median / f.median,
      paired: paired("app"), shellPaired: paired("shell"),
    };
  };
  const nav = (which, navs = app.map((r) => r.navigation)) => ({
    to: navs.find(Boolean)?.[which].to ?? "?",
    time: stat(navs, (n) => n?.[which].ms),
    work: stat(navs, (n) => n?.[which].work),
    script: stat(navs, (n) => n?.[which].script),
    layout: stat(navs, (n) => n?.[which].layout),
    toFrame: stat(navs, (n) => n?.[which].toFrame),
    longest: stat(navs, (n) => n?.[which].longest),
  });
  results.profiles[key] = {
    label: profile.label,
    figures: [
      figure("title (h1) painted", (l) => l.title),
      figure("first paragraph painted", (l) => l.paragraph),
      figure("LCP", (l) => l.lcp),
    ],
    lcpElement: {
      app: mostCommon(app.map((r) => r.load.lcpElement)),
      shell: mostCommon(shell.map((r) => r.lcpElement)),
      floor: mostCommon(floor.map((r) => r.lcpElement)),
    },
    navigation: { firstVisit: nav("firstVisit"), back: nav("back"), revisit: nav("revisit") },
    plainNavigation: plain.length
      ? { firstVisit: nav("firstVisit", plain), back: nav("back", plain), revisit: nav("revisit", plain) }
      : null,
    runs: { app, shell, floor, plain },
  };
}

print(
  `\n2-3. Article page ${appUrl.replace(origin, "")}, filled in by the server (filled) and as the plain shell ` +
    `(shell), vs. the filled page with nothing to run, ${floorPath ?? "the floor page"} (floor): ms from navigation start`,
);
print("filled/floor and shell/floor: the median of each run's ratio (the pages are loaded one after the other");
print("in each run, each run starting with the next one), with its 95% interval (bootstrap over the runs)");
for (const { label, figures, lcpElement } of Object.values(results.profiles)) {
  print(`\n${label}`);
  print(table(
    ["", "filled", "shell", "floor", "filled/floor", "shell/floor"],
    [
      ...figures.map((f) => [f.label, spread(f.app), spread(f.shell), spread(f.floor), pairedText(f.paired), pairedText(f.shellPaired)]),
      ["LCP element (most runs)", lcpElement.app, lcpElement.shell, lcpElement.floor, "", ""],
    ],
  ));
}

print("\n4. In-app navigation from the article page, from the click (or history.back()) to the new title painted.");
print("   work: main-thread time over that span (CDP TaskDuration; of it ScriptDuration, and style + layout);");
print("   it also takes in what the app renders in the tasks right after that frame (below the article).");
print("   From a trace: to the frame, the main-thread tasks up to and including the frame that shows the new");
print("   title; longest task, the longest single task until the page has settled (comments in).");
print("   Back and the revisit are the cached case: the app keeps recent articles in memory, so no request;");
print("   the first visit asks the server (the pointer's hover starts it only just before the click).");
print("   plain JS: the same navigations, measured the same way, on the plain-JS renderer of the same");
print(`   data (${plainPath(ARTICLE)}: articles kept in memory once fetched, the DOM built directly).`);
for (const { label, navigation: n, plainNavigation: p } of Object.values(results.profiles)) {
  print(`\n${label}`);
  const rows = [
    [`first visit: 1st related link -> ${n.firstVisit.to}`, n.firstVisit],
    [`back: history.back() -> ${n.back.to}`, n.back],
    [`revisit: the same link again -> ${n.revisit.to}`, n.revisit],
  ];
  if (p) {
    rows.push(
      ["plain JS, first visit", p.firstVisit],
      ["plain JS, back", p.back],
      ["plain JS, revisit", p.revisit],
    );
  }
  print(table(
    ["", "to title painted", "work", "script", "style + layout", "to the frame", "longest task"],
    rows.map(([what, m]) => [what, spread(m.time), spread(m.work), spread(m.script), spread(m.layout), spread(m.toFrame), spread(m.longest)]),
  ));
  if (p) {
    const r = n.revisit.toFrame.median / p.revisit.toFrame.median;
    print(`revisit, work to the frame: ${ms(n.revisit.toFrame.median, 1)} = ${ratio(r)} plain JS (${ms(p.revisit.toFrame.median, 1)})`);
  }
}

print(`\n5. ${commentsHeadline(runs)}`);
print("   plain JS: the same loads of the plain-JS renderer (its list checked equal to the app's, element by element)");
if (comments) {
  print(commentsTable(comments));
  const versus = commentsVersusPlain(comments);
  const versusTask = commentsVersusPlain(comments, "ownTask");
  print(`\n${TOTAL_COMMENTS} comments, own scripting: ${ms(versus.app)} = ${ratio(versus.ratio)} plain JS (${ms(versus.plain)}); per run ${pairedText(versus.paired)}`);
  print(`${TOTAL_COMMENTS} comments, own main-thread work: ${ms(versusTask.app)} = ${ratio(versusTask.ratio)} plain JS (${ms(versusTask.plain)}); per run ${pairedText(versusTask.paired)}`);
  print("   per run: the median of each run's ratio (app and plain JS loaded in turn, each first every other run), 95% interval");
  results.comments = {
    runs: comments,
    scripting: summarize(comments.map((r) => r.script)),
    withoutComments: summarize(comments.map((r) => r.without)),
    ownScripting: summarize(comments.map((r) => r.own)),
    allPainted: summarize(comments.map((r) => r.all)),
    plainOwnScripting: summarize(comments.map((r) => r.plain?.own)),
    ownScriptingVersusPlain: versus.ratio,
    ownScriptingVersusPlainPerRun: versus.paired,
    ownMainThreadWork: summarize(comments.map((r) => r.ownTask)),
    plainOwnMainThreadWork: summarize(comments.map((r) => r.plain?.ownTask)),
    ownMainThreadWorkVersusPlain: versusTask.ratio,
    ownMainThreadWorkVersusPlainPerRun: versusTask.paired,
  };
} else print("not measured");

print(`\n6. Memory (after a full GC), unthrottled: after 1 and after ${mem?.navigations ?? NAVIGATIONS} in-app navigations from ${ARTICLE}, both on ${mem?.page ?? "the same article"}`);
if (mem) {
  const row = (label, m, growth = false) => {
    const plus = (x) => (growth && x >= 0 ? "+" : "");
    return [label, plus(m.jsHeap) + mb(m.jsHeap), plus(m.wasm) + mb(m.wasm), plus(m.nodes) + m.nodes, plus(m.listeners) + m.listeners];
  };
  print(table(
    ["", "JS heap used", "wasm memory", "DOM nodes", "JS listeners"],
    [row("after 1 navigation", mem.afterOne), row(`after ${mem.navigations} navigations`, mem.afterAll), row("growth", mem.growth, true)],
  ));
  print(`(${mem.articlesVisited} different articles visited)`);
} else print("not measured");

print("\n7. Lighthouse (mobile, default config) on the article page");
if (lh) {
  print(table(
    [...CATEGORIES, "LCP", "TBT", "CLS"],
    [[...CATEGORIES.map((c) => String(lh.scores[c])), ms(lh.lcp), ms(lh.tbt), lh.cls.toFixed(3)]],
  ));
  if (lh.failing.length) print(`audits below 90: ${lh.failing.join(", ")}`);
  for (const warning of lh.warnings) print(`warning: ${warning}`);
} else if (!withLighthouse) print("skipped (--no-lighthouse)");
else print(`not measured: ${problems.find((p) => p.measurement === "Lighthouse")?.error}`);

// ---- budgets ----

const budgetRows = [];
const judge = (figure, value, shown, budget, skipped = false) => {
  const status = Number.isFinite(value) ? (budget.passes(value) ? "ok" : "over") : skipped ? "skipped" : "not measured";
  budgetRows.push({ figure, value, shown, budget: budget.text, status });
};
judge("first load, gzip", firstLoad?.total.gzip, kb(firstLoad?.total.gzip), BUDGETS.firstLoadGzip);
for (const { label, figures, navigation, plainNavigation } of Object.values(results.profiles)) {
  const lcp = figures.find((f) => f.label === "LCP");
  judge(`LCP filled page/floor, ${label}`, lcp.paired.median, `${pairedText(lcp.paired)}; medians ${ms(lcp.app.median)} / ${ms(lcp.floor.median)}`, BUDGETS.filledLcpOverFloor);
  judge(`LCP plain shell/floor, ${label}`, lcp.shellPaired.median, `${pairedText(lcp.shellPaired)}; medians ${ms(lcp.shell.median)} / ${ms(lcp.floor.median)}`, BUDGETS.lcpOverFloor);
  // Judged on the work up to the frame that shows the article (the trace's figure): what either
  // page renders below it in the tasks after that frame is not part of the navigation's frame.
  const work = navigation.revisit.toFrame.median;
  const plainWork = plainNavigation?.revisit.toFrame.median;
  const r = work / plainWork;
  judge(`revisit, work to the frame, ${label}`, r, `${ms(work, 1)} = ${ratio(r)} plain JS (${ms(plainWork, 1)})`, BUDGETS.revisitVsPlain);
}
// Judged on what the comments cost: the whole page load's scripting, less the same page's
// without them, against the same for the plain-JS renderer.
const c = results.comments;
judge(
  `${TOTAL_COMMENTS} comments, own scripting`,
  c?.ownScriptingVersusPlain,
  c ? `${ms(c.ownScripting.median)} = ${ratio(c.ownScriptingVersusPlain)} plain JS (${ms(c.plainOwnScripting.median)}); per run ${pairedText(c.ownScriptingVersusPlainPerRun)}` : "",
  BUDGETS.commentsVsPlain,
);
const growth = mem ? mem.growth.jsHeap + mem.growth.wasm : NaN;
judge(`memory growth over ${NAVIGATIONS} navigations (JS heap + wasm)`, growth, mb(growth), BUDGETS.memoryGrowth);
const score = (category) => lh?.scores[category];
judge("Lighthouse performance", score("performance"), String(score("performance") ?? "—"), BUDGETS.lighthousePerformance, !withLighthouse);
judge("Lighthouse accessibility", score("accessibility"), String(score("accessibility") ?? "—"), BUDGETS.lighthouseAccessibility, !withLighthouse);
results.budgets = budgetRows;
results.problems = problems;

print("\nBudgets");
print(table(["figure", "measured", "budget", ""], budgetRows.map((b) => [b.figure, b.shown, b.budget, b.status])));
const seconds = Math.round((Date.now() - started) / 1000);
results.seconds = seconds;
print(`\n${budgetRows.filter((b) => b.status === "over").length} over budget; took ${Math.floor(seconds / 60)} min ${seconds % 60} s`);
for (const p of problems) print(`problem: ${p.measurement}: ${p.error}`);
if (asJson) console.log(JSON.stringify(results, (k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2));
// A failed run among several still leaves a median; only a figure with no value at all fails the bench.
process.exitCode = budgetRows.some((b) => b.status === "not measured") ? 1 : 0;
