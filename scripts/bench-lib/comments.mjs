// How fast does the comment section show a very long discussion? Opens article 1001 with its
// comment listing replaced by ONE page of 2,000 comments (400 threads, each with 4 replies nested
// two deep), in a new browser context per run (so no cache), and measures:
//   first comment  navigation start -> the first article.comment is in the DOM and a frame has
//                  been painted after it (requestAnimationFrame, then a task)
//   listing in     navigation start -> the (intercepted) listing response has fully arrived
//   all 2,000      navigation start -> all 2,000 article.comment in the DOM, painted likewise
//   render         all 2,000 painted minus listing in: decoding, building and painting the list
//   scripting      CDP Performance.getMetrics ScriptDuration from navigation to "all 2,000"
//                  (the whole load: app start-up, article and comments)
//   without        the same, for the same page whose listing is empty (loaded right after, in
//                  a new context too): the app's start-up and the article alone
//   comments' own  scripting minus without: what the 2,000 comments cost (decoding and building
//                  them). ScriptDuration counts script run from the browser's callbacks (frames,
//                  timers, events, queueMicrotask), not promise continuations V8 runs by itself:
//                  the app's decoding is counted (wasm-bindgen-futures polls Rust futures from
//                  queueMicrotask), and so is the plain page's (its JSON.parse and its building
//                  both run in an animation-frame callback)
//   main-thread work  CDP TaskDuration over the same span: all of the main thread's tasks,
//                  continuations, style and layout included; and the comments' own, as above
//   style+layout   RecalcStyleDuration + LayoutDuration over the same span
// With a baseline page (`plain`: the plain-JS renderer, bench-lib/plain-page.js), each run also
// loads that page the same way, with and without the comments, beside the app's pair (before it
// every other run): the same listing from the same interception, the same probe, the same
// metrics. Its list must be the app's element for element (tags, attributes, text), or the run
// fails.
// Used by scripts/bench-comments.mjs (on its own) and scripts/bench.mjs (with everything else).
import { mainThreadWork, metrics } from "./chromium.mjs";
import { median, pairedRatio } from "./report.mjs";

export const ARTICLE = "1001";
const THREADS = 400;
const REPLIES = 4;
export const TOTAL = THREADS * (1 + REPLIES);

// ---- the listing: deterministic "realistic" Chinese comments of varying length ----

const SENTENCES = [
  "社区食堂这个事情办得实在，老人吃饭有了着落。",
  "我家楼下也开了一家，两荤一素十几块钱，味道还不错。",
  "希望能坚持下去，别开一阵子就关门了。",
  "送餐志愿者辛苦了！",
  "建议周末也开晚餐，子女不在身边的老人照样要吃饭。",
  "价格这么实惠，补贴力度不小啊，财政能不能撑得住？",
  "明厨亮灶的直播我看了，后厨挺干净的。",
  "年轻人按市场价也能去吃，比点外卖放心多了。",
  "什么时候能开到我们江北那边？下班回家都八点了。",
  "看完这篇报道心里暖暖的。",
  "菜单能不能提前一周公布？方便老人安排。",
  "萝卜炖牛腩真的好吃，去晚了就没了😄",
  "小程序的字太小了，我妈每次都要我帮忙点。",
  "排队有点长，饭点能不能多开一个窗口。",
  "以客补老的思路挺好，就怕时间长了菜品质量下降。",
  "老人们最盼的不是饭，是有人敲门说说话。",
  "我们村里要是也有这样的食堂就好了。",
  "控糖窗口可以推广，血糖高的老人出去吃饭最发愁。",
  "支持！",
  "这才是真正把民生实事放在心上。",
];
const NAMES = ["望潮老住户", "南湾街坊老周", "海风吹吹", "退休老教师", "江北打工人", "一颗白菜", "阿敏妈妈",
  "晚归的设计狗", "潮汐", "老城区的猫", "小雨点", "青澜小吃货", "李师傅", "吃饭是大事", "北关王大爷", "蓝色的鲸"];
const REGIONS = ["本地", "山东", "江苏", "广东", "浙江", "北京", "上海", "四川", null];

