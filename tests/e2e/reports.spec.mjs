// 举报: readers report a comment from its 举报 button, with a reason; reports from three
// different addresses (--report-threshold 3) hide it until an editor decides; a failed report
// says so and can be sent again. Against the 4178 server: 127.0.0.1 is a trusted proxy there, so
// each reader's X-Forwarded-For is its address. The journey reports a comment it posts itself,
// from addresses of its own, so a second run beside it reports something else.
import { randomUUID } from "node:crypto";
import { test, expect } from "./fixtures.mjs";

const ORIGIN = "http://127.0.0.1:4178";
const ARTICLE = "1001";

/** The article's first page of comments, as the API lists it to everyone. */
async function listed(request) {
  const response = await request.get(`${ORIGIN}/api/articles/${ARTICLE}/comments?page=1&per_page=100&sort=newest`);
  expect(response.status()).toBe(200);
  return response.json();
}

/** A reader at `address`, on the article, with its comments shown. */
async function readerAt(browser, address) {
  const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": address } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${ORIGIN}/articles/${ARTICLE}`);
  await expect(page.locator("ol.comment-list > li.comment-thread").first()).toBeVisible();
  return { context, page, errors };
}

/** Reports comment `id` for `reason` (its label) through its 举报 menu. */
async function report(page, id, reason) {
  const comment = page.locator(`article#comment-${id}`);
  const button = comment.locator("button.comment-report");
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await button.click();
  await expect(button).toHaveAttribute("aria-expanded", "true");
  const menu = comment.getByRole("group", { name: "举报理由" });
  await expect(menu.getByRole("button")).toHaveText(["垃圾广告", "辱骂攻击", "违法违规", "其他", "取消"]);
  await expect(menu.getByRole("button", { name: "垃圾广告" })).toBeFocused();
  await menu.getByRole("button", { name: reason }).click();
  await expect(comment.getByRole("status")).toHaveText("已举报，感谢您的反馈。");
  await expect(menu).toHaveCount(0);
  await expect(button).toHaveText("已举报");
  await expect(button).toHaveAttribute("aria-disabled", "true");
}

test("three readers' reports hide a comment; the menu can be closed; a report that fails can be sent again", async ({ browser, request }) => {
  const posted = await request.post(`${ORIGIN}/api/articles/${ARTICLE}/comments`, {
    data: { author: "举报测试", content: `一条会被举报的评论 ${randomUUID()}`, client_id: randomUUID() },
  });
  expect(posted.status()).toBe(201);
  const target = await posted.json();
  const before = await listed(request);
  expect(before.items.map((c) => c.id)).toContain(target.id);
  const net = Math.floor(Math.random() * 200);
  const address = (n) => `10.${net}.${n}.1`;

  // The first reader opens the menu, thinks better of it, then reports; reporting again is not offered.
  const first = await readerAt(browser, address(1));
  const comment = first.page.locator(`article#comment-${target.id}`);
  await comment.locator("button.comment-report").click();
  await comment.getByRole("button", { name: "取消" }).click();
  await expect(comment.getByRole("group", { name: "举报理由" })).toHaveCount(0);
  await expect(comment.locator("button.comment-report")).toBeFocused();
  await report(first.page, target.id, "垃圾广告");
  // aria-disabled, not disabled (it stays in the tab order): a click still reaches it, and does nothing.
  await comment.locator("button.comment-report").click({ force: true });
  await expect(comment.getByRole("group", { name: "举报理由" })).toHaveCount(0);

  // The second reader's first attempt fails (the server is unreachable): told, and the menu stays.
  const second = await readerAt(browser, address(2));
  await second.page.route("**/api/comments/*/report", (route) => route.abort("connectionrefused"), { times: 1 });
  const secondComment = second.page.locator(`article#comment-${target.id}`);
  await secondComment.locator("button.comment-report").click();
  const menu = secondComment.getByRole("group", { name: "举报理由" });
  await menu.getByRole("button", { name: "辱骂攻击" }).click();
  await expect(menu.getByRole("alert")).toHaveText("举报没有成功，请稍后再试。");
  expect((await listed(request)).items.map((c) => c.id)).toContain(target.id);
  await menu.getByRole("button", { name: "辱骂攻击" }).click();
  await expect(secondComment.getByRole("status")).toHaveText("已举报，感谢您的反馈。");

  // Two reports: still listed. The third, from a third address, hides it.
  expect((await listed(request)).items.map((c) => c.id)).toContain(target.id);
  const third = await readerAt(browser, address(3));
  await report(third.page, target.id, "其他");
  const after = await listed(request);
  expect(after.items.map((c) => c.id)).not.toContain(target.id);

  // A reader who comes now does not see it (the list is there: the comment alone is gone).
  const fourth = await readerAt(browser, address(4));
  await expect(fourth.page.locator("ol.comment-list > li.comment-thread")).not.toHaveCount(0);
  await expect(fourth.page.locator(`article#comment-${target.id}`)).toHaveCount(0);

  for (const reader of [first, second, third, fourth]) {
    expect(reader.errors).toEqual([]);
    await reader.context.close();
  }
});
