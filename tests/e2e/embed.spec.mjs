// Embed mode (docs/embedding.md): embed.js mounts every [data-news-app] element in its own
// shadow root on the demo portal and on small host pages served here with page.route; host CSS
// and app CSS stay apart, clicks never touch the host's URL, title, history or <head>, instances
// keep their own state, removed elements unmount, added ones mount, attributes beat config.json,
// and the iframe option (embed.html + frame-host.js) sizes its frame to the content.
//
// Read-only: no journey here posts or likes (comments.spec.mjs owns the writes), so the counts
// are the seeded ones, compared with what the API answers at the time.
import {
  test, expect, article, holdBack, framesDrawn, listing, commentIds as ids, heading, threads, threadIds,
} from "./fixtures.mjs";

/** The related stories of an article, as the API has them: in the article, or else at /related. */
async function relatedOf(request, id) {
  const response = await request.get(`/api/articles/${id}`);
  expect(response.status(), `GET article ${id}`).toBe(200);
  const { related } = await response.json();
  if (related) return related;
  const list = await request.get(`/api/articles/${id}/related`);
  expect(list.status(), `GET related of ${id}`).toBe(200);
  return (await list.json()).items;
}

// Playwright's CSS locators pierce open shadow roots, so `#host a` reaches into #host's root.
const sortButton = (root, name) => root.locator(".comment-sort button", { hasText: name });

/** Waits until a comments instance shows its first page as the API has it. */
async function commentsShown(root, first, { locale = "zh-CN" } = {}) {
  const text = locale === "en" ? `Comments (${first.count})` : `网友评论（${first.count}）`;
  await expect(heading(root)).toHaveText(text);
  await expect(threads(root)).toHaveCount(first.items.length);
  await expect(root.locator(".comments-loading")).toHaveCount(0);
  expect(await threadIds(root)).toEqual(ids(first.items));
}

const HOST_TITLE = "宿主页面：嵌入测试";

/**
 * A host page on the app's origin that is not in dist/: `body` inside a minimal page with a
 * title and meta tags of its own, and (unless `script: false`) embed.js at the end of the body,
 * as the docs show it.
 */
async function openHost(page, path, body, { script = true } = {}) {
  const html = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="宿主自己的描述">
<meta property="og:title" content="宿主自己的标题">
<title>${HOST_TITLE}</title>
<style>h1, h2 { color: #c00; } button { background: yellow; }</style>
</head>
<body>
<h1>宿主页面</h1>
${body}
${script ? '<script type="module" src="/embed.js"></script>' : ""}
</body>
</html>`;
  await page.route(`**${path}`, (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: html }));
  await page.goto(path);
}

/** What an embedded instance must never change. */
const hostState = (page) =>
  page.evaluate(() => ({ href: location.href, title: document.title, history: history.length }));

test("demo host: 网友评论 and 相关新闻 render inside their own shadow roots", async ({ page, request }) => {
  const first = await listing(request, "1001");
  const related = await relatedOf(request, "1001");
  expect(related.length, "the demo's 1001 has related stories").toBeGreaterThan(1);
  await page.goto("/demo-host.html");

  const comments = page.locator("#host-comments");
  await commentsShown(comments, first);
  const top = first.items[0];
  await expect(comments.locator(`#comment-${top.id} .comment-author`)).toHaveText(top.author.name);
  await expect(comments.locator(`#comment-${top.id} .comment-content`)).toHaveText(top.content);
  await expect(sortButton(comments, "最新")).toHaveAttribute("aria-pressed", "true");
  await expect(comments.locator("button.load-more")).toBeVisible();

  const side = page.locator("#host-related");
  await expect(side.locator(".summary-title")).toHaveText(related.map((r) => r.title));

  // The app's nodes live in each element's (open) shadow root, none in the host's document, and
  // its stylesheets are <link>s in those roots, not in the host's <head>.
  const where = await page.evaluate(() => {
    const rootOf = (id) => document.getElementById(id).shadowRoot;
    const sheets = (root) => [...root.querySelectorAll("link[rel=stylesheet]")].map((l) => new URL(l.href).pathname);
    return {
      modes: ["host-comments", "host-related"].map((id) => rootOf(id)?.mode ?? null),
      inComments: rootOf("host-comments").querySelectorAll("#comments-title, li.comment-thread").length,
      inRelated: rootOf("host-related").querySelectorAll(".summary-title").length,
      inDocument: document.querySelectorAll(".news-app, #comments-title, .summary-title, .comment-thread").length,
      commentSheets: sheets(rootOf("host-comments")),
      relatedSheets: sheets(rootOf("host-related")),
      styleElements: ["host-comments", "host-related"].map((id) => rootOf(id).querySelectorAll("style").length),
      headSheets: [...document.head.querySelectorAll("link[rel=stylesheet], style")].map((l) =>
        l.href ? new URL(l.href).pathname : l.tagName,
      ),
    };
  });
  expect(where.modes).toEqual(["open", "open"]);
  expect(where.inComments).toBe(1 + first.items.length);
  expect(where.inRelated).toBe(related.length);
  expect(where.inDocument, "nothing of the app in the host's own DOM").toBe(0);
  expect(where.commentSheets.length).toBeGreaterThan(0);
  for (const sheet of where.commentSheets) expect(sheet).toMatch(/^\/[\w-]+\.css$/);
  expect(where.relatedSheets).toEqual(where.commentSheets);
  expect(where.styleElements, "no inline <style> in the roots").toEqual([0, 0]);
  expect(where.headSheets, "the host's <head> has only its own stylesheet").toEqual(["/demo-host.css"]);
});

