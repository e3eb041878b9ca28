// The backend adapters, end to end: config.json (routed) names JSON Feed, WordPress, or the native
// contract at other paths, and the page must show what those backends answer. The answers are the
// model crate's own host-test fixtures (crates/news-model/tests/fixtures/), served as they are; the
// expectations are computed from them here, independently of the app's Rust mapping.
import {
  test, expect, allArticles, article, site, articleShown, displayDate, displayDateTime, escapeRegExp,
  relatedNews as related,
} from "./fixtures.mjs";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

const fixtureDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../crates/news-model/tests/fixtures");
const fixtureText = (name) => readFileSync(resolve(fixtureDir, name), "utf8");
const fixture = (name) => JSON.parse(fixtureText(name));

const json = (body, headers = {}) => ({
  status: 200,
  contentType: "application/json; charset=utf-8",
  headers,
  body: typeof body === "string" ? body : JSON.stringify(body),
});
const useConfig = (page, config) => page.route("**/config.json", (route) => route.fulfill(json(config)));

/** Images and links in the fixtures point at *.example hosts: never leave the machine for them. */
// No real network: pictures on the fixtures' hosts get a stand-in (so thumbnails load and keep
// their attributes), everything else there is refused.
const PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"><rect width="4" height="3" fill="#ccc"/></svg>';
const offline = (page) =>
  page.route(
    (url) => url.hostname !== "127.0.0.1",
    (route) =>
      route.request().resourceType() === "image"
        ? route.fulfill({ contentType: "image/svg+xml", body: PICTURE })
        : route.abort(),
  );

// ---- Text as a reader sees it, computed from the fixtures (not by the app's code) ----

const NAMED = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", hellip: "…", eacute: "é", ndash: "–", mdash: "—",
};
const decode = (s) =>
  s.replace(/&(#[xX][0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, ref) => {
    if (ref[0] !== "#") return NAMED[ref] ?? whole;
    return String.fromCodePoint(ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : Number(ref.slice(1)));
  });
/** Plain text of a small HTML fragment: scripts dropped, block ends as line breaks, entities decoded. */
const htmlText = (html) =>
  decode(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, "")
      .replace(/<br\s*\/?>|<\/(p|h\d|li|div|figure)>/gi, "\n")
      .replace(/<[^>]+>/g, ""),
  )
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .join("\n");
const oneLine = (s) => s.replace(/\s+/g, " ").trim();
const clip = (s, max) => ([...s].length > max ? `${[...s].slice(0, max).join("").trimEnd()}…` : s);

// ---- JSON Feed ----

/** The documented title rule: `title`, else the first line of the summary or text, cut to 60. */
function feedTitle(item) {
  const title = oneLine(decode(item.title ?? ""));
  if (title) return title;
  const text =
    item.summary != null ? decode(item.summary.trim()) : (item.content_text ?? htmlText(item.content_html ?? ""));
  return clip(text.split("\n").map((l) => l.trim()).find(Boolean) ?? "", 60);
}
/** `date_published` else `date_modified`; without an offset it reads as UTC. */
function feedDate(item) {
  const raw = (item.date_published ?? item.date_modified)?.trim();
  if (!raw) return null;
  if (/^\d{4}-\d\d-\d\d$/.test(raw)) return `${raw}T00:00:00Z`;
  return /(Z|[+-]\d\d:\d\d)$/i.test(raw) ? raw : `${raw}Z`;
}
const feedAuthors = (item) =>
  (item.authors ?? (item.author ? [item.author] : [])).map((a) => a.name?.trim()).filter(Boolean).join("、");
/** Feed pages joined as the app reads them: an id seen before is not added again. */
function joinFeeds(...feeds) {
  const seen = new Set();
  return feeds.flatMap((f) => f.items).filter((item) => !seen.has(String(item.id)) && seen.add(String(item.id)));
}
/** Related items as documented: others sharing a tag (else all others), newest first, at most 6. */
function feedRelated(items, item) {
  let others = items.filter((o) => String(o.id) !== String(item.id));
  const shares = (o) => (o.tags ?? []).some((t) => (item.tags ?? []).includes(t));
  if (others.some(shares)) others = others.filter(shares);
  const time = (o) => (feedDate(o) ? Date.parse(feedDate(o)) : -Infinity);
  return others.sort((a, b) => time(b) - time(a)).slice(0, 6);
}

