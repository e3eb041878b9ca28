// One article page in a fresh browser context (no cache), with a probe installed before any of
// the page's own scripts, and the measurements taken on it: a cold load (title, first paragraph,
// LCP), in-app navigations, memory.
import { attachCdp, mainThreadWork, metrics, within } from "./chromium.mjs";

/** What "the article is shown" means; the floor page uses the app's markup, so both match. */
const ARTICLE_SHOWN = { title: { selector: "h1" }, paragraph: { selector: ".article-body p" } };
/** The article's related news (相关新闻) links, handled by the app's router. */
export const RELATED_LINKS = ".related .summary-title a";
/** Every in-app link to another article: related news and 上一篇/下一篇. */
export const ARTICLE_LINKS = `${RELATED_LINKS}, .prev-next a`;
const LOAD_TIMEOUT = 60_000;

/**
 * Runs in the page before its scripts (serialized by Playwright: self-contained). Keeps on
 * window.__bench: the latest LCP candidate, the wasm exports (for their memory), the time of the
 * last click, and `watch(name, spec)`: a promise of when an element matching `spec` is first in
 * the DOM and then painted.
 */
function installProbe(initialWatches) {
  const bench = { lcp: null, startedAt: undefined, wasm: undefined, shown: {} };
  window.__bench = bench;

  const describe = (el) => {
    if (!el) return "(removed)";
    const classes = typeof el.className === "string" && el.className.trim() ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
    return `${el.tagName.toLowerCase()}${classes}`;
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.lcp = { time: entry.startTime, size: entry.size, element: describe(entry.element) };
  }).observe({ type: "largest-contentful-paint", buffered: true });

  // Trunk's boot script announces the started app with its wasm exports, memory included.
  addEventListener("TrunkApplicationStarted", (event) => (bench.wasm = event.detail?.wasm));
  // The start of a navigation: noted (and marked for a trace) before the app sees it.
  bench.start = () => {
    bench.startedAt = performance.now();
    performance.mark("bench:start");
  };
  // Capture phase on window: before the app's router sees the click.
  addEventListener("click", () => bench.start(), true);

  bench.watch = (name, { selector, textNot }) => {
    bench.shown[name] = new Promise((resolve) => {
      let seen;
      const check = () => {
        if (seen !== undefined) return;
        const text = document.querySelector(selector)?.textContent.trim();
        if (!text || text === textNot) return;
        seen = performance.now();
        observer.disconnect();
        // Painted: the next frame has been produced (rAF; marked for a trace: the frame's task)
        // and handed on (the task after it).
        requestAnimationFrame(() => {
          performance.mark(`bench:frame:${name}`);
          setTimeout(() => resolve({ seen, painted: performance.now(), text }), 0);
        });
      };
      const observer = new MutationObserver(check);
      observer.observe(document, { childList: true, subtree: true, characterData: true });
      check();
    });
  };
  for (const [name, spec] of Object.entries(initialWatches)) bench.watch(name, spec);
}

/** A page in a new context (so a cold cache) with the probe and the profile's throttling. */
export async function openPage(browser, profile) {
  const context = await browser.newContext(profile.context);
  await context.addInitScript(installProbe, ARTICLE_SHOWN);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const cdp = await attachCdp(context, page, profile);
  return { context, page, cdp, errors, close: () => context.close() };
}

const shown = (page, name, what) =>
  within(page.evaluate((n) => window.__bench.shown[n], name), LOAD_TIMEOUT, what);

/**
 * Loads `url` and measures, from navigation start: the article title and first paragraph in the
 * DOM and painted, and the LCP as the page reports it once both are painted.
 */
export async function coldLoad(session, url) {
  const { page } = session;
  await page.goto(url, { waitUntil: "commit", timeout: LOAD_TIMEOUT });
  const title = await shown(page, "title", `title of ${url}`);
  const paragraph = await shown(page, "paragraph", `first paragraph of ${url}`);
  // An LCP entry is reported after its frame is presented, a frame or two after the paint.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 250)));
  const lcp = await page.evaluate(() => window.__bench.lcp);
  if (session.errors.length) throw new Error(`${url}: ${session.errors.join("; ")}`);
  return { title: title.painted, paragraph: paragraph.painted, lcp: lcp?.time ?? NaN, lcpElement: lcp?.element ?? "none" };
}

/**
 * Waits until the app has mounted and has nothing left to load (no skeleton, comments in) and a
 * couple of quiet frames, so one measurement's tail does not count in the next one.
 */
export async function settle(page) {
  // The app has mounted (a page the server filled in stays until then, and its links are
  // replaced by the app's) and has nothing left to load.
  await page.waitForFunction(() => !document.querySelector("#boot, .skeleton, .comments-loading"), null, {
    timeout: LOAD_TIMEOUT,
  });
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50)))),
  );
}