/** Computed styles of the demo portal's own elements, and where its article sits. */
const hostStyles = (page) =>
  page.evaluate(() => {
    const pick = (selector, props) => {
      const el = document.querySelector(selector);
      if (!el) return `missing: ${selector}`;
      const style = getComputedStyle(el);
      return Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]));
    };
    const rect = (selector) => {
      const { x, y, width, height } = document.querySelector(selector).getBoundingClientRect();
      return { x, y, width, height };
    };
    return {
      body: pick("body", ["font-family", "font-size", "color", "background-color", "background-image", "margin-top"]),
      h1: pick(".host-article h1", ["color", "font-size", "font-family", "text-transform", "text-align", "line-height"]),
      p: pick(".host-article p:nth-of-type(2)", ["text-indent", "line-height", "font-size", "margin-bottom", "font-family"]),
      meta: pick(".host-meta", ["text-indent", "text-align", "border-bottom-style"]),
      crumb: pick(".crumb", ["border-top-style", "border-top-width", "border-top-color", "background-color", "padding-left"]),
      link: pick(".crumb a", ["color", "text-decoration-line", "font-family"]),
      shareLink: pick(".host-share a", ["color", "text-decoration-line"]),
      navLink: pick(".nav a", ["color", "font-size", "font-weight"]),
      button: pick(".search button", ["background-color", "font-family"]),
      boxTitle: pick(".box-title", ["color", "font-size", "text-transform", "background-color"]),
      list: pick(".box-body ol", ["list-style-type", "list-style-position"]),
      // The host's own .comments-head (the app has a class of that name too).
      commentsHead: pick("div.comments-head", ["border-left-style", "border-left-width", "background-color", "font-weight"]),
      // The elements themselves are the host's: its `div {}` border and its margins still apply.
      commentsElement: pick("#host-comments", [
        "border-top-style", "border-top-width", "border-top-color", "margin-top", "width",
      ]),
      relatedElement: pick("#host-related", ["border-top-style", "border-top-width", "margin-top", "width"]),
      footerP: pick(".footer p", ["text-indent", "line-height"]),
      article: rect(".host-article"),
      headline: rect(".host-article h1"),
    };
  });

