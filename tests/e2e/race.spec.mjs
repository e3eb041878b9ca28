// Rapid navigation: a slow answer for an article the reader already left must never replace
// the article they are on, whether they left it by a link or by going back.
import {
  test, expect, article, articleShown, framesDrawn, followPlainLink, holdBack, relatedNews,
} from "./fixtures.mjs";

const [a, b, c] = ["1001", "1002", "1003"].map(article);
const isArticleRequest = (id) => (request) => new URL(request.url()).pathname === `/api/articles/${id}`;

/**
 * Puts a link to `to` at the top of `from`'s text. Unlike the app's story links, a link in the
 * text fetches nothing ahead when pointed at, so the request for `to` is the page's own.
 */
const linkInText = (page, from, to) =>
  page.route(`**/api/articles/${from.id}`, async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    await route.fulfill({ response, json: { ...json, body_html: `<p><a href="/articles/${to.id}">${to.title}</a></p>${json.body_html}` } });
  });

test("A -> B -> C by links, with B answering last, ends on C; B's request is aborted", async ({ page }) => {
  await linkInText(page, a, b);
  // Aborted by the app by the time it is released.
  const releaseB = await holdBack(page, `**/api/articles/${b.id}`);
  const aborted = page.waitForEvent("requestfailed", isArticleRequest(b.id));

  await page.goto(`/articles/${a.id}`);
  await articleShown(page, a.title);
  await page.locator(".article-body").getByRole("link", { name: b.title }).click();
  await expect(page).toHaveURL(`/articles/${b.id}`);
  await expect(page.locator(".skeleton")).toBeVisible();
  // The skeleton has no story links: the reader follows one from elsewhere.
  await followPlainLink(page, `/articles/${c.id}`);
  await articleShown(page, c.title);

  expect((await aborted).failure()?.errorText, "the request for B was aborted when the reader moved on").toBe("net::ERR_ABORTED");
  releaseB();
  await expect(page.locator("h1")).toHaveText(c.title);
  await expect(page).toHaveURL(`/articles/${c.id}`);
});

// A story link fetches its article when pointed at, and that prefetch outlives the page it was
// made on (the article is kept for a later visit): its late answer must still not show.
test("A -> B by a related link, B prefetched and answering last, -> C: ends on C, and B is kept for later", async ({ page }) => {
  const target = article(a.related_ids[0]);
  const asked = [];
  page.on("request", (r) => {
    if (isArticleRequest(target.id)(r)) asked.push(r.url());
  });
  const release = await holdBack(page, `**/api/articles/${target.id}`);

  await page.goto(`/articles/${a.id}`);
  await articleShown(page, a.title);
  await relatedNews(page).getByRole("link", { name: target.title, exact: true }).click();
  await expect(page).toHaveURL(`/articles/${target.id}`);
  await expect(page.locator(".skeleton")).toBeVisible();
  await followPlainLink(page, `/articles/${c.id}`);
  await articleShown(page, c.title);

  const answered = page.waitForEvent("requestfinished", isArticleRequest(target.id));
  release();
  await answered;
  // The answer is read and handled within a frame or two of arriving.
  await framesDrawn(page, 2);
  await expect(page.locator("h1")).toHaveText(c.title);
  await expect(page).toHaveURL(`/articles/${c.id}`);

  await page.goBack();
  await articleShown(page, target.title);
  expect(asked, "back to B shows the answer that came late, without asking again").toHaveLength(1);
});

test("A -> B, then back before B answers: ends on A; B's request is aborted", async ({ page }) => {
  await linkInText(page, a, b);
  const releaseB = await holdBack(page, `**/api/articles/${b.id}`);
  const aborted = page.waitForEvent("requestfailed", isArticleRequest(b.id));

  await page.goto(`/articles/${a.id}`);
  await articleShown(page, a.title);
  await page.locator(".article-body").getByRole("link", { name: b.title }).click();
  await expect(page.locator(".skeleton")).toBeVisible();
  await page.goBack();
  await articleShown(page, a.title);

  expect((await aborted).failure()?.errorText, "the request for B was aborted when the reader went back").toBe("net::ERR_ABORTED");
  releaseB();
  await expect(page.locator("h1")).toHaveText(a.title);
  await expect(page).toHaveURL(`/articles/${a.id}`);
});
