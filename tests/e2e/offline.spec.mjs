// A network that fails in the two ways phones know: a request that never answers (timeout,
// then 重试), and no network at all (what was read stays readable, the rest says offline, and
// the comment being typed is kept). Also: a second visit is served from memory, and pointing at
// a story link fetches it before the click. And the offline copy (sw.js): what it keeps and
// answers, and what no page or link can get it to keep; switching it off, and its kill switch.
import { test, expect, article, articleShown, framesDrawn, relatedNews } from "./fixtures.mjs";
import { createServer, request as forward } from "node:http";
import { readFileSync } from "node:fs";

const [a, b] = ["1001", "1002"].map(article);

/**
 * Offline, follows the related link to an article never read: the app says it is offline;
 * back online, 重试 loads it.
 */
async function unreadOfflineThenRetry(page, context, unread) {
  await relatedNews(page).getByRole("link", { name: unread.title, exact: true }).click();
  await expect(page).toHaveURL(`/articles/${unread.id}`);
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("您已离线");
  await context.setOffline(false);
  await alert.getByRole("button", { name: "重试" }).click();
  await articleShown(page, unread.title);
}

/** Opens `a` and follows its 上一篇 link to `b`, so both are in the app's memory. */
async function readTwo(page) {
  await page.goto(`/articles/${a.id}`);
  await articleShown(page, a.title);
  const previous = page.getByRole("navigation", { name: "上一篇和下一篇" }).locator(".prev-article a");
  await expect(previous, "b is the next older article").toHaveAttribute("href", `/articles/${b.id}`);
  await previous.click();
  await articleShown(page, b.title);
}

test("a request that never answers ends in the timeout message; 重试 then loads", async ({ page }) => {
  await page.route("**/config.json", (route) => route.fulfill({ json: { request_timeout_ms: 1500 } }));
  let hang = true;
  await page.route("**/api/articles/1001", async (route) => {
    if (!hang) return route.continue();
    await new Promise(() => {}); // never answers: only the app's timeout ends it
  });
  const started = Date.now();
  await page.goto("/articles/1001");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("服务器响应超时，请稍后重试。");
  expect(Date.now() - started, "the configured 1.5 s, not the default 10 s").toBeLessThan(6000);
  hang = false;
  await alert.getByRole("button", { name: "重试" }).click();
  await articleShown(page, a.title);
});

test("offline: articles already read stay readable, others say offline, the draft is kept", async ({ page, context }) => {
  await readTwo(page);
  const draft = "地铁里没信号，先写下来";
  await page.locator("#comment-content").fill(draft);
  await context.setOffline(true);

  // Back to the first article: from memory, no skeleton, no request.
  await page.goBack();
  await articleShown(page, a.title);
  await page.goForward();
  await articleShown(page, b.title);
  await expect(page.locator("#comment-content")).toHaveValue(draft);

  expect(b.related_ids).toContain("1003");
  await unreadOfflineThenRetry(page, context, article("1003"));
  await page.goBack();
  await expect(page.locator("#comment-content")).toHaveValue(draft);
});

test("posting while offline keeps the comment, and 重试 posts it once back online", async ({ page, context }) => {
  await page.goto("/articles/1004");
  await articleShown(page, article("1004").title);
  await expect(page.locator("#comments")).toBeVisible();
  await page.locator("#comment-name").fill("离线读者");
  const text = `断网时写的评论 ${Date.now()}`;
  await page.locator("#comment-content").fill(text);
  await context.setOffline(true);
  await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
  await page.getByRole("button", { name: "发表评论" }).click();
  const failure = page.locator(".comment-post-error");
  await expect(failure).toContainText("您已离线");
  await expect(page.locator("#comment-content")).toHaveValue(text);
  await context.setOffline(false);
  await failure.getByRole("button", { name: "重试" }).click();
  await expect(page.locator("p.comment-notice")).toHaveText("评论已发表。");
  await expect(page.locator("#comments article.comment").first()).toContainText(text);
});

test("a second visit renders from memory without asking the server again", async ({ page }) => {
  const asked = [];
  page.on("request", (r) => {
    if (/\/api\/articles\/100[12]$/.test(new URL(r.url()).pathname)) asked.push(new URL(r.url()).pathname);
  });
  await readTwo(page);
  await page.goBack();
  await articleShown(page, a.title);
  await expect(page.locator(".skeleton")).toHaveCount(0);
  expect(asked).toEqual(["/api/articles/1001", "/api/articles/1002"]);
});

