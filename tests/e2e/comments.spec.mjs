// 网友评论: reading, sorting and paging the comments, posting (once, even on a double click or a
// retry), replying, liking, validation, drafts that survive a failure or a reload, markup kept as
// text, closed comments and comments held for review. The page is compared with what the API
// answers at the time rather than with constants.
//
// Journeys run in parallel against one server and database, so each article is written by at
// most one journey or one serial group (1001, 1006 and 1008 only read, 1002 liked, 1003-1005,
// 1007, 1009, 1010 posted to), and every nickname and text is unique to its test.
import {
  test, expect, article, displayDateTime, PAGE_SIZE, listing, commentIds, heading, threads, threadIds, settled,
} from "./fixtures.mjs";

const unique = (label) => `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Every comment of an article (all pages, replies flattened), newest threads first. */
async function everyComment(request, id) {
  const all = [];
  for (let page = 1; ; page++) {
    const body = await listing(request, id, { page, perPage: 100 });
    all.push(...body.items.flatMap(flatten));
    if (page * body.per_page >= body.total) return all;
  }
}

const flatten = (comment) => [comment, ...(comment.replies ?? []).flatMap(flatten)];

const threadOf = (page, id) => threads(page).filter({ has: page.locator(`> article#comment-${id}`) });
const form = (page) => page.locator("form.comment-form");
const submitButton = (page) => page.locator("button.submit-comment");
const storageItem = (page, key) => page.evaluate((k) => localStorage.getItem(k), key);

/** Opens an article and waits until its first page of comments is shown. */
async function openComments(page, request, id) {
  const first = await listing(request, id);
  await page.goto(`/articles/${id}`);
  await expect(page.locator("h1")).toHaveText(article(id).title);
  await expect(heading(page)).toHaveText(`网友评论（${first.count}）`);
  await expect(threads(page)).toHaveCount(first.items.length);
  await expect(page.locator(".comments-loading")).toHaveCount(0);
  return first;
}

/** POST requests to an article's comment endpoint, as the page sent them. */
function watchPosts(page, id) {
  const posts = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === `/api/articles/${id}/comments`) {
      posts.push(request.postDataJSON());
    }
  });
  return posts;
}

const isPostTo = (id) => (response) =>
  response.request().method() === "POST" && new URL(response.url()).pathname === `/api/articles/${id}/comments`;

async function write(page, name, content) {
  await page.locator("#comment-name").fill(name);
  await page.locator("#comment-content").fill(content);
}

