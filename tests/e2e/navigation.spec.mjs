// Moving around without reloads: related links, back/forward with scroll restoration, the home
// page's pager, and the skeleton while an article loads.
import {
  test, expect, article, allArticles, articleShown, escapeRegExp, holdBack, relatedNews, markDocument, sameDocument,
} from "./fixtures.mjs";

/**
 * Waits until scrolling has come to rest (wheel scrolling is animated over several frames) and
 * its scroll events have reached the app, then returns the position.
 */
const scrollAtRest = (page) =>
  page.evaluate(
    () =>
      new Promise((done) => {
        let last = -1;
        let still = 0;
        const frame = () => {
          still = window.scrollY === last ? still + 1 : 0;
          last = window.scrollY;
          if (still >= 5) done(last);
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
  );

/** Opens 1001, scrolls down to its related news and returns the related link and where the reader is. */
async function readDownTo1001Related(page) {
  const first = article("1001");
  await page.goto("/articles/1001");
  await articleShown(page, first.title);
  await markDocument(page);
  const target = article(first.related_ids[0]);
  const link = relatedNews(page).getByRole("link", { name: target.title, exact: true });
  await link.scrollIntoViewIfNeeded();
  await page.mouse.wheel(0, 200);
  const scrolled = await scrollAtRest(page);
  expect(scrolled, "the reader is well down the page").toBeGreaterThan(500);
  return { first, target, link, scrolled };
}

test("related link navigates in-app; back shows the first article again; forward works", async ({ page }) => {
  const { first, target, link } = await readDownTo1001Related(page);

  await link.click();
  await expect(page).toHaveURL(`/articles/${target.id}`);
  await articleShown(page, target.title);
  expect(await sameDocument(page), "no full page reload").toBe(true);
  await expect(page).toHaveTitle(new RegExp(escapeRegExp(target.title)));
  // A new article starts at its top.
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  await page.goBack();
  await expect(page).toHaveURL("/articles/1001");
  await articleShown(page, first.title);
  expect(await sameDocument(page), "no full page reload on back").toBe(true);
  await expect(page).toHaveTitle(new RegExp(escapeRegExp(first.title)));

  await page.goForward();
  await expect(page).toHaveURL(`/articles/${target.id}`);
  await articleShown(page, target.title);
  expect(await sameDocument(page), "no full page reload on forward").toBe(true);
});

// The position must be restored only once the body is in: restored earlier, it is clamped to the
// short page and scroll anchoring then moves the view.
test("back restores the article's scroll position (within 100 px)", async ({ page }) => {
  const { first, target, link, scrolled } = await readDownTo1001Related(page);
  await link.click();
  await articleShown(page, target.title);
  await page.goBack();
  await articleShown(page, first.title);
  await expect
    .poll(async () => Math.abs((await scrollAtRest(page)) - scrolled), { message: `scroll restored near ${scrolled}` })
    .toBeLessThanOrEqual(100);
});

test("back to the home page restores its scroll position", async ({ page }) => {
  const all = allArticles();
  await page.goto("/");
  const last = page.getByRole("link", { name: all[7].title, exact: true });
  await last.scrollIntoViewIfNeeded();
  const scrolled = await scrollAtRest(page);
  expect(scrolled).toBeGreaterThan(200);
  await last.click();
  await articleShown(page, all[7].title);
  await page.goBack();
  await expect(page.locator("main .summary-title")).toHaveCount(8);
  await expect
    .poll(async () => Math.abs((await scrollAtRest(page)) - scrolled), { message: `scroll restored near ${scrolled}` })
    .toBeLessThanOrEqual(100);
});

test("home lists 8 articles; 下一页 goes to ?page=2; back returns to page 1", async ({ page }) => {
  const all = allArticles();
  expect(all.length).toBeGreaterThan(8);
  await page.goto("/");
  const titles = page.locator("main .summary-list .summary-title");
  await expect(titles).toHaveText(all.slice(0, 8).map((a) => a.title));
  await markDocument(page);

  await page.getByRole("link", { name: "下一页" }).click();
  await expect(page).toHaveURL("/?page=2");
  await expect(titles).toHaveText(all.slice(8, 16).map((a) => a.title));
  await expect(page.getByRole("link", { name: "上一页" })).toHaveAttribute("href", "/");
  await expect(page.getByRole("link", { name: "下一页" })).toHaveCount(Math.ceil(all.length / 8) > 2 ? 1 : 0);
  expect(await sameDocument(page)).toBe(true);

  await page.goBack();
  await expect(page).toHaveURL("/");
  await expect(titles).toHaveText(all.slice(0, 8).map((a) => a.title));
  expect(await sameDocument(page)).toBe(true);

  // A story on the list opens in-app too.
  await page.getByRole("link", { name: all[1].title, exact: true }).click();
  await expect(page).toHaveURL(`/articles/${all[1].id}`);
  await articleShown(page, all[1].title);
  expect(await sameDocument(page)).toBe(true);
});

test("a skeleton shows while the article is on its way", async ({ page }) => {
  const a = article("1001");
  const release = await holdBack(page, "**/api/articles/1001");
  await page.goto("/articles/1001");
  const skeleton = page.locator("#main .skeleton");
  await expect(skeleton).toBeVisible();
  await expect(skeleton).toHaveAttribute("aria-busy", "true");
  await expect(page.locator("h1")).toHaveCount(0);

  release();
  await articleShown(page, a.title);
  await expect(page.locator(".article-skeleton")).toHaveCount(0);
});

test("a link to a place in the article jumps there, without leaving the article", async ({ page }) => {
  const a = article("1001");
  await page.route("**/api/articles/1001", async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    json.body_html = `<p><a href="#part-2">跳到第二部分</a></p>${json.body_html}<h2 id="part-2">第二部分</h2><p>结尾。</p>`;
    await route.fulfill({ response, json });
  });
  await page.goto("/articles/1001");
  await articleShown(page, a.title);
  await page.getByRole("link", { name: "跳到第二部分" }).click();
  await expect(page.getByRole("heading", { name: "第二部分" })).toBeInViewport();
  await expect(page).toHaveURL(/\/articles\/1001$/);
  await expect(page.locator("h1")).toHaveText(a.title);
});

test("ctrl-click on a story link is left to the browser (a new tab)", async ({ page, context }) => {
  const a = article("1001");
  await page.goto("/articles/1001");
  await articleShown(page, a.title);
  const link = page.locator(".related .summary-title a").first();
  const opened = context.waitForEvent("page");
  await link.click({ modifiers: ["Control"] });
  const tab = await opened;
  await tab.waitForLoadState();
  expect(new URL(tab.url()).pathname).toBe(await link.getAttribute("href"));
  await expect(page).toHaveURL(/\/articles\/1001$/);
  await tab.close();
});