test("demo host: the portal's styles are the same with and without the app, and none reach into it", async ({
  page,
  request,
}) => {
  // First without the app: embed.js is not served.
  await page.route("**/embed.js", (route) => route.abort());
  await page.goto("/demo-host.html");
  await page.evaluate(() => document.fonts.ready);
  const without = await hostStyles(page);
  expect(await page.locator("#host-comments").evaluate((el) => el.shadowRoot)).toBeNull();
  await page.unroute("**/embed.js");

  await page.goto("/demo-host.html");
  await commentsShown(page.locator("#host-comments"), await listing(request, "1001"));
  await expect(page.locator("#host-related .summary-title").first()).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  const withApp = await hostStyles(page);
  expect(withApp).toEqual(without);
  expect(withApp.h1.color, "the portal's own red headings").toBe("rgb(204, 0, 0)");
  expect(withApp.commentsElement["border-top-style"], "the host's div {} border still draws round the element").toBe("dotted");

  // The portal's global rules do not reach the app's elements.
  const style = (locator, prop) => locator.evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), prop);
  const app = page.locator("#host-comments .news-app");
  const title = heading(page.locator("#host-comments"));
  expect(await style(title, "color"), "h1, h2, h3 { color: #c00 }").not.toBe("rgb(204, 0, 0)");
  expect(await style(title, "text-transform"), "h1, h2, h3 { text-transform: uppercase }").toBe("none");
  expect(await style(title, "font-size")).not.toBe("28px");
  for (const locator of [app, title, page.locator("#host-comments .comment-content").first()]) {
    expect(await style(locator, "font-family"), "* { font-family: SimSun !important }").not.toMatch(/SimSun/);
  }
  expect(await style(app, "font-family")).toMatch(/^system-ui/);
  for (const name of ["最新", "最早", "最热"]) {
    const button = sortButton(page.locator("#host-comments"), name);
    expect(await style(button, "background-color"), `${name}: button { background: yellow }`).not.toBe("rgb(255, 255, 0)");
  }
  expect(await style(page.locator("#host-comments button.load-more"), "background-color")).not.toBe("rgb(255, 255, 0)");
  const disclaimer = page.locator("#host-comments .comments-disclaimer");
  expect(await style(disclaimer, "text-indent"), "p { text-indent: 2em }").toBe("0px");
  const appHead = page.locator("#host-comments div.comments-head");
  expect(await style(appHead, "border-top-style"), "div { border: 1px dotted }").not.toBe("dotted");
  expect(await style(appHead, "border-left-width"), "the host's .comments-head").not.toBe("4px");
  expect(await style(appHead, "background-color")).not.toBe("rgb(228, 236, 246)");

  // Links: not the portal's `a { color: #00f !important; text-decoration: underline }`. The
  // [详细] links take --news-accent, which the portal sets on #host-related from its stylesheet.
  const details = page.locator("#host-related .summary-body a").first();
  expect(await style(details, "color")).toBe("rgb(26, 79, 156)");
  // The portal underlines every link; the app underlines only links inside running text.
  const storyTitle = page.locator("#host-related .summary-title a").first();
  expect(await style(storyTitle, "text-decoration-line")).toBe("none");
  expect(await style(page.locator("#host-related .summary-title a").first(), "color")).not.toBe("rgb(0, 0, 255)");
  const list = page.locator("#host-related .summary-list");
  expect(await style(list, "list-style-type"), "ul, ol { list-style: square }").toBe("none");
});