test.describe("article 1001, read only", () => {
  const section = (page) => page.getByRole("region", { name: "网友评论" });
  const loadMore = (page) => section(page).getByRole("button", { name: "加载更多" });

  test("the heading counts the comments; the disclaimer is under it", async ({ page, request }) => {
    const first = await openComments(page, request, "1001");
    await expect(section(page)).toHaveAttribute("id", "comments");
    await expect(heading(page)).toHaveText(`网友评论（${first.count}）`);
    await expect(section(page).locator(".comments-disclaimer")).toHaveText(
      "网友评论仅供网友表达个人看法，并不表明本站同意其观点或证实其描述",
    );
  });

  test("the first page shows 20 threads, newest first, the top one as the API has it", async ({ page, request }) => {
    const first = await openComments(page, request, "1001");
    expect(first.total, "the demo has more than one page of threads on 1001").toBeGreaterThan(PAGE_SIZE);
    await expect(threads(page)).toHaveCount(PAGE_SIZE);
    expect(await threadIds(page)).toEqual(commentIds(first.items));
    await expect(page.locator("article.comment")).toHaveCount(first.items.flatMap(flatten).length);
    await expect(section(page).getByRole("button", { name: "最新" })).toHaveAttribute("aria-pressed", "true");

    const top = first.items[0];
    expect(top.region, "the demo's newest comment on 1001 has an IP 属地").toBeTruthy();
    const shown = page.locator(`#comment-${top.id}`);
    await expect(shown.locator(".comment-author")).toHaveText(top.author.name);
    await expect(shown.locator(".comment-content")).toHaveText(top.content);
    await expect(shown.locator(".like-count")).toHaveText(String(top.likes));
    await expect(shown.locator(".comment-region")).toHaveText(`IP属地：${top.region}`);
    await expect(shown.locator("time")).toHaveAttribute("datetime", top.created_at);
    await expect(shown.locator("time")).toHaveAttribute("title", displayDateTime(top.created_at));
  });

  test("加载更多 appends the next page, nothing twice, and the count stays", async ({ page, request }) => {
    const first = await openComments(page, request, "1001");
    expect(first.total, "the demo's 1001 has two pages of threads").toBeGreaterThan(PAGE_SIZE);
    expect(first.total, "the demo's 1001 has two pages of threads").toBeLessThanOrEqual(2 * PAGE_SIZE);
    const second = await listing(request, "1001", { page: 2 });
    await loadMore(page).click();
    await expect(threads(page)).toHaveCount(first.total);
    const ids = await threadIds(page);
    expect(new Set(ids).size, "no thread twice").toBe(ids.length);
    expect(ids).toEqual(commentIds([...first.items, ...second.items]));
    await expect(heading(page)).toHaveText(`网友评论（${first.count}）`);
    // The list is there (counted above): every thread is shown, so nothing more to load.
    await expect(loadMore(page)).toHaveCount(0);
  });

  // A reply to a reply says whom it answers (回复 @name); a reply to the thread's comment does not.
  test("every reply sits in its thread; a reply to a reply says whom it answers", async ({ page, request }) => {
    const first = await openComments(page, request, "1001");
    const second = await listing(request, "1001", { page: 2 });
    await loadMore(page).click();
    const expected = [...first.items, ...second.items];
    await expect(threads(page)).toHaveCount(expected.length);
    const shownThreads = await threads(page).evaluateAll((lis) =>
      lis.map((li) => ({
        id: li.querySelector(":scope > article.comment").id,
        replies: [...li.querySelectorAll(":scope > ol.comment-replies > li > article.comment")].map((a) => ({
          id: a.id,
          to: a.querySelector(".comment-reply-to")?.textContent ?? null,
        })),
      })),
    );
    const byId = new Map(expected.flatMap(flatten).map((c) => [c.id, c]));
    const wanted = expected.map((root) => ({
      id: `comment-${root.id}`,
      replies: flatten(root)
        .slice(1)
        .map((c) => ({
          id: `comment-${c.id}`,
          to: c.parent_id === root.id ? null : `回复 @${byId.get(c.parent_id).author.name}`,
        })),
    }));
    expect(wanted.some((t) => t.replies.some((r) => r.to)), "the demo has replies to replies").toBe(true);
    const bySortedId = (a, b) => (a.id < b.id ? -1 : 1);
    expect(shownThreads.map((t) => ({ ...t, replies: [...t.replies].sort(bySortedId) }))).toEqual(
      wanted.map((t) => ({ ...t, replies: [...t.replies].sort(bySortedId) })),
    );
  });

  for (const [name, sort] of [
    ["最早", "oldest"],
    ["最热", "hot"],
  ]) {
    test(`sort ${name}: the threads in the API's ${sort} order, the count and 加载更多 stay`, async ({ page, request }) => {
      const first = await openComments(page, request, "1001");
      const sorted = await listing(request, "1001", { sort });
      await section(page).getByRole("button", { name }).click();
      await expect(section(page).getByRole("button", { name })).toHaveAttribute("aria-pressed", "true");
      await expect(section(page).getByRole("button", { name: "最新" })).toHaveAttribute("aria-pressed", "false");
      await expect(page.locator(".comments-loading")).toHaveCount(0);
      await expect(threads(page)).toHaveCount(sorted.items.length);
      expect(await threadIds(page), `order for ${sort}`).toEqual(commentIds(sorted.items));
      await expect(loadMore(page)).toBeVisible();
      await expect(heading(page)).toHaveText(`网友评论（${first.count}）`);
    });
  }
});

/** Writes and posts a new comment to 1003, and returns the server's answer. */
async function postTo1003(page, name, content) {
  await write(page, name, content);
  const answer = page.waitForResponse(isPostTo("1003"));
  await submitButton(page).click();
  const response = await answer;
  expect(response.status()).toBe(201);
  return response.json();
}

