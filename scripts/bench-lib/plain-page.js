// The benchmark's plain-JS baseline: the article page and its comments rendered by hand-written
// DOM code, no framework and no wasm, so the app's figures can be given as ratios to what the
// same browser on the same machine does with the same data. Absolute times move by up to 1.5×
// between machines of one kind; a ratio to this page, measured in the same run, moves far less.
//
// It is meant to be a fair renderer, written the way one would without a framework: the same
// JSON from the same server, the same elements, classes and text as the app (the comments are
// compared element by element by the benchmark), createElement and textContent, one
// DocumentFragment per list, and the untrusted article body copied through an allow-list as
// the app does. Articles stay in memory once fetched, so a revisit builds the page directly.
// What the app builds in the frame that shows an article (breadcrumb, header, reading tools,
// body) is built in that frame here too; the rest (prev/next, related news, comments) after it.
//
// Served as /static/plain.html?article=ID (scripts/bench-lib/plain.mjs writes it into the
// benchmark's copy of the build); links within it stay on that page (history.pushState).

const S = {
  home: "首页", breadcrumb: "当前位置", source: "来源：", author: "作者：", editor: "责任编辑：",
  published: "发布时间：", originalTitle: "原标题：", textSize: "字号", sizes: [["s", "小"], ["m", "中"], ["l", "大"]],
  darkTheme: "深色模式", details: "[详细]", related: "相关新闻", noRelated: "暂无相关新闻", prevNext: "上一篇和下一篇",
  prev: "上一篇：", next: "下一篇：", comments: "网友评论", writeComment: "我来说两句",
  disclaimer: "网友评论仅供网友表达个人看法，并不表明本站同意其观点或证实其描述", sortLabel: "排序",
  sorts: [["newest", "最新"], ["oldest", "最早"], ["hot", "最热"]], loading: "正在加载…", noComments: "还没有评论，来说两句吧。",
  noCommentsClosed: "暂无评论。", closed: "本文已关闭评论。", reply: "回复", like: "赞", liked: "已赞", report: "举报",
  pending: "审核中，仅自己可见", region: "IP属地：", loadMore: "加载更多",
};
const PER_PAGE = 20;
const main = document.getElementById("main");
const cache = new Map();
let shownId = null;

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

async function getText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

const getJson = async (url) => JSON.parse(await getText(url));

const articleHref = (id) => `/static/plain.html?article=${encodeURIComponent(id)}`;
const idOf = (url) => new URL(url, location.href).searchParams.get("article");

// ---- dates, as the app shows them: the time as written (its own offset), or how long ago ----

const parts = (raw) => /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})/.exec(raw ?? "");
const dateTime = (raw) => (parts(raw) ? `${parts(raw)[1]} ${parts(raw)[2]}` : String(raw ?? "").trim());
const dateOnly = (raw) => (parts(raw) ? parts(raw)[1] : String(raw ?? "").trim());
function ago(raw, now) {
  const t = Date.parse(raw);
  if (Number.isNaN(t)) return null;
  const age = Math.floor(now - t / 1000);
  if (age < -300 || age >= 7 * 86400) return null;
  if (age < 60) return "刚刚";
  if (age < 3600) return `${Math.floor(age / 60)}分钟前`;
  if (age < 86400) return `${Math.floor(age / 3600)}小时前`;
  return `${Math.floor(age / 86400)}天前`;
}
const safeUrl = (url) => (/^(https?:\/\/|\/(?!\/))/i.test(url ?? "") ? url : null);

// ---- the article body: untrusted HTML, copied node by node through an allow-list ----

const KEEP = new Set(["p", "br", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub", "sup",
  "blockquote", "ul", "ol", "li", "a", "img", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td",
  "caption", "span", "div", "hr", "pre", "code", "small", "mark", "cite", "q", "abbr", "time", "dl", "dt", "dd"]);
const DROP = new Set(["script", "style", "iframe", "object", "embed", "form", "input", "button", "textarea", "select",
  "template", "noscript", "link", "meta", "base", "svg", "math", "frame", "frameset"]);
const ATTRIBUTES = { a: ["href", "title"], img: ["src", "alt", "width", "height", "title"], td: ["colspan", "rowspan"],
  th: ["colspan", "rowspan", "scope"], time: ["datetime"], ol: ["start"], abbr: ["title"] };

