// The reader's offline copy (registered by index.html on the standalone page; never when
// embedded). Online, every request goes to the network as if this worker were not here, and a
// copy of each successful answer is kept. Offline, the copy answers instead: a reader can reload
// an article read earlier, or open it in a new tab, and read it without a network. What was never
// fetched fails as usual, and the app says that it is offline.
//
// Bounded: the newest 40 answers of the app itself (page, scripts, styles, config) and the newest
// 60 from the backend (articles, lists, site, comments). Only GET; pictures and other media are
// left to the browser (the app shows a missing picture's alt text).

const APP = "news-reader-app-v1";
const DATA = "news-reader-data-v1";
const LIMITS = { [APP]: 40, [DATA]: 60 };

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  // Caches of an older version of this worker go; the open page is served from now on.
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => !(n in LIMITS)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

// The page that registered this worker loaded itself ({page: address}) and its files
// ({keep: [addresses]}) before the worker existed: it sends their addresses so that this page,
// too, can be read offline.
self.addEventListener("message", (event) => {
  const strings = (list) => (Array.isArray(list) ? list.filter((u) => typeof u === "string") : []);
  const wanted = [
    ...strings([event.data?.page]).map((u) => [u, true]),
    ...strings(event.data?.keep).map((u) => [u, false]),
  ];
  event.waitUntil(
    Promise.all(
      wanted.map(async ([u, isPage]) => {
        const place = placeOf(new URL(u, self.registration.scope), isPage);
        // From the browser's HTTP cache where it has the file: the page has just loaded it.
        if (place) await fetchAndKeep(new Request(u, { cache: "force-cache" }), place, (kept) => kept);
      }).map((keeping) => keeping.catch(() => {})),
    ),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const media = ["image", "audio", "video"].includes(request.destination) || request.headers.has("range");
  if (request.method !== "GET" || media) return;
  const place = placeOf(new URL(request.url), request.mode === "navigate");
  if (!place) return;
  event.respondWith(
    fetchAndKeep(request, place, (kept) => event.waitUntil(kept)).catch((error) =>
      caches
        .open(place.cache)
        .then((cache) => cache.match(place.key))
        .then((kept) => kept ?? Promise.reject(error)),
    ),
  );
});

/** Where the answer for `url` is kept ({cache, key}), or null when it is not handled at all. */
function placeOf(url, isPage) {
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const scope = new URL(self.registration.scope);
  const ours = url.origin === scope.origin && url.pathname.startsWith(scope.pathname);
  // Every page of the app is the same index.html (an address without a file name, or
  // index.html itself): kept once. Other pages here (embed.html, the demo host) are files.
  if (ours && isPage && /(\/|\/[^./]*|\/index\.html)$/.test(url.pathname)) return { cache: APP, key: scope.href };
  const appFile = ours && (/\.(js|wasm|css|svg)$/.test(url.pathname) || url.pathname === `${scope.pathname}config.json`);
  return { cache: appFile ? APP : DATA, key: url.href };
}

/**
 * The network's answer; a successful one is also kept, within its cache's bound. `whileKeeping`
 * gets the promise of the keeping (the worker must live until it is done).
 */
async function fetchAndKeep(request, { cache: cacheName, key }, whileKeeping) {
  const response = await fetch(request);
  // Opaque answers (another site's, without CORS) are not kept: their size and status are unknown.
  if (response.ok && (response.type === "basic" || response.type === "cors")) {
    const copy = response.clone();
    const kept = caches
      .open(cacheName)
      .then(async (cache) => {
        await cache.delete(key);
        await cache.put(key, copy);
        const keys = await cache.keys();
        const excess = keys.length - LIMITS[cacheName];
        await Promise.all(keys.slice(0, Math.max(0, excess)).map((k) => cache.delete(k)));
      })
      .catch(() => {});
    await whileKeeping(kept);
  }
  return response;
}
