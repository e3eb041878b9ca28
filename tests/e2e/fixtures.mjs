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

/** Goes to `path` in-app, as a link does (history entry plus popstate for the router), without waiting. */
export const goInApp = (page, path) =>
  page.evaluate((to) => {
    history.pushState({}, "", to);
    dispatchEvent(new PopStateEvent("popstate"));
  }, path);

/**
 * Waits until the app has rendered an article (not the skeleton, not an error, and not the
 * plain-text preview index.html paints before the app starts).
 */
export async function articleShown(page, title) {
  await expect(page.locator("#boot")).toHaveCount(0);
  await expect(page.locator("h1")).toHaveText(title);
  await expect(page.locator(".article-body")).not.toBeEmpty();
}