// Both post to 1003 and compare counts with the API: one after the other, never at once.
test.describe("posting a comment", () => {
  test.describe.configure({ mode: "serial" });

  test("the new comment is on top with its text, the count is one more, the form is emptied", async ({
    page,
    request,
  }) => {
    const before = await openComments(page, request, "1003");
    const name = unique("读者");
    const content = `${unique("食堂好")}\n第二行也要保留`;
    await page.locator("button.write-comment").click();
    await expect(page.locator("#comment-content")).toBeFocused();
    await write(page, name, content);
    await expect(page.locator("#comment-content-counter")).toHaveText(`${[...content].length}/1000`);
    const posted = await postTo1003(page, name, content);

    await expect(page.locator("p.comment-notice")).toHaveText("评论已发表。");
    await expect(page.locator("p.comment-notice")).toHaveAttribute("role", "status");
    await expect(heading(page)).toHaveText(`网友评论（${before.count + 1}）`);
    expect(await threadIds(page).then((ids) => ids[0])).toBe(`comment-${posted.id}`);
    const mine = page.locator(`#comment-${posted.id}`);
    await expect(mine.locator(".comment-author")).toHaveText(name);
    expect(await mine.locator(".comment-content").textContent()).toBe(content);
    await expect(mine.locator("time")).toHaveText("刚刚");
    await expect(mine.locator("time")).toHaveAttribute("title", displayDateTime(posted.created_at));
    // Posted from loopback, and the journeys' server has no IP database: no 属地, and none made up.
    expect(posted.region, "the server's answer has no region").toBeUndefined();
    await expect(mine.locator(".comment-meta")).toBeVisible();
    await expect(mine.locator(".comment-region")).toHaveCount(0);
    await expect(mine.locator(".like-count")).toHaveText("0");
    await expect(page.locator("#comment-content")).toHaveValue("");
    await expect(page.locator("#comment-content-counter")).toHaveText("0/1000");
    expect(await storageItem(page, "news-reader.draft.1003.-"), "the draft is gone once posted").toBeNull();

    const after = await listing(request, "1003");
    expect(after.count).toBe(before.count + 1);
    expect(after.items[0]).toMatchObject({ id: posted.id, content, author: { name } });
  });

  test("after a reload the nickname is remembered and the comment is listed from the server", async ({
    page,
    request,
  }) => {
    await openComments(page, request, "1003");
    const name = unique("读者");
    const content = `${unique("记住我")}\n第二行`;
    const posted = await postTo1003(page, name, content);
    await expect(page.locator("p.comment-notice")).toHaveText("评论已发表。");
    const after = await listing(request, "1003");

    await page.reload();
    await expect(heading(page)).toHaveText(`网友评论（${after.count}）`);
    await expect(page.locator("#comment-name")).toHaveValue(name);
    await expect(page.locator("#comment-content")).toHaveValue("");
    await expect(threads(page)).toHaveCount(after.items.length);
    expect((await threadIds(page))[0]).toBe(`comment-${posted.id}`);
    expect(await page.locator(`#comment-${posted.id} .comment-content`).textContent()).toBe(content);
  });
});

// Both variants post to 1004 and compare counts with the API: one after the other, never at once.
test.describe("double submit", () => {
  test.describe.configure({ mode: "serial" });

  for (const how of ["dblclick", "two clicks in one task"]) {
    test(`a double submit (${how}) posts once`, async ({ page, request }) => {
      await openComments(page, request, "1004");
      const posts = watchPosts(page, "1004");
      // The post is held back until both clicks are in, so the second lands while the first
      // is on its way.
      let release;
      const held = new Promise((resolve) => (release = resolve));
      await page.route(
        (url) => url.pathname === "/api/articles/1004/comments",
        async (route) => {
          if (route.request().method() !== "POST") return route.fallback();
          await held;
          return route.fallback();
        },
      );
      const content = unique("只发一次");
      await write(page, unique("手快"), content);
      const answer = page.waitForResponse(isPostTo("1004"));
      if (how === "dblclick") {
        await submitButton(page).dblclick();
      } else {
        await submitButton(page).evaluate((button) => {
          button.click();
          button.click();
        });
      }
      await expect(submitButton(page)).toBeDisabled();
      await expect(submitButton(page)).toHaveText("正在发表…");
      release();
      await answer;
      await expect(page.locator("p.comment-notice")).toHaveText("评论已发表。");
      await expect(submitButton(page)).toBeEnabled();
      await expect(submitButton(page)).toHaveText("发表评论");
      await expect(page.locator("article.comment .comment-content").filter({ hasText: content })).toHaveCount(1);

      const stored = (await everyComment(request, "1004")).filter((c) => c.content === content);
      expect(stored, "comments with this text on the server").toHaveLength(1);
      expect(posts, "POST requests sent").toHaveLength(1);
    });
  }
});

