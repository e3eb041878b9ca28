// Reading an article: every part of the page, compared with the demo content files.
import {
  test, expect, article, site, displayDateTime, displayDate, escapeRegExp, textsOf, articleShown, relatedNews,
} from "./fixtures.mjs";

test.describe("article 1001", () => {
  const a = article("1001");

  test.beforeEach(async ({ page }) => {
    await page.goto("/articles/1001");
    await articleShown(page, a.title);
  });

  test("breadcrumb, one h1, meta line, original title", async ({ page }) => {
    const crumbs = page.getByRole("navigation", { name: "当前位置" });
    await expect(crumbs.getByRole("link", { name: "首页" })).toHaveAttribute("href", "/");
    await expect(crumbs).toContainText(a.channel.name);

    await expect(page.locator("h1")).toHaveCount(1);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(a.title);

    const meta = page.locator(".article-meta");
    await expect(meta).toContainText(`来源：${a.source.name}`);
    // The source has a url, so its name is a link to it.
    await expect(meta.getByRole("link", { name: a.source.name, exact: true })).toHaveAttribute("href", a.source.url);
    expect(a.author, "1001 has an author").toBeTruthy();
    await expect(meta).toContainText(`作者：${a.author}`);
    await expect(meta).toContainText(`责任编辑：${a.editor}`);

    const time = meta.locator(".meta-time time");
    await expect(time).toHaveCount(1);
    await expect(time).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    await expect(time).toHaveText(displayDateTime(a.published_at));
    await expect(time).toHaveAttribute("datetime", a.published_at);

    expect(a.original_title).toBeTruthy();
    await expect(page.locator(".article-header")).toContainText(`原标题：${a.original_title}`);
  });

  test("body: h2 sub-headings, images, captions, quote, list, byline", async ({ page }) => {
    const body = page.locator(".article-body");
    const headings = textsOf(a.body_html, "h2");
    expect(headings.length).toBeGreaterThan(1);
    await expect(body.locator("h2")).toHaveText(headings);
    for (const text of headings) {
      await expect(body.getByRole("heading", { level: 2, name: text })).toBeVisible();
    }

    const imageCount = (a.body_html.match(/<img\b/g) ?? []).length;
    expect(imageCount).toBeGreaterThan(0);
    const images = body.locator("img");
    await expect(images).toHaveCount(imageCount);
    for (const img of await images.all()) {
      await expect(img).toHaveAttribute("width", /^\d+$/);
      await expect(img).toHaveAttribute("height", /^\d+$/);
      await expect(img).toHaveAttribute("loading", "lazy");
      // Lazy images load once near the viewport; the media must actually arrive.
      await img.scrollIntoViewIfNeeded();
      await expect.poll(() => img.evaluate((el) => el.complete && el.naturalWidth > 0)).toBe(true);
    }
    await expect(body.locator("figure figcaption")).toHaveText(textsOf(a.body_html, "figcaption"));

    const quote = textsOf(a.body_html, "blockquote")[0];
    expect(quote).toBeTruthy();
    await expect(body.locator("blockquote")).toHaveText(quote);

    const items = textsOf(a.body_html, "li");
    expect(items.length).toBeGreaterThan(1);
    await expect(body.locator("ol > li, ul > li")).toHaveText(items);

    // Links in the body that leave the site do not hand over window.opener or the referrer.
    const external = body.locator('a[href^="https://"]');
    await expect(external.first()).toBeVisible();
    for (const link of await external.all()) {
      await expect(link).toHaveAttribute("rel", /noopener/);
      await expect(link).toHaveAttribute("rel", /noreferrer/);
    }

    await expect(page.locator(".byline")).toHaveText(a.byline);
  });

  test("tip box, footer and the comments region from site.json", async ({ page }) => {
    const s = site();
    const tip = page.getByRole("complementary", { name: s.tip.title });
    await expect(tip).toContainText(s.tip.title);
    await expect(tip).toContainText(s.tip.text);
    await expect(tip.getByRole("link")).toHaveAttribute("href", s.tip.url);

    const footer = page.getByRole("contentinfo");
    await expect(footer).toContainText(s.footer.copyright);
    for (const line of s.footer.icp) {
      await expect(footer.getByText(line, { exact: true })).toBeVisible();
    }
    await expect(footer).toContainText(s.footer.address);
    await expect(footer).toContainText(s.footer.hotline);
    for (const link of s.footer.links) {
      await expect(footer.getByRole("link", { name: link.text })).toHaveAttribute("href", link.url);
    }

    const comments = page.getByRole("region", { name: "网友评论" });
    await expect(comments).toBeVisible();
    await expect(comments).toHaveAttribute("id", "comments");
  });

  test("related news: title, summary, [详细] with a full name, thumbnails", async ({ page }) => {
    const related = relatedNews(page);
    const items = related.locator("li");
    await expect(items).toHaveCount(a.related_ids.length);
    let withThumb = 0;
    let withoutThumb = 0;
    for (const [i, id] of a.related_ids.entries()) {
      const r = article(id);
      const item = items.nth(i);
      const titleLink = item.getByRole("link", { name: r.title, exact: true });
      await expect(titleLink).toHaveAttribute("href", `/articles/${id}`);
      const start = [...r.summary].slice(0, 40).join("");
      await expect(item).toContainText(start);

      const details = item.getByRole("link").filter({ hasText: "[详细]" });
      await expect(details).toHaveCount(1);
      await expect(details).toHaveAttribute("href", `/articles/${id}`);
      await expect(details).toHaveAccessibleName(new RegExp(escapeRegExp(r.title)));
      await expect(details).toHaveAccessibleName(new RegExp(escapeRegExp(r.source.name)));
      await expect(details).toHaveAccessibleName(new RegExp(escapeRegExp(displayDate(r.published_at))));
      // The same link, found the way a screen-reader user would ask for it.
      await expect(page.getByRole("link", { name: `${r.title}，${r.source.name}` })).toHaveCount(1);
      await expect(item.locator("time")).toHaveText(displayDate(r.published_at));
      await expect(item).toContainText(r.source.name);

      const thumb = item.locator("img");
      if (r.cover) {
        withThumb++;
        await expect(thumb).toHaveAttribute("src", r.cover.url);
        await expect(thumb).toHaveAttribute("width", String(r.cover.width));
        await expect(thumb).toHaveAttribute("height", String(r.cover.height));
      } else {
        withoutThumb++;
        await expect(thumb).toHaveCount(0);
      }
    }
    // The demo content exercises both kinds of item.
    expect(withThumb).toBeGreaterThan(0);
    expect(withoutThumb).toBeGreaterThan(0);
  });

  test("document title contains the article title", async ({ page }) => {
    await expect(page).toHaveTitle(new RegExp(escapeRegExp(a.title)));
  });

  // One tag: crawlers and share previews read the first, so a stale static one must not remain.
  test("meta description is the summary, and only one", async ({ page }) => {
    const description = page.locator('meta[name="description"]');
    await expect(description).toHaveCount(1);
    await expect(description).toHaveAttribute("content", a.summary);
  });
});

