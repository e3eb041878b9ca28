// The same app built with `--public-url /news/` and served under /news (second web server in
// playwright.config.mjs): routes, links, assets and config.json all follow the sub-path, the API
// stays at /api.
import { test, expect, allArticles, articleShown, markDocument, sameDocument } from "./fixtures.mjs";

test.use({ baseURL: "http://127.0.0.1:4174" });

/** Failed requests and HTTP errors seen by the page. */
function watchRequests(page) {
  const problems = [];
  const responses = [];
  page.on("requestfailed", (request) => {
    const error = request.failure()?.errorText;
    // Anything still loading when the test moves to another page (a thumbnail, the favicon, the
    // comments) is cancelled by the browser or aborted by the app on purpose; that is not a
    // failure of the deployment (a missing file shows up as a 404 below).
    if (error === "net::ERR_ABORTED") return;
    problems.push(`failed: ${request.url()} (${error})`);
  });
  page.on("response", (response) => {
    responses.push(new URL(response.url()).pathname);
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
  });
  return { problems, responses };
}

test("/news/ lists articles, opens one in-app under /news/, assets and config load", async ({ page }) => {
  const { problems, responses } = watchRequests(page);
  const all = allArticles();
  const config = page.waitForResponse((r) => new URL(r.url()).pathname === "/news/config.json", { timeout: 10_000 });
  await page.goto("/news/");
  expect((await config).status()).toBe(200);

  // The filled-in page's list shows at once; the app's, once it has taken the page over.
  await expect(page.locator("#boot")).toHaveCount(0);
  const titles = page.locator("main .summary-title");
  await expect(titles).toHaveText(all.slice(0, 8).map((a) => a.title));
  const link = page.getByRole("link", { name: all[0].title, exact: true });
  await expect(link).toHaveAttribute("href", `/news/articles/${all[0].id}`);
  await expect(page.getByRole("link", { name: "下一页" })).toHaveAttribute("href", "/news/?page=2");
  await markDocument(page);

  await link.click();
  await expect(page).toHaveURL(`/news/articles/${all[0].id}`);
  await articleShown(page, all[0].title);
  expect(await sameDocument(page), "no full page reload").toBe(true);
  await expect(page.getByRole("navigation", { name: "当前位置" }).getByRole("link", { name: "首页" })).toHaveAttribute("href", "/news/");
  // The body's images come from the API, which did not move.
  const img = page.locator(".article-body img").first();
  await img.scrollIntoViewIfNeeded();
  await expect.poll(() => img.evaluate((el) => el.complete && el.naturalWidth > 0)).toBe(true);

  await page.getByRole("banner").getByRole("link").first().click();
  await expect(page).toHaveURL("/news/");
  await expect(titles).toHaveCount(8);

  // Everything came from under /news/ or /api/: wasm, js, css, config.
  for (const ext of [".wasm", ".js", ".css"]) {
    const hits = responses.filter((p) => p.endsWith(ext));
    expect(hits.length, `${ext} loaded`).toBeGreaterThan(0);
    for (const p of hits) expect(p).toMatch(/^\/news\//);
  }
  expect(responses.filter((p) => !p.startsWith("/news/") && !p.startsWith("/api/"))).toEqual([]);
  expect(problems).toEqual([]);
});

test("deep links and /news without the slash work under the sub-path", async ({ page }) => {
  const { problems } = watchRequests(page);
  const all = allArticles();
  await page.goto(`/news/articles/${all[1].id}`);
  await articleShown(page, all[1].title);

  await page.goto("/news");
  await expect(page).toHaveURL("/news/");
  await expect(page.locator("main .summary-item")).toHaveCount(8);

  // Filled-in pages: a path that is no app route answers 404 with the not-found page, which the
  // app keeps (docs/prerender.md).
  const missing = await page.goto("/news/no/such/page");
  expect(missing.status()).toBe(404);
  await expect(page.locator("#boot")).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("页面不存在");
  await expect(page.getByRole("link", { name: "返回首页" })).toHaveAttribute("href", "/news/");
  expect(problems).toEqual(["404: http://127.0.0.1:4174/news/no/such/page"]);
});