test("reply: 回复 @name with 取消回复, the reply lands in its thread, a reply to it says whom it answers", async ({
  page,
  request,
}) => {
  const before = await openComments(page, request, "1005");
  const root = before.items[0];
  const thread = threadOf(page, root.id);
  const repliesBefore = flatten(root).length - 1;
  await expect(thread.locator("ol.comment-replies > li")).toHaveCount(repliesBefore);

  await page.locator(`#comment-${root.id} button.comment-reply`).click();
  const replying = page.locator(".comment-replying");
  await expect(replying).toContainText(`回复 @${root.author.name}`);
  await expect(page.locator("#comment-content")).toBeFocused();
  await replying.getByRole("button", { name: "取消回复" }).click();
  await expect(replying).toHaveCount(0);

  await page.locator(`#comment-${root.id} button.comment-reply`).click();
  await expect(replying).toContainText(`回复 @${root.author.name}`);
  // The app moves the cursor to the comment box on the next frame: type only once it has.
  await expect(page.locator("#comment-content")).toBeFocused();
  const name = unique("回复者");
  const content = unique("同意楼主");
  await write(page, name, content);
  const answer = page.waitForResponse(isPostTo("1005"));
  await submitButton(page).click();
  const posted = await (await answer).json();
  expect(posted.parent_id).toBe(root.id);

  await expect(page.locator("p.comment-notice")).toHaveText("评论已发表。");
  await expect(replying, "the form is back to a new comment").toHaveCount(0);
  await expect(heading(page)).toHaveText(`网友评论（${before.count + 1}）`);
  const replies = thread.locator("ol.comment-replies > li > article.comment");
  await expect(replies).toHaveCount(repliesBefore + 1);
  await expect(replies.last()).toHaveAttribute("id", `comment-${posted.id}`);
  await expect(replies.last().locator(".comment-author")).toHaveText(name);
  await expect(replies.last().locator(".comment-content")).toHaveText(content);
  await expect(replies.last().locator(".comment-reply-to"), "a reply to the thread's comment").toHaveCount(0);
  expect((await threadIds(page))[0], "no new thread").toBe(`comment-${root.id}`);

  // A reply to that reply: same thread, 回复 @name.
  await page.locator(`#comment-${posted.id} button.comment-reply`).click();
  await expect(replying).toContainText(`回复 @${name}`);
  await expect(page.locator("#comment-content")).toBeFocused();
  const second = unique("楼上说得对");
  await page.locator("#comment-content").fill(second);
  const answer2 = page.waitForResponse(isPostTo("1005"));
  await submitButton(page).click();
  const posted2 = await (await answer2).json();
  await expect(replies).toHaveCount(repliesBefore + 2);
  await expect(replies.last()).toHaveAttribute("id", `comment-${posted2.id}`);
  await expect(replies.last().locator(".comment-reply-to")).toHaveText(`回复 @${name}`);
  await expect(heading(page)).toHaveText(`网友评论（${before.count + 2}）`);

  const after = await listing(request, "1005");
  expect(after.count).toBe(before.count + 2);
  const apiRoot = after.items.find((c) => c.id === root.id);
  const reply = flatten(apiRoot).find((c) => c.id === posted.id);
  expect(reply).toMatchObject({ parent_id: root.id, content, author: { name } });
  expect(flatten(apiRoot).find((c) => c.id === posted2.id)).toMatchObject({ parent_id: posted.id, content: second });

  // The same after a reload, from the server's answer.
  await page.reload();
  await expect(heading(page)).toHaveText(`网友评论（${after.count}）`);
  await expect(replies).toHaveCount(repliesBefore + 2);
  await expect(page.locator(`#comment-${posted2.id} .comment-reply-to`)).toHaveText(`回复 @${name}`);
});

test("like toggles, reaches the server and is remembered after a reload; unlike undoes it", async ({
  page,
  request,
}) => {
  const before = await openComments(page, request, "1002");
  const target = before.items[0];
  const like = page.locator(`#comment-${target.id} button.comment-like`);
  await expect(like).toHaveAttribute("aria-pressed", "false");
  await expect(like.locator(".like-count")).toHaveText(String(target.likes));
  await expect(like).toContainText("赞");

  const likeCall = (method) => (r) =>
    r.request().method() === method && new URL(r.url()).pathname === `/api/comments/${target.id}/like`;
  const liked = page.waitForResponse(likeCall("POST"));
  await like.click();
  await expect(like).toHaveAttribute("aria-pressed", "true");
  await expect(like.locator(".like-count")).toHaveText(String(target.likes + 1));
  await expect(like).toContainText("已赞");
  const response = await liked;
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ likes: target.likes + 1 });
  const reader = await storageItem(page, "news-reader.reader");
  expect(reader).toBeTruthy();
  expect(response.request().postDataJSON()).toEqual({ client_id: reader });
  await expect.poll(() => storageItem(page, "news-reader.liked")).toContain(target.id);
  expect((await listing(request, "1002")).items.find((c) => c.id === target.id).likes).toBe(target.likes + 1);

  await page.reload();
  await expect(like).toHaveAttribute("aria-pressed", "true");
  await expect(like.locator(".like-count")).toHaveText(String(target.likes + 1));

  const unliked = page.waitForResponse(likeCall("DELETE"));
  await like.click();
  await expect(like).toHaveAttribute("aria-pressed", "false");
  await expect(like.locator(".like-count")).toHaveText(String(target.likes));
  expect(await (await unliked).json()).toEqual({ likes: target.likes });
  expect((await listing(request, "1002")).items.find((c) => c.id === target.id).likes).toBe(target.likes);
  await page.reload();
  await expect(like).toHaveAttribute("aria-pressed", "false");
  await expect(like.locator(".like-count")).toHaveText(String(target.likes));
});

