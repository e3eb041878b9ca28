// Before the app: index.html's inline script fetches config.json and the article while the wasm
// downloads, paints the title and first paragraphs as plain text, and the app takes those answers
// over instead of asking again.
import { test, expect, article, articleShown, holdBack, settled } from "./fixtures.mjs";

const a = article("1001");
const firstParagraph = (html) => /<p>([\s\S]*?)<\/p>/.exec(html)[1].replace(/<[^>]+>/g, "");

/** Holds the wasm back until `release()`, so what the page shows before the app can be checked. */
const holdWasm = (page) => holdBack(page, "**/*.wasm");

function countRequests(page) {
  const asked = {};
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    asked[path] = (asked[path] ?? 0) + 1;
  });
  return asked;
}

test("the article's title and first paragraph show before the app starts; the app asks nothing twice", async ({ page }) => {
  const release = await holdWasm(page);
  const asked = countRequests(page);
  await page.goto("/articles/1001");
  const preview = page.locator("#boot");
  await expect(preview.locator("h1")).toHaveText(a.title);
  await expect(preview.locator(".article-body p").first()).toHaveText(firstParagraph(a.body_html));
  expect(await page.evaluate(() => typeof window.wasmBindings), "the app has not started").toBe("undefined");

  release();
  await articleShown(page, a.title);
  await expect(preview).toHaveCount(0);
  await expect(page.locator("h1")).toHaveCount(1);
  await expect(page.locator("#comments article.comment").first()).toBeVisible();
  expect(asked["/config.json"]).toBe(1);
  expect(asked["/api/articles/1001"]).toBe(1);
  expect(asked["/api/site"]).toBe(1);
});

test("on the home page the site data is on its way before the app starts, and asked for once", async ({ page }) => {
  const release = await holdWasm(page);
  const asked = countRequests(page);
  const site = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/site");
  await page.goto("/");
  await site;
  expect(await page.evaluate(() => typeof window.wasmBindings), "the app has not started").toBe("undefined");
  release();
  await expect(page.locator("main .summary-item").first()).toBeVisible();
  await expect(page.locator(".site-footer")).toContainText("©");
  expect(asked["/api/site"]).toBe(1);
  expect(asked["/config.json"]).toBe(1);
});

test("the preview is text only: markup in a hostile article never reaches the page", async ({ page }) => {
  const release = await holdWasm(page);
  await page.route("**/api/articles/1001", (route) =>
    route.fulfill({
      json: {
        ...a,
        title: '<img src=x onerror="window.__xss=1">标题',
        body_html: '<p>正文<img src=x onerror="window.__xss=2"><script>window.__xss=3</script></p><p><b>第二段</b></p>',
      },
    }),
  );
  await page.goto("/articles/1001");
  const preview = page.locator("#boot");
  await expect(preview.locator("h1")).toHaveText('<img src=x onerror="window.__xss=1">标题');
  await expect(preview.locator(".article-body p")).toHaveText(["正文", "第二段"]);
  expect(await preview.locator("img, script, b").count()).toBe(0);
  release();
  await expect(page.locator(".article-body")).toContainText("第二段");
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
});

test("an early error answer becomes the app's error message; 重试 asks again", async ({ page }) => {
  let fail = true;
  await page.route("**/api/articles/1001", (route) =>
    fail ? route.fulfill({ status: 503, json: { error: { code: "busy", message: "稍后再试" } } }) : route.continue(),
  );
  await page.goto("/articles/1001");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("稍后再试");
  fail = false;
  await alert.getByRole("button", { name: "重试" }).click();
  await articleShown(page, a.title);
});

test("with another adapter the script guesses the native address once, then fetches only config.json", async ({ page }) => {
  await page.route("**/config.json", (route) =>
    route.fulfill({ json: { adapter: "jsonfeed", feed_url: "/feed-for-early-test.json" } }),
  );
  await page.route("**/feed-for-early-test.json", (route) => route.fulfill({ json: { version: "https://jsonfeed.org/version/1.1", title: "t", items: [] } }));
  const asked = countRequests(page);
  await page.goto("/articles/1001");
  await expect(page.getByRole("alert")).toBeVisible();
  expect(asked["/api/articles/1001"], "a first visit guesses the default address").toBe(1);
  await page.goto("/articles/1002");
  await expect(page.getByRole("alert")).toBeVisible();
  expect(asked["/api/articles/1002"], "config.json said the backend is not native").toBeUndefined();
});

test("the article is asked for beside config.json, not after it", async ({ page }) => {
  const releaseConfig = await holdBack(page, "**/config.json");
  const articleAsked = page.waitForRequest((r) => new URL(r.url()).pathname === "/api/articles/1001");
  await page.goto("/articles/1001");
  await articleAsked; // while config.json is still held back
  releaseConfig();
  await articleShown(page, a.title);
});

test("the app mounts after the preview has been painted; after it only the cover picture paints larger", async ({ page }) => {
  await page.addInitScript(() => {
    window.__lcp = [];
    const name = (el) =>
      el?.id === "journey-probe" ? "probe" : el?.closest("#boot") ? "preview" : el?.closest(".article-cover") ? "cover" : "app";
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__lcp.push(name(e.element));
    }).observe({ type: "largest-contentful-paint", buffered: true });
  });
  // The article arrives after the app has started: the preview is made and the app goes on in
  // the same task, so only the app's waiting lets the preview be painted at all.
  const releaseArticle = await holdBack(page, "**/api/articles/1001");
  await page.goto("/articles/1001");
  await page.waitForFunction(() => typeof window.wasmBindings !== "undefined");
  releaseArticle();
  await articleShown(page, a.title);
  // The lead picture has arrived and been painted.
  await settled(page);
  // LCP entries come once their frame is shown, in the order of the frames: a probe larger than
  // anything on the page, painted after the article, reports after every earlier candidate.
  await page.evaluate(() => {
    const probe = document.createElement("div");
    probe.id = "journey-probe";
    probe.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:#fff;font-size:64px;overflow:hidden";
    probe.textContent = "探".repeat(2000);
    document.body.append(probe);
  });
  await expect.poll(() => page.evaluate(() => window.__lcp.at(-1)), { message: "the probe's entry" }).toBe("probe");
  // Every LCP candidate before it is the preview's (one per frame that painted a larger one),
  // then the lead picture's: the article's text as the app draws it is never a larger paint.
  expect(a.cover, "the demo story has a cover").toBeTruthy();
  const candidates = await page.evaluate(() => window.__lcp.slice(0, -1));
  expect([...new Set(candidates)]).toEqual(["preview", "cover"]);
});

test("an odd config.json (endpoints of the wrong type) costs the early fetch nothing and breaks nothing", async ({
  page,
}) => {
  await page.route("**/config.json", (route) => route.fulfill({ json: { endpoints: 7, api_base: 5 } }));
  await page.goto("/articles/1001");
  await articleShown(page, a.title);
  await page.route("**/config.json", (route) => route.fulfill({ json: { endpoints: { article: ["x"] } } }));
  await page.goto("/articles/1001");
  await articleShown(page, a.title);
});
