// Addresses that lead nowhere: an unknown route and an unknown article.
import { test, expect, allArticles, markDocument, sameDocument } from "./fixtures.mjs";

test("an unknown path shows the not-found page with a working link home", async ({ page }) => {
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("页面不存在");
  await expect(page).toHaveTitle(/页面不存在/);
  await markDocument(page);
  const home = page.getByRole("main").getByRole("link", { name: "返回首页" });
  await expect(home).toHaveAttribute("href", "/");
  await home.click();
  await expect(page).toHaveURL("/");
  await expect(page.locator("main .summary-title")).toHaveText(allArticles().slice(0, 8).map((a) => a.title));
  expect(await sameDocument(page), "home is reached in-app").toBe(true);
});

test("an unknown article shows an alert with the not-found message and 重试", async ({ page }) => {
  const asked = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/articles/99999") asked.push(request.url());
  });
  await page.goto("/articles/99999");
  const alert = page.getByRole("alert");
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText("内容不存在或已被删除");
  const retry = alert.getByRole("button", { name: "重试" });
  await expect(retry).toBeVisible();
  await expect(page.locator("h1")).toHaveCount(0);
  expect(asked).toHaveLength(1);

  // 重试 really asks again; the article is still missing, so the alert stays.
  await retry.click();
  await expect.poll(() => asked.length).toBe(2);
  await expect(page.getByRole("alert")).toContainText("内容不存在或已被删除");
  await expect(page.getByRole("button", { name: "重试" })).toBeVisible();
});