/**
 * The page's main-thread top-level tasks in a Chromium trace (`traceEvents`; the thread that
 * recorded the user-timing marks `from` and `to`), from the task in which `from` was marked: the
 * work up to the end of the task in which `to` was marked (a frame: its rAF callbacks, style,
 * layout and paint), and the longest single task from there to the end of the trace. In ms.
 */
export function tasksInTrace(traceEvents, from, to) {
  const mark = (name) => traceEvents.find((e) => e.name === name && e.cat?.includes("blink.user_timing"));
  const start = mark(from);
  const frame = mark(to);
  if (!start || !frame) return null;
  const runs = traceEvents
    .filter((e) => e.ph === "X" && e.name === "ThreadControllerImpl::RunTask" && e.pid === frame.pid && e.tid === frame.tid)
    .sort((a, b) => a.ts - b.ts);
  // Top-level only: a task run inside another (a nested loop) is part of that one.
  const tasks = [];
  for (const task of runs) if (!tasks.length || task.ts >= tasks.at(-1).ts + tasks.at(-1).dur) tasks.push(task);
  const end = (task) => task.ts + task.dur;
  const frameTask = tasks.find((t) => t.ts <= frame.ts && frame.ts <= end(t));
  if (!frameTask) return null;
  const since = tasks.filter((t) => end(t) >= start.ts);
  const toFrame = since.filter((t) => end(t) <= end(frameTask));
  return {
    work: toFrame.reduce((sum, t) => sum + t.dur, 0) / 1000,
    longest: Math.max(...since.map((t) => t.dur)) / 1000,
  };
}

/**
 * Starts an in-app navigation with `start` (which must call __bench.start(): a click does) and
 * measures until the new article's title is painted: elapsed time, and the main thread's work
 * over that span (CDP TaskDuration; of it, scripts and style + layout). That span also takes in
 * what the app renders in the tasks right after the frame (below the article); a trace of the
 * navigation tells them apart: the work up to and including the frame that shows the new
 * title, and the longest single task until the page has settled (comments in).
 */
async function transition(session, start, what) {
  const { page, cdp } = session;
  const oldTitle = (await page.locator("h1").first().textContent()).trim();
  await page.evaluate((old) => window.__bench.watch("next", { selector: "h1", textNot: old }), oldTitle);
  const browser = page.context().browser();
  await browser.startTracing(page, { categories: ["toplevel", "blink.user_timing"] });
  let trace;
  try {
    const before = await metrics(cdp);
    await start();
    const next = await shown(page, "next", what);
    const work = mainThreadWork(before, await metrics(cdp));
    const startedAt = await page.evaluate(() => window.__bench.startedAt);
    if (session.errors.length) throw new Error(`${what}: ${session.errors.join("; ")}`);
    await settle(page);
    trace = tasksInTrace(JSON.parse((await browser.stopTracing()).toString()).traceEvents, "bench:start", "bench:frame:next");
    return {
      to: new URL(page.url()).pathname,
      title: next.text,
      ms: next.painted - startedAt,
      work: work.task,
      script: work.script,
      layout: work.layout,
      toFrame: trace?.work ?? NaN,
      longest: trace?.longest ?? NaN,
    };
  } finally {
    if (trace === undefined) await browser.stopTracing().catch(() => {});
  }
}

/** Clicks `link` like a reader (a real mouse click; scrolled to beforehand, outside the measurement). */
export async function clickThrough(session, link) {
  await settle(session.page);
  await link.scrollIntoViewIfNeeded();
  // The middle of the link's first line: a title wrapped over two lines may have nothing but
  // its heading under the middle of its bounding box.
  const { x, y, href } = await link.evaluate((a) => {
    const line = a.getClientRects()[0];
    return { x: line.left + line.width / 2, y: line.top + line.height / 2, href: a.getAttribute("href") };
  });
  return transition(session, () => session.page.mouse.click(x, y), `click to ${href}`);
}

/** The browser's back button, as far as the app can tell (history.back() fires the same popstate). */
export async function goBack(session) {
  await settle(session.page);
  return transition(
    session,
    () => session.page.evaluate(() => { window.__bench.start(); history.back(); }),
    "history.back()",
  );
}

/** JS heap after a full garbage collection, the wasm memory, DOM nodes and event listeners. */
export async function memory(session) {
  const { page, cdp } = session;
  await settle(page);
  // Twice: the first collection can leave objects whose finalizers free more.
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const m = await metrics(cdp);
  const wasm = await page.evaluate(() => window.__bench.wasm?.memory?.buffer.byteLength ?? null);
  if (wasm === null) throw new Error("no wasm memory: TrunkApplicationStarted was not seen");
  return { jsHeap: m.JSHeapUsedSize, wasm, nodes: m.Nodes, listeners: m.JSEventListeners };
}