test("clicks inside the app leave the host's URL, title and history alone; templated links go to the host's pages", async ({
  page,
  request,
}) => {
  const first = await listing(request, "1001");
  const related = await relatedOf(request, "1001");
  await page.goto("/demo-host.html");
  const comments = page.locator("#host-comments");
  await commentsShown(comments, first);
  const before = await hostState(page);
  expect(before.title).toBe("望潮社区冬至办起“百家宴” 三代街坊同桌吃饺子_民生频道_青澜在线");

  // 最早, then 加载更多.
  const oldest = await listing(request, "1001", { sort: "oldest" });
  await sortButton(comments, "最早").click();
  await expect(sortButton(comments, "最早")).toHaveAttribute("aria-pressed", "true");
  await expect(sortButton(comments, "最新")).toHaveAttribute("aria-pressed", "false");
  await commentsShown(comments, oldest);
  const second = await listing(request, "1001", { page: 2, sort: "oldest" });
  await comments.locator("button.load-more").click();
  await expect(threads(comments)).toHaveCount(oldest.items.length + second.items.length);
  expect(await threadIds(comments)).toEqual(ids([...oldest.items, ...second.items]));
  expect(await hostState(page)).toEqual(before);

  // The demo's related list has data-link-template="/articles/{id}": plain links to the host's
  // pages (here the standalone app), the title and its [详细] alike.
  const side = page.locator("#host-related");
  await expect(side.locator(".summary-title")).toHaveText(related.map((r) => r.title));
  const hrefs = await side
    .locator(".summary-item")
    .evaluateAll((items) => items.map((li) => [...li.querySelectorAll("a")].map((a) => [a.getAttribute("href"), a.href])));
  const hostPage = (id) => [`/articles/${id}`, new URL(`/articles/${id}`, before.href).href];
  expect(hrefs, "title and [详细] of each item").toEqual(related.map((r) => [hostPage(r.id), hostPage(r.id)]));
  expect(await hostState(page)).toEqual(before);
  await side.locator(".summary-title a").first().click();
  await expect(page).toHaveURL(`/articles/${related[0].id}`);
  await expect(page.locator("h1")).toHaveText(article(related[0].id).title);
});

test("without a link template a related story opens in place, in the same instance", async ({ page, request }) => {
  const related = await relatedOf(request, "1001");
  await openHost(
    page,
    "/embed-related.html",
    '<aside id="side" data-news-app data-view="related" data-article-id="1001"></aside>',
  );
  const side = page.locator("#side");
  await expect(side.locator(".summary-title")).toHaveText(related.map((r) => r.title));
  const before = await hostState(page);
  expect(before.title).toBe(HOST_TITLE);

  const target = related[0];
  await side.locator(".summary-title a").first().click();
  await expect(side.locator("h1")).toHaveText(article(target.id).title);
  await expect(side.locator(".article-body")).not.toBeEmpty();
  await expect(side.locator(".summary-title").first()).not.toHaveText(target.title);
  expect(await hostState(page), "in place: no URL, title or history change").toEqual(before);

  // Again from the article now shown, through a [详细] link.
  const next = (await relatedOf(request, target.id))[0];
  await side.locator(".related .summary-body a").first().click();
  await expect(side.locator("h1")).toHaveText(article(next.id).title);
  expect(await hostState(page)).toEqual(before);
  await expect(page.locator("body > h1")).toHaveText("宿主页面");
});

