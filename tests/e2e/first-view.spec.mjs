// A page the server filled in (docs/prerender.md): it reads completely without JavaScript, and
// with it the app takes the page over in place, from the answers the page carries: no request
// for the article or its related list, one set of head tags, no layout shift, and the reader's
// scroll position kept. Against the server on 4179, which fills pages in (--fill-pages).
import { test, expect, article, allArticles, site, articleShown, holdBack, framesDrawn, settled, relatedNews, textsOf } from "./fixtures.mjs";

const ORIGIN = "http://127.0.0.1:4179";
const a = article("1001");
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };

/** Every request the page makes, by path. */
function countRequests(page) {
  const asked = {};
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    asked[path] = (asked[path] ?? 0) + 1;
  });
  return asked;
}

/** Sums the page's layout shifts (not those right after input) from its very start. */
const recordShifts = (page) =>
  page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (!e.hadRecentInput) {
          const nodes = e.sources.map((s) => s.node && (s.node.className || s.node.nodeName)).join(", ");
          window.__shifts.push({ value: e.value, nodes });
        }
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
const shifts = (page) => page.evaluate(() => window.__shifts);

/** Notes any loading state (skeleton) or text preview put into the page from its very start. */
const recordLoadingStates = (page) =>
  page.addInitScript(() => {
    window.__loading = [];
    new MutationObserver((records) => {
      for (const r of records) {
        for (const node of r.addedNodes) {
          if (node.nodeType !== 1) continue;
          const hit = node.matches(".skeleton, .bone, [aria-busy=true]") || node.querySelector(".skeleton, .bone");
          if (hit && !node.closest("#boot")) window.__loading.push(node.outerHTML.slice(0, 80));
          if (node.matches("#boot article") && !node.closest("#boot").dataset.prerendered) window.__loading.push("preview");
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
const cls = (list) => list.reduce((sum, s) => sum + s.value, 0);

/**
 * Where the page's landmarks are on screen. The app puts new elements in place of the filled-in
 * ones, and the browser counts no shift for an element that is new, so CLS alone would not see
 * the article move: their boxes are compared too.
 */
const LANDMARKS = [
  "h1", ".article-meta", ".meta-updated", ".article-cover img", ".article-cover figcaption", ".article-body p", ".byline",
  ".article-tags", ".site-header", ".site-name", ".breadcrumb",
];
const landmarks = (page, selectors = LANDMARKS) =>
  page.evaluate((selectors) =>
    Object.fromEntries(
      selectors.map((selector) => {
        const box = document.querySelector(selector).getBoundingClientRect();
        return [selector, { top: Math.round(box.top), left: Math.round(box.left), height: Math.round(box.height) }];
      }),
    ),
  selectors);

/** The app has replaced the filled-in page and drawn what follows the article. */
async function takenOver(page) {
  await articleShown(page, a.title);
  await expect(page.locator(".share-bar")).toBeVisible();
  await expect(page.locator("#comments article.comment").first()).toBeVisible();
  await settled(page);
}

test.describe("filled-in pages", () => {
  test.use({ baseURL: ORIGIN });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("the article, its byline, related links and the footer read completely", async ({ page, request }) => {
      const related = (await (await request.get("/api/articles/1001/related")).json()).items;
      expect(related.length, "the demo article has related news").toBeGreaterThan(0);
      const response = await page.goto("/articles/1001");
      expect(response.status()).toBe(200);
      await expect(page).toHaveTitle(`${a.title} - ${site().name}`);
      await expect(page.locator("h1")).toHaveText(a.title);
      const paragraphs = textsOf(a.body_html, "p");
      await expect(page.locator(".article-body p").first()).toHaveText(paragraphs[0]);
      await expect(page.locator(".article-body p").last()).toHaveText(paragraphs.at(-1));
      await expect(page.locator(".byline")).toHaveText(a.byline);
      const links = relatedNews(page).locator(".summary-title a");
      await expect(links).toHaveCount(related.length);
      for (const [i, item] of related.entries()) {
        await expect(links.nth(i)).toContainText(item.title);
        await expect(links.nth(i)).toHaveAttribute("href", `/articles/${item.id}`);
      }
      await expect(page.locator(".site-footer")).toContainText("©");
      await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", a.title);
      // The reading tools need the app: no dead buttons, no gap.
      await expect(page.locator(".reading-tools")).toBeHidden();
      await expect(page.locator("h1")).toHaveCount(1);
    });
  });

  test("the app takes the page over from the answers it carries: nothing asked twice, one set of head tags", async ({ page }) => {
    const asked = countRequests(page);
    const release = await holdBack(page, "**/*.wasm");
    await page.goto("/articles/1001");
    await expect(page.locator("#boot[data-prerendered=article] h1")).toHaveText(a.title);
    // Before the app: the server's tags, and the filled-in page rather than a text preview.
    await expect(page.locator('head meta[property="og:title"]')).toHaveCount(1);
    await expect(page.locator("#boot .article-body p")).toHaveCount(textsOf(a.body_html, "p").length);
    release();
    await takenOver(page);

    expect(asked["/api/articles/1001"] ?? 0, "the article came with the page").toBe(0);
    expect(asked["/api/articles/1001/related"] ?? 0, "the related list came with the page").toBe(0);
    expect(asked["/config.json"]).toBe(1);
    expect(asked["/api/site"]).toBe(1);
    expect(asked["/articles/1001"]).toBe(1);

    await expect(page.locator("head [data-server-head]")).toHaveCount(0);
    await expect(page.locator('head meta[property="og:title"]')).toHaveCount(1);
    await expect(page.locator('head meta[property="og:title"]')).toHaveAttribute("content", a.title);
    await expect(page.locator('head meta[name="description"]')).toHaveCount(1);
    await expect(page.locator('head link[rel="canonical"]')).toHaveCount(1);
    await expect(page.locator('head script[type="application/ld+json"]')).toHaveCount(1);
    await expect(page).toHaveTitle(`${a.title} - ${site().name}`);
    await expect(page.locator("h1")).toHaveCount(1);
    await expect(relatedNews(page).locator(".summary-title a").first()).toBeVisible();

    // In-app navigation afterwards: the next article is asked for as usual.
    const next = (await (await page.request.get(`${ORIGIN}/api/articles/1001/related`)).json()).items[0];
    await relatedNews(page).locator(".summary-title a").first().click();
    await articleShown(page, next.title);
    await expect(page).toHaveURL(`${ORIGIN}/articles/${next.id}`);
    expect(asked[`/api/articles/${next.id}`]).toBe(1);
    expect(asked["/articles/1001"], "no page load").toBe(1);
    await expect(page.locator('head meta[property="og:title"]')).toHaveCount(1);
    await expect(page.locator('head meta[property="og:title"]')).toHaveAttribute("content", next.title);
  });

  for (const [profile, options] of [["desktop", {}], ["phone", phone]]) {
    test.describe(profile, () => {
      test.use(options);

      test(`no layout shift when the app takes the page over (${profile})`, async ({ page }) => {
        await recordShifts(page);
        await recordLoadingStates(page);
        const release = await holdBack(page, "**/*.wasm");
        await page.goto("/articles/1001");
        await expect(page.locator("#boot[data-prerendered=article] h1")).toBeVisible();
        await settled(page);
        const before = await landmarks(page);
        release();
        await takenOver(page);
        await expect(page.locator(".reading-tools")).toBeVisible();
        expect(await landmarks(page), "where the article is on screen").toEqual(before);
        expect(await page.evaluate(() => window.__loading), "no skeleton or preview on the way").toEqual([]);
        const list = await shifts(page);
        test.info().annotations.push({ type: "CLS", description: `${profile}: ${cls(list)}` });
        expect(cls(list), `layout shifts: ${JSON.stringify(list)}`).toBeLessThan(0.01);
      });

      test(`a reader who scrolled before the app started stays where they were (${profile})`, async ({ page }) => {
        const release = await holdBack(page, "**/*.wasm");
        await page.goto("/articles/1001");
        await expect(page.locator("#boot[data-prerendered=article] h1")).toBeVisible();
        // To the very end: below what the app draws in its first frame (the related news and
        // comments come a frame later).
        await page.evaluate(() => scrollTo(0, document.scrollingElement.scrollHeight));
        const y = await page.evaluate(() => scrollY);
        expect(y, "the page scrolled").toBeGreaterThan(1000);
        await framesDrawn(page, 2);
        release();
        await takenOver(page);
        await framesDrawn(page, 4);
        expect(await page.evaluate(() => scrollY)).toBe(y);
      });
    });
  }

  test("a story with a cover, a video and an update time is taken over without a shift", async ({ page }) => {
    const lanterns = article("1008");
    expect(lanterns.cover.caption && lanterns.updated_at && lanterns.body_html.includes("<video"), "the demo story has them").toBeTruthy();
    await recordShifts(page);
    const release = await holdBack(page, "**/*.wasm");
    await page.goto("/articles/1008");
    await expect(page.locator("#boot[data-prerendered=article] .article-cover figcaption")).toHaveText(lanterns.cover.caption);
    await expect(page.locator("#boot video")).toHaveAttribute("controls", "");
    await settled(page);
    const selectors = [...LANDMARKS, ".article-body video", ".article-body h2:last-of-type"];
    const before = await landmarks(page, selectors);
    release();
    await articleShown(page, lanterns.title);
    await expect(page.locator(".share-bar")).toBeVisible();
    await settled(page);
    expect(await landmarks(page, selectors), "where the article is on screen").toEqual(before);
    const list = await shifts(page);
    expect(cls(list), `layout shifts: ${JSON.stringify(list)}`).toBeLessThan(0.01);
  });

  test("the reader's text size and theme are on the page before the app starts, so nothing moves", async ({ page }) => {
    await page.addInitScript(() => {
      localStorage.setItem("news-reader.text-size", "l");
      localStorage.setItem("news-reader.theme", "dark");
    });
    const release = await holdBack(page, "**/*.wasm");
    await page.goto("/articles/1001");
    const boot = page.locator("#boot[data-prerendered=article]");
    await expect(boot.locator("h1")).toBeVisible();
    await expect(boot).toHaveClass("news-app text-l theme-dark");
    await expect(boot.locator(".text-size button[aria-pressed=true]")).toHaveText("大");
    await expect(boot.locator(".theme-switch")).toHaveAttribute("aria-pressed", "true");
    await settled(page);
    const before = await landmarks(page);
    release();
    await takenOver(page);
    await expect(page.locator(".news-app.text-l.theme-dark")).toHaveCount(1);
    expect(await landmarks(page), "where the article is on screen").toEqual(before);
  });

  test("a reader who chose English gets the page filled in in English, so no label changes when the app takes it over", async ({ page, context }) => {
    const localeCookie = async () => (await context.cookies()).find((c) => c.name === "news-reader-locale");
    await page.goto("/articles/1001");
    await takenOver(page);
    expect(await localeCookie(), "a reader who never chose gets no cookie").toBeUndefined();
    await page.locator(".language-switch").click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    expect(await localeCookie(), "the choice is told to the server").toMatchObject({ value: "en", path: "/", sameSite: "Lax" });

    const release = await holdBack(page, "**/*.wasm");
    await page.reload();
    await expect(page.locator("#boot[data-prerendered=article] h1")).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    // What the page says around the article, in the reader's language before the app runs.
    const labels = () => page.locator(".related .section-title, .breadcrumb, .article-meta, .site-footer").allTextContents();
    const before = await labels();
    expect(before.join(" ")).toContain("Related news");
    expect(before.join(" ")).not.toContain("相关新闻");
    await settled(page);
    const boxes = await landmarks(page);
    release();
    await takenOver(page);
    expect(await labels(), "the labels the app shows are the page's").toEqual(before);
    expect(await landmarks(page), "where the article is on screen").toEqual(boxes);
  });

  test("a filled-in home page stays until the app has its list: no skeleton, nothing moves", async ({ page }) => {
    await recordLoadingStates(page);
    const release = await holdBack(page, "**/*.wasm");
    // The second page (of two): the app must ask for the list the address names.
    await page.goto("/?page=2");
    const filled = page.locator("#boot[data-prerendered=home] .summary-item");
    await expect(filled).toHaveCount(allArticles().length - 8);
    const titles = await filled.locator(".summary-title").allTextContents();
    await settled(page);
    const box = async () => page.locator(".summary-item").last().boundingBox();
    const before = await box();
    release();
    await expect(page.locator("#boot")).toHaveCount(0);
    await expect(page.locator("main .summary-title")).toHaveText(titles);
    await settled(page);
    expect(await box(), "where the list is on screen").toEqual(before);
    expect(await page.evaluate(() => window.__loading), "no skeleton on the way").toEqual([]);
    await expect(page.locator("head [data-server-head]")).toHaveCount(0);
  });

  test("a copy of the page kept for another address is only a loading page: the app shows this address's article", async ({ page, request }) => {
    // The offline copy keeps one page for every route: here article 1001's, for 1002.
    const other = article("1002");
    const copy = await (await request.get("/articles/1001")).text();
    await page.route("**/articles/1002", (route) =>
      route.request().resourceType() === "document" ? route.fulfill({ body: copy, contentType: "text/html" }) : route.fallback(),
    );
    const asked = countRequests(page);
    await page.goto("/articles/1002");
    await articleShown(page, other.title);
    await expect(page.locator('head meta[property="og:title"]')).toHaveCount(1);
    await expect(page.locator('head meta[property="og:title"]')).toHaveAttribute("content", other.title);
    await expect(page.locator("head [data-server-head]")).toHaveCount(0);
    expect(asked["/api/articles/1002"]).toBe(1);
    expect(asked["/api/articles/1001"] ?? 0).toBe(0);
  });

  test.describe("with the offline copy", () => {
    test.use({ serviceWorkers: "allow" });

    test("the answers the page carried are kept: the article reads offline once another page is the kept one", async ({ page, context }) => {
      const kept = (path) =>
        expect
          .poll(() => page.evaluate(async (p) => Boolean(await caches.match(new URL(p, location.href).href)), path), {
            message: `${path} kept`,
            timeout: 10_000,
          })
          .toBe(true);
      await page.goto("/articles/1001");
      await takenOver(page);
      await kept("/api/articles/1001");
      await kept("/api/articles/1001/related");
      // Another article loaded as a page: the copy kept for every route is now its page.
      const other = article("1002");
      await page.goto("/articles/1002");
      await articleShown(page, other.title);
      await context.setOffline(true);
      await page.goto("/articles/1001");
      await articleShown(page, a.title);
      await expect(relatedNews(page).locator(".summary-title a").first()).toBeVisible();
      await expect(page.locator('head meta[property="og:title"]')).toHaveAttribute("content", a.title);
    });
  });

  test("an unknown article answers 404 with the not-found page; the app then says the article is missing", async ({ page }) => {
    const response = await page.goto("/articles/no-such-article");
    expect(response.status()).toBe(404);
    const html = await response.text();
    expect(html).toContain('data-prerendered="not-found"');
    expect(html).toContain("<h1>页面不存在</h1>");
    expect(html).toContain('<meta name="robots" content="noindex"');
    await expect(page.getByRole("alert")).toContainText("内容不存在或已被删除");
    await expect(page.locator("#boot")).toHaveCount(0);
    await expect(page.locator("head [data-server-head]")).toHaveCount(0);
  });

  test.describe("without JavaScript, an unknown article", () => {
    test.use({ javaScriptEnabled: false });

    test("reads as the not-found page with a link home", async ({ page }) => {
      const response = await page.goto("/articles/no-such-article");
      expect(response.status()).toBe(404);
      await expect(page.locator("main h1")).toHaveText("页面不存在");
      await expect(page.locator("main").getByRole("link")).toHaveAttribute("href", "/");
    });
  });
});
