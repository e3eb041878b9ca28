// What search engines and share previews read from a standalone article page, and the
// 上一篇 / 下一篇 links. Expected values come from the live API.
import { test, expect, articleShown, markDocument, sameDocument } from "./fixtures.mjs";

const meta = (page, attr, key) => page.locator(`head meta[${attr}="${key}"]`);

test("Open Graph, Twitter card, canonical URL and JSON-LD NewsArticle from the article", async ({ page, request }) => {
  const article = await (await request.get("/api/articles/1001")).json();
  const site = await (await request.get("/api/site")).json();
  await page.goto("/articles/1001");
  await articleShown(page, article.title);
  const origin = new URL(page.url()).origin;

  await expect(page.locator('head link[rel="canonical"]')).toHaveAttribute("href", `${origin}/articles/1001`);
  await expect(meta(page, "property", "og:title")).toHaveAttribute("content", article.title);
  await expect(meta(page, "property", "og:description")).toHaveAttribute("content", article.summary);
  await expect(meta(page, "property", "og:url")).toHaveAttribute("content", `${origin}/articles/1001`);
  await expect(meta(page, "property", "og:site_name")).toHaveAttribute("content", site.name);
  await expect(meta(page, "property", "og:image")).toHaveAttribute("content", new URL(article.cover.url, origin).href);
  await expect(meta(page, "name", "twitter:card")).toHaveAttribute("content", "summary_large_image");
  await expect(meta(page, "property", "og:title")).toHaveCount(1);

  const ld = JSON.parse(await page.locator('head script[type="application/ld+json"]').textContent());
  expect(ld["@type"]).toBe("NewsArticle");
  expect(ld.headline).toBe(article.title);
  expect(ld.alternativeHeadline).toBe(article.original_title);
  expect(ld.datePublished).toBe(article.published_at);
  expect(ld.author?.[0]?.name ?? null).toBe(article.author || null);
  expect(ld.publisher.name).toBe(site.name);
  expect(ld.image).toEqual([new URL(article.cover.url, origin).href]);
});

test("the tags follow in-app navigation to another article, one set at a time", async ({ page, request }) => {
  const first = await (await request.get("/api/articles/1001")).json();
  const target = first.related[0];
  await page.goto("/articles/1001");
  await articleShown(page, first.title);
  await page.locator("main .related .summary-title a", { hasText: target.title }).click();
  await articleShown(page, target.title);
  await expect(meta(page, "property", "og:title")).toHaveAttribute("content", target.title);
  await expect(meta(page, "property", "og:title")).toHaveCount(1);
  await expect(page.locator('head script[type="application/ld+json"]')).toHaveCount(1);
});

test("上一篇 / 下一篇 link to the neighbouring articles, in-app", async ({ page, request }) => {
  const article = await (await request.get("/api/articles/1005")).json();
  expect(article.prev && article.next, "the demo article has both neighbours").toBeTruthy();
  await page.goto("/articles/1005");
  await articleShown(page, article.title);
  const nav = page.getByRole("navigation", { name: "上一篇和下一篇" });
  await expect(nav.locator(".prev-article")).toContainText(`上一篇：${article.prev.title}`);
  await expect(nav.locator(".next-article")).toContainText(`下一篇：${article.next.title}`);
  await markDocument(page);
  await nav.locator(".next-article a").click();
  await articleShown(page, article.next.title);
  await expect(page).toHaveURL(`/articles/${article.next.id}`);
  expect(await sameDocument(page)).toBe(true);
});
