// A hostile backend: every vector of tests/xss-corpus.json in body_html, markup in every text
// field. Nothing may run, nothing dangerous may reach the live DOM, text stays text.
import { test, expect, escapeRegExp, followPlainLink, relatedNews, settled } from "./fixtures.mjs";
import { assertNothingDangerous, corpus, hostileArticle, vectorArticle } from "./hostile.mjs";

const fulfilArticle = (article) => (route) =>
  route.fulfill({ status: 200, contentType: "application/json; charset=utf-8", body: JSON.stringify(article) });

test("hostile article: nothing runs, nothing dangerous reaches the DOM, text stays text", async ({ page }) => {
  expect(corpus.vectors.length).toBeGreaterThan(40);
  const dialogs = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  await page.route("**/api/articles/xss", fulfilArticle(hostileArticle));
  await page.goto("/articles/xss");
  await expect(page.locator("#boot"), "the app, not index.html's text preview").toHaveCount(0);

  const body = page.locator(".article-body");
  // The first vectors render as inert text (their dangerous hrefs are gone, so they are not links).
  await expect(body).toContainText("link 4");
  await expect(body.getByRole("link", { name: "link 4" })).toHaveCount(0);
  await settled(page);

  await assertNothingDangerous(page, "all vectors joined");
  expect(await page.evaluate(() => typeof parent.__xss)).toBe("undefined");
  expect(dialogs).toEqual([]);
  await expect(page).toHaveURL("/articles/xss");

  // Markup in text fields is shown as text, never parsed.
  await expect(page.locator("h1")).toHaveCount(1);
  await expect(page.locator("h1")).toHaveText(hostileArticle.title);
  await expect(page.locator("h1 *")).toHaveCount(0);
  const meta = page.locator(".article-meta");
  await expect(meta).toContainText(hostileArticle.source.name);
  await expect(meta).toContainText(hostileArticle.author);
  await expect(meta).toContainText(hostileArticle.editor);
  await expect(meta.locator("img, script, a")).toHaveCount(0);
  await expect(page.locator(".byline")).toHaveText(hostileArticle.byline);
  await expect(page.locator(".article-tags .tag")).toHaveText(hostileArticle.tags);
  await expect(page.locator(".article-tags *:not(.label, .tag)")).toHaveCount(0);
  await expect(page.locator(".article-cover"), "no cover for an unsafe URL").toHaveCount(0);
  await expect(page.locator(".original-title")).toContainText(hostileArticle.original_title);
  await expect(page.getByRole("navigation", { name: "当前位置" })).toContainText(hostileArticle.channel.name);
  const related = relatedNews(page);
  await expect(related).toContainText(hostileArticle.related[0].title);
  await expect(related).toContainText(hostileArticle.related[1].title);
  await expect(related.locator("img, script, b")).toHaveCount(0);
  await expect(page).toHaveTitle(new RegExp(escapeRegExp(hostileArticle.title)));
  await expect(page.locator("img:not(.article-body img, .site-logo)")).toHaveCount(0);

  // Still nothing ran after interacting with the body's links that stay on the page.
  for (const link of await body.locator('a[href^="#"]').all()) {
    await link.click();
  }
  await page.mouse.move(10, 10);
  await settled(page);
  expect(await page.evaluate(() => typeof window.__xss)).toBe("undefined");
  expect(dialogs).toEqual([]);
});

// Joined, an unclosed vector (e.g. the <math><mtext><table>… one) swallows everything after it
// into an element that is dropped whole; so each vector is also rendered on its own.
test("each corpus vector on its own", async ({ page }) => {
  let current = 0;
  await page.route("**/api/articles/xss-*", (route) => {
    const index = Number(new URL(route.request().url()).pathname.split("-").pop());
    current = index;
    return fulfilArticle(vectorArticle(index))(route);
  });
  await page.goto("/articles/xss-0");
  await expect(page.locator("#boot"), "the app, not index.html's text preview").toHaveCount(0);
  let externalChecked = 0;
  for (const [index, vector] of corpus.vectors.entries()) {
    if (index > 0) {
      // A link to the next one: quicker than a page load each, and the hostile page has none.
      await followPlainLink(page, `/articles/xss-${index}`);
    }
    await expect(page.locator("h1")).toHaveText(`向量 ${index}`);
    await expect(page.locator(".article-body")).toContainText(`before ${index}`);
    expect(current).toBe(index);
    await settled(page);
    await assertNothingDangerous(page, `vector ${index}: ${vector}`);
    if (vector.includes("https://evil.example/")) {
      const external = page.locator('.article-body a[href="https://evil.example/"]');
      await expect(external).toHaveText("external");
      await expect(external).toHaveAttribute("rel", "noopener noreferrer");
      await expect(external).not.toHaveAttribute("target", /.*/);
      externalChecked++;
    }
  }
  expect(externalChecked, "the corpus has an ordinary external link").toBe(1);
  // Late events (image errors, toggles, autofocus) of the last page have fired: once more.
  await settled(page);
  expect(await page.evaluate(() => typeof window.__xss)).toBe("undefined");
});