test.describe("validation in the page (1006)", () => {
  const name = (page) => page.locator("#comment-name");
  const content = (page) => page.locator("#comment-content");
  const contentError = (page) => page.locator("#comment-content-error");
  const nameError = (page) => page.locator("#comment-name-error");

  /**
   * Submits a valid comment, its POST stopped on the way (1006 is only read): that it is the
   * first POST the page sent shows the refused ones sent nothing.
   */
  async function nothingSentBefore(page, posts) {
    await page.route(
      (url) => url.pathname === "/api/articles/1006/comments",
      (route) => (route.request().method() === "POST" ? route.abort() : route.fallback()),
    );
    const text = unique("这条才发");
    await write(page, unique("校验"), text);
    const sent = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/api/articles/1006/comments");
    await submitButton(page).click();
    await sent;
    expect(posts.map((p) => p.content), "POST requests sent").toEqual([text]);
  }

  test("the fields are labelled and point at their messages", async ({ page, request }) => {
    await openComments(page, request, "1006");
    await expect(content(page)).toHaveAttribute("aria-describedby", /\bcomment-content-error\b/);
    await expect(name(page)).toHaveAttribute("aria-describedby", /\bcomment-name-error\b/);
    await expect(page.getByLabel("昵称")).toHaveAttribute("id", "comment-name");
    await expect(page.getByLabel("评论内容")).toHaveAttribute("id", "comment-content");
  });

  test("an empty comment, or only spaces, is refused and nothing is sent", async ({ page, request }) => {
    await openComments(page, request, "1006");
    const posts = watchPosts(page, "1006");
    await name(page).fill(unique("校验"));
    await submitButton(page).click();
    await expect(contentError(page)).toBeVisible();
    await expect(contentError(page)).toHaveText("请输入评论内容。");
    await expect(contentError(page)).toHaveAttribute("role", "alert");
    await expect(content(page)).toHaveAttribute("aria-invalid", "true");
    await expect(content(page)).toBeFocused();
    await expect(name(page)).toHaveAttribute("aria-invalid", "false");

    await content(page).fill("   \n  ");
    await expect(contentError(page), "typing clears the message").toBeEmpty();
    await submitButton(page).click();
    await expect(contentError(page)).toHaveText("请输入评论内容。");
    await nothingSentBefore(page, posts);
  });

  test("1000 characters are allowed, 1001 are refused and nothing is sent", async ({ page, request }) => {
    await openComments(page, request, "1006");
    const posts = watchPosts(page, "1006");
    await name(page).fill(unique("校验"));
    const counter = page.locator("#comment-content-counter");
    await content(page).fill("评".repeat(1000));
    await expect(counter).toHaveText("1000/1000");
    await expect(counter).not.toHaveClass(/\bover\b/);
    await content(page).fill("评".repeat(1001));
    await expect(counter).toHaveText("1001/1000");
    await expect(counter).toHaveClass(/\bover\b/);
    await expect(content(page)).toHaveAttribute("aria-invalid", "false");
    await submitButton(page).click();
    await expect(contentError(page)).toHaveText("评论不能超过1000字。");
    await expect(content(page)).toHaveAttribute("aria-invalid", "true");

    await content(page).fill(unique("正常的评论"));
    await expect(contentError(page), "a fixed text clears the message").toBeEmpty();
    await expect(content(page)).toHaveAttribute("aria-invalid", "false");
    await nothingSentBefore(page, posts);
  });

  test("an empty nickname is refused and nothing is sent", async ({ page, request }) => {
    await openComments(page, request, "1006");
    const posts = watchPosts(page, "1006");
    await content(page).fill(unique("正常的评论"));
    await name(page).fill("");
    await submitButton(page).click();
    await expect(nameError(page)).toHaveText("请输入昵称。");
    await expect(nameError(page)).toHaveAttribute("role", "alert");
    await expect(name(page)).toHaveAttribute("aria-invalid", "true");
    await expect(name(page)).toBeFocused();
    await expect(contentError(page)).toBeEmpty();
    await nothingSentBefore(page, posts);
  });
});

