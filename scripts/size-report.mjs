// Prints the first-load bytes of a built dist/: raw, gzip and brotli for the wasm, JS and CSS.
// With --max-gzip-kb N it is also a gate: it exits 1 when the gzip total is over N KB (a byte
// count, the same on every machine, unlike a timing). scripts/test uses it with the budget.
// Usage: node scripts/size-report.mjs [dist] [--max-gzip-kb N]
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { compressedSizes } from "./bench-lib/first-load.mjs";

const args = process.argv.slice(2);
let maxGzipKb = null;
const at = args.indexOf("--max-gzip-kb");
if (at >= 0) {
  maxGzipKb = Number(args[at + 1]);
  if (!(maxGzipKb > 0)) {
    console.error("size-report: --max-gzip-kb needs a number of KB above 0");
    process.exit(2);
  }
  args.splice(at, 2);
}
const dist = args[0] ?? "dist";
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

if (files.length === 0) {
  console.error(`size-report: no wasm, JS or CSS found in ${dist}`);
  process.exit(2);
}
if (maxGzipKb !== null) {
  const gzipKb = totals.gzip / 1024;
  if (gzipKb > maxGzipKb) {
    console.error(
      `size-report: first load is ${gzipKb.toFixed(1)} KB gzip, over the budget of ${maxGzipKb} KB ` +
        `(${totals.gzip} bytes > ${maxGzipKb * 1024}); see the table above for what it is made of`,
    );
    process.exit(1);
  }
  console.log(`first load ${gzipKb.toFixed(1)} KB gzip: within the budget of ${maxGzipKb} KB`);
}