function copyInto(from, to, depth, inLink) {
  for (let node = from.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.append(node.data);
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      const tag = node.localName;
      if (DROP.has(tag)) continue;
      if (!KEEP.has(tag) || depth > 48) {
        copyInto(node, to, depth + 1, inLink);
        continue;
      }
      const copy = document.createElement(tag);
      for (const name of ATTRIBUTES[tag] ?? []) {
        const value = node.getAttribute(name);
        if (value === null) continue;
        if (name === "href" || name === "src") {
          const url = safeUrl(value);
          if (url) copy.setAttribute(name, url);
        } else copy.setAttribute(name, value);
      }
      if (tag === "a" && copy.hasAttribute("href") && /^https?:/i.test(copy.getAttribute("href"))) {
        copy.rel = "noopener noreferrer";
      }
      copyInto(node, copy, depth + 1, inLink || tag === "a");
      // A picture opens enlarged (as the app's): in a button, unless it is a link already.
      if (tag === "img") {
        copy.loading = "lazy";
        copy.decoding = "async";
      }
      if (tag === "img" && !inLink) {
        const zoom = el("button", "zoom");
        zoom.type = "button";
        zoom.setAttribute("aria-label", copy.alt ? `查看大图：${copy.alt}` : "查看大图");
        zoom.dataset.index = String(zoomIndex++);
        zoom.append(copy);
        to.append(zoom);
      } else to.append(copy);
    }
  }
}

let zoomIndex = 0;

function articleBody(html) {
  zoomIndex = 0;
  const body = el("div", "article-body");
  const parsed = new DOMParser().parseFromString(html ?? "", "text/html");
  const fragment = document.createDocumentFragment();
  copyInto(parsed.body, fragment, 0, false);
  body.append(fragment);
  return body;
}

// ---- the article page ----

function storyLink(summary, text, label) {
  const a = el("a", null, text);
  a.href = summary.url ? safeUrl(summary.url) ?? "#" : articleHref(summary.id);
  if (summary.url) a.rel = "noopener noreferrer";
  if (label) a.setAttribute("aria-label", label);
  return a;
}

function metaItem(kind, label, value) {
  const item = el("span", `meta-item meta-${kind}`);
  item.append(el("span", "label", label), value);
  return item;
}

/** What the app shows in the first frame of an article: breadcrumb, header, body, byline. */
function articleTop(a) {
  const article = el("article", "article");
  article.setAttribute("aria-labelledby", "article-title");
  const crumbs = el("nav", "breadcrumb");
  crumbs.setAttribute("aria-label", S.breadcrumb);
  const home = el("a", null, S.home);
  home.href = "/";
  crumbs.append(home);
  if (a.channel?.name) {
    const sep = el("span", "crumb-sep", "›");
    sep.setAttribute("aria-hidden", "true");
    crumbs.append(sep, el("span", "crumb", a.channel.name));
  }
  const header = el("header", "article-header");
  const h1 = el("h1", "article-title", a.title);
  h1.id = "article-title";
  header.append(h1);
  if (a.subtitle) header.append(el("p", "article-subtitle", a.subtitle));
  const meta = el("p", "article-meta");
  const source = typeof a.source === "string" ? { name: a.source } : a.source;
  if (source?.name) {
    const href = safeUrl(source.url);
    let name = source.name;
    if (href) {
      name = el("a", null, source.name);
      name.href = href;
      name.rel = "noopener noreferrer";
    }
    meta.append(metaItem("source", S.source, name));
  }
  if (a.author) meta.append(metaItem("author", S.author, a.author));
  if (a.editor) meta.append(metaItem("editor", S.editor, a.editor));
  const when = el("span", "meta-item meta-time");
  const time = el("time", null, dateTime(a.published_at));
  time.dateTime = a.published_at;
  when.append(el("span", "visually-hidden", S.published), time);
  meta.append(when);
  const progress = el("div", "reading-progress");
  progress.setAttribute("aria-hidden", "true");
  progress.append(el("div", "reading-progress-bar"));
  header.append(meta, readingTools(), progress);
  if (a.original_title) {
    const original = el("p", "original-title");
    original.append(el("span", "label", S.originalTitle), a.original_title);
    header.append(original);
  }
  const lightbox = el("dialog", "lightbox");
  lightbox.setAttribute("aria-label", "查看大图");
  const close = el("button", "lightbox-close", "关闭");
  close.type = "button";
  lightbox.append(close);
  article.append(crumbs, header, articleBody(a.body_html), lightbox);
  if (a.byline) article.append(el("p", "byline", a.byline));
  return article;
}

