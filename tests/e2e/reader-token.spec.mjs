// Readers a portal vouches for (docs/sso.md): the host page hands the embedded comments a signed
// reader token (data-reader-token, or NewsReader.setReaderToken from its script); the app sends
// it with posts, likes and reports, shows the portal's name and picture instead of a nickname
// field, and the server stores the comment as 认证. A server that takes only signed-in readers
// (--require-login) gets the login link of config.json in the form, the draft kept; a token the
// server refuses fires news-reader:token-expired on the embed element, and the post goes again,
// once, with the host's fresh token.
//
// Tokens are signed here with the secret the servers on 4182 (tokens taken) and 4183 (tokens
// needed) start with (reader-tokens.mjs). Each journey writes to its own article, with texts
// unique to it.
import { test, expect, listing } from "./fixtures.mjs";
import { readerToken } from "./reader-tokens.mjs";

const SSO = "http://127.0.0.1:4182";
const LOGIN_REQUIRED = "http://127.0.0.1:4183";
const AVATAR = "https://portal.example/avatars/8812.png";
/** A 1×1 PNG, answered for the avatar so that no request leaves the machine. */
const PIXEL = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

const unique = (label) => `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * A portal's page on the server's origin with the comments of `articleId` embedded in `#host`,
 * `data-reader-token` set when a token is given.
 */
async function openPortal(page, origin, articleId, token) {
  const attribute = token ? ` data-reader-token="${token}"` : "";
  const html = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>门户文章页</title></head>
<body><h1>门户自己的文章</h1>
<div id="host" data-news-app data-view="comments" data-article-id="${articleId}"${attribute}></div>
<script type="module" src="/embed.js"></script>
</body></html>`;
  await page.route(`${origin}/portal-article.html`, (route) =>
    route.fulfill({ contentType: "text/html; charset=utf-8", body: html }),
  );
  await page.route(AVATAR, (route) => route.fulfill({ contentType: "image/png", body: PIXEL }));
  await page.goto(`${origin}/portal-article.html`);
  const host = page.locator("#host");
  await expect(host.locator("form.comment-form")).toBeVisible();
  await expect(host.locator(".comments-loading")).toHaveCount(0);
  return host;
}

/** Every write the page sends to the API: method, path, token header and body. */
function watchWrites(page) {
  const writes = [];
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (request.method() !== "GET" && pathname.startsWith("/api/")) {
      writes.push({ method: request.method(), pathname, token: request.headers()["x-reader-token"], body: request.postDataJSON() });
    }
  });
  return writes;
}

/** The article's top-level comments with this text, as the server of the test's baseURL lists them. */
async function storedWith(request, articleId, content) {
  const body = await listing(request, articleId, { perPage: 100 });
  return body.items.filter((c) => c.content === content);
}

test.describe("tokens taken (4182)", () => {
  test.use({ baseURL: SSO });

  test("a reader the host vouches for posts, likes and reports as the portal's user, 认证, with no nickname field", async ({
    page, request,
  }) => {
    const name = unique("门户读者");
    const token = readerToken({ sub: "portal-8812", name, avatar: AVATAR });
    const writes = watchWrites(page);
    const host = await openPortal(page, SSO, "1002", token);

    const reader = host.locator("form.comment-form .comment-reader");
    await expect(reader.locator(".comment-author")).toHaveText(name);
    await expect(reader.locator("img.comment-avatar")).toHaveAttribute("src", AVATAR);
    await expect(host.locator("#comment-name"), "no nickname field while signed in").toBeHidden();

    const content = unique("以门户账号发表：");
    await host.locator("#comment-content").fill(content);
    await host.locator("button.submit-comment").click();
    await expect(host.locator(".comment-notice")).toHaveText("评论已发表。");

    const [stored] = await storedWith(request, "1002", content);
    expect(stored.author, "stored under the token's name, verified").toEqual({ name, avatar: AVATAR, verified: true });
    const shown = host.locator(`#comment-${stored.id}`);
    await expect(shown.locator(".comment-author")).toHaveText(name);
    await expect(shown.locator(".comment-author + .comment-verified")).toHaveText("认证");
    await expect(host.locator("ol.comment-list > li.comment-thread").first().locator("> article")).toHaveId(`comment-${stored.id}`);

    // 赞 and 举报 of it carry the token too.
    await shown.locator(".comment-like").click();
    await expect(shown.locator(".like-count")).toHaveText("1");
    await expect(shown.locator(".comment-like")).toHaveAttribute("aria-pressed", "true");
    await shown.locator(".comment-report").click();
    await shown.getByRole("button", { name: "垃圾广告" }).click();
    await expect(shown.locator(".report-done")).toBeVisible();
    expect(writes.map(({ method, pathname, token: sent }) => [method, pathname, sent === token])).toEqual([
      ["POST", "/api/articles/1002/comments", true],
      ["POST", `/api/comments/${stored.id}/like`, true],
      ["POST", `/api/comments/${stored.id}/report`, true],
    ]);

    // Memory only: not in storage, not in the address.
    const kept = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(kept.includes(token.split(".")[1]), "the token's signature in web storage").toBe(false);
    expect(page.url()).toBe(`${SSO}/portal-article.html`);

    // The host signs the reader out: the nickname field is back.
    await page.evaluate(() => window.NewsReader.setReaderToken(null));
    await expect(host.locator("#comment-name")).toBeVisible();
    await expect(host.locator(".comment-reader")).toBeHidden();
  });

  test("an expired token asks the host for a fresh one; the post goes again with it and is stored once", async ({
    page, request,
  }) => {
    const name = unique("过期后续期的读者");
    const expired = readerToken({ sub: "portal-9001", name, exp: Math.floor(Date.now() / 1000) - 3600 });
    const fresh = readerToken({ sub: "portal-9001", name });
    const writes = watchWrites(page);
    const host = await openPortal(page, SSO, "1003", expired);
    await expect(host.locator(".comment-reader .comment-author"), "the payload still names the reader").toHaveText(name);

    // The portal's own script: on the event, fetch a fresh token (here: handed in) and set it.
    await page.evaluate((token) => {
      window.expiredEvents = [];
      document.getElementById("host").addEventListener("news-reader:token-expired", (event) => {
        window.expiredEvents.push({ target: event.target.id, bubbles: event.bubbles });
        Promise.resolve(token).then((t) => window.NewsReader.setReaderToken(t));
      });
    }, fresh);

    const content = unique("令牌过期后重发：");
    await host.locator("#comment-content").fill(content);
    await host.locator("button.submit-comment").click();
    await expect(host.locator(".comment-notice")).toHaveText("评论已发表。");

    expect(await page.evaluate(() => window.expiredEvents)).toEqual([{ target: "host", bubbles: true }]);
    const posts = writes.filter((w) => w.pathname === "/api/articles/1003/comments");
    expect(posts.map((p) => p.token)).toEqual([expired, fresh]);
    expect(posts[1].body.client_id, "the retry is the same post").toBe(posts[0].body.client_id);
    const stored = await storedWith(request, "1003", content);
    expect(stored, "exactly one comment stored").toHaveLength(1);
    expect(stored[0].author).toEqual({ name, verified: true });
    await expect(host.locator(`#comment-${stored[0].id} .comment-verified`)).toHaveText("认证");
    await expect(host.locator(".comment-post-error")).toHaveCount(0);
  });
});