test("two instances on a page keep their own state", async ({ page, request }) => {
  const a = await listing(request, "1001");
  const b = await listing(request, "1008");
  await openHost(
    page,
    "/embed-two.html",
    `<div id="one" data-news-app data-view="comments" data-article-id="1001"></div>
     <div id="two" data-news-app data-view="comments" data-article-id="1008"></div>`,
  );
  const one = page.locator("#one");
  const two = page.locator("#two");
  await commentsShown(one, a);
  await commentsShown(two, b);

  await sortButton(one, "最早").click();
  await commentsShown(one, await listing(request, "1001", { sort: "oldest" }));
  await expect(sortButton(one, "最早")).toHaveAttribute("aria-pressed", "true");
  await expect(sortButton(two, "最新")).toHaveAttribute("aria-pressed", "true");
  await expect(sortButton(two, "最早")).toHaveAttribute("aria-pressed", "false");
  expect(await threadIds(two)).toEqual(ids(b.items));

  await sortButton(two, "最热").click();
  await commentsShown(two, await listing(request, "1008", { sort: "hot" }));
  await expect(sortButton(one, "最早")).toHaveAttribute("aria-pressed", "true");
  await expect(sortButton(one, "最热")).toHaveAttribute("aria-pressed", "false");
  await expect(heading(one)).toHaveText(`网友评论（${a.count}）`);
  await expect(heading(two)).toHaveText(`网友评论（${b.count}）`);

  // An article and a comments view of the same article, side by side.
  const small = await listing(request, "1001", { perPage: 5 });
  await openHost(
    page,
    "/embed-same.html",
    `<div id="art" data-news-app data-view="article" data-article-id="1001"></div>
     <div id="com" data-news-app data-view="comments" data-article-id="1001" data-comments-page-size="5"></div>`,
  );
  const art = page.locator("#art");
  const com = page.locator("#com");
  await expect(art.locator("h1")).toHaveText(article("1001").title);
  await expect(art.locator(".article-body")).not.toBeEmpty();
  await commentsShown(art, a);
  await commentsShown(com, small);
  await sortButton(com, "最早").click();
  await expect(sortButton(com, "最早")).toHaveAttribute("aria-pressed", "true");
  await commentsShown(com, await listing(request, "1001", { perPage: 5, sort: "oldest" }));
  await expect(sortButton(art, "最新")).toHaveAttribute("aria-pressed", "true");
  expect(await threadIds(art)).toEqual(ids(a.items));
});

test("a removed element unmounts, even mid-request; elements added later mount", async ({ page, request }) => {
  const a = await listing(request, "1001");
  const b = await listing(request, "1008");
  const relatedB = await relatedOf(request, "1008");
  await openHost(
    page,
    "/embed-dynamic.html",
    '<div id="box"><div id="first" data-news-app data-view="comments" data-article-id="1001"></div></div>',
  );
  const firstBox = page.locator("#first");
  await commentsShown(firstBox, a);

  // 加载更多, with the answer held back until the element is gone.
  const release = await holdBack(page, /\/api\/articles\/1001\/comments\?.*page=2/);
  const pageTwo = page.waitForRequest(/\/api\/articles\/1001\/comments\?.*page=2/);
  await firstBox.locator("button.load-more").click();
  const held = await pageTwo;
  // Its end, whether answered or (once unmounted) aborted.
  const pageTwoEnded = new Promise((resolve) => {
    page.on("requestfinished", (r) => r === held && resolve());
    page.on("requestfailed", (r) => r === held && resolve());
  });
  const api = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.startsWith("/api/")) api.push(r.url());
  });
  await page.evaluate(() => {
    window.removedInstance = document.getElementById("first");
    window.removedInstance.remove();
  });
  expect(await page.evaluate(() => window.removedInstance.isConnected)).toBe(false);
  // Unmounted: the instance's nodes are taken out of its shadow root.
  await expect
    .poll(() => page.evaluate(() => window.removedInstance.shadowRoot?.querySelectorAll("section, li, button").length ?? 0))
    .toBe(0);
  release();
  await pageTwoEnded;
  // Whatever the instance would do with the answer, it does within a frame or two.
  await framesDrawn(page, 2);
  expect(api, "no requests from the removed instance").toEqual([]);

  // Added later: straight into the body (with a fallback link inside, which is not shown), and
  // nested in a block the host inserts.
  await page.evaluate(() => {
    const later = document.createElement("div");
    later.id = "later";
    later.dataset.newsApp = "";
    later.dataset.view = "comments";
    later.dataset.articleId = "1008";
    later.innerHTML = '<a class="fallback" href="/articles/1008">查看网友评论</a>';
    document.body.append(later);
    const block = document.createElement("section");
    block.innerHTML = '<div><div id="nested" data-news-app data-view="related" data-article-id="1008"></div></div>';
    document.getElementById("box").append(block);
  });
  await commentsShown(page.locator("#later"), b);
  await expect(page.locator("#later a.fallback"), "light-DOM fallback is not shown once mounted").toBeHidden();
  await expect(page.locator("#nested .summary-title")).toHaveText(relatedB.map((r) => r.title));
  await expect(page.locator("#first")).toHaveCount(0);
});

