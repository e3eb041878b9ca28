// When the backend misbehaves: every failure ends in an alert with 重试, retry recovers, and the
// rest of the app keeps working. Also config.json: broken, another locale, another API base.
import { test, expect, article, site, allArticles, articleShown, relatedNews } from "./fixtures.mjs";

const ARTICLE = "**/api/articles/1001";
const valid = article("1001");
const { related_ids: _ignored, ...validBody } = valid;

const json = (body, status = 200) => ({ status, contentType: "application/json; charset=utf-8", body });

const cases = [
  {
    name: "HTTP 500 with the backend's message",
    respond: (route) => route.fulfill(json('{"error":{"code":"x","message":"数据库维护中"}}', 500)),
    shows: ["500", "数据库维护中"],
  },
  {
    name: "HTTP 404",
    respond: (route) => route.fulfill(json('{"error":{"code":"not_found","message":"文章不存在"}}', 404)),
    shows: ["内容不存在或已被删除"],
  },
  {
    name: "invalid JSON",
    respond: (route) => route.fulfill(json('{"id":"1001","title":"半截')),
    shows: ["数据格式有误"],
  },
  {
    name: "wrong types (title is an array of numbers)",
    respond: (route) => route.fulfill(json(JSON.stringify({ ...validBody, title: [1, 2, 3] }))),
    shows: ["数据格式有误"],
  },
  {
    name: "missing required fields",
    respond: (route) => route.fulfill(json(JSON.stringify({ id: "1001", summary: valid.summary }))),
    shows: ["数据格式有误"],
  },
  {
    name: "a 5 MB body",
    respond: (route) =>
      route.fulfill(json(JSON.stringify({ ...validBody, body_html: `<p>${"长".repeat(5 * 1024 * 1024 / 3)}</p>` }))),
    shows: ["数据过大"],
  },
  {
    name: "a stalled request (timeout from config.json)",
    // How long the wait is, against the setting, is boot.spec.mjs's journey.
    config: '{"request_timeout_ms": 1500}',
    respond: () => {
      /* never answered */
    },
    shows: ["超时"],
  },
];

for (const c of cases) {
  test(`article request fails: ${c.name} -> alert, 重试 recovers, app still navigable`, async ({ page }) => {
    if (c.config) {
      await page.route("**/config.json", (route) => route.fulfill(json(c.config)));
    }
    await page.route(ARTICLE, c.respond);
    await page.goto("/articles/1001");

    const alert = page.getByRole("alert");
    await expect(alert).toHaveCount(1);
    for (const text of c.shows) {
      await expect(alert).toContainText(text);
    }
    const retry = alert.getByRole("button", { name: "重试" });
    await expect(retry).toBeVisible();
    await expect(page.locator("h1")).toHaveCount(0);
    await expect(page.locator("#main .skeleton")).toHaveCount(0);

    await page.unroute(ARTICLE);
    await retry.click();
    await articleShown(page, valid.title);
    await expect(page.getByRole("alert")).toHaveCount(0);

    await page.getByRole("banner").getByRole("link", { name: site().name }).click();
    await expect(page).toHaveURL("/");
    await expect(page.locator("main .summary-title")).toHaveText(allArticles().slice(0, 8).map((a) => a.title));
  });
}

