// `news-server prerender`'s files on a plain static host (tests/e2e/static-host.mjs on 4188, its
// /api passed to the reference server; playwright.config.mjs): for deployments without our
// server. An article reads completely without JavaScript; with it, the app takes the page over
// as it takes over a page the server filled in (no request for the article or its related list,
// nothing moves), and in-app navigation works afterwards. An unknown article gets 404.html.
import { test, expect, article, relatedNews, site } from "./fixtures.mjs";

const HOST = "http://127.0.0.1:4188";
test.use({ baseURL: HOST });

const a = article("1001");

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a prerendered article reads completely", async ({ page }) => {
    const response = await page.goto("/articles/1001/");
    expect(response.status()).toBe(200);
    await expect(page).toHaveTitle(`${a.title} - ${site().name}`);
    await expect(page.locator("html")).toHaveAttribute("data-prerendered", "article");
    await expect(page.locator("h1")).toHaveText(a.title);
    await expect(page.locator(".byline")).toHaveText(a.byline);
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", `${HOST}/articles/1001`);
    await expect(relatedNews(page).getByRole("link").first()).toHaveAttribute("href", /^\/articles\//);
  });

  test("an unknown article is the not-found page, with status 404", async ({ page }) => {
    const response = await page.goto("/articles/no-such-article");
    expect(response.status()).toBe(404);
    await expect(page.locator("main h1")).toHaveText("页面不存在");
  });
});

test("the app takes a prerendered page over without asking for the article again, and navigates on", async ({ page }) => {
  const asked = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith("/api/articles/1001")) asked.push(path);
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto("/articles/1001");
  const title = page.locator("h1");
  const box = await title.boundingBox();
  await expect(page.locator("#boot"), "the app has taken the page over").toHaveCount(0);
  await expect(title).toHaveText(a.title);
  expect(await title.boundingBox(), "the title stayed where it was").toEqual(box);
  // Comments are the app's own (the prerendered page has none): asked once the app runs.
  await expect(page.locator("#comments-title")).toContainText("网友评论");
  expect(asked.filter((p) => !p.includes("/comments")), "the article and its related list came with the page").toEqual([]);

  const link = relatedNews(page).getByRole("link").first();
  const href = await link.getAttribute("href");
  const next = article(href.split("/").filter(Boolean).pop());
  await link.click();
  await expect(page.locator("h1")).toHaveText(next.title);
  await expect(page).toHaveURL(href);
  expect(errors).toEqual([]);
});