test.describe("tokens needed (4183, --require-login)", () => {
  test.use({ baseURL: LOGIN_REQUIRED });

  test("without a token the form offers config.json's login page and keeps the draft for the reader's return", async ({
    page, request,
  }) => {
    await page.route(`${LOGIN_REQUIRED}/config.json`, (route) =>
      route.fulfill({ json: { api_base: "/api", login_url: "https://portal.example/login?next={return}" } }),
    );
    const before = await listing(request, "1004");
    const writes = watchWrites(page);
    const host = await openPortal(page, LOGIN_REQUIRED, "1004");
    const content = unique("登录前写下的草稿：");
    await host.locator("#comment-name").fill("还没登录的人");
    await host.locator("#comment-content").fill(content);
    await host.locator("button.submit-comment").click();

    const login = host.locator(".comment-login a");
    await expect(login).toHaveText("登录后发表评论");
    // The page's address, percent-encoded as a query value.
    const here = `${LOGIN_REQUIRED}/portal-article.html`;
    const encoded = encodeURIComponent(here).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    await expect(login).toHaveAttribute("href", `https://portal.example/login?next=${encoded}`);
    await expect(host.locator("#comment-name"), "no nickname where only portal users may post").toBeHidden();
    await expect(host.locator("button.submit-comment")).toBeHidden();
    await expect(host.locator("#comment-content")).toHaveValue(content);
    expect(writes.map((w) => [w.pathname, w.token])).toEqual([["/api/articles/1004/comments", undefined]]);
    expect((await listing(request, "1004")).count, "nothing stored").toBe(before.count);

    // Back from the login page: the draft is still there.
    await page.reload();
    await expect(host.locator("#comment-content")).toHaveValue(content);

    // Signed in now, the portal hands over a token: the draft goes out under their name.
    const name = unique("登录回来的读者");
    await page.evaluate((token) => window.NewsReader.setReaderToken(token), readerToken({ sub: "portal-7", name }));
    await expect(host.locator(".comment-reader .comment-author")).toHaveText(name);
    await host.locator("button.submit-comment").click();
    await expect(host.locator(".comment-notice")).toHaveText("评论已发表。");
    const stored = await storedWith(request, "1004", content);
    expect(stored.map((c) => c.author)).toEqual([{ name, verified: true }]);
  });
});