/** The listing as JSON text: the same 2,000 comments on every call. */
export function commentListing() {
  let seed = 20261128;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = (list) => list[Math.floor(random() * list.length)];
  // 1 to 12 sentences, now and then split into paragraphs: about 15 to 300 characters.
  const text = () => {
    const n = 1 + Math.floor(random() ** 2 * 12);
    return Array.from({ length: n }, (_, i) => (i > 0 && random() < 0.15 ? "\n" : "") + pick(SENTENCES)).join("");
  };
  let nextId = 1;
  const base = Date.parse("2026-11-27T09:18:36+08:00");
  const comment = (parentId, minutes) => {
    const id = String(nextId++);
    const region = pick(REGIONS);
    return {
      id,
      ...(parentId ? { parent_id: parentId } : {}),
      author: { name: pick(NAMES) },
      content: text(),
      created_at: new Date(base + minutes * 60_000).toISOString().replace(/\.\d+Z$/, "Z"),
      likes: Math.floor(random() ** 3 * 500),
      ...(region ? { region } : {}),
      status: "published",
    };
  };
  const items = [];
  for (let t = 0; t < THREADS; t++) {
    const root = comment(null, (THREADS - t) * 7);
    // Two replies to the comment, each answered once: 4 replies, nested two deep.
    const a = comment(root.id, (THREADS - t) * 7 + 1);
    const b = comment(a.id, (THREADS - t) * 7 + 2);
    const c = comment(root.id, (THREADS - t) * 7 + 3);
    const d = comment(c.id, (THREADS - t) * 7 + 4);
    a.replies = [b];
    c.replies = [d];
    root.replies = [a, c];
    items.push(root);
  }
  return JSON.stringify({ items, page: 1, per_page: THREADS, total: THREADS, count: TOTAL });
}

// ---- the measurements ----

