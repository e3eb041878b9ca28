// The moderation console at /admin on a server holding every comment for review (--moderate,
// port 4177, with an editor and an admin account made before it starts; see
// playwright.config.mjs): logging in, a reader's pending comment appearing in the queue without a
// reload, approving it (readers then see it) and rejecting another (they never do), the audit
// log, the language switch, logging out, pinning (readers see the pinned comment first), banning
// a comment's author by address (the next comment is held as banned) and lifting the ban, an
// admin's sensitive word holding a comment that disguises it, and writes the console must
// refuse: a form posted from another site, a request with a foreign Origin, and one without the
// CSRF token.
//
// Journeys run in parallel against one server: each posts its own uniquely worded comments and
// acts only on those.
import AxeBuilder from "@axe-core/playwright";
import { test, expect, heading, threads } from "./fixtures.mjs";

const CONSOLE = "http://127.0.0.1:4177";
// Made by the webServer command in playwright.config.mjs.
const EDITOR = { name: "editor1", password: "editor-pass-4177" };
const ADMIN = { name: "admin1", password: "admin-pass-4177" };

const unique = (label) => `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const row = (page, id) => page.locator(`tr[data-id="${id}"]`);

async function logIn(page, account = EDITOR) {
  await page.goto(`${CONSOLE}/admin`);
  await expect(page).toHaveURL(`${CONSOLE}/admin/login`);
  await page.getByLabel("用户名").fill(account.name);
  await page.getByLabel("密码").fill(account.password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(`${CONSOLE}/admin`);
  await expect(page.locator("h1")).toHaveText("评论队列");
  await expect(page.locator(".who")).toHaveText(account.name);
}

/**
 * A reader posts a comment in the app; on this server it is held, and the reader sees it marked
 * 审核中. Returns the server's answer.
 */
async function postAsReader(page, article, content) {
  await page.goto(`${CONSOLE}/articles/${article}`);
  await page.locator("#comment-name").fill(unique("读者"));
  await page.locator("#comment-content").fill(content);
  const answer = page.waitForResponse(
    (r) => r.request().method() === "POST" && new URL(r.url()).pathname === `/api/articles/${article}/comments`,
  );
  await page.locator("button.submit-comment").click();
  const response = await answer;
  expect(response.status()).toBe(201);
  const posted = await response.json();
  expect(posted.status).toBe("pending");
  await expect(page.locator("p.comment-notice")).toHaveText("评论已提交，审核通过后对所有人可见。");
  await expect(page.locator(`#comment-${posted.id} .comment-pending`)).toHaveText("审核中，仅自己可见");
  return posted;
}

/** The queue filtered by a comment's text, so that only that comment (or those) is in view. */
async function queueWith(page, content, status = "pending") {
  await page.goto(`${CONSOLE}/admin?status=${status}&q=${encodeURIComponent(content)}`);
}

/**
 * Whether a reader who did not write the comment sees it on the article page: the page is
 * compared with what the API lists at the time, once it shows all of that.
 */
async function seenByOthers(browser, article, id) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const listing = await (await page.request.get(`${CONSOLE}/api/articles/${article}/comments`)).json();
  await page.goto(`${CONSOLE}/articles/${article}`);
  await expect(heading(page)).toHaveText(`网友评论（${listing.count}）`);
  await expect(threads(page)).toHaveCount(listing.items.length);
  await expect(page.locator(".comments-loading")).toHaveCount(0);
  const shown = await page.locator(`#comment-${id}`).count();
  await context.close();
  const listed = listing.items.some((c) => c.id === id);
  expect(shown === 1, "the page shows what the API lists").toBe(listed);
  return shown;
}