test("a 500 keeps the text and the draft; 重试 posts it once with the same client_id", async ({ page, request }) => {
  const before = await openComments(page, request, "1007");
  const posts = watchPosts(page, "1007");
  const isPost = (url) => url.pathname === "/api/articles/1007/comments";
  await page.route(isPost, (route) =>
    route.request().method() === "POST"
      ? route.fulfill({
          status: 500,
          contentType: "application/json; charset=utf-8",
          body: '{"error":{"code":"x","message":"服务器开小差了"}}',
        })
      : route.fallback(),
  );
  const name = unique("坚持");
  const content = `${unique("这条不能丢")}\n真的`;
  await write(page, name, content);
  await submitButton(page).click();

  const failure = page.locator(".comment-post-error");
  await expect(failure).toHaveAttribute("role", "alert");
  await expect(failure).toContainText("服务器开小差了");
  await expect(page.locator("#comment-content")).toHaveValue(content);
  await expect(page.locator("#comment-name")).toHaveValue(name);
  await expect(submitButton(page)).toBeEnabled();
  expect(posts).toHaveLength(1);
  const clientId = posts[0].client_id;
  expect(clientId).toBeTruthy();
  expect(posts[0]).toMatchObject({ author: name, content, parent_id: null });
  expect(await storageItem(page, "news-reader.draft.1007.-")).toBe(`${clientId}\n${content}`);
  await expect(heading(page)).toHaveText(`网友评论（${before.count}）`);
  expect((await everyComment(request, "1007")).filter((c) => c.content === content)).toHaveLength(0);

  await page.unroute(isPost);
  const answer = page.waitForResponse(isPostTo("1007"));
  await failure.getByRole("button", { name: "重试" }).click();
  const posted = await (await answer).json();
  await expect(page.locator("p.comment-notice")).toHaveText("评论已发表。");
  await expect(failure).toHaveCount(0);
  await expect(heading(page)).toHaveText(`网友评论（${before.count + 1}）`);
  expect((await threadIds(page))[0]).toBe(`comment-${posted.id}`);
  await expect(page.locator("#comment-content")).toHaveValue("");
  expect(await storageItem(page, "news-reader.draft.1007.-")).toBeNull();

  expect(posts).toHaveLength(2);
  expect(posts[1].client_id, "the retry carries the failed attempt's client_id").toBe(clientId);
  expect((await everyComment(request, "1007")).filter((c) => c.content === content)).toHaveLength(1);
});

test("an answer lost after the server stored the comment: 重试 does not store it twice", async ({ page, request }) => {
  const before = await openComments(page, request, "1009");
  expect(before.count, "1009 has no demo comments").toBe(0);
  await expect(page.locator("#comments .empty")).toHaveText("还没有评论，来说两句吧。");
  const posts = watchPosts(page, "1009");
  const isPost = (url) => url.pathname === "/api/articles/1009/comments";
  // The server gets and stores the post, the reader gets a 502 from a proxy.
  await page.route(isPost, async (route) => {
    if (route.request().method() !== "POST") return route.fallback();
    const stored = await route.fetch();
    expect(stored.status()).toBe(201);
    return route.fulfill({ status: 502, contentType: "application/json", body: '{"error":{"code":"x","message":"网关超时"}}' });
  });
  const content = unique("只存一份");
  await write(page, unique("网不好"), content);
  await submitButton(page).click();
  await expect(page.locator(".comment-post-error")).toContainText("网关超时");
  await expect(page.locator("#comment-content")).toHaveValue(content);

  await page.unroute(isPost);
  await page.locator(".comment-post-error").getByRole("button", { name: "重试" }).click();
  await expect(page.locator("p.comment-notice")).toHaveText("评论已发表。");
  await expect(page.locator("article.comment .comment-content").filter({ hasText: content })).toHaveCount(1);
  await expect(heading(page)).toHaveText(`网友评论（${before.count + 1}）`);
  await expect(page.locator("#comments .empty")).toHaveCount(0);
  expect(posts.map((p) => p.client_id)).toEqual([posts[0].client_id, posts[0].client_id]);
  expect((await everyComment(request, "1009")).filter((c) => c.content === content)).toHaveLength(1);
  expect((await listing(request, "1009")).count).toBe(before.count + 1);
});