test("pointing at a related story fetches it before the click, once", async ({ page }) => {
  await page.goto(`/articles/${a.id}`);
  await articleShown(page, a.title);
  const link = page.locator(".related .summary-title a").first();
  const target = (await link.getAttribute("href")).split("/").pop();
  const asked = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === `/api/articles/${target}`) asked.push(Date.now());
  });
  await link.hover();
  await expect.poll(() => asked.length, "fetched on hover").toBe(1);
  await link.click();
  await articleShown(page, article(target).title);
  expect(asked, "the click used the prefetched article").toHaveLength(1);
});

test("scrolling the related list into view fetches its first story ahead", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 700 });
  await page.goto(`/articles/${a.id}`);
  await articleShown(page, a.title);
  const first = (await page.locator(".related .summary-title a").first().getAttribute("href")).split("/").pop();
  const asked = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === `/api/articles/${first}`) asked.push(r.url());
  });
  await expect(page.locator(".related .summary-title a").first()).toBeAttached();
  // The list's observer has had its first look (it reports on the frame after it starts).
  await framesDrawn(page, 2);
  expect(asked, "not while the list is far below").toEqual([]);
  await page.locator(".related").scrollIntoViewIfNeeded();
  await expect.poll(() => asked.length).toBe(1);
  await page.locator(".related .summary-title a").first().click();
  await articleShown(page, article(first).title);
  expect(asked, "the click used the prefetched article").toHaveLength(1);
});

