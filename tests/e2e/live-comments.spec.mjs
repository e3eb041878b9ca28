// Live comments (docs/api.md, "Live comments"): two readers on one article, one posts, and the
// other learns of it within 2 seconds as a "1 条新评论" button that puts the comment on top,
// once, when pressed; a comment approved by an editor (admin API) arrives the same way; a
// connection cut and restored, or a page hidden and shown again, resumes where it was, missing and
// repeating nothing; and a backend without the stream changes nothing.
//
// Against servers of their own (playwright.config.mjs): 4184 publishes at once, 4185 holds every
// comment for review and has an editor's API token made before it starts. Each journey has an
// article to itself, so every new comment it sees is its own doing.
import net from "node:net";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import { test, expect, article, listing, heading, threads, threadIds } from "./fixtures.mjs";

const LIVE = "http://127.0.0.1:4184";
const MODERATED = "http://127.0.0.1:4185";
/** Written by 4185's webServer command: `news-server token add` prints the token on its last line. */
const TOKEN_FILE = resolve(dirname(fileURLToPath(import.meta.url)), "../../target/e2e-4185.token");
/** The promise: a reader learns of a new comment within 2 seconds. */
const PROMPTLY = 2000;

const unique = (label) => `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const isEvents = (url) => new URL(url).pathname.endsWith("/comments/events");
const newComments = (page, n) => page.getByRole("button", { name: `${n} 条新评论` });
const button = (page) => page.locator(".new-comments > button");

/**
 * Opens an article and waits until its first page of comments is shown and its stream of new
 * comments is open. Returns that first page, as the API has it.
 */
async function openLive(page, request, id, origin = "") {
  const first = await listing(request, id);
  const streamOpen = page.waitForResponse((r) => isEvents(r.url()) && r.status() === 200);
  await page.goto(`${origin}/articles/${id}`);
  await expect(page.locator("h1")).toHaveText(article(id).title);
  await expect(heading(page)).toHaveText(`网友评论（${first.count}）`);
  await expect(threads(page)).toHaveCount(first.items.length);
  await streamOpen;
  return first;
}

/** A second reader: a browser context of its own, whose uncaught errors are collected too. */
async function otherReader(browser, baseURL) {
  const context = await browser.newContext({ baseURL, serviceWorkers: "block" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(`${error.name}: ${error.message}`));
  return { context, page, errors };
}

/** Posts through the page's form; returns the stored comment once the server has answered. */
async function postInPage(page, id, content) {
  await page.locator("#comment-name").fill(unique("读者"));
  await page.locator("#comment-content").fill(content);
  const answer = page.waitForResponse(
    (r) => r.request().method() === "POST" && new URL(r.url()).pathname === `/api/articles/${id}/comments`,
  );
  await page.locator("button.submit-comment").click();
  const response = await answer;
  expect(response.status()).toBe(201);
  return response.json();
}

/** Posts straight to the API (no page involved), as another reader's browser would. */
async function postByApi(request, id, content) {
  const response = await request.post(`/api/articles/${id}/comments`, {
    headers: { "Content-Type": "application/json" },
    data: JSON.stringify({ author: unique("读者"), content, client_id: unique("live-") }),
  });
  expect(response.status()).toBe(201);
  return response.json();
}

/**
 * A TCP relay to the server that can cut every connection through it (and refuse new ones)
 * until restored: what a dropped network does to an open stream.
 */
async function cuttableRelay(port) {
  const sockets = new Set();
  let cut = false;
  const relay = net.createServer((client) => {
    if (cut) return client.destroy();
    const upstream = net.connect(port, "127.0.0.1");
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise((done) => relay.listen(0, "127.0.0.1", done));
  return {
    origin: `http://127.0.0.1:${relay.address().port}`,
    cut() {
      cut = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      cut = false;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((done) => relay.close(done));
    },
  };
}

