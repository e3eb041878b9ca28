// The boot path (src/boot/): the boot script's early requests and the app's hand-over, one
// timeout for a request that never answers, and the attacks a link or a hostile page can try
// on it: ids that are replacement patterns, and embed.html or embed.js pointed at another
// backend. (Dot segments, `%2E%2E`, never reach the page's path: the browser folds them before
// any script runs. The route rule refuses them anyway; tests/boot-rules.json has the cases.)
import { test, expect, article, articleShown } from "./fixtures.mjs";

const json = (body) => ({ status: 200, contentType: "application/json; charset=utf-8", body });

/** Every request the page makes whose path starts with `prefix`, as paths with their query. */
function recordRequests(page, prefix) {
  const seen = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith(prefix)) seen.push(url.pathname + url.search);
  });
  return seen;
}

test("an article that never answers is announced once request_timeout_ms has passed, and asked for once", async ({ page }) => {
  const timeout = 3000;
  await page.route("**/config.json", (route) => route.fulfill(json(JSON.stringify({ request_timeout_ms: timeout }))));
  const asked = [];
  await page.route("**/api/articles/1001", (route) => {
    asked.push(route.request().url()); // and never answered
  });
  const started = Date.now();
  await page.goto("/articles/1001");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("超时", { timeout: 4 * timeout });
  const elapsed = Date.now() - started;
  await expect(alert.getByRole("button", { name: "重试" })).toBeVisible();
  expect(asked, "one request for the article: the boot script's, taken over by the app").toHaveLength(1);
  expect(elapsed, "not before the timeout").toBeGreaterThanOrEqual(timeout);
  // Asking again after the boot script's request timed out took a second full timeout (2x).
  expect(elapsed, "one timeout, not two").toBeLessThan(1.6 * timeout);
});

test("attack: an id that is a replacement pattern ($&) is asked for as itself", async ({ page }) => {
  const asked = recordRequests(page, "/api/articles/");
  await page.goto("/articles/$&");
  await expect(page.getByRole("alert")).toContainText("内容不存在或已被删除");
  // Before: String.replace read `$&` as "the matched text", and the page asked for /api/articles/{id}.
  expect(asked).toEqual(["/api/articles/%24%26"]);
});

test("attack: a link to embed.html naming another backend and link template shows the portal's own story", async ({ page }) => {
  const evil = [];
  await page.route("https://evil.example/**", (route) => {
    evil.push(route.request().url());
    const fake = { ...article("1001"), title: "伪造的新闻", related: [] };
    return route.fulfill({ ...json(JSON.stringify(fake)), headers: { "access-control-allow-origin": "*" } });
  });
  const query = new URLSearchParams({
    view: "article",
    article: "1001",
    "api-base": "https://evil.example/api",
    "link-template": "https://evil.example/{id}",
    "endpoint-article": "https://evil.example/a/{id}",
  });
  await page.goto(`/embed.html?${query}`);
  await articleShown(page, article("1001").title);
  const links = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.href));
  expect(links.length, "the article has links (related news, breadcrumb)").toBeGreaterThan(0);
  expect(links.filter((href) => href.includes("evil.example"))).toEqual([]);
  expect(evil, "requests to the other backend").toEqual([]);
});

test("attack: embed.js on a page that names another backend keeps to config.json's allowed_api_origins", async ({ page }) => {
  const evil = [];
  await page.route("https://evil.example/**", (route) => {
    evil.push(route.request().url());
    const fake = { ...article("1001"), title: "伪造的新闻", related: [] };
    return route.fulfill({ ...json(JSON.stringify(fake)), headers: { "access-control-allow-origin": "*" } });
  });
  const refusals = [];
  page.on("console", (message) => {
    if (message.type() === "error" && message.text().includes("allowed_api_origins")) refusals.push(message.text());
  });
  const html = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>别人的页面</title></head>
<body><div id="widget" data-news-app data-view="article" data-article-id="1001"
  data-api-base="https://evil.example/api"></div>
<script type="module" src="/embed.js"></script></body></html>`;
  await page.route("**/someone-else.html", (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: html }));
  await page.goto("/someone-else.html");
  await expect(page.locator("#widget h1")).toHaveText(article("1001").title);
  expect(evil, "requests to the other backend").toEqual([]);
  expect(refusals).toEqual(["news reader: data-api-base refused: not in config.json's allowed_api_origins"]);
});

test("the article page runs under the server's content security policy without a violation", async ({ page }) => {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto("/articles/1001");
  const policy = response.headers()["content-security-policy"] ?? "";
  // Both inline scripts (Trunk's loader and the boot script) by hash, and no 'unsafe-inline' for scripts.
  expect(policy.match(/'sha256-[A-Za-z0-9+/=]+'/g) ?? []).toHaveLength(2);
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  await articleShown(page, article("1001").title);
  await expect(page.locator("#comments article.comment").first()).toBeVisible();
  await page.getByRole("button", { name: "二维码" }).click();
  await expect(page.locator(".qr-code")).toBeVisible();
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
});
