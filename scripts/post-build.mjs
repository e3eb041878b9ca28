// Trunk's post-build hook (see Trunk.toml). For release builds it first minifies the JS and CSS
// index.html loads and the boot script inlined in it, with esbuild, and updates the files'
// integrity hashes: Trunk 0.21's own minifier fails on ES modules and would also rewrite
// index.html, which the steps below and the server read. In the staged dist/ it then writes:
//  - embed.js: the stable entry a host page loads (`<script type="module" src=".../embed.js">`);
//    it imports the content-hashed app files and mounts every [data-news-app] element;
//  - embed.html: the app for an iframe (index.html marked for frame mode);
//  - into sw.js, the list of the app's own files (what index.html links, and snippets/): the
//    offline copy keeps those (and config.json) and no other file of the site;
// and, for release builds, prints the first-load size report.
import { readFileSync, writeFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { join, basename } from "node:path";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { transformSync } from "esbuild";

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? "dist";
const release = process.env.TRUNK_PROFILE === "release";
let html = readFileSync(join(dir, "index.html"), "utf8");

// Comments and whitespace are for the source; readers download the first load on phones. The
// JS glue (wasm-bindgen's), the snippets (dom.js) and the stylesheet are about 6 KB gzip
// smaller minified. Each file keeps its name; its integrity hash follows its new content.
if (release) {
  const tags = [...html.matchAll(/<link rel="(?:modulepreload|stylesheet)" href="([^"]+\.(js|css))"[^>]*>/g)];
  for (const [tag, href, kind] of tags) {
    // `/app.css`, `/news/app.css` (a sub-path build), `/snippets/…/dom.js`: files of this folder.
    const path = href.includes("/snippets/") ? join(dir, href.slice(href.indexOf("snippets/"))) : join(dir, basename(href));
    const source = readFileSync(path, "utf8");
    const { code } = transformSync(source, { loader: kind, minify: true, legalComments: "none" });
    writeFileSync(path, code);
    const integrity = `sha384-${createHash("sha384").update(code).digest("base64")}`;
    const updated = tag.replace(/integrity="[^"]*"/, `integrity="${integrity}"`);
    if (updated === tag) throw new Error(`post-build: no integrity on ${href}`);
    html = html.replace(tag, updated);
  }
  // The boot script (src/boot/early.js), which Trunk inlines as it is: every page starts with
  // it, the pages the server fills in too, so its comments were bytes of every first view:
  // 5.9 KB gzip as written, 2.7 KB minified. Written in ES5 (it runs before anything else, in
  // whatever browser comes), and kept so.
  const boot = readFileSync(new URL("../src/boot/early.js", import.meta.url), "utf8");
  const at = html.indexOf(boot);
  if (at < 0) throw new Error("post-build: index.html does not hold src/boot/early.js as it is");
  const { code: bootCode } = transformSync(boot, { loader: "js", minify: true, legalComments: "none", target: "es5" });
  html = html.slice(0, at) + bootCode.trimEnd() + html.slice(at + boot.length);
  writeFileSync(join(dir, "index.html"), html);
}

const find = (re, what) => {
  const match = html.match(re);
  if (!match) throw new Error(`post-build: no ${what} in index.html`);
  return basename(match[1]);
};
// The app module, not the JS snippets it imports (also preloaded, under snippets/).
const js = find(/<link rel="modulepreload" href="((?:(?!snippets\/)[^"])+\.js)"/, "app module");
const wasm = find(/<link rel="preload" href="([^"]+\.wasm)"/, "wasm");
const css = [...html.matchAll(/<link rel="stylesheet" href="([^"]+\.css)"/g)].map((m) => basename(m[1]));

writeFileSync(
  join(dir, "embed.js"),
  `// Generated at build time by scripts/post-build.mjs: the stable entry for embedding.
// Mounts every <div data-news-app …> on the page (and ones added later); see docs/embedding.md.
const base = new URL(".", import.meta.url).href;
window.__newsReaderEmbed = true;
const app = await import(new URL(${JSON.stringify(js)}, base).href);
await app.default({ module_or_path: new URL(${JSON.stringify(wasm)}, base) });
app.embed(base, ${JSON.stringify(css)});
`,
);

const frame = html.replace("<head>", '<head>\n  <meta name="news-reader-mode" content="frame">');
if (frame === html) throw new Error("post-build: no <head> in index.html");
writeFileSync(join(dir, "embed.html"), frame);

// The app's files for the offline copy, relative to the app's folder: every local file index.html
// links (hrefs start with the public URL: `/` or `/news/`) and everything under snippets/
// (imported by the app module). sw.js adds config.json itself.
const publicUrl = html.match(/<base href="([^"]*)"/)?.[1] ?? "/";
const linked = [...html.matchAll(/\s(?:href|src)="([^"]+)"/g)]
  .map((m) => (m[1].startsWith(publicUrl) ? m[1].slice(publicUrl.length) : m[1]))
  .filter((file) => file && !/^[a-z]+:|^\/|[?#]/i.test(file) && existsSync(join(dir, file)) && statSync(join(dir, file)).isFile());
const under = (folder) =>
  existsSync(join(dir, folder))
    ? readdirSync(join(dir, folder), { recursive: true })
        .map((name) => join(folder, name))
        .filter((file) => statSync(join(dir, file)).isFile())
    : [];
const appFiles = [...new Set([...linked, ...under("snippets")])].map((f) => f.split("\\").join("/")).sort();
const worker = readFileSync(join(dir, "sw.js"), "utf8");
const listed = worker.replace("[/* app files */]", JSON.stringify(appFiles));
if (listed === worker) throw new Error("post-build: no [/* app files */] in sw.js");
writeFileSync(join(dir, "sw.js"), listed);

if (release) {
  const report = new URL("./size-report.mjs", import.meta.url).pathname;
  process.stdout.write(execFileSync("node", [report, dir], { encoding: "utf8" }));
}
