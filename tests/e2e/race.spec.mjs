// Rapid navigation: a slow answer for an article the reader already left must never replace
// the article they are on, and its request is aborted.
import { test, expect, article, articleShown, goInApp, holdBack } from "./fixtures.mjs";

test("A -> B -> C quickly, with B answering last, ends on C; B's request is aborted", async ({ page }) => {
  const [a, b, c] = ["1001", "1002", "1003"].map(article);
  // Aborted by the app by the time it is released.
  const releaseB = await holdBack(page, "**/api/articles/1002");
  const aborted = [];
  page.on("requestfailed", (r) => {
    if (new URL(r.url()).pathname === "/api/articles/1002") aborted.push(r.failure()?.errorText);
  });

  await page.goto(`/articles/${a.id}`);
  await articleShown(page, a.title);
  // In-app navigations, as links would do, without waiting for B.
  await goInApp(page, `/articles/${b.id}`);
  await expect(page.locator(".skeleton")).toBeVisible();
  await goInApp(page, `/articles/${c.id}`);
  await articleShown(page, c.title);

  releaseB();
  await page.waitForTimeout(500);
  await expect(page.locator("h1")).toHaveText(c.title);
  await expect(page).toHaveURL(`/articles/${c.id}`);
  expect(aborted.length, "the request for B was aborted when the reader moved on").toBe(1);
});