test("embedding changes nothing in the host's <head>, title, URL or history, and leaves no global listeners", async ({
  page,
}) => {
  await openHost(page, "/embed-head.html", '<div id="art" data-news-app data-view="article" data-article-id="1001"></div>', {
    script: false,
  });
  const cdp = await page.context().newCDPSession(page);
  const listeners = async () => {
    const out = {};
    for (const name of ["window", "document", "document.documentElement", "document.body"]) {
      const { result } = await cdp.send("Runtime.evaluate", { expression: name });
      const { listeners } = await cdp.send("DOMDebugger.getEventListeners", { objectId: result.objectId });
      out[name] = listeners.map((l) => l.type).sort();
    }
    return out;
  };
  const snapshot = () =>
    page.evaluate(() => ({
      title: document.title,
      head: document.head.innerHTML,
      html: [...document.documentElement.attributes].map((a) => `${a.name}=${a.value}`),
      body: [...document.body.attributes].map((a) => `${a.name}=${a.value}`),
      bodyChildren: [...document.body.children].filter((el) => el.tagName !== "SCRIPT").map((el) => `${el.tagName}#${el.id}`),
      href: location.href,
      history: history.length,
    }));
  const before = await snapshot();
  const globalsBefore = await page.evaluate(() => Object.keys(window));
  const listenersBefore = await listeners();

  await page.evaluate(() => {
    const script = document.createElement("script");
    script.type = "module";
    script.src = "/embed.js";
    document.body.append(script);
  });
  const art = page.locator("#art");
  const first = article("1001");
  await expect(art.locator("h1")).toHaveText(first.title);
  await expect(art.locator(".article-body")).not.toBeEmpty();
  await expect(heading(art)).toBeVisible();
  expect(await snapshot(), "after mounting").toEqual(before);

  // In place to a related story: still nothing.
  const target = first.related_ids[0];
  await art.locator(".related .summary-title a").first().click();
  await expect(art.locator("h1")).toHaveText(article(target).title);
  await expect(art.locator(".article-body")).not.toBeEmpty();
  expect(await snapshot(), "after in-place navigation").toEqual(before);

  const added = await page.evaluate((old) => Object.keys(window).filter((k) => !old.includes(k)), globalsBefore);
  // The flag embed.js sets, and the host API (docs/embedding.md, "Readers the portal vouches for").
  expect(added, "globals").toEqual(["__newsReaderEmbed", "NewsReader"]);
  // One listener, while the comments listen for new ones (live comments close their stream
  // while the page is hidden; they start once the story's first page of comments is shown),
  // and gone with the instance.
  const live = { ...listenersBefore, document: [...listenersBefore.document, "visibilitychange"].sort() };
  await expect.poll(listeners, "listeners on window, document, <html>, <body>").toEqual(live);
  await page.evaluate(() => document.getElementById("art").remove());
  await expect.poll(listeners, "listeners left behind").toEqual(listenersBefore);
});