test("a reader's comment appears in the queue live; approved, everyone sees it; the audit log says who", async ({
  page,
  browser,
}) => {
  await logIn(page);
  const readerContext = await browser.newContext({ serviceWorkers: "block" });
  const reader = await readerContext.newPage();
  const content = unique("请审核我");
  const posted = await postAsReader(reader, "1003", content);
  expect(await seenByOthers(browser, "1003", posted.id), "held: not shown to other readers").toBe(0);

  // The console polls: the new comment shows up at the top without a reload.
  const mine = row(page, posted.id);
  await expect(mine).toBeVisible();
  await expect(mine).toHaveAttribute("data-status", "pending");
  await expect(mine.locator(".text")).toHaveText(content);
  await expect(mine.locator(".reason")).toHaveText("先审后发");
  await expect(mine.locator(".article")).toHaveText(/云溪县冬茶采摘季开启/);
  await expect(page.locator("p.live")).toContainText("条新评论待审核");

  await mine.getByRole("button", { name: "通过" }).click();
  await expect(page.locator(".notice.ok")).toHaveText("已处理 1 条评论。");
  await expect(row(page, posted.id)).toHaveCount(0);

  await reader.reload();
  const shown = reader.locator(`#comment-${posted.id}`);
  await expect(shown.locator(".comment-content")).toHaveText(content);
  await expect(shown).not.toHaveClass(/\bpending\b/);
  expect(await seenByOthers(browser, "1003", posted.id), "published: shown to everyone").toBe(1);
  await readerContext.close();

  await page.getByRole("link", { name: "审计日志" }).click();
  const entry = page.locator(`table.audit tr[data-comment="${posted.id}"]`);
  await expect(entry).toHaveCount(1);
  await expect(entry.locator("td").nth(1)).toHaveText(EDITOR.name);
  await expect(entry.locator("td").nth(2)).toHaveText("通过");
  await expect(entry.locator("td").nth(4)).toHaveText("待审核 → 已发布");

  // The language switch, as the reader has one.
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.locator("h1")).toHaveText("Audit log");
  await page.getByRole("link", { name: "Queue" }).click();
  await expect(page.locator("h1")).toHaveText("Comment queue");
  await page.getByRole("link", { name: "中文" }).click();
  await expect(page.locator("h1")).toHaveText("评论队列");
});

test("a rejected comment is never shown to readers and is listed as rejected", async ({ page, browser }) => {
  const readerContext = await browser.newContext({ serviceWorkers: "block" });
  const reader = await readerContext.newPage();
  const content = unique("会被拒绝");
  const posted = await postAsReader(reader, "1004", content);
  await logIn(page);
  // Filtered by its text, so only this journey's comment is in view.
  await page.getByLabel("内容").fill(content);
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page.locator("tbody tr[data-id]")).toHaveCount(1);
  await row(page, posted.id).getByRole("button", { name: "拒绝" }).click();
  await expect(page.locator(".notice.ok")).toHaveText("已处理 1 条评论。");
  await expect(page.getByLabel("内容")).toHaveValue(content);
  await expect(page.locator("tbody tr[data-id]")).toHaveCount(0);

  await page.getByLabel("状态").selectOption("rejected");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(row(page, posted.id).locator(".status")).toHaveText("已拒绝");
  expect(await seenByOthers(browser, "1004", posted.id)).toBe(0);
  await readerContext.close();
});

test("after logging out, /admin asks to log in again", async ({ page }) => {
  await logIn(page);
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(`${CONSOLE}/admin/login`);
  await page.goto(`${CONSOLE}/admin/audit`);
  await expect(page).toHaveURL(`${CONSOLE}/admin/login`);
  await expect(page.getByRole("button", { name: "登录" })).toBeVisible();
});

// axe-core, as a11y.spec.mjs runs it on the reader's pages: no serious or critical violation.
async function expectNoSeriousViolations(page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
}

test("the login page, a queue with a held comment and the ban page pass axe", async ({ page }) => {
  const content = unique("无障碍检查");
  const response = await page.request.post(`${CONSOLE}/api/articles/1001/comments`, {
    data: { author: unique("读者"), content, parent_id: null, client_id: unique("client") },
  });
  expect(response.status()).toBe(201);
  await page.goto(`${CONSOLE}/admin/login`);
  await expect(page.getByRole("button", { name: "登录" })).toBeVisible();
  await expectNoSeriousViolations(page);
  await logIn(page);
  await page.goto(`${CONSOLE}/admin?q=${encodeURIComponent(content)}`);
  await expect(page.locator("tbody tr[data-id]")).toHaveCount(1);
  await page.locator("tbody tr[data-id]").getByText("封禁作者").click();
  await expect(page.locator("tbody tr[data-id]").getByLabel("时长")).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.goto(`${CONSOLE}/admin/bans`);
  await expect(page.locator("h1")).toHaveText("封禁");
  await expectNoSeriousViolations(page);
});

test("the admin's pages pass axe: the word list and accounts with a new token", async ({ page }) => {
  await logIn(page, ADMIN);
  await page.goto(`${CONSOLE}/admin/words`);
  await expect(page.locator("h1")).toHaveText("敏感词");
  await expectNoSeriousViolations(page);
  await page.goto(`${CONSOLE}/admin/accounts`);
  await expect(page.locator("h1")).toHaveText("账号与令牌");
  await expectNoSeriousViolations(page);
  await page.getByLabel("为账号").selectOption(EDITOR.name);
  await page.getByRole("button", { name: "创建 API 令牌" }).click();
  await expect(page.locator("h1")).toHaveText("新的 API 令牌");
  await expect(page.getByLabel("令牌")).toHaveValue(/^[A-Za-z0-9_-]{43}$/);
  await expect(page.locator(".notice.ok")).toContainText("请现在复制并妥善保存：离开此页后它不会再显示");
  await expectNoSeriousViolations(page);
});