const FEED_PATH = "/fixtures/feed.json";
const FEED_PAGE2_PATH = "/fixtures/feed-2.json";

/** Serves jsonfeed-1.1.json (its next_url re-pointed here) and its page 2; counts the requests. */
async function serveFeed11(page) {
  const first = fixture("jsonfeed-1.1.json");
  const second = fixture("jsonfeed-1.1-page2.json");
  expect(first.next_url, "the fixture pages on").toBeTruthy();
  expect(second.next_url, "page 2 is the last").toBeUndefined();
  const requests = { first: 0, second: 0 };
  await useConfig(page, { adapter: "jsonfeed", feed_url: FEED_PATH });
  await page.route(`**${FEED_PATH}`, (route) => {
    requests.first++;
    return route.fulfill(json({ ...first, next_url: FEED_PAGE2_PATH }));
  });
  await page.route(`**${FEED_PAGE2_PATH}`, (route) => {
    requests.second++;
    return route.fulfill(json(second));
  });
  return { first, second, items: joinFeeds(first, second), requests };
}


test.describe("JSON Feed 1.1", () => {
  test.beforeEach(async ({ page }) => offline(page));

  test("home lists every item of both feed pages; opening one costs no further feed request", async ({ page }) => {
    const { first, items, requests } = await serveFeed11(page);
    // 5 + 1 new items (page 2 repeats one id): fewer than a page of 8, so all are on page 1.
    expect(items.length).toBeLessThanOrEqual(8);
    const feedName = oneLine(decode(first.title));

    await page.goto("/");
    await expect(page.locator("main .summary-title")).toHaveText(items.map(feedTitle));
    await expect(page.locator(".site-name")).toHaveText(feedName);
    await expect(page.locator(".site-name img.site-logo")).toHaveAttribute("src", first.icon);
    await expect(page.locator(".pager-status")).toHaveText("第 1 / 1 页");
    await expect(page.locator('.pager a[rel="next"]')).toHaveCount(0);
    // The repeated id keeps its first copy.
    await expect(page.locator("main")).not.toContainText("（重复）");
    await expect(page.locator("main")).not.toContainText("&#");

    const rows = page.locator("main .summary-item");
    for (const [i, item] of items.entries()) {
      await expect(rows.nth(i).locator(".summary-date")).toHaveText(displayDate(feedDate(item)));
      await expect(rows.nth(i).locator(".summary-source")).toHaveText(feedName);
    }
    const withSummary = items.findIndex((item) => item.summary);
    await expect(rows.nth(withSummary).locator(".summary-body")).toContainText(items[withSummary].summary.slice(0, 20));
    // The list picture: `image`, else `banner_image`.
    const pictured = items.findIndex((item) => !item.image && item.banner_image);
    await expect(rows.nth(pictured).locator("img.summary-thumb")).toHaveAttribute("src", items[pictured].banner_image);

    expect(requests, "the feed and its next page, each read for the list").toMatchObject({
      first: expect.any(Number),
      second: 1,
    });
    const before = { ...requests };

    // The first item: id is a URL, authors are two, content_html with markup.
    const item = items[0];
    const title = feedTitle(item);
    await rows.first().locator(".summary-title a").click();
    await expect(page).toHaveURL(`/articles/${encodeURIComponent(String(item.id))}`);
    await articleShown(page, title);

    const meta = page.locator(".article-meta");
    await expect(meta.locator(".meta-author")).toHaveText(`作者：${feedAuthors(item)}`);
    await expect(meta.locator(".meta-source")).toHaveText(`来源：${feedName}`);
    await expect(meta.locator(".meta-source a")).toHaveAttribute("href", item.url);
    await expect(meta.locator(".meta-time time")).toHaveText(displayDateTime(item.date_published));
    await expect(meta.locator(".meta-time time")).toHaveAttribute("datetime", item.date_published);
    // Edited after publication (date_modified): 更新于; the item's image is the cover; its tags.
    expect(Date.parse(item.date_modified)).toBeGreaterThan(Date.parse(item.date_published));
    await expect(meta.locator(".meta-updated")).toHaveText(`更新于 ${displayDateTime(item.date_modified)}`);
    await expect(page.locator(".article-cover img")).toHaveAttribute("src", item.image);
    await expect(page.locator(".article-tags .tag")).toHaveText(item.tags);
    const body = page.locator(".article-body");
    await expect(body.locator("p")).toHaveText(htmlText(item.content_html).split("\n"));
    const strong = [...item.content_html.matchAll(/<strong>(.*?)<\/strong>/g)].map((m) => m[1]);
    await expect(body.locator("strong")).toHaveText(strong);
    await expect(related(page).locator(".summary-title")).toHaveText(feedRelated(items, item).map(feedTitle));
    await expect(page.locator("#comments"), "a feed has no comments").toHaveCount(0);
    await expect(page).toHaveTitle(new RegExp(`^${escapeRegExp(title)}`));

    expect(requests, "opening an article from the list asks nothing more of the feed").toEqual(before);

    // Back to the list, and the item that came from the feed's second page.
    await page.goBack();
    const later = items.at(-1);
    await page.locator("main .summary-title a", { hasText: feedTitle(later) }).click();
    await articleShown(page, feedTitle(later));
    expect(requests, "nor does an item of the second page, already read for the list").toEqual(before);
  });

  // Title closures run after in-app navigation too: the site name must survive it.
  test("the document title keeps the feed's name after an in-app navigation", async ({ page }) => {
    const { first, items } = await serveFeed11(page);
    const feedName = oneLine(decode(first.title));
    await page.goto("/");
    await expect(page).toHaveTitle(feedName);
    await page.locator("main .summary-title a").first().click();
    await articleShown(page, feedTitle(items[0]));
    await expect(page).toHaveTitle(`${feedTitle(items[0])} - ${feedName}`);
    await page.goBack();
    await expect(page.locator("main .summary-item")).toHaveCount(items.length);
    await expect(page).toHaveTitle(feedName);
  });

  // The site and the list ask for the feed at the same moment at start-up: one request serves both.
  test("the home page reads the feed once", async ({ page }) => {
    const { items, requests } = await serveFeed11(page);
    await page.goto("/");
    await expect(page.locator("main .summary-title")).toHaveText(items.map(feedTitle));
    await expect(page.locator(".site-name")).not.toBeEmpty();
    expect(requests).toEqual({ first: 1, second: 1 });
  });

  test("items without title or html, with a script, and from the feed's second page", async ({ page }) => {
    const { first, second, items, requests } = await serveFeed11(page);
    const byId = (id) => items.find((item) => String(item.id) === id);

    // content_text, no title, numeric id, authors without names.
    const plain = byId("2050");
    expect(plain.content_text && !plain.title && !feedAuthors(plain)).toBeTruthy();
    await page.goto("/articles/2050");
    await articleShown(page, feedTitle(plain));
    const paragraphs = plain.content_text.split(/\n\s*\n/).map((p) => p.split("\n").map((l) => l.trim()).join(""));
    await expect(page.locator(".article-body p")).toHaveText(paragraphs);
    await expect(page.locator(".article-body p").first().locator("br")).toHaveCount(
      plain.content_text.split(/\n\s*\n/)[0].split("\n").length - 1,
    );
    await expect(page.locator(".meta-author")).toHaveCount(0);
    // No offset: UTC.
    await expect(page.locator(".meta-time time")).toHaveText(displayDateTime(feedDate(plain)));
    await expect(page.locator("#comments")).toHaveCount(0);
    expect(requests.second, "the item is on page 1: page 2 not needed").toBe(0);

    // A script in content_html never reaches the page; the rest does. A bare date is midnight UTC.
    const scripted = byId("2049");
    expect(scripted.content_html).toContain("<script");
    await page.goto(`/articles/${scripted.id}`);
    await articleShown(page, feedTitle(scripted));
    await expect(page.locator(".article-body script")).toHaveCount(0);
    await expect(page.locator(".article-body")).not.toContainText("trackView");
    await expect(page.locator(".article-body li")).toHaveText(
      [...scripted.content_html.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1]),
    );
    await expect(page.locator(".article-body em")).toHaveText(/两百余幅/);
    await expect(page.locator(".meta-time time")).toHaveText(`${scripted.date_published} 00:00:00`);

    // An item only on the second page: the app follows next_url to find it.
    const later = second.items.find((item) => !first.items.some((f) => String(f.id) === String(item.id)));
    await page.goto(`/articles/${later.id}`);
    await articleShown(page, feedTitle(later));
    await expect(page.locator(".article-body")).toHaveText(htmlText(later.content_html));
    await expect(page.locator(".meta-time time")).toHaveText(displayDateTime(later.date_published));
    await expect(related(page).locator(".summary-title")).toHaveText(feedRelated(items, later).map(feedTitle));

    // An id in no page of the feed.
    await page.goto("/articles/no-such-item");
    await expect(page.getByRole("alert")).toContainText("内容不存在或已被删除");
  });
});

