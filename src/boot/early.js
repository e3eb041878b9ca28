// The boot script: inlined into index.html by Trunk (no extra request; minified in release builds
// by scripts/post-build.mjs), it runs before the app's files have downloaded. It asks for
// config.json and, from a native backend, the site data and on an article page the article (and its
// related list), and paints the article's title and first paragraphs as plain text into the loading
// page. The app takes these answers over instead of asking again (src/boot/early.rs) and checks
// that each is for the URL it would have asked. On a page the server filled in (docs/prerender.md)
// the article is there already: the script asks for neither it nor its related list, hands the
// page's copies of both to the app and paints nothing over the page. See docs/configuration.md,
// "The first request".
//
// Three rules here have a Rust twin: the article route (news_model::route), the id encoding and the
// endpoint templating (news_model::config). tests/boot-rules.json holds the cases both copies must
// agree on: crates/news-model/tests/boot_rules.rs checks the Rust one and tests/boot-rules.test.mjs
// this one, so neither can change alone.
(function (global) {
  "use strict";

  // Route::of for articles: the decoded id of `/articles/{id}` (a trailing slash allowed), or
  // null. An id that does not decode, or is a dot segment, names no article: every URL parser
  // folds `..` (and `%2E%2E`) into the path around it.
  function articleIdOf(path) {
    var match = /^\/articles\/([^\/]+)\/?$/.exec(path);
    if (!match) return null;
    var id;
    try { id = decodeURIComponent(match[1]); } catch (e) { return null; }
    return id === "." || id === ".." ? null : id;
  }

  // route::path_below: the path under the app's base, "/" at least.
  function pathBelow(base, path) {
    var below = path.indexOf(base) === 0 ? path.slice(base.length) : path;
    return below || "/";
  }

  // config::percent_encode: everything but RFC 3986's unreserved characters.
  function encodeValue(value) {
    return encodeURIComponent(value).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  // Config::from_json's reading of `adapter`: native unless it names another adapter exactly.
  function isNative(config) {
    return config.adapter !== "jsonfeed" && config.adapter !== "wordpress";
  }

  var DEFAULT_TEMPLATES = { site: "/site", article: "/articles/{id}", related: "/articles/{id}/related" };

  // Config::endpoint_url before its variables are filled in: the endpoint's template (custom or
  // default) under `api_base` unless it is an absolute URL.
  function endpointAddress(config, key) {
    var text = function (value) { return typeof value === "string" ? value.trim() : ""; };
    var endpoints = config.endpoints;
    if (!endpoints || typeof endpoints !== "object" || Array.isArray(endpoints)) endpoints = {};
    var template = text(endpoints[key]) || DEFAULT_TEMPLATES[key];
    if (/^(https?:)?\/\//.test(template)) return template;
    var base = text(config.api_base);
    return (base ? base.replace(/\/+$/, "") : "/api") + template;
  }

  // Fills in `{id}` (every occurrence, as the Rust does). A function, not a string, as the
  // replacement: an id from the address must not be read as a pattern (`$&`, `$'`).
  function fill(address, id) {
    return address.replace(/\{id\}/g, function () { return encodeValue(id); });
  }

  function endpointUrl(config, key, id) {
    return fill(endpointAddress(config, key), id);
  }

  var rules = { articleIdOf: articleIdOf, pathBelow: pathBelow, encodeValue: encodeValue,
    isNative: isNative, endpointUrl: endpointUrl };
  // Loaded by the rules test, not by a page.
  if (!global.document) { global.newsBootRules = rules; return; }
  if (document.querySelector('meta[name="news-reader-mode"]')) return;

  // Scripts run: a filled-in page shows the controls the app will make work (style/app.css).
  document.documentElement.setAttribute("data-js", "");
  var early = (global.__newsEarly = {});
  // Whether a preview was painted (true) or will not be (false). The app mounts once it knows:
  // mounting is one long task, and it removes this page, so the preview must be painted (and
  // counted as the page's first content) before.
  var previewed;
  early.preview = new Promise(function (resolve) { previewed = resolve; });
  // When each request started (Date.now()): the app waits for an answer no longer than it
  // would have waited for its own request, counted from here.
  var started = (early.started = {});
  // Each answer as {status, body}; null when the request itself failed (the app then asks).
  var get = function (url) {
    started[url] = Date.now();
    return (early[url] = fetch(url).then(function (r) {
      return r.text().then(function (body) { return { status: r.status, body: body }; });
    }).catch(function () { return null; }));
  };
  var parse = function (answer) {
    try { return answer && answer.status >= 200 && answer.status < 300 ? JSON.parse(answer.body) : null; } catch (e) { return null; }
  };
  var base = new URL(document.baseURI).pathname.replace(/\/$/, "");
  var articleId = articleIdOf(pathBelow(base, location.pathname));
  // A page the server filled in (docs/prerender.md) says so on <html>, with its route: the
  // article is on the page already, with the answers the app would ask for first. A copy kept
  // for another address (the offline copy keeps one page for all routes) is taken as the
  // loading page: its head tags still go once the app runs.
  var root = document.documentElement;
  var kind = root.getAttribute("data-prerendered");
  var route = root.getAttribute("data-route") || "";
  var here = kind === "article" ? articleId !== null && articleIdOf(route) === articleId
    : kind === "home" ? articleId === null && route === "/" : kind === "not-found";
  var filled = here ? kind : null;
  // The answers the page carried, [address, JSON text], also sent to the offline copy.
  var carried = [];
  var firstView = kind ? takeOver(filled === "article" ? articleId : null) : null;
  // The article is asked for at once, beside config.json rather than after it (a round trip
  // sooner), at the address config.json gave last time: the default on a first visit, none
  // when the backend is not native. A wrong guess costs one unused request, and the right
  // address is asked for once config.json is in.
  var GUESS = "news-reader:early-article";
  var guess = null;
  try { guess = localStorage.getItem(GUESS); } catch (e) {}
  if (guess === null) guess = endpointAddress({}, "article");
  if (articleId !== null && guess && !filled) get(fill(guess, articleId));
  var remember = function (address) { try { localStorage.setItem(GUESS, address); } catch (e) {} };
  get("config.json").then(function (answer) {
    var config = parse(answer);
    if (!config || typeof config !== "object" || Array.isArray(config)) config = {};
    offlineCopy(config.offline !== false);
    if (!isNative(config)) return remember("");
    remember(endpointAddress(config, "article"));
    if (articleId === null || filled) {
      if (!filled) previewed(false);
      return get(endpointAddress(config, "site"));
    }
    // The article first (unless the guess was right and it is on its way): with the page's
    // files still downloading, the browser may have a single free connection, and the
    // article is what the reader waits for.
    var articleUrl = endpointUrl(config, "article", articleId);
    var articleAnswer = early[articleUrl] || get(articleUrl);
    get(endpointAddress(config, "site"));
    return articleAnswer.then(function (answer) {
      var article = parse(answer);
      if (!article || typeof article.title !== "string") return;
      if (article.related == null) get(endpointUrl(config, "related", articleId));
      paint(article);
    });
  }).catch(function () {}) // an odd config or article: the app will say what is wrong
    .then(function () { return firstView; })
    .then(function () {
      // A filled-in page is the preview when it holds the article (not a home or 404 page).
      if (filled ? filled === "article" : document.querySelector("#boot article")) {
        whenPainted(function () { previewed(true); });
      } else previewed(false);
    });

  // Taking over a filled-in page. Once it is parsed, the embedded answers (#news-first-view)
  // for this article (`id`) become early answers, so the app asks for neither the article nor
  // its related list; the page itself is the preview the app waits for (it then mounts with the
  // article in memory: the same markup in place of the same markup, so the document keeps its
  // height and the reader's scroll position stays as it is). When the app has replaced `#boot`,
  // the server's head tags go: the app has written its own. Resolves once the answers are in.
  function takeOver(id) {
    // The reader's text size and theme (src/storage.rs; ReaderPrefs::root_class), put on the
    // page as it is parsed, before it is first shown: the app's page has them.
    var stored = function (key) { try { return localStorage.getItem("news-reader." + key) || ""; } catch (e) { return ""; } };
    var size = /^[sml]$/.test(stored("text-size")) ? stored("text-size") : "m";
    var theme = /^(light|dark)$/.test(stored("theme")) ? stored("theme") : "";
    var dark = theme ? theme === "dark" : !!(global.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches);
    if (size !== "m" || theme) {
      var watcher = new MutationObserver(function () {
        var boot = document.getElementById("boot");
        if (!boot) return;
        watcher.disconnect();
        boot.className = "news-app text-" + size + (theme ? " theme-" + theme : "");
      });
      watcher.observe(document.documentElement, { childList: true, subtree: true });
    }
    var parsed = new Promise(function (resolve) {
      if (document.readyState !== "loading") resolve();
      else document.addEventListener("DOMContentLoaded", function () { resolve(); });
    });
    return parsed.then(function () {
      var pressed = function (button, on) { button.setAttribute("aria-pressed", String(on)); };
      document.querySelectorAll("#boot .reading-tools .text-size button").forEach(function (button, i) {
        pressed(button, "sml".charAt(i) === size);
      });
      document.querySelectorAll("#boot .reading-tools .theme-switch").forEach(function (button) { pressed(button, dark); });
      var mounted = function () {
        document.querySelectorAll("head [data-server-head]").forEach(function (el) { el.remove(); });
      };
      if (!document.getElementById("boot")) mounted();
      else new MutationObserver(function (records, observer) {
        if (document.getElementById("boot")) return;
        observer.disconnect();
        mounted();
      }).observe(document.body, { childList: true });
      var data = document.getElementById("news-first-view");
      var view = null;
      try { view = data && JSON.parse(data.textContent); } catch (e) {}
      if (!view || id === null || articleIdOf(view.route) !== id) return;
      var answer = function (url, value) {
        if (typeof url !== "string" || value == null) return;
        var body = JSON.stringify(value);
        started[url] = Date.now();
        early[url] = Promise.resolve({ status: 200, body: body });
        carried.push([new URL(url, document.baseURI).href, body]);
      };
      answer(view.article_url, view.article);
      answer(view.related_url, view.related);
    });
  }

  // The offline copy (sw.js), registered once the page has loaded and is idle, so the first
  // load shares neither the network nor the CPU with it. `"offline": false` in config.json
  // removes ours and its caches (and only ours: a site's own worker is not touched).
  function offlineCopy(wanted) {
    var workers = navigator.serviceWorker;
    if (!workers) return;
    var script = new URL("sw.js", document.baseURI).href;
    var register = function () {
      // What this page loaded before the worker served it, sent for the worker to keep too
      // (not images): then this very page can be read offline. Also what arrives later but
      // was asked for earlier (the wasm).
      var servedSince = workers.controller ? 0 : Infinity;
      workers.addEventListener("controllerchange", function () { servedSince = Math.min(servedSince, performance.now()); });
      workers.register(script).then(function () { return workers.ready; }).then(function (registration) {
        var send = function (message) { if (registration.active) registration.active.postMessage(message); };
        var keep = function (urls) { if (urls.length) send({ keep: urls }); };
        if (servedSince > 0) send({ page: location.href });
        if (carried.length) send({ answers: carried });
        new PerformanceObserver(function (list) {
          keep(list.getEntries()
            .filter(function (e) { return e.initiatorType !== "img" && e.startTime < servedSince; })
            .map(function (e) { return e.name; }));
        }).observe({ type: "resource", buffered: true });
      }).catch(function () {});
    };
    if (wanted) {
      // Once the page has loaded and the main thread is idle: the app is still starting, and
      // on a phone it should not share the CPU with this.
      var whenIdle = function () {
        if (global.requestIdleCallback) requestIdleCallback(register, { timeout: 5000 });
        else setTimeout(register, 1000);
      };
      if (document.readyState === "complete") whenIdle();
      else addEventListener("load", whenIdle);
    } else {
      workers.getRegistrations().then(function (all) {
        all.forEach(function (r) {
          var worker = r.active || r.waiting || r.installing;
          if (worker && worker.scriptURL === script) r.unregister();
        });
      }).catch(function () {});
      // And what it kept: our caches of this folder (sw.js names them "news-reader-… <scope>"),
      // and a first version's (no scope in the name). Also when no worker is left: an older one
      // may have been removed without them.
      var scope = new URL(".", script).href;
      if (global.caches) caches.keys().then(function (names) {
        names.forEach(function (name) {
          var ours = name.indexOf("news-reader-") === 0 &&
            (name.indexOf(" ") < 0 || name.slice(name.indexOf(" ") + 1) === scope);
          if (ours) caches.delete(name);
        });
      }).catch(function () {});
    }
  }

  // Calls `done` once the browser reports the preview painted (its largest-contentful-paint
  // entry comes when the frame has been shown), or after at most half a second (a hidden tab
  // paints nothing; a browser without the entry gets two frames).
  function whenPainted(done) {
    var called = false;
    var once = function () { if (!called) { called = true; done(); } };
    var inPreview = function (e) { return e.element && e.element.closest && e.element.closest("#boot"); };
    try {
      new PerformanceObserver(function (list, observer) {
        if (list.getEntries().some(inPreview)) { observer.disconnect(); once(); }
      }).observe({ type: "largest-contentful-paint", buffered: true });
    } catch (e) {
      requestAnimationFrame(function () { requestAnimationFrame(function () { setTimeout(once, 0); }); });
    }
    setTimeout(once, 500);
  }

  // Text only: the body is parsed inert and nothing of its markup reaches the page.
  function paint(article) {
    var main = document.querySelector("#boot main");
    if (!main) return;
    var make = function (tag, className, parent, text) {
      var el = document.createElement(tag);
      el.className = className;
      if (text) el.textContent = text;
      parent.appendChild(el);
      return el;
    };
    var preview = document.createElement("article");
    preview.className = "article";
    var header = make("header", "article-header", preview);
    make("h1", "article-title", header, article.title);
    var body = make("div", "article-body", preview);
    var html = typeof article.body_html === "string" ? article.body_html : "";
    var parsed = new DOMParser().parseFromString(html, "text/html");
    parsed.querySelectorAll("script, style, template, noscript").forEach(function (el) { el.remove(); });
    var paragraphs = parsed.querySelectorAll("p");
    for (var i = 0; i < paragraphs.length && i < 4; i++) make("p", "", body, paragraphs[i].textContent);
    main.replaceChildren(preview);
  }
})(this);