test.describe("writes the console refuses", () => {
  /** A pending comment, posted straight to the API, and the console's CSRF token. */
  async function setUp(page) {
    const content = unique("不该被通过");
    const response = await page.request.post(`${CONSOLE}/api/articles/1002/comments`, {
      data: { author: unique("读者"), content, parent_id: null, client_id: unique("client") },
    });
    expect(response.status()).toBe(201);
    const posted = await response.json();
    await logIn(page);
    await page.goto(`${CONSOLE}/admin?q=${encodeURIComponent(content)}`);
    await expect(row(page, posted.id)).toHaveAttribute("data-status", "pending");
    const csrf = await page.locator('#bulk input[name="csrf"]').inputValue();
    return { id: posted.id, content, csrf };
  }

  async function stillPending(page, { id, content }) {
    await page.goto(`${CONSOLE}/admin?q=${encodeURIComponent(content)}`);
    await expect(row(page, id)).toHaveAttribute("data-status", "pending");
    await page.goto(`${CONSOLE}/admin/audit`);
    await expect(page.locator(`table.audit tr[data-comment="${id}"]`)).toHaveCount(0);
  }

  test("a form another site posts, even with the token, is refused", async ({ page }) => {
    const comment = await setUp(page);
    // The attacker's page, on another origin, posts the console's own form at the editor.
    await page.route("http://evil.test/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><form method="post" action="${CONSOLE}/admin/act">
          <input type="hidden" name="csrf" value="${comment.csrf}">
          <input type="hidden" name="action" value="approve">
          <input type="hidden" name="item" value="${comment.id}:pending">
          <button>win a prize</button></form>`,
      }),
    );
    await page.goto("http://evil.test/prize.html");
    const answer = page.waitForResponse(`${CONSOLE}/admin/act`);
    await page.getByRole("button", { name: "win a prize" }).click();
    expect((await answer).status()).toBe(403);
    await expect(page.locator(".notice.error")).toHaveText("不接受来自其他网站的请求。");
    await stillPending(page, comment);
  });

  test("a request with a foreign Origin is refused, session cookie and token notwithstanding", async ({ page }) => {
    const comment = await setUp(page);
    const response = await page.request.post(`${CONSOLE}/admin/act`, {
      headers: { Origin: "https://evil.example" },
      form: { csrf: comment.csrf, action: "approve", item: `${comment.id}:pending` },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    await stillPending(page, comment);
  });

  test("a post without the CSRF token is refused", async ({ page }) => {
    const comment = await setUp(page);
    const response = await page.request.post(`${CONSOLE}/admin/act`, {
      headers: { Origin: CONSOLE },
      form: { action: "approve", item: `${comment.id}:pending` },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain("安全令牌");
    await stillPending(page, comment);

    // The same request with the token is what the console's own forms send, and it works.
    const ok = await page.request.post(`${CONSOLE}/admin/act`, {
      headers: { Origin: CONSOLE },
      form: { csrf: comment.csrf, action: "approve", item: `${comment.id}:pending` },
      maxRedirects: 0,
    });
    expect(ok.status()).toBe(303);
  });
});

test("an editor pins a published comment; readers see it first", async ({ page, browser }) => {
  // Two comments, approved: the newer heads the list until the older is pinned. (This server's
  // database has no demo comments, and no other journey publishes on this article.)
  const tag = unique("置顶");
  const ids = [];
  for (const label of ["先", "后"]) {
    const response = await page.request.post(`${CONSOLE}/api/articles/1008/comments`, {
      data: { author: unique("读者"), content: `${tag}${label}`, parent_id: null, client_id: unique("client") },
    });
    expect(response.status()).toBe(201);
    ids.push((await response.json()).id);
  }
  const [older, newer] = ids;
  await logIn(page);
  await queueWith(page, tag);
  await expect(page.locator("tbody tr[data-id]")).toHaveCount(2);
  await page.getByLabel("全选").check();
  await page.locator("#bulk").getByRole("button", { name: "通过" }).click();
  await expect(page.locator(".notice.ok")).toHaveText("已处理 2 条评论。");

  const context = await browser.newContext({ serviceWorkers: "block" });
  const reader = await context.newPage();
  const topThread = () => threads(reader).first().locator("article.comment").first();
  await reader.goto(`${CONSOLE}/articles/1008`);
  await expect(threads(reader)).toHaveCount(2);
  await expect(topThread()).toHaveAttribute("id", `comment-${newer}`);

  await queueWith(page, tag, "published");
  const mine = row(page, older);
  await expect(mine.locator(".badge.pinned")).toHaveCount(0);
  await mine.getByRole("button", { name: "置顶", exact: true }).click();
  await expect(page.locator(".notice.ok")).toHaveText("已处理 1 条评论。");
  await queueWith(page, tag, "published");
  await expect(row(page, older).locator(".badge.pinned")).toHaveText("置顶");
  await expect(row(page, older).getByRole("button", { name: "取消置顶" })).toBeVisible();
  await expect(row(page, newer).locator(".badge.pinned")).toHaveCount(0);

  await reader.reload();
  await expect(threads(reader)).toHaveCount(2);
  await expect(topThread()).toHaveAttribute("id", `comment-${older}`);
  await expect(topThread().locator(".comment-content")).toHaveText(`${tag}先`);
  await context.close();
});

test("an editor bans a comment's author by address; the reader's next comment is held as banned", async ({
  page,
  browser,
}) => {
  // The reader comes through the server's trusted proxy from an address of its own.
  const address = "203.0.113.77";
  const context = await browser.newContext({
    serviceWorkers: "block",
    extraHTTPHeaders: { "X-Forwarded-For": address },
  });
  const reader = await context.newPage();
  const first = unique("封禁之前");
  const posted = await postAsReader(reader, "1006", first);

  await logIn(page);
  await queueWith(page, first);
  const mine = row(page, posted.id);
  await expect(mine.locator(".reason")).toHaveText("先审后发");
  await mine.getByText("封禁作者").click();
  await expect(mine.getByLabel("地址")).toHaveValue(address);
  await mine.getByLabel("读者 ID").fill("");
  await mine.getByLabel("时长").selectOption({ label: "1 天" });
  await mine.getByRole("button", { name: "封禁", exact: true }).click();
  await expect(page.locator(".notice.ok")).toContainText("已封禁（#");

  const second = unique("封禁之后");
  const held = await postAsReader(reader, "1006", second);
  await context.close();
  await queueWith(page, second);
  await expect(row(page, held.id).locator(".reason")).toHaveText("作者被封禁");
  await expect(row(page, held.id).locator(".text")).toHaveText(second);

  // The ban page lists it; lifting it ends it.
  await page.getByRole("link", { name: "封禁", exact: true }).click();
  await expect(page.locator("h1")).toHaveText("封禁");
  const ban = page.locator("table.bans tbody tr").filter({ hasText: address });
  await expect(ban).toHaveCount(1);
  await ban.getByRole("button", { name: "解除" }).click();
  await expect(page.locator(".notice.ok")).toHaveText(/^封禁 #\d+ 已解除。$/);
  await expect(page.locator("table.bans tbody tr").filter({ hasText: address })).toHaveCount(0);
});

test("an admin adds a sensitive word; a comment spelling it with spaces and full-width letters is held with it marked", async ({
  page,
  browser,
}) => {
  // Letters only, unique to this run: no other journey's text can hold it.
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const word = `zz${Array.from({ length: 8 }, () => letters[Math.floor(Math.random() * 26)]).join("")}`;
  // Full-width capitals, a space between each: ｚ → Ｚ (U+FF3A) and so on.
  const disguised = [...word].map((c) => String.fromCharCode(c.toUpperCase().charCodeAt(0) + 0xfee0)).join(" ");

  // Editors may not change the list.
  await logIn(page);
  await expect(page.getByRole("link", { name: "敏感词" })).toHaveCount(0);
  const refused = await page.goto(`${CONSOLE}/admin/words`);
  expect(refused.status()).toBe(403);
  await page.getByRole("button", { name: "退出登录" }).click();

  await logIn(page, ADMIN);
  await page.getByRole("link", { name: "敏感词" }).click();
  await expect(page.locator("h1")).toHaveText("敏感词");
  const list = page.getByLabel(/每行一个词/);
  await list.fill(`${await list.inputValue()}\n${word}\n`);
  await page.getByRole("button", { name: "保存词表" }).click();
  await expect(page.locator(".notice.ok")).toContainText("已保存");
  await expect(page.getByLabel(/每行一个词/)).toHaveValue(new RegExp(`(^|\\n)${word}\\n`));

  const context = await browser.newContext({ serviceWorkers: "block" });
  const reader = await context.newPage();
  const content = `${unique("看这里")} ${disguised} 结束`;
  const posted = await postAsReader(reader, "1007", content);
  await context.close();

  await queueWith(page, content);
  const mine = row(page, posted.id);
  await expect(mine.locator(".reason")).toHaveText(`敏感词：${word}`);
  await expect(mine.locator(".reason mark")).toHaveText(word);
  await expect(mine.locator(".text mark")).toHaveText(disguised);
  await expect(mine.locator(".text")).toHaveText(content);
});
