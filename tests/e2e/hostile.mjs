// What a hostile backend sends (every vector of tests/xss-corpus.json in body_html, markup in
// every text field, script URLs for every link and picture) and what must hold whatever it sent.
// xss.spec.mjs hands it to the app; xss-server.spec.mjs has the reference server fill its pages
// from it.
import { expect } from "./fixtures.mjs";
import { readFileSync } from "node:fs";

export const corpus = JSON.parse(readFileSync(new URL("../xss-corpus.json", import.meta.url), "utf8"));
export const hostile = (field) => `${field} <img src=x onerror=window.__xss=99><script>window.__xss=98</script>`;

export const hostileArticle = {
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
export async function assertNothingDangerous(page, what) {
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

/** A site whose every text is markup and whose links are script URLs. */
export const hostileSite = {
  name: hostile("站名"),
  tip: { title: hostile("爆料"), text: hostile("爆料正文"), url: "javascript:window.__xss=89" },
  channels: [{ id: "x", name: hostile("频道") }],
};

/** Article `xss-{index}`: the corpus vector `index` alone in its body, between two paragraphs. */
export const vectorArticle = (index) => ({
  id: `xss-${index}`,
  title: `向量 ${index}`,
  published_at: "2026-11-27T09:18:36+08:00",
  body_html: `<p>before ${index}</p>${corpus.vectors[index]}<p>after ${index}</p>`,
  related: [],
});