test("a broken config.json still gives a working app with the defaults", async ({ page }) => {
  const configs = [];
  await page.route("**/config.json", (route) => {
    configs.push(route.request().url());
    return route.fulfill({ status: 200, contentType: "application/json", body: "}{ this is not json ((" });
  });
  await page.goto("/articles/1001");
  await articleShown(page, valid.title);
  expect(configs.length, "the app asked for config.json").toBeGreaterThan(0);
  await expect(page.getByRole("heading", { name: "相关新闻" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.getByRole("navigation", { name: "当前位置" }).getByRole("link", { name: "首页" }).click();
  await expect(page.locator("main .summary-item")).toHaveCount(8);
});

test('config.json {"locale":"en"} switches the interface to English', async ({ page }) => {
  await page.route("**/config.json", (route) => route.fulfill(json('{"locale":"en"}')));
  await page.goto("/articles/1001");
  await articleShown(page, valid.title);
  await expect(page.getByRole("heading", { name: "Related news" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "相关新闻" })).toHaveCount(0);
  await expect(page.locator(".article-meta")).toContainText(`Source: ${valid.source.name}`);
  await expect(page.getByRole("region", { name: "Comments" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test('config.json {"api_base":"/alt-api"} re-points every API request', async ({ page }) => {
  await page.route("**/config.json", (route) => route.fulfill(json('{"api_base":"/alt-api"}')));
  const viaAlt = [];
  await page.route("**/alt-api/**", async (route) => {
    const url = new URL(route.request().url());
    viaAlt.push(url.pathname);
    url.pathname = url.pathname.replace(/^\/alt-api\//, "/api/");
    const response = await route.fetch({ url: url.toString() });
    await route.fulfill({ response });
  });
  const direct = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    // Media URLs are part of the content itself, not built from api_base.
    if (path.startsWith("/api/") && !path.startsWith("/api/media/")) direct.push(path);
  });

  await page.goto("/articles/1001");
  await articleShown(page, valid.title);
  await expect(page.getByRole("contentinfo")).toContainText(site().footer.copyright);
  await expect(page.locator("#comments article.comment").first()).toBeVisible();
  expect(viaAlt).toContain("/alt-api/site");
  expect(viaAlt).toContain("/alt-api/articles/1001");
  expect(viaAlt).toContain("/alt-api/articles/1001/comments");
  // index.html's early request guesses the default address on a first visit (it cannot wait
  // for config.json), and remembers the configured one for the next.
  expect(direct, "only index.html's first guess went to the default /api").toEqual(["/api/articles/1001"]);
  direct.length = 0;
  await page.goto("/articles/1002");
  await articleShown(page, article("1002").title);
  expect(viaAlt).toContain("/alt-api/articles/1002");
  expect(direct, "no request went to the default /api").toEqual([]);
});

test("a failing related endpoint costs only the related list, never the article", async ({ page }) => {
  const a = article("1009");
  let asked = 0;
  await page.route("**/api/articles/1009/related", (route) => {
    asked++;
    return route.fulfill(json('{"error":{"code":"x","message":"相关推荐服务故障"}}', 503));
  });
  await page.goto("/articles/1009");
  await articleShown(page, a.title);
  expect(asked).toBeGreaterThan(0);
  await expect(page.locator(".byline")).toHaveText(a.byline);
  // The region stays, empty: counted inside it, not on a page without it.
  await expect(relatedNews(page)).toBeVisible();
  await expect(relatedNews(page).locator("li")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "网友评论" })).toBeVisible();
});

test("a failing home list shows an alert; 重试 loads it", async ({ page }) => {
  await page.route("**/api/articles?*", (route) => route.fulfill(json('{"error":{"code":"x","message":"列表服务维护中"}}', 502)));
  await page.goto("/");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("列表服务维护中");
  await page.unroute("**/api/articles?*");
  await alert.getByRole("button", { name: "重试" }).click();
  await expect(page.locator("main .summary-title")).toHaveText(allArticles().slice(0, 8).map((a) => a.title));
  await expect(page.getByRole("alert")).toHaveCount(0);
});

test('config.json {"comments":{"enabled":false}} removes the comments region', async ({ page }) => {
  await page.route("**/config.json", (route) => route.fulfill(json('{"comments":{"enabled":false}}')));
  await page.goto("/articles/1001");
  await articleShown(page, valid.title);
  await expect(page.getByRole("heading", { name: "相关新闻" })).toBeVisible();
  await expect(page.locator("#comments")).toHaveCount(0);
});