/** Runs in the page before any of its scripts: notes when comments appear and get painted. */
function observeComments(total) {
  const marks = {};
  window.__benchComments = marks;
  const comments = document.getElementsByClassName("comment"); // live: only article.comment has it
  const painted = (name) =>
    requestAnimationFrame(() => setTimeout(() => (marks[name] = performance.now()), 0));
  const observer = new MutationObserver(() => {
    const n = comments.length;
    if (n > 0 && marks.firstSeen === undefined) {
      marks.firstSeen = performance.now();
      painted("firstPainted");
    }
    if (n >= total && marks.allSeen === undefined) {
      marks.allSeen = performance.now();
      marks.count = n;
      observer.disconnect();
      painted("allPainted");
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

const EMPTY_LISTING = JSON.stringify({ items: [], page: 1, per_page: THREADS, total: 0, count: 0 });

/** A cold load of `url` (the article) whose comment listing is `listing`: until `total` comments are painted. */
async function load(browser, url, listing, total) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.route(`**/api/articles/${ARTICLE}/comments?*`, (route) =>
      route.request().method() === "GET"
        ? route.fulfill({ status: 200, contentType: "application/json; charset=utf-8", body: listing })
        : route.fallback(),
    );
    await context.addInitScript(observeComments, total);
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    const before = await metrics(cdp);
    await page.goto(url);
    if (total === 0) {
      // Nothing to count: done when the section says there is nothing, painted.
      await page.locator("#comments .empty").waitFor({ timeout: 60_000 });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    } else {
      await page.waitForFunction(() => window.__benchComments?.allPainted !== undefined, null, { timeout: 60_000 });
    }
    const after = await metrics(cdp);
    return { page, errors, before, after };
  } catch (e) {
    await context.close();
    throw e;
  }
}

/**
 * The comment list as the page shows it, reduced to a fingerprint: its elements in order with
 * their attributes and their own text. Two renderers that produce the same list match. The text
 * of <time> (3天前) is left out: a comment may turn a day older between two loads; its datetime
 * and title (the absolute time) are in.
 */
function listFingerprint() {
  const list = document.querySelector("#comments ol.comment-list");
  if (!list) return null;
  let hash = 2166136261;
  const add = (text) => {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  };
  let elements = 0;
  const walker = document.createTreeWalker(list, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      if (node.parentNode.localName !== "time") add(`"${node.data}`);
      continue;
    }
    elements += 1;
    add(`<${node.localName}`);
    for (const name of node.getAttributeNames().sort()) add(` ${name}=${node.getAttribute(name)}`);
  }
  return { elements, hash: (hash >>> 0).toString(16) };
}

/** One page measured with and without the comments: a result of a run. */
async function measurePair(browser, url, listing, run, what) {
  const { page, errors, before, after } = await load(browser, url, listing, TOTAL);
  const context = page.context();
  try {
    const marks = await page.evaluate(() => window.__benchComments);
    const listingIn = await page.evaluate(
      (path) => performance.getEntriesByType("resource").find((e) => new URL(e.name).pathname === path)?.responseEnd,
      `/api/articles/${ARTICLE}/comments`,
    );
    const heading = await page.locator("#comments-title").textContent();
    const shown = await page.locator("article.comment").count();
    if (shown !== TOTAL || heading !== `网友评论（${TOTAL}）` || errors.length) {
      throw new Error(`${what}, run ${run}: ${shown} comments, heading ${heading}, errors ${errors.join("; ")}`);
    }
    const dom = await page.evaluate(listFingerprint);
    const work = mainThreadWork(before, after);
    const empty = await load(browser, url, EMPTY_LISTING, 0);
    await empty.page.context().close();
    if (empty.errors.length) throw new Error(`${what}, run ${run}, no comments: ${empty.errors.join("; ")}`);
    const emptyWork = mainThreadWork(empty.before, empty.after);
    const without = emptyWork.script;
    return {
      listing: listingIn ?? NaN,
      render: marks.allPainted - (listingIn ?? NaN),
      first: marks.firstPainted,
      all: marks.allPainted,
      script: work.script,
      without,
      own: work.script - without,
      task: work.task,
      ownTask: work.task - emptyWork.task,
      layout: work.layout,
      nodes: after.Nodes,
      heap: after.JSHeapUsedSize / 1024 / 1024,
      dom,
    };
  } finally {
    await context.close();
  }
}

/**
 * `runs` cold loads of the article with the 2,000-comment listing, each followed by one with an
 * empty listing (the same page without the comments); one result per pair. With `plain` (the
 * baseline page's path), each run's result also has `plain`: the same pair of loads of that page.
 */
export async function measureComments(browser, origin, runs, onRun = () => {}, { plain } = {}) {
  const listing = commentListing();
  const results = [];
  for (let run = 1; run <= runs; run++) {
    onRun(run);
    const app = () => measurePair(browser, `${origin}/articles/${ARTICLE}`, listing, run, "app");
    let result;
    if (plain) {
      // Every other run the plain page goes first: neither is always the run's first load.
      const plainPair = () => measurePair(browser, `${origin}${plain}`, listing, run, "plain JS");
      const [first, second] = run % 2 ? [app, plainPair] : [plainPair, app];
      const [x, y] = [await first(), await second()];
      result = run % 2 ? { ...x, plain: y } : { ...y, plain: x };
      const [a, b] = [result.dom, result.plain.dom];
      if (a?.hash !== b?.hash) {
        throw new Error(
          `run ${run}: the plain-JS list differs from the app's (${a?.elements} elements, fingerprint ${a?.hash}; ` +
            `plain JS: ${b?.elements}, ${b?.hash})`,
        );
      }
    } else {
      result = await app();
    }
    results.push(result);
  }
  return results;
}

// ---- the table ----

/** The comment benchmark's table: median, min and max of each figure over the runs. */
export function commentsTable(results) {
  const withPlain = results.every((r) => r.plain);
  const cell = (x, unit, digits) => (Number.isFinite(x) ? `${x.toFixed(digits)} ${unit}` : "—").padStart(11);
  const row = (label, key, unit = "ms", digits = 0) => {
    const stats = (xs) => [median(xs), Math.min(...xs), Math.max(...xs)].map((x) => cell(x, unit, digits)).join("");
    const plain = withPlain ? `${"".padStart(4)}${cell(median(results.map((r) => r.plain[key])), unit, digits)}` : "";
    return `${label.padEnd(40)}${stats(results.map((r) => r[key]))}${plain}`;
  };
  return [
    `${"".padEnd(40)}${"median".padStart(11)}${"min".padStart(11)}${"max".padStart(11)}` +
      (withPlain ? `${"".padStart(4)}${"plain JS".padStart(11)}` : ""),
    row("listing response in", "listing"),
    row("first comment painted", "first"),
    row(`all ${TOTAL.toLocaleString("en")} comments painted`, "all"),
    row("render (all painted - listing in)", "render"),
    row("scripting (ScriptDuration)", "script"),
    row("  the same page, no comments", "without"),
    row("  the comments' own scripting", "own"),
    row("main-thread work (TaskDuration)", "task"),
    row("  the comments' own (less no comments)", "ownTask"),
    row("style + layout", "layout"),
    row("DOM nodes at the end", "nodes", "", 0),
    row("JS heap used at the end", "heap", "MB", 1),
  ].join("\n");
}

/**
 * `2,000 comments, own scripting: 100 ms = 1.3× plain JS (77 ms)`: the medians, and their ratio
 * (the figure the budget judges; the milliseconds move with the machine, the ratio much less).
 */
export function commentsVersusPlain(results, key = "own") {
  const app = median(results.map((r) => r[key]));
  const plain = median(results.map((r) => r.plain?.[key]));
  const paired = pairedRatio(results.map((r) => [r[key], r.plain?.[key]]));
  return { app, plain, ratio: app / plain, paired };
}

export const commentsHeadline = (runs) =>
  `comment section, article ${ARTICLE}: ${TOTAL} comments (${THREADS} threads × ${1 + REPLIES}) in one page, ` +
  `${(Buffer.byteLength(commentListing()) / 1024).toFixed(0)} KB of JSON; ${runs} cold loads, headless Chromium`;
