// Two languages without a rebuild: a visible switch (remembered), every string and date in the
// chosen language, and the document's lang attribute following it.
import { test, expect, article, articleShown, localParts } from "./fixtures.mjs";

const a = article("1001");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const englishDate = (rfc3339) => {
  const [y, m, d] = localParts(rfc3339).date.split("-").map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
};

test("the switch turns the article page into English, remembered across reloads", async ({ page }) => {
  await page.goto("/articles/1001");
  await articleShown(page, a.title);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  const toEnglish = page.getByRole("button", { name: "English" });
  await expect(toEnglish).toHaveAttribute("lang", "en");
  await toEnglish.click();

  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await articleShown(page, a.title);
  await expect(page.getByRole("heading", { name: "Related news" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Comments \(\d+\)$/ })).toBeVisible();
  await expect(page.getByRole("group", { name: "Text size" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy link" })).toBeVisible();
  const time = page.locator(".article-meta .meta-time time");
  await expect(time).toHaveText(`${englishDate(a.published_at)}, ${localParts(a.published_at).time}`);
  await expect(page.locator(".meta-updated")).toHaveText(`Updated ${englishDate(a.updated_at)}, ${localParts(a.updated_at).time}`);
  await expect(page.locator(".article-tags .label")).toHaveText("Tags:");
  await expect(page.getByRole("button", { name: "中文" })).toHaveAttribute("lang", "zh-CN");
  // No Chinese UI label left in the chrome (the content itself stays as written).
  const chrome = await page.locator(".reading-tools, .share-bar, .comment-form, .skip-links, .related h2").allInnerTexts();
  expect(chrome.join(" ")).not.toMatch(/[\u4e00-\u9fff]/);

  await page.reload();
  await articleShown(page, a.title);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { name: "Related news" })).toBeVisible();

  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { name: "相关新闻" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
});

test("switching keeps the page, the reader's place in the URL and the comment being typed", async ({ page }) => {
  await page.goto("/?page=2");
  await expect(page.locator("main .summary-item").first()).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(/\?page=2$/);
  await expect(page.getByText(/^Page 2 of \d+$/)).toBeVisible();

  await page.goto("/articles/1001");
  await articleShown(page, a.title);
  const content = page.getByRole("textbox", { name: "Comment" });
  await content.fill("切换语言之前写下的一句话");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("textbox", { name: "评论内容" })).toHaveValue("切换语言之前写下的一句话");
});

test("list dates follow the language", async ({ page }) => {
  await page.goto("/");
  const first = page.locator(".summary-date").first();
  const datetime = await first.getAttribute("datetime");
  await expect(first).toHaveText(localParts(datetime).date);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator(".summary-date").first()).toHaveText(englishDate(datetime));
});