test("iframe option: frame-host.js sizes the frame to its content, and follows it", async ({ page, request }) => {
  const first = await listing(request, "1001");
  const html = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${HOST_TITLE}</title></head>
<body><h1>宿主页面</h1>
<iframe data-news-frame title="网友评论" src="/embed.html?view=comments&article=1001"
        style="display:block;width:100%;height:480px;border:0"></iframe>
<script src="/frame-host.js"></script>
</body></html>`;
  await page.route("**/embed-frame.html", (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: html }));
  await page.goto("/embed-frame.html");
  const iframe = page.locator("iframe[data-news-frame]");
  const inside = page.frameLocator("iframe[data-news-frame]");
  await commentsShown(inside, first);
  const before = await hostState(page);

  const frame = await (await iframe.elementHandle()).contentFrame();
  const sizes = async () => ({
    frame: await iframe.evaluate((el) => el.getBoundingClientRect().height),
    content: await frame.evaluate(() => document.documentElement.scrollHeight),
    viewport: await frame.evaluate(() => document.documentElement.clientHeight),
  });
  const fits = async () => {
    const s = await sizes();
    return Math.abs(s.frame - s.content) <= 3 && s.content <= s.viewport + 1 ? "fits" : JSON.stringify(s);
  };
  await expect.poll(fits, { message: "iframe height = its content's height" }).toBe("fits");
  const height = (await sizes()).frame;
  expect(height).not.toBe(480);
  expect(height, "20 comments are taller than the starting height").toBeGreaterThan(480);

  // 加载更多 inside the frame: the frame grows with its content.
  const second = await listing(request, "1001", { page: 2 });
  await inside.locator("button.load-more").click();
  await expect(threads(inside)).toHaveCount(first.items.length + second.items.length);
  await expect.poll(fits, { message: "iframe height follows its content" }).toBe("fits");
  expect((await sizes()).frame).toBeGreaterThan(height);
  expect(await hostState(page)).toEqual(before);
});

test("attributes win over config.json, instance by instance", async ({ page, request }) => {
  const full = await listing(request, "1001");
  const five = await listing(request, "1001", { perPage: 5 });
  const three = await listing(request, "1001", { perPage: 3 });
  const body = `<div id="en" data-news-app data-view="comments" data-article-id="1001"
          data-locale="en" data-comments-page-size="5"></div>
     <div id="plain" data-news-app data-view="comments" data-article-id="1001"></div>
     <div id="zh" data-news-app data-view="comments" data-article-id="1001" data-locale="zh-CN"></div>`;

  // The build's config.json: zh-CN, 20 a page.
  await openHost(page, "/embed-locale.html", body);
  await commentsShown(page.locator("#en"), five, { locale: "en" });
  await expect(page.locator("#en .comment-sort button")).toHaveText(["Newest", "Oldest", "Top"]);
  await expect(page.locator("#en .news-app")).toHaveAttribute("lang", "en");
  await commentsShown(page.locator("#plain"), full);
  await expect(page.locator("#plain .comment-sort button")).toHaveText(["最新", "最早", "最热"]);
  await expect(page.locator("#plain .news-app")).toHaveAttribute("lang", "zh-CN");
  await commentsShown(page.locator("#zh"), full);

  // A config.json (next to embed.js) saying English, 3 a page: the element without attributes
  // follows it, the ones with attributes keep theirs.
  await page.route("**/config.json", (route) =>
    route.fulfill({
      contentType: "application/json",
      body: JSON.stringify({ api_base: "/api", locale: "en", comments: { enabled: true, page_size: 3 } }),
    }),
  );
  await page.reload();
  await commentsShown(page.locator("#plain"), three, { locale: "en" });
  await commentsShown(page.locator("#en"), five, { locale: "en" });
  await commentsShown(page.locator("#zh"), three);
  await expect(page.locator("#zh .comment-sort button")).toHaveText(["最新", "最早", "最热"]);
});

test("inside a shadow root: the enlarged image opens and closes, and share copies the host's story link", async ({
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await openHost(
    page,
    "/embed-pictures.html",
    '<div id="story" data-news-app data-view="article" data-article-id="1001" data-link-template="/news/{id}.html"></div>',
  );
  const story = page.locator("#story");
  await expect(story.locator("h1")).toHaveText(article("1001").title);
  const before = await hostState(page);

  await story.getByRole("button", { name: /^查看大图/ }).click();
  const dialog = story.getByRole("dialog", { name: "查看大图" });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  await story.getByRole("button", { name: "复制链接" }).click();
  await expect(story.getByRole("status").filter({ hasText: "链接已复制" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}/news/1001.html`);
  expect(await hostState(page), "nothing of the host changed").toEqual(before);
});