test.describe("live comments, published at once", () => {
  test.use({ baseURL: LIVE });

  test("another reader's comment is announced within 2 s and, pressed, shown on top once; the poster's own is not counted twice", async ({
    page,
    browser,
    request,
  }) => {
    const before = await openLive(page, request, "1003");
    const shownBefore = await threadIds(page);
    const other = await otherReader(browser, LIVE);
    await openLive(other.page, request, "1003");

    const theirs = await postInPage(other.page, "1003", unique("刚从现场回来，人很多"));
    // Measured from the post's answer.
    await expect(newComments(page, 1)).toBeVisible({ timeout: PROMPTLY });
    await expect(heading(page)).toHaveText(`网友评论（${before.count + 1}）`);
    await expect(page.locator(".new-comments")).toHaveAttribute("aria-live", "polite");
    expect(await threadIds(page), "nothing moves before the reader asks").toEqual(shownBefore);
    await expect(page.locator(`#comment-${theirs.id}`)).toHaveCount(0);

    await newComments(page, 1).click();
    expect((await threadIds(page)).slice(0, 2)).toEqual([`comment-${theirs.id}`, shownBefore[0]]);
    await expect(page.locator(`#comment-${theirs.id}`)).toHaveCount(1);
    await expect(page.locator(`#comment-${theirs.id} .comment-content`)).toHaveText(theirs.content);
    await expect(button(page)).toBeHidden();
    await expect(threads(page).first(), "the focus is where the new comments are").toBeFocused();
    await expect(heading(page)).toHaveText(`网友评论（${before.count + 1}）`);

    // The poster's page got its own comment's event too. Events come in order, so once it has
    // the next one (this reader's), it has handled its own: shown once, counted once.
    const mine = await postInPage(page, "1003", unique("我也说一句"));
    await expect(newComments(other.page, 1)).toBeVisible({ timeout: PROMPTLY });
    await expect(other.page.locator(`#comment-${theirs.id}`)).toHaveCount(1);
    await expect(heading(other.page)).toHaveText(`网友评论（${before.count + 2}）`);
    await newComments(other.page, 1).click();
    expect((await threadIds(other.page)).slice(0, 3)).toEqual([`comment-${mine.id}`, `comment-${theirs.id}`, shownBefore[0]]);
    await expect(heading(page)).toHaveText(`网友评论（${before.count + 2}）`);
    await expect(page.locator(`#comment-${mine.id}`)).toHaveCount(1);

    const after = await listing(request, "1003");
    expect(after.count).toBe(before.count + 2);
    expect(other.errors, "uncaught errors in the other reader's page").toEqual([]);
    await other.context.close();
  });

  test("a cut connection is resumed after the last event: the comment posted meanwhile arrives, nothing twice", async ({
    page,
    request,
  }) => {
    const relay = await cuttableRelay(4184);
    const streams = [];
    page.on("request", (r) => isEvents(r.url()) && streams.push(r.url()));
    const before = await openLive(page, request, "1005", relay.origin);
    expect(new URL(streams[0]).searchParams.has("last_event_id"), "a first stream starts from now").toBe(false);

    const first = await postByApi(request, "1005", unique("第一条，连接还在"));
    await expect(newComments(page, 1)).toBeVisible({ timeout: PROMPTLY });

    relay.cut();
    // The app notices and tries again (in vain while cut).
    await expect.poll(() => streams.length).toBeGreaterThan(1);
    const second = await postByApi(request, "1005", unique("第二条，断线时发的"));
    relay.restore();
    // Backing off, the next try comes within a few seconds.
    await expect(newComments(page, 2)).toBeVisible({ timeout: 15_000 });
    const resumed = new URL(streams.at(-1));
    expect(Number(resumed.searchParams.get("last_event_id")), "resumed after the last event seen").toBeGreaterThan(0);
    await expect(heading(page)).toHaveText(`网友评论（${before.count + 2}）`);

    await newComments(page, 2).click();
    const ids = await threadIds(page);
    expect(ids.slice(0, 3)).toEqual([`comment-${second.id}`, `comment-${first.id}`, `comment-${before.items[0].id}`]);
    expect(new Set(ids).size, "no comment twice").toBe(ids.length);
    expect(ids.length).toBe(before.items.length + 2);
    await relay.close();
  });

  test("a hidden page closes its stream; shown again, it resumes after the last event and the comment posted meanwhile arrives", async ({
    page,
    request,
  }) => {
    const streams = [];
    page.on("request", (r) => isEvents(r.url()) && streams.push(r.url()));
    const before = await openLive(page, request, "1007");
    const first = await postByApi(request, "1007", unique("页面还开着的时候"));
    await expect(newComments(page, 1)).toBeVisible({ timeout: PROMPTLY });

    // The reader switches to another tab. Headless Chromium never hides a page, so the page is
    // told as the browser tells it: document.hidden, then a visibilitychange.
    const setHidden = (hidden) =>
      page.evaluate((hidden) => {
        Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
        document.dispatchEvent(new Event("visibilitychange", { bubbles: true }));
      }, hidden);
    const ended = Promise.race(
      ["requestfailed", "requestfinished"].map((kind) => page.waitForEvent(kind, (r) => isEvents(r.url()))),
    );
    await setHidden(true);
    await ended;
    const second = await postByApi(request, "1007", unique("切到别的标签页时发的"));
    // With its stream closed, the page cannot have heard of it.
    await expect(newComments(page, 1)).toBeVisible();
    expect(streams.length, "no stream while hidden").toBe(1);

    await setHidden(false);
    await expect(newComments(page, 2)).toBeVisible({ timeout: PROMPTLY });
    expect(streams.length).toBe(2);
    expect(Number(new URL(streams[1]).searchParams.get("last_event_id")), "resumed after the last event seen").toBeGreaterThan(0);
    await expect(heading(page)).toHaveText(`网友评论（${before.count + 2}）`);
    await newComments(page, 2).click();
    const ids = await threadIds(page);
    expect(ids.slice(0, 3)).toEqual([`comment-${second.id}`, `comment-${first.id}`, `comment-${before.items[0].id}`]);
    expect(new Set(ids).size, "no comment twice").toBe(ids.length);
  });

  test("a backend without the stream: one refused request, then nothing changes and nothing is retried", async ({
    page,
    request,
  }) => {
    let asked = 0;
    await page.route(
      (url) => isEvents(url.href),
      (route) => {
        asked += 1;
        return route.fulfill({
          status: 404,
          contentType: "application/json",
          body: JSON.stringify({ error: { code: "not_found", message: "内容不存在" } }),
        });
      },
    );
    const before = await listing(request, "1006");
    await page.goto("/articles/1006");
    await expect(heading(page)).toHaveText(`网友评论（${before.count}）`);
    await expect.poll(() => asked).toBe(1);
    await postByApi(request, "1006", unique("没有推送也没关系"));

    // A stream still kept would be reopened at once by the page becoming visible (again): the
    // event is sent as the browser sends it. Its request would be made before this page's next
    // one, which is awaited.
    await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange", { bubbles: true })));
    const site = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/site");
    await page.evaluate(() => fetch("/api/site").then((r) => r.status));
    await site;
    expect(asked, "not asked again").toBe(1);
    await expect(button(page)).toBeHidden();
    await expect(heading(page)).toHaveText(`网友评论（${before.count}）`);
    expect(await threadIds(page)).toEqual(before.items.map((c) => `comment-${c.id}`));
  });
});

