// Reading tools on the article page: text size 小/中/大, remembered; the reading-progress bar.
import { test, expect, article, articleShown } from "./fixtures.mjs";

const bodySize = (page) =>
  page.locator(".article-body p").first().evaluate((p) => parseFloat(getComputedStyle(p).fontSize));

test("text size 大 and 小 change the article's type, and the choice survives a reload", async ({ page }) => {
  const a = article("1001");
  await page.goto("/articles/1001");
  await articleShown(page, a.title);
  const tools = page.getByRole("group", { name: "字号" });
  await expect(tools.getByRole("button", { name: "中" })).toHaveAttribute("aria-pressed", "true");
  const medium = await bodySize(page);

  await tools.getByRole("button", { name: "大" }).click();
  await expect(tools.getByRole("button", { name: "大" })).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => bodySize(page)).toBeGreaterThan(medium);
  const large = await bodySize(page);

  await page.reload();
  await articleShown(page, a.title);
  await expect(tools.getByRole("button", { name: "大" })).toHaveAttribute("aria-pressed", "true");
  expect(await bodySize(page)).toBe(large);

  await tools.getByRole("button", { name: "小" }).click();
  await expect.poll(() => bodySize(page)).toBeLessThan(medium);
});

test("the progress bar follows the reader down the page", async ({ page }) => {
  await page.goto("/articles/1001");
  await articleShown(page, article("1001").title);
  const bar = page.locator(".reading-progress-bar");
  const scale = () => bar.evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
  await expect.poll(scale).toBeLessThan(0.05);
  await page.evaluate(() => window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) / 2));
  await expect.poll(scale).toBeGreaterThan(0.4);
  await expect.poll(scale).toBeLessThan(0.6);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect.poll(scale).toBeGreaterThan(0.99);
  await expect(page.locator(".reading-progress")).toHaveAttribute("aria-hidden", "true");
});