function readingTools() {
  const tools = el("div", "reading-tools");
  const sizes = el("div", "text-size");
  sizes.setAttribute("role", "group");
  sizes.setAttribute("aria-label", S.textSize);
  const label = el("span", "label", S.textSize);
  label.setAttribute("aria-hidden", "true");
  sizes.append(label);
  for (const [key, text] of S.sizes) {
    const button = el("button", null, text);
    button.type = "button";
    button.setAttribute("aria-pressed", String(key === "m"));
    sizes.append(button);
  }
  const theme = el("button", "theme-switch", S.darkTheme);
  theme.type = "button";
  theme.setAttribute("aria-pressed", "false");
  tools.append(sizes, theme);
  return tools;
}

function summaryItem(s) {
  const li = el("li", "summary-item");
  const thumb = s.thumbnail && safeUrl(s.thumbnail.url);
  if (thumb) {
    const img = el("img", "summary-thumb");
    img.src = thumb;
    img.sizes = "120px";
    img.alt = s.thumbnail.alt ?? "";
    if (s.thumbnail.width) img.width = s.thumbnail.width;
    if (s.thumbnail.height) img.height = s.thumbnail.height;
    img.loading = "lazy";
    img.decoding = "async";
    li.append(img);
  }
  const text = el("div", "summary-text");
  const title = el("h3", "summary-title");
  title.append(storyLink(s, s.title));
  const date = s.published_at ? dateOnly(s.published_at) : null;
  const body = el("p", "summary-body");
  if (s.summary) {
    const trimmed = s.summary.trim();
    const chars = [...trimmed];
    body.append(chars.length > 72 ? `${chars.slice(0, 72).join("")}...` : trimmed);
  }
  const label = `详细：${[s.title, s.source, date].filter(Boolean).join("，")}`;
  body.append(storyLink(s, S.details, label));
  const meta = el("p", "summary-meta");
  if (s.source) meta.append(el("span", "summary-source", s.source));
  if (date) {
    const time = el("time", "summary-date", date);
    time.dateTime = s.published_at;
    meta.append(time);
  }
  text.append(title, body, meta);
  li.append(text);
  return li;
}

/** What the app adds after that first frame: 上一篇/下一篇, related news, the comment section. */
function articleRest(a, article) {
  const share = el("div", "share-bar");
  share.setAttribute("role", "group");
  share.setAttribute("aria-label", "分享");
  const shareLabel = el("span", "label", "分享");
  shareLabel.setAttribute("aria-hidden", "true");
  const copy = el("button", null, "复制链接");
  copy.type = "button";
  const qrButton = el("button", null, "二维码");
  qrButton.type = "button";
  qrButton.setAttribute("aria-expanded", "false");
  qrButton.setAttribute("aria-controls", "share-qr");
  const status = el("p", "share-status");
  status.setAttribute("role", "status");
  const qr = el("div", "share-qr");
  qr.id = "share-qr";
  qr.hidden = true;
  qr.append(el("p", null, "微信扫一扫，在手机上阅读"));
  share.append(shareLabel, copy, qrButton, status, qr);
  article.append(share);
  if (a.prev || a.next) {
    const nav = el("nav", "prev-next");
    nav.setAttribute("aria-label", S.prevNext);
    for (const [story, label, className] of [[a.prev, S.prev, "prev-article"], [a.next, S.next, "next-article"]]) {
      if (!story) continue;
      const p = el("p", className);
      p.append(el("span", "label", label), storyLink(story, story.title));
      nav.append(p);
    }
    article.append(nav);
  }
  const related = el("section", "related");
  related.setAttribute("aria-labelledby", "related-title");
  const heading = el("h2", "section-title", S.related);
  heading.id = "related-title";
  related.append(heading);
  const items = a.related ?? [];
  if (items.length === 0) related.append(el("p", "empty", S.noRelated));
  const list = el("ul", "summary-list");
  const fragment = document.createDocumentFragment();
  for (const s of items) fragment.append(summaryItem(s));
  list.append(fragment);
  related.append(list);
  main.append(related, commentSection(a));
}