test.describe("JSON Feed 1.0", () => {
  test.beforeEach(async ({ page }) => offline(page));

  test("author objects, untitled items, one article", async ({ page }) => {
    const feed = fixture("jsonfeed-1.0.json");
    await useConfig(page, { adapter: "jsonfeed", feed_url: "/fixtures/feed-1.0.json" });
    let asked = 0;
    await page.route("**/fixtures/feed-1.0.json", (route) => {
      asked++;
      return route.fulfill(json(fixtureText("jsonfeed-1.0.json")));
    });

    await page.goto("/");
    await expect(page.locator("main .summary-title")).toHaveText(feed.items.map(feedTitle));
    await expect(page.locator(".site-name")).toHaveText(feed.title);

    const item = feed.items.find((i) => i.author?.name);
    await page.locator("main .summary-title a", { hasText: feedTitle(item) }).click();
    await expect(page).toHaveURL(`/articles/${item.id}`);
    await articleShown(page, feedTitle(item));
    await expect(page.locator(".meta-author")).toHaveText(`作者：${item.author.name}`);
    await expect(page.locator(".meta-time time")).toHaveText(displayDateTime(item.date_published));
    await expect(page.locator(".article-body")).toHaveText(htmlText(item.content_html));
    await expect(related(page).locator(".summary-title")).toHaveText(feedRelated(feed.items, item).map(feedTitle));
    await expect(page.locator("#comments")).toHaveCount(0);
    expect(asked).toBeGreaterThan(0);

    // The other item: no title (its text's first line), an author without a name.
    const untitled = feed.items.find((i) => !i.title);
    await related(page).getByRole("link", { name: feedTitle(untitled), exact: true }).click();
    await articleShown(page, feedTitle(untitled));
    await expect(page.locator(".meta-author")).toHaveCount(0);
    await expect(page.locator(".article-body h2")).toHaveText(htmlText(untitled.content_html).split("\n")[0]);
  });

  test("an empty feed without a title: the host names the site, the list says so", async ({ page }) => {
    const feed = fixture("jsonfeed-empty.json");
    await useConfig(page, { adapter: "jsonfeed", feed_url: "/fixtures/empty.json" });
    await page.route("**/fixtures/empty.json", (route) => route.fulfill(json(fixtureText("jsonfeed-empty.json"))));
    await page.goto("/");
    await expect(page.locator("main .empty")).toHaveText("暂无文章");
    await expect(page.locator("main .summary-item")).toHaveCount(0);
    await expect(page.locator(".site-name")).toHaveText(new URL(feed.home_page_url).host);
  });
});

