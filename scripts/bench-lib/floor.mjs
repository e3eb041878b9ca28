// The floor for LCP: the same article as a plain static HTML page with nothing to run, built from
// the API's JSON with the app's markup and the app's stylesheets (the same <link> tags as
// index.html), so it shows what a browser can do with this content at best.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const escape = (text) =>
  String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** Writes static/article-<id>.html into `dist` (served by the running server); returns its path. */
export async function writeFloorPage(origin, dist, id) {
  const [site, article] = await Promise.all([getJson(`${origin}/api/site`), getJson(`${origin}/api/articles/${id}`)]);
  const index = readFileSync(join(dist, "index.html"), "utf8");
  const stylesheets = [...index.matchAll(/<link rel="stylesheet"[^>]*>/g)].map((m) => m[0]).join("\n  ");
  const source = typeof article.source === "string" ? article.source : article.source?.name;
  const meta = [
    source && `<span class="meta-item meta-source"><span class="label">来源：</span>${escape(source)}</span>`,
    article.author && `<span class="meta-item meta-author"><span class="label">作者：</span>${escape(article.author)}</span>`,
    article.editor && `<span class="meta-item meta-editor"><span class="label">责任编辑：</span>${escape(article.editor)}</span>`,
    `<span class="meta-item meta-time"><time datetime="${escape(article.published_at)}">${escape(article.published_at.slice(0, 19).replace("T", " "))}</time></span>`,
  ].filter(Boolean);
  // The body is our own demo content: embedded as it is (the app sanitizes it; nothing to fear here).
  const html = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <title>${escape(article.title)} - ${escape(site.name)}</title>
  ${stylesheets}
</head>
<body style="margin:0">
<div class="news-app text-m">
<header class="site-header"><div class="site-header-inner"><a class="site-name" href="/"><span>${escape(site.name)}</span></a></div></header>
<main class="page" id="main">
<article class="article">
<header class="article-header">
  <h1 class="article-title" id="article-title">${escape(article.title)}</h1>
  <p class="article-meta">${meta.join("")}</p>
  ${article.original_title ? `<p class="original-title"><span class="label">原标题：</span>${escape(article.original_title)}</p>` : ""}
</header>
<div class="article-body">${article.body_html}</div>
${article.byline ? `<p class="byline">${escape(article.byline)}</p>` : ""}
</article>
</main>
</div>
</body>
</html>
`;
  mkdirSync(join(dist, "static"), { recursive: true });
  writeFileSync(join(dist, "static", `article-${id}.html`), html);
  return `/static/article-${id}.html`;
}