test("article 1002: the table from the body", async ({ page }) => {
  const a = article("1002");
  await page.goto("/articles/1002");
  await articleShown(page, a.title);
  const table = page.locator(".article-body table");
  await expect(table).toHaveCount(1);
  await expect(table.locator("caption")).toHaveText(textsOf(a.body_html, "caption")[0]);
  const headers = textsOf(a.body_html, "th");
  await expect(table.locator("thead th")).toHaveText(headers);
  for (const th of await table.locator("thead th").all()) {
    await expect(th).toHaveAttribute("scope", "col");
  }
  await expect(table.getByRole("columnheader")).toHaveCount(headers.length);
  await expect(table.locator("tbody tr")).toHaveCount((a.body_html.match(/<tr>/g) ?? []).length - 1);
  await expect(table.locator("tbody td")).toHaveText(textsOf(a.body_html, "td"));
});

test("article with an empty author: no 作者 label; source without url is plain text", async ({ page }) => {
  const a = article("1003");
  expect(a.author).toBe("");
  expect(a.source.url).toBeUndefined();
  await page.goto("/articles/1003");
  await articleShown(page, a.title);
  const meta = page.locator(".article-meta");
  await expect(meta).toContainText(`来源：${a.source.name}`);
  await expect(meta).toContainText(`责任编辑：${a.editor}`);
  await expect(meta).not.toContainText("作者");
  await expect(meta.getByRole("link")).toHaveCount(0);
  await expect(meta.locator(".meta-time time")).toHaveText(displayDateTime(a.published_at));
});

test("article 1009 has no embedded related list: it comes from the related endpoint", async ({ page, request }) => {
  const a = article("1009");
  const served = await (await request.get("/api/articles/1009")).json();
  expect(served.related, "the server does not embed related news for 1009").toBeUndefined();

  const relatedResponse = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/articles/1009/related");
  await page.goto("/articles/1009");
  await articleShown(page, a.title);
  const response = await relatedResponse;
  expect(response.status()).toBe(200);
  const { items } = await response.json();
  expect(items.length).toBeGreaterThan(0);

  const region = relatedNews(page);
  await expect(region.locator(".summary-title")).toHaveText(items.map((i) => i.title));
  for (const item of items) {
    await expect(region.getByRole("link", { name: item.title, exact: true })).toHaveAttribute("href", `/articles/${item.id}`);
  }
  // Empty author here too.
  await expect(page.locator(".article-meta")).not.toContainText("作者");
});