// ---- WordPress ----

/** WordPress's local `date` with the offset `date_gmt` implies (UTC when there is no usable gmt). */
function wpDate(local, gmt) {
  const l = Date.parse(`${local}Z`);
  const g = gmt ? Date.parse(`${gmt}Z`) : NaN;
  const minutes = Math.round((l - g) / 60_000);
  if (Number.isNaN(minutes) || Math.abs(minutes) > 14 * 60) return `${local}Z`;
  const pad = (n) => String(n).padStart(2, "0");
  return `${local}${minutes < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}
const wpExcerpt = (post) => {
  const text = oneLine(htmlText(post.excerpt?.rendered ?? ""));
  return text.replace(/\s*\[(…|\.\.\.)\]$/, "");
};
const wpTitle = (post) => oneLine(htmlText(post.title.rendered)) || clip(wpExcerpt(post), 60);
const wpTerms = (post, taxonomy) =>
  (post._embedded?.["wp:term"] ?? []).flat().filter((t) => t.taxonomy === taxonomy);

/**
 * A WordPress site at /wp-json answering from the fixtures: the index, posts (list, by id, by
 * slug, by category), comments (by post, ordered, paged), with the X-WP-Total headers. Every
 * request is logged as path + query.
 */
async function serveWordPress(page, config = {}) {
  const posts = fixture("wp-posts.json");
  const comments = fixture("wp-comments.json");
  const log = [];
  const raw = [];
  await useConfig(page, { adapter: "wordpress", api_base: "/wp-json", ...config });
  await page.route(
    (url) => url.hostname === "127.0.0.1" && url.pathname.startsWith("/wp-json/"),
    (route) => {
      const url = new URL(route.request().url());
      raw.push(url.pathname + url.search);
      log.push(url.pathname + url.search);
      const q = url.searchParams;
      const paged = (all) => {
        const perPage = Number(q.get("per_page") ?? 10);
        const pageNo = Number(q.get("page") ?? 1);
        return json(all.slice((pageNo - 1) * perPage, pageNo * perPage), {
          "X-WP-Total": String(all.length),
          "X-WP-TotalPages": String(Math.ceil(all.length / perPage)),
          "Access-Control-Expose-Headers": "X-WP-Total, X-WP-TotalPages",
        });
      };
      const path = url.pathname.replace(/^\/wp-json/, "");
      if (path === "/") return route.fulfill(json(fixtureText("wp-index.json")));
      if (path === "/wp/v2/posts") {
        if (q.has("slug")) return route.fulfill(json(posts.filter((p) => p.slug === q.get("slug"))));
        // Related: the fixture has one post per category, so every other post stands in for
        // "the same category" (the request's categories= is checked by the tests).
        const exclude = (q.get("exclude") ?? "").split(",").filter(Boolean);
        return route.fulfill(paged(posts.filter((p) => !exclude.includes(String(p.id)))));
      }
      const single = /^\/wp\/v2\/posts\/(\d+)$/.exec(path);
      if (single) {
        const post = posts.find((p) => String(p.id) === single[1]);
        if (post) return route.fulfill(json(post));
        const invalid = { code: "rest_post_invalid_id", message: "无效的文章 ID。", data: { status: 404 } };
        return route.fulfill({ ...json(invalid), status: 404 });
      }
      if (path === "/wp/v2/comments") {
        const order = q.get("order") === "asc" ? 1 : -1;
        const list = comments
          .filter((c) => String(c.post) === q.get("post"))
          .sort((a, b) => order * (Date.parse(`${a.date_gmt}Z`) - Date.parse(`${b.date_gmt}Z`)));
        return route.fulfill(paged(list));
      }
      return route.fulfill({ ...json({ code: "rest_no_route" }), status: 404 });
    },
  );
  return { posts, comments, log, raw };
}

test.describe("WordPress", () => {
  test.beforeEach(async ({ page }) => offline(page));

  test("list with decoded titles, an article with its parts, related posts, threaded comments without 赞", async ({
    page,
  }) => {
    const { posts, comments, log } = await serveWordPress(page);
    const index = fixture("wp-index.json");

    await page.goto("/");
    await expect(page.locator("main .summary-title")).toHaveText(posts.map(wpTitle));
    await expect(page.locator(".site-name")).toHaveText(decode(index.name));
    await expect(page.locator(".site-name img.site-logo")).toHaveAttribute("src", index.site_icon_url);
    await expect(page.locator("main")).not.toContainText("&#");
    await expect(page.locator("main")).not.toContainText("&amp;");
    await expect(page.locator("main")).not.toContainText("[…]");
    await expect(page.locator(".pager-status")).toHaveText(`第 1 / ${Math.ceil(posts.length / 8)} 页`);
    const rows = page.locator("main .summary-item");
    for (const [i, post] of posts.entries()) {
      await expect(rows.nth(i).locator(".summary-date")).toHaveText(displayDate(wpDate(post.date, post.date_gmt)));
      const media = post._embedded?.["wp:featuredmedia"]?.[0];
      const thumb = rows.nth(i).locator("img.summary-thumb");
      if (media?.source_url) {
        // The list shows the medium size.
        await expect(thumb).toHaveAttribute("src", media.media_details.sizes.medium.source_url);
        await expect(thumb).toHaveAttribute("alt", media.alt_text);
      } else {
        await expect(thumb).toHaveCount(0);
      }
    }
    expect(log).toContain("/wp-json/");
    expect(log).toContain("/wp-json/wp/v2/posts?_embed&page=1&per_page=8");

    // The featured, categorised, commented post.
    const post = posts[0];
    const category = wpTerms(post, "category")[0];
    await rows.first().locator(".summary-title a").click();
    await expect(page).toHaveURL(`/articles/${post.id}`);
    await articleShown(page, wpTitle(post));
    const meta = page.locator(".article-meta");
    await expect(meta.locator(".meta-author")).toHaveText(`作者：${decode(post._embedded.author[0].name)}`);
    const published = wpDate(post.date, post.date_gmt);
    expect(published, "the fixture's site is at +08:00").toMatch(/\+08:00$/);
    await expect(meta.locator(".meta-time time")).toHaveText(post.date.replace("T", " "));
    await expect(meta.locator(".meta-time time")).toHaveAttribute("datetime", published);
    // Edited later (modified): 更新于 in the site's own time; the featured image as the cover
    // with its caption (the body's copy of it is further down, so it is not the opening picture);
    // the post's tags.
    await expect(meta.locator(".meta-updated")).toHaveText(`更新于 ${post.modified.replace("T", " ")}`);
    await expect(meta.locator(".meta-updated time")).toHaveAttribute("datetime", wpDate(post.modified, post.modified_gmt));
    const featured = post._embedded["wp:featuredmedia"][0];
    await expect(page.locator(".article-cover img")).toHaveAttribute("src", featured.source_url);
    await expect(page.locator(".article-cover figcaption")).toHaveText(htmlText(featured.caption.rendered));
    await expect(page.locator(".article-tags .tag")).toHaveText(wpTerms(post, "post_tag").map((t) => decode(t.name)));
    await expect(meta.locator(".meta-source a")).toHaveAttribute("href", post.link);
    const crumbs = page.getByRole("navigation", { name: "当前位置" });
    await expect(crumbs.locator(".crumb")).toHaveText(decode(category.name));
    const body = page.locator(".article-body");
    await expect(body.locator("p")).toHaveText(
      [...post.content.rendered.matchAll(/<p>(.*?)<\/p>/g)].map((m) => htmlText(m[1])),
    );
    const bodyImage = /<img src="([^"]+)"/.exec(post.content.rendered)[1];
    await expect(body.locator("img")).toHaveAttribute("src", bodyImage);
    await expect(related(page).locator(".summary-title")).toHaveText(posts.filter((p) => p !== post).map(wpTitle));
    expect(log).toContain(`/wp-json/wp/v2/posts/${post.id}?_embed`);
    expect(log).toContain(`/wp-json/wp/v2/posts?_embed&per_page=6&categories=${category.id}&exclude=${post.id}`);

    // Comments: WordPress's flat list, threaded by parent, newest first.
    const mine = comments.filter((c) => c.post === post.id);
    const roots = mine.filter((c) => !Number(c.parent));
    const byNewest = (a, b) => Date.parse(`${b.date_gmt}Z`) - Date.parse(`${a.date_gmt}Z`);
    const section = page.getByRole("region", { name: "网友评论" });
    await expect(page.locator("#comments-title")).toHaveText(`网友评论（${mine.length}）`);
    const threadIds = () =>
      page
        .locator("ol.comment-list > li.comment-thread > article.comment")
        .evaluateAll((els) => els.map((el) => el.id));
    await expect.poll(threadIds).toEqual([...roots].sort(byNewest).map((c) => `comment-${c.id}`));
    expect(log).toContain(`/wp-json/wp/v2/comments?post=${post.id}&page=1&per_page=20&orderby=date&order=desc`);
    for (const c of mine) {
      const item = section.locator(`article#comment-${c.id}`);
      await expect(item.locator(".comment-author")).toHaveText(decode(c.author_name));
      for (const line of htmlText(c.content.rendered).split("\n")) {
        await expect(item.locator(".comment-content")).toContainText(line);
      }
      await expect(item.locator("time")).toHaveAttribute("title", displayDateTime(wpDate(c.date, c.date_gmt)));
      if (Number(c.parent)) {
        const parent = page.locator(`> article#comment-${c.parent}`);
        const thread = section.locator("li.comment-thread").filter({ has: parent });
        await expect(thread.locator(`.comment-replies article#comment-${c.id}`)).toHaveCount(1);
      }
    }
    await expect(section.locator("button.comment-like"), "WordPress has no likes").toHaveCount(0);
    await expect(section).not.toContainText("赞");
    await expect(section.locator("button.comment-reply")).toHaveCount(mine.length);
    await expect(section.locator("form.comment-form")).toHaveCount(1);

    // 最早: order=asc.
    await section.getByRole("button", { name: "最早" }).click();
    await expect.poll(threadIds).toEqual([...roots].sort(byNewest).reverse().map((c) => `comment-${c.id}`));
    expect(log).toContain(`/wp-json/wp/v2/comments?post=${post.id}&page=1&per_page=20&orderby=date&order=asc`);
  });

  test("a slug in the URL, closed comments, no category; an untitled post without a usable date_gmt", async ({
    page,
  }) => {
    const { posts, log } = await serveWordPress(page);

    const closed = posts.find((p) => p.comment_status === "closed");
    expect(wpTerms(closed, "category")).toEqual([]);
    await page.goto(`/articles/${closed.slug}`);
    await articleShown(page, wpTitle(closed));
    expect(log).toContain(`/wp-json/wp/v2/posts?_embed&slug=${closed.slug}`);
    await expect(page.locator(".meta-author")).toHaveText(`作者：${closed._embedded.author[0].name}`);
    await expect(page.locator(".article-body")).toHaveText(htmlText(closed.content.rendered));
    await expect(page.locator(".breadcrumb .crumb")).toHaveCount(0);
    await expect(related(page)).toContainText("暂无相关新闻");
    expect(log.filter((l) => l.includes("categories="))).toEqual([]);
    const section = page.getByRole("region", { name: "网友评论" });
    await expect(section).toContainText("本文已关闭评论。");
    await expect(section.locator("form.comment-form")).toHaveCount(0);
    await expect(section.locator(".empty")).toHaveText("暂无评论。");
    expect(log).toContain(`/wp-json/wp/v2/comments?post=${closed.id}&page=1&per_page=20&orderby=date&order=desc`);

    // No title (the excerpt's start), no author (an error object), date_gmt 0000-…: read as UTC.
    const untitled = posts.find((p) => !p.title.rendered);
    expect(untitled.date_gmt).toMatch(/^0000/);
    await page.goto(`/articles/${untitled.id}`);
    // Its content is empty, so only the title says the article is shown.
    await expect(page.locator("h1")).toHaveText(wpTitle(untitled));
    await expect(page.locator(".meta-author")).toHaveCount(0);
    await expect(page.locator(".meta-time time")).toHaveText(untitled.date.replace("T", " "));
    await expect(page.locator(".meta-time time")).toHaveAttribute("datetime", `${untitled.date}Z`);
    await expect(page.locator(".breadcrumb .crumb")).toHaveText(wpTerms(untitled, "category")[0].name);

    // An id WordPress does not know.
    await page.goto("/articles/999999");
    await expect(page.getByRole("alert")).toContainText("内容不存在或已被删除");
  });

  // URLs go out as templated: no stray "&" (gloo-net's request builder appended one).
  test("request URLs go out exactly as documented, without a trailing &", async ({ page }) => {
    const { posts, raw } = await serveWordPress(page);
    await page.goto(`/articles/${posts[0].id}`);
    await articleShown(page, wpTitle(posts[0]));
    await page.goto("/");
    await expect(page.locator("main .summary-item")).toHaveCount(posts.length);
    expect(raw).toContain("/wp-json/wp/v2/posts?_embed&page=1&per_page=8");
    expect(raw).toContain(`/wp-json/wp/v2/posts/${posts[0].id}?_embed`);
    expect(raw.filter((u) => u.endsWith("&"))).toEqual([]);
  });

  test("comments page by X-WP-Total: the heading counts all, 加载更多 fetches the rest", async ({ page }) => {
    const pageSize = 2;
    const { posts, comments, log } = await serveWordPress(page, { comments: { page_size: pageSize } });
    const post = posts[0];
    const mine = comments.filter((c) => c.post === post.id);
    expect(mine.length, "more comments than one page").toBeGreaterThan(pageSize);

    await page.goto(`/articles/${post.id}`);
    await articleShown(page, wpTitle(post));
    const section = page.getByRole("region", { name: "网友评论" });
    // Only the header knows the total: the first answer holds 2.
    await expect(page.locator("#comments-title")).toHaveText(`网友评论（${mine.length}）`);
    await expect(section.locator("article.comment")).toHaveCount(pageSize);
    await section.getByRole("button", { name: "加载更多" }).click();
    await expect(section.locator("article.comment")).toHaveCount(mine.length);
    await expect(section.getByRole("button", { name: "加载更多" })).toHaveCount(0);
    expect(log).toContain(
      `/wp-json/wp/v2/comments?post=${post.id}&page=2&per_page=${pageSize}&orderby=date&order=desc`,
    );
  });
});