async function show(id) {
  shownId = id;
  let a = cache.get(id);
  if (!a) {
    a = await getJson(`/api/articles/${encodeURIComponent(id)}`);
    cache.set(id, a);
    if (shownId !== id) return;
  }
  const article = articleTop(a);
  main.replaceChildren(article);
  document.title = a.title;
  // A timeout from inside an animation frame runs after that frame is painted.
  requestAnimationFrame(() => setTimeout(() => shownId === id && articleRest(a, article), 0));
}

// ---- comments ----

/** The comments of a listing (nested or flat) as threads: each root and its replies, oldest first. */
function threadsOf(items) {
  const flat = [];
  const byId = new Map();
  const walk = (c, parent) => {
    if (byId.has(String(c.id))) return;
    const comment = { ...c, id: String(c.id), parent: c.parent_id != null ? String(c.parent_id) : parent };
    byId.set(comment.id, comment);
    flat.push(comment);
    for (const r of c.replies ?? []) walk(r, comment.id);
  };
  for (const c of items) walk(c, null);
  const rootOf = (c) => {
    const seen = new Set();
    while (c.parent && byId.has(c.parent) && !seen.has(c.id)) {
      seen.add(c.id);
      c = byId.get(c.parent);
    }
    return c;
  };
  const threads = new Map();
  for (const c of flat) {
    const root = rootOf(c);
    if (root === c) threads.set(c.id, { root: c, replies: [] });
  }
  for (const c of flat) {
    const root = rootOf(c);
    if (root === c) continue;
    const to = c.parent !== root.id ? byId.get(c.parent)?.author?.name : null;
    threads.get(root.id).replies.push({ comment: c, to });
  }
  for (const t of threads.values()) t.replies.sort((x, y) => Date.parse(x.comment.created_at) - Date.parse(y.comment.created_at));
  return [...threads.values()];
}

function commentElement(c, to, now, open) {
  const article = el("article", c.status === "pending" ? "comment pending" : "comment");
  article.id = `comment-${c.id}`;
  const name = typeof c.author === "string" ? c.author : c.author?.name ?? "";
  const avatarUrl = typeof c.author === "object" ? safeUrl(c.author?.avatar) : null;
  let avatar;
  if (avatarUrl) {
    avatar = el("img", "comment-avatar");
    avatar.src = avatarUrl;
    avatar.alt = "";
    avatar.width = 40;
    avatar.height = 40;
    avatar.loading = "lazy";
  } else {
    avatar = el("span", "comment-avatar comment-initial", name ? String.fromCodePoint(name.codePointAt(0)) : "");
    avatar.setAttribute("aria-hidden", "true");
  }
  const body = el("div", "comment-main");
  const meta = el("p", "comment-meta");
  meta.append(el("span", "comment-author", name));
  if (to) meta.append(el("span", "comment-reply-to", `回复 @${to}`));
  const absolute = dateTime(c.created_at);
  const time = el("time", null, ago(c.created_at, now) ?? absolute);
  time.dateTime = c.created_at;
  time.title = absolute;
  meta.append(time);
  if (c.region) meta.append(el("span", "comment-region", `${S.region}${c.region}`));
  body.append(meta, el("p", "comment-content", c.content));
  if (c.status === "pending") {
    meta.append(el("span", "comment-pending", S.pending));
  } else {
    const actions = el("p", "comment-actions");
    const like = el("button", "comment-like", S.like);
    like.type = "button";
    like.setAttribute("aria-pressed", "false");
    like.append(" ", el("span", "like-count", String(c.likes ?? 0)));
    actions.append(like);
    if (open) {
      const reply = el("button", "comment-reply", S.reply);
      reply.type = "button";
      actions.append(reply);
    }
    const report = el("button", "comment-report", S.report);
    report.type = "button";
    report.setAttribute("aria-expanded", "false");
    actions.append(report);
    body.append(actions);
  }
  article.append(avatar, body);
  return article;
}

