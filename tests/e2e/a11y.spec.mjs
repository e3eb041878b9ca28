// axe-core (WCAG 2.0–2.2 A and AA rules) on the main pages: any serious or critical violation fails.
import AxeBuilder from "@axe-core/playwright";
import { test, expect, article, articleShown } from "./fixtures.mjs";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

async function expectNoSeriousViolations(page, include) {
  const builder = new AxeBuilder({ page }).withTags(TAGS);
  const results = await (include ? builder.include(include) : builder).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
}

test("home page", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("main .summary-item").first()).toBeVisible();
  await expectNoSeriousViolations(page);
});

test("article page, comments loaded", async ({ page }) => {
  await page.goto("/articles/1001");
  await articleShown(page, article("1001").title);
  await expect(page.locator("#comments article.comment").first()).toBeVisible();
  await expectNoSeriousViolations(page);
});

test("comment form with validation messages showing", async ({ page }) => {
  await page.goto("/articles/1001");
  await articleShown(page, article("1001").title);
  await page.locator("button.submit-comment").click();
  await expect(page.locator("#comment-name-error")).not.toBeEmpty();
  await expectNoSeriousViolations(page, "#comments");
});

test("article page in the dark theme, chosen with the switch and remembered", async ({ page }) => {
  await page.goto("/articles/1001");
  await articleShown(page, article("1001").title);
  const light = await page.locator(".news-app").evaluate((el) => getComputedStyle(el).backgroundColor);
  const dark = page.getByRole("button", { name: "深色模式" });
  await expect(dark).toHaveAttribute("aria-pressed", "false");
  await dark.click();
  await expect(dark).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => page.locator(".news-app").evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(light);
  await page.reload();
  await articleShown(page, article("1001").title);
  await expect(page.getByRole("button", { name: "深色模式" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("#comments article.comment").first()).toBeVisible();
  await expectNoSeriousViolations(page);
});

test("the theme follows the system until the reader chooses", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "dark" });
  const page = await context.newPage();
  await page.goto("/articles/1001");
  await articleShown(page, article("1001").title);
  await expect(page.getByRole("button", { name: "深色模式" })).toHaveAttribute("aria-pressed", "true");
  const bg = await page.locator(".news-app").evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(bg).not.toBe("rgb(255, 255, 255)");
  await context.close();
});