// ---- Native contract at other paths ----

test("endpoint templates: a static-file backend is asked exactly the templated URLs", async ({ page }) => {
  await useConfig(page, {
    api_base: "/static",
    endpoints: { site: "/site.json", articles: "/list-{page}.json", article: "/a/{id}.json", related: "/r/{id}.json" },
    comments: { enabled: false },
  });
  // Each "file" is the reference server's answer for the same thing.
  const upstream = [
    [/^\/static\/site\.json$/, () => "/api/site"],
    [/^\/static\/list-(\d+)\.json$/, (m) => `/api/articles?page=${m[1]}&per_page=8`],
    [/^\/static\/a\/([^/]+)\.json$/, (m) => `/api/articles/${m[1]}`],
    [/^\/static\/r\/([^/]+)\.json$/, (m) => `/api/articles/${m[1]}/related`],
  ];
  await page.route("**/static/**", async (route) => {
    const url = new URL(route.request().url());
    for (const [re, to] of upstream) {
      const m = re.exec(url.pathname);
      if (m && !url.search) {
        const response = await route.fetch({ url: new URL(to(m), url).toString() });
        return route.fulfill({ response });
      }
    }
    const missing = '{"error":{"code":"not_found","message":"no such file"}}';
    return route.fulfill({ status: 404, contentType: "application/json", body: missing });
  });
  const asked = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    const path = url.pathname + url.search;
    const asset = /\.(js|wasm|css|svg|ico|png|jpe?g|webp)$/.test(url.pathname) || path.startsWith("/api/media/");
    if (request.resourceType() !== "document" && !asset && path !== "/config.json") asked.push(path);
  });

  const all = allArticles();
  const [first] = all;
  const lonely = all.find((a) => !(a.related_ids ?? []).length);
  const lonelyIndex = all.indexOf(lonely);
  expect(lonelyIndex, "an article without related_ids beyond page 1").toBeGreaterThanOrEqual(8);

  await page.goto("/");
  await expect(page.locator("main .summary-title")).toHaveText(all.slice(0, 8).map((a) => a.title));
  await expect(page.locator(".site-name")).toHaveText(site().name);

  // An article that embeds its related list: no related request.
  await page.locator("main .summary-title a", { hasText: first.title }).click();
  await articleShown(page, first.title);
  await expect(related(page).locator(".summary-title")).toHaveText(first.related_ids.map((id) => article(id).title));
  await expect(page.locator("#comments")).toHaveCount(0);

  // Page 2, and an article without related: the related template is used.
  await page.goto("/?page=2");
  await page.locator("main .summary-title a", { hasText: lonely.title }).click();
  await articleShown(page, lonely.title);
  await expect(related(page)).toBeVisible();

  expect(new Set(asked)).toEqual(
    new Set([
      "/static/site.json",
      "/static/list-1.json",
      `/static/a/${first.id}.json`,
      "/static/list-2.json",
      `/static/a/${lonely.id}.json`,
      `/static/r/${lonely.id}.json`,
    ]),
  );
});

test("an unknown adapter name falls back to native, with a console warning", async ({ page }) => {
  const warnings = [];
  page.on("console", (message) => {
    if (message.type() === "warning") warnings.push(message.text());
  });
  await useConfig(page, { adapter: "rss", feed_url: "/fixtures/feed.json" });
  const feedAsked = [];
  page.on("request", (request) => {
    if (request.url().includes("/fixtures/")) feedAsked.push(request.url());
  });
  await page.goto("/");
  const all = allArticles();
  await expect(page.locator("main .summary-title")).toHaveText(all.slice(0, 8).map((a) => a.title));
  await page.locator("main .summary-title a", { hasText: all[0].title }).click();
  await articleShown(page, all[0].title);
  expect(warnings.some((w) => w.includes("adapter")), `warnings: ${JSON.stringify(warnings)}`).toBe(true);
  expect(feedAsked, "the feed_url of an adapter not in use is ignored").toEqual([]);
});
