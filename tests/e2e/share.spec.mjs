// Sharing an article: copy link with a visible confirmation (and a hand-copy fallback when the
// browser refuses), the system share sheet where the browser has one, and a QR code of the link
// drawn in the page.
import { test, expect, article, articleShown } from "./fixtures.mjs";

const a = article("1001");

test("copy link puts the article's address on the clipboard and says so", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await page.goto("/articles/1001#comments");
  await articleShown(page, a.title);
  const share = page.getByRole("group", { name: "分享" });
  await share.getByRole("button", { name: "复制链接" }).click();
  await expect(share.getByRole("status")).toHaveText("链接已复制");
  // The address without its fragment: the article, not a spot on the page.
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}/articles/1001`);
});

test("when the clipboard is refused, the link is offered for copying by hand", async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, "clipboard", {
      value: { writeText: () => Promise.reject(new DOMException("denied", "NotAllowedError")) },
    });
  });
  await page.goto("/articles/1001");
  await articleShown(page, a.title);
  const share = page.getByRole("group", { name: "分享" });
  await share.getByRole("button", { name: "复制链接" }).click();
  const status = share.getByRole("status");
  await expect(status).toContainText("无法自动复制");
  const field = status.getByRole("textbox", { name: "复制链接" });
  await expect(field).toHaveValue(/\/articles\/1001$/);
  await field.focus();
  expect(await field.evaluate((input) => input.value.slice(input.selectionStart, input.selectionEnd))).toBe(
    await field.inputValue(),
  );
});

test("the system share sheet gets the title and link, where the browser has one", async ({ page, baseURL }) => {
  await page.addInitScript(() => {
    window.__shared = [];
    navigator.share = (data) => {
      window.__shared.push(data);
      return Promise.resolve();
    };
  });
  await page.goto("/articles/1001");
  await articleShown(page, a.title);
  await page.getByRole("button", { name: "分享到…" }).click();
  await expect.poll(() => page.evaluate(() => window.__shared)).toEqual([{ title: a.title, url: `${baseURL}/articles/1001` }]);
});

test("no share-sheet button where the browser has no Web Share", async ({ page }) => {
  await page.addInitScript(() => delete Navigator.prototype.share);
  await page.goto("/articles/1001");
  await articleShown(page, a.title);
  await expect(page.getByRole("button", { name: "复制链接" })).toBeVisible();
  await expect(page.getByRole("button", { name: "分享到…" })).toHaveCount(0);
});

test("the QR code is drawn in the page, square, only when asked for", async ({ page }) => {
  const requests = [];
  // Lazy images and the app's own data (a prefetch) may load as the page moves; anything else
  // would be the code leaving the page.
  page.on("request", (r) => {
    const own = new URL(r.url()).pathname.startsWith("/api/");
    if (r.resourceType() !== "image" && !own) requests.push(r.url());
  });
  await page.goto("/articles/1001");
  await articleShown(page, a.title);
  const toggle = page.getByRole("button", { name: "二维码" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(page.locator(".qr-code")).toHaveCount(0);
  const before = requests.length;
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  const qr = page.getByRole("img", { name: "本文链接的二维码" });
  await expect(qr).toBeVisible();
  await expect(page.getByText("微信扫一扫，在手机上阅读")).toBeVisible();
  const viewBox = await qr.getAttribute("viewBox");
  const [, , w, h] = viewBox.split(" ").map(Number);
  // A QR symbol is 17 + 4·version modules a side, plus a quiet zone of 4 on each side.
  expect(w).toBe(h);
  expect((w - 8 - 17) % 4).toBe(0);
  expect(requests.slice(before), "drawing the code fetches nothing").toEqual([]);
  expect(await qr.locator("image, use, foreignObject").count(), "drawn with a path, not a picture").toBe(0);
  await toggle.click();
  await expect(page.locator(".share-qr")).toBeHidden();
});