function commentSection(a) {
  const open = a.comments_open !== false;
  const section = el("section", "comments");
  section.id = "comments";
  section.tabIndex = -1;
  section.setAttribute("aria-labelledby", "comments-title");
  const head = el("div", "comments-head");
  const heading = el("h2", "section-title", `${S.comments}（${a.comment_count ?? 0}）`);
  heading.id = "comments-title";
  head.append(heading);
  if (open) {
    const write = el("button", "write-comment", S.writeComment);
    write.type = "button";
    head.append(write);
  }
  section.append(head, el("p", "comments-disclaimer", S.disclaimer));
  if (open) section.append(commentForm());
  else section.append(el("p", "comments-status", S.closed));
  const sort = el("div", "comment-sort");
  sort.setAttribute("role", "group");
  sort.setAttribute("aria-label", S.sortLabel);
  for (const [key, text] of S.sorts) {
    const button = el("button", null, text);
    button.type = "button";
    button.setAttribute("aria-pressed", String(key === "newest"));
    sort.append(button);
  }
  const list = el("ol", "comment-list");
  const status = el("p", "comments-loading", S.loading);
  status.setAttribute("role", "status");
  section.append(sort, list, status);
  loadComments(a, open, heading, list, status);
  return section;
}

function commentForm() {
  const wrap = el("div", "comment-form-wrap");
  wrap.id = "comment-form";
  const form = el("form", "comment-form");
  form.noValidate = true;
  const field = (id, label, control, describedBy, extra) => {
    const div = el("div", "field");
    const l = el("label", null, label);
    l.htmlFor = id;
    control.id = id;
    control.setAttribute("aria-invalid", "false");
    control.setAttribute("aria-describedby", describedBy);
    const error = el("p", "field-error");
    error.id = `${id}-error`;
    error.setAttribute("role", "alert");
    div.append(l, control, ...extra, error);
    return div;
  };
  const name = el("input");
  name.type = "text";
  name.autocomplete = "nickname";
  const content = el("textarea");
  content.rows = 4;
  const counter = el("p", "comment-counter", "0/1000");
  counter.id = "comment-content-counter";
  const submit = el("button", "submit-comment", "发表评论");
  submit.type = "submit";
  submit.setAttribute("aria-busy", "false");
  form.append(
    field("comment-name", "昵称", name, "comment-name-error", []),
    field("comment-content", "评论内容", content, "comment-content-counter comment-content-error", [counter]),
    submit,
  );
  wrap.append(form);
  return wrap;
}

async function loadComments(a, open, heading, list, status) {
  const id = a.id;
  const text = await getText(`/api/articles/${encodeURIComponent(id)}/comments?page=1&per_page=${PER_PAGE}&sort=newest`);
  // Read and built in an animation-frame callback, as the app builds its comments (after its
  // first ten threads): CDP's ScriptDuration, the benchmark's measure of scripting, counts
  // callbacks (frames, timers, events) but not promise continuations (microtasks), so a list
  // read or built in the fetch's continuation would cost nothing by that measure. The app's
  // reading of the JSON is counted (its futures are polled from queueMicrotask callbacks), so
  // this page's JSON.parse is too.
  requestAnimationFrame(() => shownId === id && list.isConnected && buildComments(JSON.parse(text), open, heading, list, status));
}

function buildComments(listing, open, heading, list, status) {
  const now = Date.now() / 1000;
  const fragment = document.createDocumentFragment();
  for (const { root, replies } of threadsOf(listing.items ?? [])) {
    const thread = el("li", "comment-thread");
    thread.append(commentElement(root, null, now, open));
    if (replies.length) {
      const ol = el("ol", "comment-replies");
      for (const { comment, to } of replies) {
        const li = document.createElement("li");
        li.append(commentElement(comment, to, now, open));
        ol.append(li);
      }
      thread.append(ol);
    }
    fragment.append(thread);
  }
  const count = listing.count ?? listing.total ?? 0;
  heading.textContent = `${S.comments}（${count}）`;
  const empty = fragment.childNodes.length === 0;
  list.append(fragment);
  if (empty) status.replaceWith(el("p", "empty", open ? S.noComments : S.noCommentsClosed));
  else if ((listing.page ?? 1) * (listing.per_page ?? PER_PAGE) < (listing.total ?? 0)) {
    const more = el("button", "load-more", S.loadMore);
    more.type = "button";
    status.replaceWith(more);
  } else status.remove();
}

// ---- in-page navigation ----

addEventListener("click", (event) => {
  const link = event.target.closest?.("a[href]");
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || url.pathname !== location.pathname) return;
  event.preventDefault();
  history.pushState(null, "", url);
  scrollTo(0, 0);
  show(idOf(url));
});
addEventListener("popstate", () => show(idOf(location.href)));
show(idOf(location.href) ?? "1001");
