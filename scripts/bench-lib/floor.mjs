// The floor for LCP: the article page as the reference server fills it in, with nothing to run
// (no script that runs), so it shows what a browser can do with this very page
// at best: the same markup, cover picture, stylesheet and bytes, none of the app.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Writes static/article-<id>.html into `dist` (served by the running server, which must fill
 * pages in); returns its path.
 */
export async function writeFloorPage(origin, dist, id) {
  const response = await fetch(`${origin}/articles/${id}`);
  if (!response.ok) throw new Error(`${origin}/articles/${id}: HTTP ${response.status}`);
  const page = await response.text();
  if (!page.includes('data-prerendered="article"')) throw new Error(`${origin} does not fill pages in: no floor`);
  // Scripts that run: the boot script and the app's module. JSON-LD and the embedded first
  // view stay: they are data, and bytes of the page. (A filled page has no preload hints to
  // strip: the server leaves them out, server/src/render/page.rs.)
  const html = page.replace(/<script(?:\s+type="module")?>[\s\S]*?<\/script>\s*/g, "");
  if (/<script(?:\s+type="module")?>/.test(html)) throw new Error("floor page: a script is left");
  if (/<link rel="(?:modulepreload|preload)"/.test(html)) throw new Error("floor page: the server sent preload hints");
  mkdirSync(join(dist, "static"), { recursive: true });
  writeFileSync(join(dist, "static", `article-${id}.html`), html);
  return `/static/article-${id}.html`;
}