test.describe("live comments, held for review", () => {
  test.use({ baseURL: MODERATED });

  test("a held comment is not news; approved through the admin API it is announced within 2 s", async ({
    page,
    browser,
    request,
  }) => {
    const token = readFileSync(TOKEN_FILE, "utf8").trim();
    const before = await openLive(page, request, "1004");
    const author = await otherReader(browser, MODERATED);
    await openLive(author.page, request, "1004");
    const held = await postInPage(author.page, "1004", unique("等编辑看过再说"));
    expect(held.status).toBe("pending");

    const approved = await request.post(`/api/admin/comments/${held.id}/approve`, {
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      data: JSON.stringify({ expected_status: "pending" }),
    });
    expect(approved.status()).toBe(200);
    // Measured from the approval's answer; "1", so the held comment was never counted.
    await expect(newComments(page, 1)).toBeVisible({ timeout: PROMPTLY });
    await expect(heading(page)).toHaveText(`网友评论（${before.count + 1}）`);
    await newComments(page, 1).click();
    expect((await threadIds(page))[0]).toBe(`comment-${held.id}`);
    await expect(page.locator(`#comment-${held.id}`)).toHaveCount(1);
    await expect(page.locator(`#comment-${held.id} .comment-pending`)).toHaveCount(0);

    // Its author already shows it (awaiting review): the event does not add it again.
    await expect(author.page.locator(`#comment-${held.id}`)).toHaveCount(1);
    expect(author.errors, "uncaught errors in the author's page").toEqual([]);
    await author.context.close();
  });
});