test("a reload restores the draft, for a new comment and, separately, for a reply", async ({ page, request }) => {
  const before = await openComments(page, request, "1008");
  const posts = watchPosts(page, "1008");
  const [first, other] = before.items;
  const content = page.locator("#comment-content");
  const topDraft = `${unique("还没写完")}\n第二段`;
  await content.fill(topDraft);
  await expect.poll(() => storageItem(page, "news-reader.draft.1008.-")).toMatch(new RegExp(`^[^\\n]+\\n${topDraft}$`));
  await page.reload();
  await expect(content).toHaveValue(topDraft);
  await expect(page.locator("#comment-content-counter")).toHaveText(`${[...topDraft].length}/1000`);

  const reply = (id) => page.locator(`#comment-${id} button.comment-reply`);
  await reply(first.id).click();
  await expect(page.locator(".comment-replying")).toContainText(`回复 @${first.author.name}`);
  await expect(content, "a reply has its own draft").toHaveValue("");
  const replyDraft = unique("回复草稿");
  await content.fill(replyDraft);
  await expect.poll(() => storageItem(page, `news-reader.draft.1008.${first.id}`)).toMatch(new RegExp(`\\n${replyDraft}$`));

  await page.reload();
  await expect(content).toHaveValue(topDraft);
  await expect(page.locator(".comment-replying")).toHaveCount(0);
  await reply(first.id).click();
  await expect(content).toHaveValue(replyDraft);
  await reply(other.id).click();
  await expect(page.locator(".comment-replying")).toContainText(`回复 @${other.author.name}`);
  await expect(content).toHaveValue("");
  await reply(first.id).click();
  await expect(content).toHaveValue(replyDraft);
  await page.locator(".comment-replying").getByRole("button", { name: "取消回复" }).click();
  await expect(content).toHaveValue(topDraft);
  expect(posts, "nothing was posted").toEqual([]);
});

test("markup in a comment and a nickname is shown as text, never run", async ({ page, request }) => {
  await openComments(page, request, "1010");
  const content = `<img src=x onerror=window.__xss=1>\n<script>window.__xss=2</script>${unique(" ")}`;
  const name = unique("<b>粗</b>");
  await write(page, name, content);
  const answer = page.waitForResponse(isPostTo("1010"));
  await submitButton(page).click();
  const posted = await (await answer).json();
  expect(posted.content, "the server keeps the text as written").toBe(content);

  const check = async (when) => {
    const shown = page.locator(`#comment-${posted.id}`);
    await expect(shown).toBeVisible();
    // As a reader sees it: threads far off screen are not laid out (content-visibility), and
    // innerText reads text as laid out.
    await shown.scrollIntoViewIfNeeded();
    const text = shown.locator(".comment-content");
    expect(await text.textContent(), when).toBe(content);
    expect(await shown.locator(".comment-author").textContent(), when).toBe(name);
    expect(await shown.locator("img, script, b").count(), `${when}: elements made from the text`).toBe(0);
    expect(await text.evaluate((el) => getComputedStyle(el).whiteSpace), `${when}: line breaks shown`).toBe("pre-wrap");
    expect(await text.evaluate((el) => el.innerText), when).toContain("\n");
    await settled(page);
    expect(await page.evaluate(() => typeof window.__xss), when).toBe("undefined");
  };
  await check("just posted");
  await page.reload();
  await expect(page.locator(`#comment-${posted.id}`)).toBeVisible();
  await check("from the server");
});

test.describe("comments closed on the article (comments_open: false)", () => {
  test.beforeEach(async ({ page }) => {
    await page.route("**/api/articles/1006", async (route) => {
      const response = await route.fetch();
      const json = await response.json();
      expect(json.comments_open).toBe(true);
      await route.fulfill({ response, json: { ...json, comments_open: false } });
    });
  });

  test("本文已关闭评论, no form, the comments still listed", async ({ page, request }) => {
    const first = await openComments(page, request, "1006");
    const section = page.locator("#comments");
    await expect(section).toBeVisible();
    await expect(section.locator(".comments-status")).toHaveText("本文已关闭评论。");
    await expect(section.locator("form, textarea, input, #comment-form")).toHaveCount(0);
    await expect(section.locator("button.write-comment")).toHaveCount(0);
    await expect(section.locator("button.submit-comment")).toHaveCount(0);
    expect(await threadIds(page)).toEqual(first.items.map((c) => `comment-${c.id}`));
  });

  // Closed means closed: no 回复 that would lead to a form that is not there.
  test("no dead 回复 buttons when comments are closed", async ({ page, request }) => {
    const first = await openComments(page, request, "1006");
    expect(first.items.length, "1006 has comments to answer").toBeGreaterThan(0);
    await expect(page.locator("#comments article.comment")).toHaveCount(first.items.flatMap(flatten).length);
    await expect(page.locator("#comments button.comment-reply")).toHaveCount(0);
  });
});

