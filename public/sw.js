// The reader's offline copy (registered by index.html on the standalone page; never when
// embedded). Online, every request goes to the network as if this worker were not here, and a
// copy of some successful answers is kept. Offline, the copy answers instead: a reader can reload
// an article read earlier, or open it in a new tab, and read it without a network. What was never
// fetched fails as usual, and the app says that it is offline.
//
// Its scope may hold more than the app (at a site's root: every page of the portal), and any page
// or link can send a reader to any address in it. So it keeps only what is the app's own:
//  - the app's files (FILES below) and config.json;
//  - the app page (index.html), from the app's routes only: `/` and `/articles/{id}` under the
//    scope. Any other page, online or offline, is left to the network;
//  - the answers of the backend that config.json names (`api_base`, `comments.api_base`,
//    absolute endpoint templates, `feed_url`).
// and never an answer marked `no-store` or `private`, a redirected or opaque one, nor the answer
// to a request with credentials (an `Authorization` header, or cookies sent to another site).
//
// Bounded: the newest 40 of the app's files and the newest 60 backend answers. Only GET; pictures
// and other media are left to the browser (the app shows a missing picture's alt text), and so
// are event streams.
//
// `"offline": false` in config.json switches it off: seeing that config.json, it keeps and
// answers nothing more, deletes its caches and unregisters itself (the page does the same).

const SCOPE = self.registration.scope;
// The scope in the names: two copies of the app on one site (at `/` and at `/news/`) share the
// origin's caches, and neither may delete the other's.
const APP = `news-reader-app-v2 ${SCOPE}`;
const DATA = `news-reader-data-v2 ${SCOPE}`;
const LIMITS = { [APP]: 40, [DATA]: 60 };
/** Ours: this scope's, or a first version's (named without a scope). */
const ours = (name) => name.startsWith("news-reader-") && (!name.includes(" ") || name.endsWith(` ${SCOPE}`));

// The app's files, relative to the scope. scripts/post-build.mjs writes the list of the built
// dist/ here. A list, not name patterns: at a site's root, `*.js` would take the portal's scripts
// too. And written into this file, not fetched: a new release changes this file, so the browser
// installs the new worker, with the new list, on the reader's next visit.
const FILES = new Set([/* app files */].map((file) => new URL(file, SCOPE).href));
const CONFIG = new URL("config.json", SCOPE).href;
FILES.add(CONFIG);

/** What config.json says ({off, backends}), once read: from its kept copy, else the network. */
let known = null;
const settings = () =>
  known
    ? Promise.resolve(known)
    : caches
        .match(CONFIG, { cacheName: APP })
        .then((kept) => kept ?? fetch(CONFIG))
        .then((response) => (response.ok ? response.json() : {}))
        .catch(() => ({}))
        .then((config) => (known ??= settingsOf(config)));

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  // Our caches of an older version go; the open page is served from now on.
  event.waitUntil(deleteCaches((name) => !(name in LIMITS)).then(() => self.clients.claim()));
});