test.describe("the offline copy (service worker)", () => {
  test.use({ serviceWorkers: "allow" });

  /** Waits until the worker has kept `path` (in whichever of its caches). */
  const kept = (page, path) =>
    expect
      .poll(() => page.evaluate(async (p) => Boolean(await caches.match(new URL(p, location.href).href)), path), {
        message: `${path} kept`,
        timeout: 10_000,
      })
      .toBe(true);

  /** Waits until the worker has kept everything the page loaded (but images). */
  const keptAll = (page) =>
    expect
      .poll(
        () =>
          page.evaluate(async () => {
            const loaded = performance
              .getEntriesByType("resource")
              .filter((e) => e.initiatorType !== "img" && e.responseStatus === 200)
              .map((e) => e.name);
            const missing = [];
            for (const url of loaded) if (!(await caches.match(url))) missing.push(new URL(url).pathname);
            return missing;
          }),
        { message: "everything the page loaded is kept", timeout: 10_000 },
      )
      .toEqual([]);

  test("an article read online can be reloaded, and opened in a new tab, without a network", async ({ page, context }) => {
    // Arriving at a place in the page (#comments) keeps the page all the same.
    await page.goto(`/articles/${a.id}#comments`);
    await articleShown(page, a.title);
    // The first page was loaded before the worker existed: it is kept from what the page reports.
    await kept(page, "/");
    await kept(page, `/api/articles/${a.id}`);
    await keptAll(page);
    await context.setOffline(true);

    await page.reload();
    await articleShown(page, a.title);
    await expect(page.locator(".site-footer")).toContainText("©");
    await expect(page.locator(".related .summary-title a").first()).toBeVisible();

    const tab = await context.newPage();
    await tab.goto(`/articles/${a.id}`);
    await articleShown(tab, a.title);
    // Never read: the app says it is offline, and 重试 works once the network is back. (Not the
    // first related story: the tab may have fetched that one ahead.)
    await unreadOfflineThenRetry(tab, context, article(a.related_ids.at(-1)));
  });

  test("online, the network answers, not the copy", async ({ page, context }) => {
    await page.goto(`/articles/${a.id}`);
    await articleShown(page, a.title);
    await kept(page, `/api/articles/${a.id}`);
    // The backend changes the article: a reload online shows the change.
    await context.route(`**/api/articles/${a.id}`, async (route) => {
      const response = await route.fetch();
      const json = await response.json();
      await route.fulfill({ response, json: { ...json, title: "更新后的标题" } });
    });
    await page.reload();
    await articleShown(page, "更新后的标题");
  });

  test('"offline": false in config.json: no worker, and an earlier one of ours is removed with its caches', async ({ page, context }) => {
    const registrations = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
    await page.goto(`/articles/${a.id}`);
    await articleShown(page, a.title);
    await expect.poll(registrations).toBe(1);
    await kept(page, `/api/articles/${a.id}`);
    await context.route("**/config.json", (route) => route.fulfill({ json: { offline: false } }));
    await page.reload();
    await articleShown(page, a.title);
    await expect.poll(registrations).toBe(0);
    await expect.poll(() => ourCaches(page), "nothing of ours is left").toEqual([]);

    // A new visit registers none: early.js would register in an idle callback after the load;
    // one asked for after the load runs after it.
    const fresh = await context.newPage();
    await fresh.addInitScript(() => {
      const register = ServiceWorkerContainer.prototype.register;
      ServiceWorkerContainer.prototype.register = function (...args) {
        window.registerCalls = (window.registerCalls ?? 0) + 1;
        return register.apply(this, args);
      };
    });
    await fresh.goto(`/articles/${b.id}`);
    await articleShown(fresh, b.title);
    await fresh.waitForLoadState("load");
    await fresh.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
    expect(await fresh.evaluate(() => window.registerCalls ?? 0), "register() called").toBe(0);
    expect(await fresh.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
    expect(await ourCaches(fresh)).toEqual([]);
  });

  // The worker's scope is the app's folder: at a site's root, the whole site. Pages, links and
  // scripts there must not get it to keep what is not the app's, nor to answer with the app.

  test("a link to an API address does not replace the kept app page", async ({ page, context }) => {
    await page.goto(`/articles/${a.id}`);
    await articleShown(page, a.title);
    await kept(page, "/");
    await keptAll(page);
    // The reader follows a link to an address of the API, in the worker's scope: JSON is shown.
    await page.goto("/api/site");
    await expect(page.locator("body")).toContainText('"name"');
    // The API's own policy lets nothing run or load in the JSON page: ask from another page of
    // the site, so that the worker has seen the navigation through by then.
    const probe = await context.newPage();
    await probe.goto("/favicon.svg");
    await keptAfter(probe, `/api/articles/${b.id}`);
    await context.setOffline(true);
    // The article read earlier still opens as the app.
    await page.goto(`/articles/${a.id}`);
    await articleShown(page, a.title);
  });

  test("another page of the site is neither kept nor, offline, answered with the app", async ({ page, context }) => {
    await page.goto(`/articles/${a.id}`);
    await articleShown(page, a.title);
    await kept(page, "/");
    // A page of the portal beside the app (here the demo host, which embeds the reader).
    await page.goto("/demo-host.html");
    await keptAfter(page, `/api/articles/${b.id}`);
    for (const path of ["/demo-host.html", "/demo-host.css", "/embed.js"]) {
      expect(await isKept(page, path), `${path} kept`).toBe(false);
    }
    await context.setOffline(true);
    // Offline, an address that is not the app's fails as it would without the worker.
    await expect(page.goto("/admin")).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
  });

  test("answers marked no-store or private, and requests with an Authorization header, are not kept", async ({ page, context }) => {
    const marked = (value) => async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), "cache-control": value } });
    };
    await context.route("**/api/articles/1003", marked("no-store"));
    await context.route("**/api/articles/1004", marked("private, max-age=60"));
    await page.goto(`/articles/${a.id}`);
    await articleShown(page, a.title);
    await controlled(page);
    await page.evaluate(async () => {
      await fetch("/api/articles/1003");
      await fetch("/api/articles/1004");
      await fetch("/api/articles/1005", { headers: { Authorization: "Bearer reader-token" } });
    });
    await keptAfter(page, `/api/articles/${b.id}`);
    for (const id of ["1003", "1004", "1005"]) {
      expect(await isKept(page, `/api/articles/${id}`), `/api/articles/${id} kept`).toBe(false);
    }
  });

  test("the comment backend named in config.json is kept; another site's answers and credentialed requests are not", async ({ page, context }) => {
    const comments = "https://comments.example.com/api";
    const widget = "https://widgets.example.net/counter.json";
    const cors = {
      "access-control-allow-origin": "http://127.0.0.1:4173",
      "access-control-allow-credentials": "true",
    };
    await context.route("**/config.json", async (route) => {
      const response = await route.fetch();
      const json = await response.json();
      await route.fulfill({ response, json: { ...json, comments: { ...json.comments, api_base: comments } } });
    });
    // The comment backend elsewhere: the reference server's, with CORS headers. Without live
    // comments: route.fetch reads a whole answer, and an event stream has no end. Known by its
    // address (docs/api.md), whatever headers the route is shown for the request.
    await context.route(`${comments}/**`, async (route) => {
      if (new URL(route.request().url()).pathname.endsWith("/comments/events")) return route.fulfill({ status: 404, headers: cors });
      const response = await route.fetch({ url: route.request().url().replace(comments, "http://127.0.0.1:4173/api") });
      await route.fulfill({ response, headers: { ...response.headers(), ...cors } });
    });
    // Another site, readable from the page (CORS): a script on the page asks it.
    await context.route(widget, (route) => route.fulfill({ json: { readers: 12 }, headers: cors }));
    // The server's page policy lets the page fetch from the backends of the config.json it
    // serves; this one is changed in the browser only, so the page goes without the policy.
    await context.route(`**/articles/${a.id}`, async (route) => {
      const response = await route.fetch();
      const { "content-security-policy": _policy, ...headers } = response.headers();
      await route.fulfill({ response, headers });
    });
    await page.goto(`/articles/${a.id}`);
    await articleShown(page, a.title);
    await expect(page.locator("#comments article.comment").first()).toBeVisible();
    await controlled(page);
    await page.evaluate(
      async ([widget, comments]) => {
        await fetch(widget);
        await fetch(`${comments}/articles/1002/comments`, { credentials: "include" });
      },
      [widget, comments],
    );
    await keptAfter(page, `${comments}/articles/1003/comments`);
    expect(await isKept(page, widget), "another site's answer kept").toBe(false);
    expect(await isKept(page, `${comments}/articles/1002/comments`), "a credentialed answer kept").toBe(false);
  });

  test("the kill switch in docs/configuration.md removes the worker and its caches", async ({ page }) => {
    const docs = readFileSync(new URL("../../docs/configuration.md", import.meta.url), "utf8");
    const killSwitch = /### Kill switch[\s\S]*?```js\n([\s\S]*?)```/.exec(docs)[1];
    // The site as deployed (the reference server behind a proxy on a port of its own, so that no
    // other journey meets this sw.js), where sw.js can be replaced.
    const site = await deployment();
    try {
      const registrations = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
      await page.goto(`${site.origin}/articles/${a.id}`);
      await articleShown(page, a.title);
      await kept(page, "/");
      await kept(page, `/api/articles/${a.id}`);
      expect(await registrations()).toBe(1);

      site.worker = killSwitch;
      // The reader comes back: the browser finds the new sw.js.
      await page.reload();
      await articleShown(page, a.title);
      await expect.poll(() => ourCaches(page), "nothing of ours is left").toEqual([]);
      await expect.poll(registrations).toBe(0);
    } finally {
      await site.close();
    }
  });
});

/** The names of the offline copy's caches. */
const ourCaches = (page) =>
  page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith("news-reader-")));

/** Whether the worker has kept `path` (in whichever of its caches). */
const isKept = (page, path) =>
  page.evaluate(async (p) => Boolean(await caches.match(new URL(p, location.href).href)), path);

const controlled = (page) =>
  expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { message: "the worker serves the page" }).toBe(true);

/**
 * Asks for `path` from the page and waits until the worker has kept it: what the page asked for
 * before has been through the worker by then.
 */
async function keptAfter(page, path) {
  await controlled(page);
  await page.evaluate((p) => fetch(p), path);
  await expect.poll(() => isKept(page, path), { message: `${path} kept` }).toBe(true);
}

/**
 * The reference server (port 4173) behind a proxy on a free port: another origin, with its own
 * worker and caches. `worker`, once set, is served as sw.js.
 */
async function deployment() {
  const site = { worker: null };
  const server = createServer((req, res) => {
    if (req.url === "/sw.js" && site.worker !== null) {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
      return res.end(site.worker);
    }
    const upstream = forward({ host: "127.0.0.1", port: 4173, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  site.origin = `http://127.0.0.1:${server.address().port}`;
  site.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  };
  return site;
}