test.describe("held for review (server with --moderate)", () => {
  test.use({ baseURL: "http://127.0.0.1:4176" });

  test("a post shows 审核中，仅自己可见, is not counted and not listed for others", async ({ page, request }) => {
    const before = await openComments(page, request, "1001");
    const content = unique("等待审核");
    await write(page, unique("新读者"), content);
    const answer = page.waitForResponse(isPostTo("1001"));
    await submitButton(page).click();
    const response = await answer;
    expect(response.status()).toBe(201);
    const posted = await response.json();
    expect(posted.status).toBe("pending");

    await expect(page.locator("p.comment-notice")).toHaveText("评论已提交，审核通过后对所有人可见。");
    const mine = page.locator(`#comment-${posted.id}`);
    await expect(mine).toHaveClass(/\bpending\b/);
    await expect(mine.locator(".comment-pending")).toHaveText("审核中，仅自己可见");
    await expect(mine.locator(".comment-content")).toHaveText(content);
    await expect(mine.locator("button.comment-like, button.comment-reply"), "nothing to like or answer yet").toHaveCount(0);
    expect((await threadIds(page))[0]).toBe(`comment-${posted.id}`);
    await expect(heading(page)).toHaveText(`网友评论（${before.count}）`);
    await expect(page.locator("#comment-content")).toHaveValue("");

    const after = await listing(request, "1001");
    expect(after.count).toBe(before.count);
    expect((await everyComment(request, "1001")).some((c) => c.content === content)).toBe(false);
  });

  // The label promises 仅自己可见: the app keeps the reader's pending comment across reloads.
  test("the author still sees a pending comment after a reload", async ({ page, request }) => {
    await openComments(page, request, "1001");
    const content = unique("刷新后还在吗");
    await write(page, unique("新读者"), content);
    await submitButton(page).click();
    await expect(page.locator(".comment-pending")).toHaveCount(1);
    await page.reload();
    await expect(page.locator("article.comment").filter({ hasText: content }).locator(".comment-pending")).toHaveText(
      "审核中，仅自己可见",
    );
  });
});

test("a page of 300 threads shows its first threads at once and the rest soon after, in order", async ({ page }) => {
  const THREADS = 300;
  const items = Array.from({ length: THREADS }, (_, i) => ({
    id: `big-${i}`,
    author: { name: `读者${i}` },
    content: `第${i}条评论：公交开通以后上班方便多了。`,
    created_at: "2026-11-20T08:00:00+08:00",
    likes: 0,
    status: "published",
  }));
  await page.route("**/api/articles/1005/comments?*", (route) =>
    route.request().method() === "GET"
      ? route.fulfill({ json: { items, page: 1, per_page: THREADS, total: THREADS, count: THREADS } })
      : route.fallback(),
  );
  // How many threads the list held when the first one arrived (a mutation observer runs right
  // after each batch of DOM changes, before the next frame).
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const shown = document.querySelectorAll("ol.comment-list > li.comment-thread").length;
      if (shown > 0) {
        window.__firstBatch = shown;
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto("/articles/1005");
  await expect(threads(page).first()).toBeVisible();
  // The first screen is built (and painted) before the rest.
  expect(await page.evaluate(() => window.__firstBatch)).toBeLessThanOrEqual(20);
  await expect(threads(page)).toHaveCount(THREADS);
  expect(await threadIds(page)).toEqual(items.map((c) => `comment-${c.id}`));
  await expect(heading(page)).toHaveText(`网友评论（${THREADS}）`);
});

// On 1008, which no journey posts to: openComments compares the page with the API.
test("a like the server refuses is rolled back, says so, and is not remembered", async ({ page, request }) => {
  const before = await openComments(page, request, "1008");
  const target = before.items[0];
  await page.route(`**/api/comments/${target.id}/like`, (route) =>
    route.fulfill({ status: 503, json: { error: { code: "busy", message: "稍后再试" } } }),
  );
  const like = page.locator(`#comment-${target.id} button.comment-like`);
  await like.click();
  const alert = page.locator(`#comment-${target.id}`).getByRole("alert");
  await expect(alert).toHaveText("点赞没有成功，请稍后再试。");
  await expect(like).toHaveAttribute("aria-pressed", "false");
  await expect(like.locator(".like-count")).toHaveText(String(target.likes));
  expect((await storageItem(page, "news-reader.liked")) ?? "").not.toContain(target.id);
});
