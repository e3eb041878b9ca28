// A hostile backend behind the reference server's filled-in pages (docs/prerender.md, "Other
// backends"): the server reads the article from it and writes it into the page, sanitized with
// the app's allow-list and every text escaped. With JavaScript off (a crawler, a reader mode),
// the page as the server sent it must hold nothing dangerous; with it on, nothing may run before
// the app takes the page over or after. The backend runs here, on 4186; the server (4187) has it
// as config.json's api_base (playwright.config.mjs).
import http from "node:http";
import { test, expect, settled } from "./fixtures.mjs";
import { assertNothingDangerous, corpus, hostileArticle, hostileSite, vectorArticle } from "./hostile.mjs";

const FILLED = "http://127.0.0.1:4187";

/** The backend: the hostile site, the hostile article, and one article per corpus vector. */
function hostileBackend() {
  const server = http.createServer((request, response) => {
    const path = new URL(request.url, "http://backend").pathname;
    const vector = /^\/api\/articles\/xss-(\d+)$/.exec(path);
    const body =
      path === "/api/site" ? hostileSite
      : path === "/api/articles/xss" ? hostileArticle
      : vector && Number(vector[1]) < corpus.vectors.length ? vectorArticle(Number(vector[1]))
      : null;
    // The app in the browser asks it too (another origin).
    response.setHeader("Access-Control-Allow-Origin", "*");
    response.setHeader("Content-Type", "application/json; charset=utf-8");
    response.statusCode = body ? 200 : 404;
    response.end(JSON.stringify(body ?? { error: { code: "not_found", message: "内容不存在" } }));
  });
  return new Promise((resolve) => server.listen(4186, "127.0.0.1", () => resolve(server)));
}

// One backend on one port: every test of this file in one worker.
test.describe.configure({ mode: "serial" });

let backend;
test.beforeAll(async () => {
  backend = await hostileBackend();
});
test.afterAll(async () => {
  await new Promise((done) => backend.close(done));
});

test.use({ baseURL: FILLED });

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the hostile article as the server filled it in: text stays text, nothing dangerous is in the page", async ({ page }) => {
    const response = await page.goto("/articles/xss");
    expect(response.status()).toBe(200);
    await expect(page.locator("html")).toHaveAttribute("data-prerendered", "article");
    await expect(page.locator("h1")).toHaveText(hostileArticle.title);
    await expect(page.locator("h1 *")).toHaveCount(0);
    await expect(page.locator(".byline")).toHaveText(hostileArticle.byline);
    await expect(page.locator(".article-meta")).toContainText(hostileArticle.author);
    await expect(page.locator(".article-meta :is(img, script, a)")).toHaveCount(0);
    // The body's first vectors are inert text: their dangerous hrefs are gone, so no links.
    await expect(page.locator(".article-body")).toContainText("link 4");
    await expect(page.locator(".article-body").getByRole("link", { name: "link 4" })).toHaveCount(0);
    await expect(page.locator(".article-cover"), "no cover for an unsafe URL").toHaveCount(0);
    await expect(page.locator(".site-header")).toContainText(hostileSite.name);
    await assertNothingDangerous(page, "all vectors joined, as served");
  });

  test("each corpus vector on its own, as served", async ({ page }) => {
    // 65 page loads.
    test.setTimeout(120_000);
    for (const [index, vector] of corpus.vectors.entries()) {
      const response = await page.goto(`/articles/xss-${index}`);
      expect(response.status(), `vector ${index}`).toBe(200);
      await expect(page.locator("h1")).toHaveText(`向量 ${index}`);
      await expect(page.locator(".article-body")).toContainText(`before ${index}`);
      await assertNothingDangerous(page, `vector ${index} as served: ${vector}`);
    }
  });
});

test("with JavaScript, nothing runs before the app takes the hostile page over or after", async ({ page }) => {
  const dialogs = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  const response = await page.goto("/articles/xss");
  expect(response.status()).toBe(200);
  await expect(page.locator("#boot"), "the app has taken the page over").toHaveCount(0);
  await expect(page.locator("h1")).toHaveText(hostileArticle.title);
  await settled(page);
  await assertNothingDangerous(page, "after the takeover");
  await page.mouse.move(10, 10);
  await settled(page);
  expect(await page.evaluate(() => typeof window.__xss)).toBe("undefined");
  expect(dialogs).toEqual([]);
});