// The page that registered this worker loaded itself ({page: address}) and its files
// ({keep: [addresses]}) before the worker existed: it sends their addresses so that this page,
// too, can be read offline. The same rules apply as to requests.
self.addEventListener("message", (event) => {
  const strings = (list) => (Array.isArray(list) ? list.filter((u) => typeof u === "string") : []);
  // [address, whether it is the page]
  const wanted = [
    ...strings([event.data?.page]).map((u) => [u, true]),
    ...strings(event.data?.keep).map((u) => [u, false]),
  ];
  event.waitUntil(
    settings().then((s) =>
      Promise.all(
        wanted.map(async ([u, isPage]) => {
          // From the browser's HTTP cache where it has the file: the page has just loaded it.
          const request = new Request(u, { cache: "force-cache" });
          const place = placeOf(request, s, isPage);
          if (place) await (await fetchAndKeep(request, place))[1];
        }).map((keeping) => keeping.catch(() => {})),
      ),
    ),
  );
  // Answers a filled-in page carried ({answers: [[address, JSON text]]}), which the page never
  // asked the network for: kept as if it had, so that they, too, can be read offline.
  const answers = Array.isArray(event.data?.answers) ? event.data.answers : [];
  event.waitUntil(
    settings().then((s) =>
      Promise.all(
        answers
          .filter((pair) => Array.isArray(pair) && typeof pair[0] === "string" && typeof pair[1] === "string")
          .map(([u, body]) => {
            const place = placeOf(new Request(u), s, false);
            const copy = new Response(body, { headers: { "content-type": "application/json" } });
            return place ? keep(place, copy).catch(() => {}) : null;
          }),
      ),
    ),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const media = ["image", "audio", "video"].includes(request.destination) || request.headers.has("range");
  // `only-if-cached` from another origin cannot be fetched from here (devtools asks so).
  const cacheOnly = request.cache === "only-if-cached" && request.mode !== "same-origin";
  // An event stream (live comments) has no end: answered from here, it would keep this worker
  // busy, so that a new version could never take over; and it could never be kept anyway.
  const stream = request.headers.get("accept") === "text/event-stream";
  if (request.method !== "GET" || media || cacheOnly || stream) return;
  const navigation = request.mode === "navigate";
  if (navigation && !isAppRoute(new URL(request.url))) return;
  const answer = async (place) => {
    try {
      const [response, keeping] = await fetchAndKeep(request, place);
      event.waitUntil(keeping);
      return response;
    } catch (error) {
      return (await caches.match(place.key, { cacheName: place.cache })) ?? Promise.reject(error);
    }
  };
  // Which requests are ours depends on config.json, read once per start of this worker: until it
  // has been, the worker answers (from the network, for what is not ours).
  if (known) {
    const place = placeOf(request, known, navigation);
    if (place) event.respondWith(answer(place));
  } else {
    event.respondWith(settings().then((s) => placeOf(request, s, navigation)).then((p) => (p ? answer(p) : fetch(request))));
  }
});

/** Where the answer to `request` is kept ({cache, key}), or null when it is not ours. */
function placeOf(request, { off, backends }, isPage) {
  if (off) return null;
  const url = new URL(request.url);
  if (isPage) return isAppRoute(url) ? { cache: APP, key: SCOPE } : null;
  const credentials =
    request.headers.has("authorization") || (request.credentials === "include" && url.origin !== location.origin);
  if (credentials) return null;
  if (FILES.has(url.href)) return { cache: APP, key: url.href };
  return backends.some((prefix) => url.href.startsWith(prefix)) ? { cache: DATA, key: url.href } : null;
}

/**
 * The app's routes (news_model::route; early.js has the same article rule, and
 * tests/boot-rules.test.mjs checks all three on one table): the home and `/articles/{id}` (a
 * trailing slash allowed; an id that decodes and is no dot segment) under the scope, any query.
 */
function isAppRoute(url) {
  const scope = new URL(SCOPE);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return false;
  const below = url.pathname.slice(scope.pathname.length - 1);
  if (below === "/") return true;
  const match = /^\/articles\/([^/]+)\/?$/.exec(below);
  if (!match) return false;
  try {
    const id = decodeURIComponent(match[1]);
    return id !== "." && id !== "..";
  } catch {
    return false;
  }
}

/**
 * From config.json (the rules of Config::from_json and Config::endpoint_url): whether the copy is
 * off, and the addresses the backend's answers start with.
 */
function settingsOf(config) {
  if (!config || typeof config !== "object" || Array.isArray(config)) config = {};
  const text = (value) => (typeof value === "string" ? value.trim() : "");
  const base = (value) => `${value ? value.replace(/\/+$/, "") : "/api"}/`;
  const apiBase = text(config.api_base);
  let endpoints = config.endpoints;
  if (!endpoints || typeof endpoints !== "object" || Array.isArray(endpoints)) endpoints = {};
  const absolute = Object.values(endpoints)
    .map(text)
    .filter((t) => /^(https?:)?\/\//.test(t))
    .map((t) => t.split("{")[0]);
  const prefixes = [base(apiBase), base(text(config.comments?.api_base) || apiBase), text(config.feed_url), ...absolute];
  const backends = [];
  for (const prefix of prefixes.filter(Boolean)) {
    try {
      backends.push(new URL(prefix, SCOPE).href);
    } catch {} // not an address: the app cannot ask it either
  }
  return { off: config.offline === false, backends };
}

/**
 * The network's answer, and the promise of keeping a copy (within its cache's bound) when it may
 * be kept. config.json's answer is also read: it says which answers are the backend's.
 */
async function fetchAndKeep(request, place) {
  const response = await fetch(request);
  const jobs = [];
  if (place.key === CONFIG && response.ok) jobs.push(response.clone().json().then(learn, () => {}));
  const header = (name) => response.headers.get(name) ?? "";
  const keepable =
    response.ok &&
    // Opaque answers (another site's, without CORS) are not kept: their size and status are unknown.
    (response.type === "basic" || response.type === "cors") &&
    !response.redirected &&
    !/\b(no-store|private)\b/i.test(header("cache-control")) &&
    (place.key !== SCOPE || /^text\/html/i.test(header("content-type")));
  if (keepable) jobs.push(keep(place, response.clone()));
  return [response, Promise.all(jobs).catch(() => {})];
}

async function keep({ cache: name, key }, copy) {
  await settings();
  // Checked right before the cache is opened (which would create it again): once switched off,
  // nothing is kept.
  if (known.off) return;
  const cache = await caches.open(name);
  await cache.delete(key);
  await cache.put(key, copy);
  const keys = await cache.keys();
  const excess = keys.length - LIMITS[name];
  await Promise.all(keys.slice(0, Math.max(0, excess)).map((k) => cache.delete(k)));
}

function learn(config) {
  known = settingsOf(config);
  // Switched off: what was kept goes, and so does this worker (for the pages it still controls,
  // it answers nothing from now on).
  if (known.off) return deleteCaches(() => true).then(() => self.registration.unregister());
}

function deleteCaches(which) {
  return caches.keys().then((names) => Promise.all(names.filter((n) => ours(n) && which(n)).map((n) => caches.delete(n))));
}
