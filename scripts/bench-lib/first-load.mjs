// First-load bytes: the wasm, JS and CSS a cold load of the app actually fetched (read from the
// page's resource timing, so whatever index.html pulls in counts, preloads included), compressed
// from the files in dist/ (gzip -9, brotli quality 11; scripts/size-report.mjs uses the same).
import { existsSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const KINDS = { ".wasm": "wasm", ".js": "js", ".css": "css" };

export const compressedSizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

/** The app's own wasm, JS and CSS that `page` loaded, with their sizes, and the totals. */
export async function firstLoadBytes(page, dist) {
  const loaded = await page.evaluate(() =>
    performance.getEntriesByType("resource").map((e) => ({ url: e.name, onWire: e.encodedBodySize })),
  );
  const origin = new URL(page.url()).origin;
  const files = new Map();
  for (const { url, onWire } of loaded) {
    const { origin: from, pathname } = new URL(url);
    const kind = KINDS[extname(pathname)];
    // The preload and the fetch of the wasm are one download: count each file once.
    if (from !== origin || !kind || pathname.startsWith("/api/") || files.has(pathname)) continue;
    const path = join(dist, decodeURIComponent(pathname));
    if (!existsSync(path)) continue;
    files.set(pathname, { file: pathname.slice(1), kind, onWire, ...compressedSizes(readFileSync(path)) });
  }
  const order = Object.values(KINDS);
  const list = [...files.values()].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.file.localeCompare(b.file));
  if (!list.some((f) => f.kind === "wasm")) throw new Error("the page loaded no wasm from dist/");
  const total = {};
  for (const key of ["raw", "gzip", "brotli", "onWire"]) total[key] = list.reduce((sum, f) => sum + f[key], 0);
  return { files: list, total };
}
