// A hostile backend: every vector of tests/xss-corpus.json in body_html, markup in every text
// field. Nothing may run, nothing dangerous may reach the live DOM, text stays text.
import { test, expect, escapeRegExp, followPlainLink, relatedNews, settled } from "./fixtures.mjs";
import { readFileSync } from "node:fs";

const corpus = JSON.parse(readFileSync(new URL("../xss-corpus.json", import.meta.url), "utf8"));
const hostile = (field) => `${field} <img src=x onerror=window.__xss=99><script>window.__xss=98</script>`;

const hostileArticle = {
  id: "xss",
  title: hostile("标题"),
  original_title: hostile("原标题"),
  subtitle: hostile("副标题"),
  summary: hostile("摘要"),
  channel: { id: "x", name: hostile("频道") },
  source: { name: hostile("来源"), url: "javascript:window.__xss=97" },
  author: hostile("作者"),
  editor: hostile("编辑"),
  published_at: "2026-11-27T09:18:36+08:00",
  body_html: corpus.vectors.join("\n"),
  byline: hostile("署名"),
  updated_at: "2026-11-28T09:18:36+08:00",
  tags: [hostile("标签"), "<b onmouseover=window.__xss=92>粗</b>"],
  cover: {
    url: "javascript:window.__xss=91",
    alt: hostile("封面"),
    caption: hostile("图说"),
    sources: [{ url: "javascript:window.__xss=90", width: 300 }],
  },
  related: [
    {
      id: "r1",
      title: hostile("相关"),
      summary: hostile("相关摘要"),
      source: hostile("相关来源"),
      published_at: "2026-11-27T09:18:36+08:00",
      url: "javascript:window.__xss=96",
      thumbnail: { url: "javascript:window.__xss=95", alt: hostile("alt") },
    },
    {
      id: "r2",
      title: "二号<b onmouseover=window.__xss=94>",
      thumbnail: { url: "data:image/svg+xml,<svg onload='window.__xss=93'/>" },
    },
  ],
};

// The app wraps each body image in its own `button.zoom` (opens the enlarged view); any other
// button came from the article.
const FORBIDDEN =
  "script, iframe, object, embed, svg, math, form, style, base, meta, link, template, input, button:not(.zoom), textarea, select, param, noscript, xmp, marquee, frame, canvas, .embed";

/** The invariants that hold whatever the article contained. */
async function assertNothingDangerous(page, what) {
  expect(await page.evaluate(() => typeof window.__xss), `${what}: window.__xss was set or clobbered`).toBe("undefined");
  const body = page.locator(".article-body");
  expect(await body.evaluate((el, sel) => [...el.querySelectorAll(sel)].map((n) => n.outerHTML), FORBIDDEN), what).toEqual([]);
  // Video and audio are players the reader starts: the browser's controls, never autoplay.
  expect(await body.evaluate((el) => [...el.querySelectorAll(":is(video, audio):not([controls]), [autoplay]")].map((n) => n.outerHTML)), what).toEqual([]);
  expect(await body.evaluate((el) => [...el.querySelectorAll("video, audio")].filter((m) => !m.paused).length), what).toBe(0);
  // Nothing in a foreign namespace (SVG/MathML) survives, whatever its tag name.
  expect(
    await body.evaluate((el) => [...el.querySelectorAll("*")].filter((n) => n.namespaceURI !== "http://www.w3.org/1999/xhtml").map((n) => n.localName)),
    what,
  ).toEqual([]);
  const report = await page.evaluate(() => {
    const strip = (value) => value.replace(/[\u0000-\u0020\u007f-\u009f]/g, "").toLowerCase();
    const urlAttrs = ["href", "src", "srcset", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "srcdoc"];
    const onAttrs = [];
    const badUrls = [];
    const styles = [];
    for (const el of document.querySelectorAll("*")) {
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        if (name.startsWith("on")) onAttrs.push(`${el.localName}[${attr.name}]`);
        // Each candidate of a srcset is a URL of its own.
        const urls = name === "srcset" ? attr.value.split(",") : [attr.value];
        if (urlAttrs.includes(name) && urls.some((url) => /^(javascript|data|vbscript):/.test(strip(url)))) {
          badUrls.push(`${el.localName}[${attr.name}=${attr.value}]`);
        }
        // The one style the app writes itself: the box of an image that failed to load, in integers.
        const appBox = el.matches("span.image-broken") && /^width:\d+px;aspect-ratio:\d+\/\d+$/.test(attr.value);
        if (name === "style" && el.closest(".news-app") && !appBox) styles.push(`${el.localName}[style=${attr.value}]`);
      }
    }
    const ids = [...document.querySelectorAll(".article-body [id]")].map((el) => el.id);
    return { onAttrs, badUrls, styles, ids, mainCount: document.querySelectorAll("#main").length };
  });
  expect(report.onAttrs, `${what}: event-handler attributes`).toEqual([]);
  expect(report.badUrls, `${what}: javascript:/data:/vbscript: URLs`).toEqual([]);
  expect(report.styles, `${what}: style attributes from content`).toEqual([]);
  // Ids from content cannot clobber the app's own (#main) or globals.
  expect(report.mainCount, what).toBe(1);
  for (const id of report.ids) expect(id, what).toMatch(/^article-/);
  await expect(page.locator("#news-crash")).toHaveCount(0);
}

