// Prints the first-load bytes of a built dist/: raw, gzip and brotli for the wasm, JS and CSS.
// Usage: node scripts/size-report.mjs [dist]
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { compressedSizes } from "./bench-lib/first-load.mjs";

const dist = process.argv[2] ?? "dist";
const kinds = { wasm: /\.wasm$/, js: /\.js$/, css: /\.css$/ };
const kindOf = (file) => Object.keys(kinds).find((kind) => kinds[kind].test(file));
// The first load is what index.html links (app module and the JS snippets it imports, wasm,
// stylesheets), not every file in dist/ (embed.js, the demo host page's CSS, frame-host.js are
// for other pages). Without an index.html, every top-level file counts.
let files;
try {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  // Hrefs start with the public URL (`<base href>`, "/" or e.g. "/news/"): relative to dist/ without it.
  const base = html.match(/<base href="([^"]*)"/)?.[1] ?? "/";
  const inDist = (href) => (href.startsWith(base) ? href.slice(base.length) : href.replace(/^\.?\//, ""));
  const linked = [...html.matchAll(/<link [^>]*href="([^"]+)"/g)].map((m) => inDist(m[1]));
  files = [...new Set(linked)].filter((f) => kindOf(f) && existsSync(join(dist, f)));
} catch {
  files = readdirSync(dist).filter(kindOf);
}
const totals = { raw: 0, gzip: 0, brotli: 0 };
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + " KB";
console.log(`${"file".padEnd(44)} ${"raw".padStart(10)} ${"gzip".padStart(10)} ${"brotli".padStart(10)}`);
for (const [kind, re] of Object.entries(kinds)) {
  for (const file of files.filter((f) => re.test(f)).sort()) {
    const bytes = readFileSync(join(dist, file));
    const sizes = compressedSizes(bytes);
    for (const k of Object.keys(totals)) totals[k] += sizes[k];
    console.log(`${`${kind}: ${basename(file)}`.padEnd(44)} ${kb(sizes.raw)} ${kb(sizes.gzip)} ${kb(sizes.brotli)}`);
  }
}
console.log(`${"first load (wasm + js + css)".padEnd(44)} ${kb(totals.raw)} ${kb(totals.gzip)} ${kb(totals.brotli)}`);
