// Pictures: body images open enlarged (click or keyboard) with their caption, ←/→ between
// them, Esc back to where the reader was; srcset from the backend, scheme-checked; an image that
// fails to load gives way to its alt text in the same box.
import { test, expect, article, articleShown } from "./fixtures.mjs";

const a = article("1001");
const SECOND = {
  src: "/api/media/canteen-kitchen.svg?second",
  alt: "第二张图：取餐窗口",
  caption: "取餐窗口前排起了队（示意图）",
};

/** Serves article 1001 with a second figure (with a srcset, one candidate of it hostile). */
async function withSecondImage(page) {
  await page.route("**/api/articles/1001", async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    json.body_html +=
      `<figure><img src="${SECOND.src}" alt="${SECOND.alt}" width="800" height="450"` +
      ` srcset="/api/media/canteen-kitchen.svg?w=400 400w, javascript:alert(1) 800w, /api/media/canteen-kitchen.svg?w=800 800w"` +
      ` sizes="(max-width: 600px) 100vw, 720px"><figcaption>${SECOND.caption}</figcaption></figure>`;
    await route.fulfill({ response, json });
  });
}

test("a body image opens enlarged with its caption; Esc closes it and focus returns", async ({ page }) => {
  await page.goto("/articles/1001");
  await articleShown(page, a.title);
  const zoom = page.getByRole("button", { name: "查看大图：后厨里，厨师按份分装饭菜" });
  await zoom.click();
  const dialog = page.getByRole("dialog", { name: "查看大图" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("img", { name: "后厨里，厨师按份分装饭菜" })).toBeVisible();
  await expect(dialog).toContainText("厨师按照老人的口味分装餐食（示意图）");
  await expect(dialog.getByRole("button", { name: "上一张" }), "one image: nothing to step through").toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(zoom).toBeFocused();
});

test("the keyboard opens the image too, and the close button works", async ({ page }) => {
  await page.goto("/articles/1001");
  await articleShown(page, a.title);
  const zoom = page.getByRole("button", { name: /^查看大图/ });
  await zoom.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "查看大图" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "关闭" }).click();
  await expect(dialog).toBeHidden();
});

test("arrow keys and buttons step through the article's images, wrapping round", async ({ page }) => {
  await withSecondImage(page);
  await page.goto("/articles/1001");
  await articleShown(page, a.title);
  await page.getByRole("button", { name: /^查看大图/ }).first().click();
  const dialog = page.getByRole("dialog", { name: "查看大图" });
  await expect(dialog).toContainText("第 1 / 2 张");
  await page.keyboard.press("ArrowRight");
  await expect(dialog).toContainText("第 2 / 2 张");
  await expect(dialog).toContainText(SECOND.caption);
  await expect(dialog.getByRole("img", { name: SECOND.alt })).toBeVisible();
  await page.keyboard.press("ArrowRight");
  await expect(dialog).toContainText("第 1 / 2 张");
  await dialog.getByRole("button", { name: "上一张" }).click();
  await expect(dialog).toContainText("第 2 / 2 张");
  await dialog.getByRole("button", { name: "下一张" }).click();
  await expect(dialog).toContainText("第 1 / 2 张");
});

test("srcset and sizes from the article reach the page, hostile candidates removed", async ({ page }) => {
  await withSecondImage(page);
  await page.goto("/articles/1001");
  await articleShown(page, a.title);
  const img = page.locator(".article-body img").nth(1);
  await expect(img).toHaveAttribute(
    "srcset",
    "/api/media/canteen-kitchen.svg?w=400 400w, /api/media/canteen-kitchen.svg?w=800 800w",
  );
  await expect(img).toHaveAttribute("sizes", "(max-width: 600px) 100vw, 720px");
});

test("list thumbnails get a srcset from the backend's sizes", async ({ page }) => {
  await page.route("**/api/articles?page=1*", async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    const first = json.items.find((item) => item.thumbnail);
    first.thumbnail.sources = [
      { url: `${first.thumbnail.url}?w=240`, width: 240 },
      { url: "javascript:alert(1)", width: 360 },
      { url: `${first.thumbnail.url}?w=480`, width: 480 },
    ];
    await route.fulfill({ response, json });
  });
  await page.goto("/");
  const thumb = page.locator(".summary-thumb").first();
  await expect(thumb).toHaveAttribute("srcset", /\?w=240 240w, .*\?w=480 480w$/);
  await expect(thumb).toHaveAttribute("sizes", "120px");
  expect(await thumb.getAttribute("srcset")).not.toContain("javascript");
});

test("an image that fails to load shows its alt text in the same box", async ({ page }) => {
  await page.route("**/api/media/canteen-kitchen.svg", (route) => route.fulfill({ status: 404, body: "" }));
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto("/articles/1001");
  await articleShown(page, a.title);
  await page.locator(".article-body figure").first().scrollIntoViewIfNeeded();
  const stand_in = page.getByRole("img", { name: "后厨里，厨师按份分装饭菜" });
  await expect(stand_in).toHaveText("后厨里，厨师按份分装饭菜");
  await expect(page.locator(".article-body img")).toHaveCount(0);
  // The box keeps the image's 16:9 proportions at the column's width.
  const box = await stand_in.boundingBox();
  expect(Math.abs(box.width / box.height - 800 / 450)).toBeLessThan(0.05);
});

test("a list thumbnail that fails to load keeps its box and shows no broken icon", async ({ page }) => {
  await page.route("**/api/media/*.svg", (route) => route.fulfill({ status: 404, body: "" }));
  await page.setViewportSize({ width: 390, height: 800 }); // phone thumbnails are 120 × 80
  await page.goto("/");
  await expect(page.locator(".summary-item").first()).toBeVisible();
  const first = page.locator(".summary-thumb").first();
  await expect(first).toHaveClass(/image-broken/);
  const box = await first.boundingBox();
  expect([Math.round(box.width), Math.round(box.height)]).toEqual([120, 80]);
  await expect(page.locator("img.summary-thumb")).toHaveCount(0);
});

test("a picture that is a link stays a link, not an enlarge button", async ({ page }) => {
  await page.route("**/api/articles/1001", async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    json.body_html += '<p><a href="https://example.org/gallery"><img src="/api/media/canteen-kitchen.svg?linked" alt="图集入口" width="80" height="45"></a></p>';
    await route.fulfill({ response, json });
  });
  await page.goto("/articles/1001");
  await articleShown(page, a.title);
  const link = page.getByRole("link", { name: "图集入口" });
  await expect(link).toHaveAttribute("href", "https://example.org/gallery");
  await expect(link.locator("button")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^查看大图/ })).toHaveCount(1);
});
