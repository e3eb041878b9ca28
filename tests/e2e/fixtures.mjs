// Shared by every journey: a `test` that fails on any uncaught page error (a wasm panic shows up
// as one, and the panic hook puts up #news-crash), plus readers for the demo content so tests
// compare the page with the content files rather than with constants.
import { test as base, expect } from "@playwright/test";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

export { expect };

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const content = resolve(root, "server/content");

export const test = base.extend({
  pageErrors: [
    async ({ page }, use) => {
      const errors = [];
      page.on("pageerror", (error) => errors.push(`${error.name}: ${error.message}`));
      await use(errors);
      // Requests the app makes after a journey's last check (prefetch, comments rendered after
      // the first paint) may still be inside a route handler: let them finish quietly.
      await page.unrouteAll({ behavior: "ignoreErrors" });
      expect(errors, "uncaught errors in the page (a Rust panic shows up as one)").toEqual([]);
      if (!page.isClosed()) {
        await expect(page.locator("#news-crash"), "the panic notice").toHaveCount(0);
      }
    },
    { auto: true },
  ],
});

export function readJson(relative) {
  return JSON.parse(readFileSync(resolve(content, relative), "utf8"));
}

export const site = () => readJson("site.json");
export const article = (id) => readJson(`articles/${id}.json`);

/** Every demo article, newest first by instant (ties by id), as the server orders them. */
export function allArticles() {
  return readdirSync(resolve(content, "articles"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => readJson(`articles/${f}`))
    .sort((a, b) => Date.parse(b.published_at) - Date.parse(a.published_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * An RFC 3339 timestamp shown in its own offset, computed independently of the app:
 * the instant is shifted by the written offset and read back in UTC.
 */
export function localParts(rfc3339) {
  const offset = /([+-])(\d\d):(\d\d)$/.exec(rfc3339);
  const minutes = offset ? (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  const shifted = new Date(Date.parse(rfc3339) + minutes * 60_000);
  const pad = (n) => String(n).padStart(2, "0");
  return {
    date: `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`,
    time: `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`,
  };
}

export const displayDateTime = (rfc3339) => {
  const { date, time } = localParts(rfc3339);
  return `${date} ${time}`;
};
export const displayDate = (rfc3339) => localParts(rfc3339).date;

export const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Text of every `<tag>…</tag>` in an HTML string, tags inside stripped (for content files only). */
export function textsOf(html, tag) {
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, "g");
  return [...html.matchAll(re)].map((m) => m[1].replace(/<[^>]+>/g, "").trim());
}

/**
 * Holds back the page's requests matching `pattern` until the returned `release()` is called;
 * then they go on (quietly, should the app have dropped one meanwhile).
 */
export async function holdBack(page, pattern) {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(pattern, async (route) => {
    await held;
    await route.continue().catch(() => {});
  });
  return release;
}

/**
 * Follows a plain `<a href="path">`, put into the page for the journey, with a real click: for
 * journeys whose page has no link to where they go next (a skeleton, an article without
 * links). The app's router takes any same-origin link under the base, wherever it is; a plain
 * link, unlike the app's story links, fetches nothing ahead when pointed at. It is taken out
 * again once clicked, so later checks see the page as the app made it. Does not wait for the
 * page to load.
 */
export async function followPlainLink(page, path) {
  const id = `journey-link-${Math.random().toString(36).slice(2)}`;
  await page.evaluate(
    ([href, id]) => {
      const link = document.createElement("a");
      link.id = id;
      link.href = href;
      link.textContent = href;
      // Above everything, so nothing the app shows can take the click.
      link.style.cssText = "position:fixed;top:0;left:0;z-index:2147483647;background:#fff;padding:8px";
      document.body.append(link);
    },
    [path, id],
  );
  await page.locator(`#${id}`).click();
  await page.evaluate((id) => document.getElementById(id)?.remove(), id);
}

/** Marks the current document, so `sameDocument` can tell an in-app navigation from a page load. */
export const markDocument = (page) =>
  page.evaluate(() => {
    window.__journeyMark = true;
  });
/** Whether the document marked by `markDocument` is still the one shown (no page load since). */
export const sameDocument = (page) => page.evaluate(() => window.__journeyMark === true);

/** Resolves once the page has drawn `count` more frames. */
export const framesDrawn = (page, count = 2) =>
  page.evaluate(
    (count) =>
      new Promise((done) => {
        const next = (left) => (left === 0 ? done() : requestAnimationFrame(() => next(left - 1)));
        next(count);
      }),
    count,
  );

/**
 * Waits until every image the browser is loading has loaded or failed, then two more frames:
 * the events that come late (an image's load or error, a toggle, autofocus) have fired by then.
 * Lazy images are waited for only when on screen (the ones far off may never load); nothing is
 * scrolled, so the page stays as the journey left it.
 */
export async function settled(page) {
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const onScreen = (img) => {
            const box = img.getBoundingClientRect();
            return img.getClientRects().length > 0 && box.bottom > 0 && box.top < innerHeight;
          };
          return [...document.images]
            .filter((img) => !img.complete && (img.loading !== "lazy" || onScreen(img)))
            .map((img) => img.currentSrc || img.src);
        }),
      { message: "images still loading" },
    )
    .toEqual([]);
  await framesDrawn(page, 2);
}

/**
 * Waits until the app has rendered an article (not the skeleton, not an error, and not the
 * plain-text preview index.html paints before the app starts).
 */
export async function articleShown(page, title) {
  await expect(page.locator("#boot")).toHaveCount(0);
  await expect(page.locator("h1")).toHaveText(title);
  await expect(page.locator(".article-body")).not.toBeEmpty();
}

// The comments and related regions, shared by the standalone page and embedded instances
// (Playwright's CSS locators pierce open shadow roots, so `root` may be a host element).

export const PAGE_SIZE = 20; // public/config.json comments.page_size

/** One page of an article's comments, straight from the API. */
export async function listing(request, id, { page = 1, perPage = PAGE_SIZE, sort = "newest" } = {}) {
  const response = await request.get(`/api/articles/${id}/comments?page=${page}&per_page=${perPage}&sort=${sort}`);
  expect(response.status(), `GET comments of ${id}`).toBe(200);
  return response.json();
}

/** The element ids the page gives these comments, in order. */
export const commentIds = (comments) => comments.map((c) => `comment-${c.id}`);

export const heading = (root) => root.locator("#comments-title");
export const threads = (root) => root.locator("ol.comment-list > li.comment-thread");
/** The ids of the shown threads' top comments, in order. */
export const threadIds = (root) =>
  root.locator("ol.comment-list > li.comment-thread > article.comment").evaluateAll((els) => els.map((el) => el.id));

export const relatedNews = (root) => root.getByRole("region", { name: "相关新闻" });