const fulfilArticle = (article) => (route) =>
  route.fulfill({ status: 200, contentType: "application/json; charset=utf-8", body: JSON.stringify(article) });

test("hostile article: nothing runs, nothing dangerous reaches the DOM, text stays text", async ({ page }) => {
  expect(corpus.vectors.length).toBeGreaterThan(40);
  const dialogs = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  await page.route("**/api/articles/xss", fulfilArticle(hostileArticle));
  await page.goto("/articles/xss");
  await expect(page.locator("#boot"), "the app, not index.html's text preview").toHaveCount(0);

  const body = page.locator(".article-body");
  // The first vectors render as inert text (their dangerous hrefs are gone, so they are not links).
  await expect(body).toContainText("link 4");
  await expect(body.getByRole("link", { name: "link 4" })).toHaveCount(0);
  await settled(page);

  await assertNothingDangerous(page, "all vectors joined");
  expect(await page.evaluate(() => typeof parent.__xss)).toBe("undefined");
  expect(dialogs).toEqual([]);
  await expect(page).toHaveURL("/articles/xss");

  // Markup in text fields is shown as text, never parsed.
  await expect(page.locator("h1")).toHaveCount(1);
  await expect(page.locator("h1")).toHaveText(hostileArticle.title);
  await expect(page.locator("h1 *")).toHaveCount(0);
  const meta = page.locator(".article-meta");
  await expect(meta).toContainText(hostileArticle.source.name);
  await expect(meta).toContainText(hostileArticle.author);
  await expect(meta).toContainText(hostileArticle.editor);
  await expect(meta.locator("img, script, a")).toHaveCount(0);
  await expect(page.locator(".byline")).toHaveText(hostileArticle.byline);
  await expect(page.locator(".article-tags .tag")).toHaveText(hostileArticle.tags);
  await expect(page.locator(".article-tags *:not(.label, .tag)")).toHaveCount(0);
  await expect(page.locator(".article-cover"), "no cover for an unsafe URL").toHaveCount(0);
  await expect(page.locator(".original-title")).toContainText(hostileArticle.original_title);
  await expect(page.getByRole("navigation", { name: "当前位置" })).toContainText(hostileArticle.channel.name);
  const related = relatedNews(page);
  await expect(related).toContainText(hostileArticle.related[0].title);
  await expect(related).toContainText(hostileArticle.related[1].title);
  await expect(related.locator("img, script, b")).toHaveCount(0);
  await expect(page).toHaveTitle(new RegExp(escapeRegExp(hostileArticle.title)));
  await expect(page.locator("img:not(.article-body img, .site-logo)")).toHaveCount(0);

  // Still nothing ran after interacting with the body's links that stay on the page.
  for (const link of await body.locator('a[href^="#"]').all()) {
    await link.click();
  }
  await page.mouse.move(10, 10);
  await settled(page);
  expect(await page.evaluate(() => typeof window.__xss)).toBe("undefined");
  expect(dialogs).toEqual([]);
});

// Joined, an unclosed vector (e.g. the <math><mtext><table>… one) swallows everything after it
// into an element that is dropped whole; so each vector is also rendered on its own.
test("each corpus vector on its own", async ({ page }) => {
  let current = 0;
  await page.route("**/api/articles/xss-*", (route) => {
    const index = Number(new URL(route.request().url()).pathname.split("-").pop());
    current = index;
    return fulfilArticle({
      id: `xss-${index}`,
      title: `向量 ${index}`,
      published_at: "2026-11-27T09:18:36+08:00",
      body_html: `<p>before ${index}</p>${corpus.vectors[index]}<p>after ${index}</p>`,
      related: [],
    })(route);
  });
  await page.goto("/articles/xss-0");
  await expect(page.locator("#boot"), "the app, not index.html's text preview").toHaveCount(0);
  let externalChecked = 0;
  for (const [index, vector] of corpus.vectors.entries()) {
    if (index > 0) {
      // A link to the next one: quicker than a page load each, and the hostile page has none.
      await followPlainLink(page, `/articles/xss-${index}`);
    }
    await expect(page.locator("h1")).toHaveText(`向量 ${index}`);
    await expect(page.locator(".article-body")).toContainText(`before ${index}`);
    expect(current).toBe(index);
    await settled(page);
    await assertNothingDangerous(page, `vector ${index}: ${vector}`);
    if (vector.includes("https://evil.example/")) {
      const external = page.locator('.article-body a[href="https://evil.example/"]');
      await expect(external).toHaveText("external");
      await expect(external).toHaveAttribute("rel", "noopener noreferrer");
      await expect(external).not.toHaveAttribute("target", /.*/);
      externalChecked++;
    }
  }
  expect(externalChecked, "the corpus has an ordinary external link").toBe(1);
  // Late events (image errors, toggles, autofocus) of the last page have fired: once more.
  await settled(page);
  expect(await page.evaluate(() => typeof window.__xss)).toBe("undefined");
});
