// The smoke journey in the other two engines readers use: Gecko (firefox-esr, headless, through
// geckodriver) and WebKit (WebKitGTK's MiniBrowser through WebKitWebDriver, on a virtual X
// display), over WebDriver with selenium-webdriver. The Playwright journeys (tests/e2e/) cover
// the app in depth in Chromium; this one walks a reader's path once in each other engine:
//
//   the article page -> a 相关新闻 link, in-app -> back -> a comment posted -> the lightbox
//   -> no error in the console
//
// Each engine gets its own reference server (ports 4180 and 4181) on a fresh comment database
// (target/engines-<port>.db), serving the release build (dist/) with one script added first in
// index.html's <head>: a recorder of errors (see RECORDER). WebDriver classic has no console
// log for either engine, so the page records its own, from before the boot script on.
//
//   node tests/engines/smoke.mjs [firefox|webkit]...   (both when none is named)
//
// NEWS_DIST and NEWS_SERVER_BIN point at another build or server binary, as for Playwright;
// GECKODRIVER, FIREFOX, WEBKIT_WEBDRIVER and MINIBROWSER at other browser tools. Without
// $DISPLAY an Xvfb is started for WebKit. scripts/install-tools --browser installs them all.
import { Builder, By, until } from "selenium-webdriver";
import remote from "selenium-webdriver/remote/index.js";
import portprober from "selenium-webdriver/net/portprober.js";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const content = resolve(root, "server/content");
const serverBin = process.env.NEWS_SERVER_BIN ?? resolve(root, "target/debug/news-server");
const dist = process.env.NEWS_DIST ?? resolve(root, "dist");

/** How long any one state may take to come about. */
const TIMEOUT = 15_000;

// ---------------------------------------------------------------------------------------------
// The journey

const article = (id) => JSON.parse(readFileSync(resolve(content, `articles/${id}.json`), "utf8"));

async function journey(page) {
  const first = article("1001");
  const related = article(first.related_ids[0]);

  await page.step("the article page", async () => {
    await page.goto("/articles/1001");
    await page.articleShown(first.title);
    await page.waitForText("#related-title", "相关新闻");
    await page.markDocument();
  });

  await page.step("a 相关新闻 link opens in-app", async () => {
    await page.click(page.linkIn("section.related", related.title));
    await page.waitForPath(`/articles/${related.id}`);
    await page.articleShown(related.title);
    assert.equal(await page.sameDocument(), true, "no full page load");
  });

  await page.step("back shows the first article again", async () => {
    await page.back();
    await page.waitForPath("/articles/1001");
    await page.articleShown(first.title);
    assert.equal(await page.sameDocument(), true, "no full page load on back");
  });

  await page.step("a comment is posted", async () => {
    const count = await page.commentCount();
    const name = `读者${Date.now().toString(36)}`;
    const text = `${page.engine} 里发表的评论 ${Math.random().toString(36).slice(2, 8)}`;
    await page.click(page.find("button.write-comment"));
    // 我来说两句 puts the cursor in the comment box on the next frame: typing elsewhere before
    // then would lose keys to it.
    await page.waitForFocus("#comment-content");
    await page.fill("#comment-name", name);
    await page.fill("#comment-content", text);
    await page.click(page.find("button.submit-comment"));
    await page.waitForText("p.comment-notice", "评论已发表。");
    await page.waitForText("#comments-title", `网友评论（${count + 1}）`);
    const top = "ol.comment-list > li.comment-thread:first-child > article.comment";
    await page.waitForText(`${top} .comment-author`, name);
    await page.waitForText(`${top} .comment-content`, text);
    // And the server has it.
    const listed = await page.api("/api/articles/1001/comments?sort=newest");
    assert.deepEqual(
      { name: listed.items[0].author.name, content: listed.items[0].content },
      { name, content: text },
      "the newest comment on the server is the one posted",
    );
  });

  await page.step("the lightbox opens and closes", async () => {
    const [, alt] = /<img [^>]*alt="([^"]+)"/.exec(first.body_html);
    const [, caption] = /<figcaption>([^<]+)<\/figcaption>/.exec(first.body_html);
    await page.click(page.find(`.article-body button.zoom[aria-label="查看大图：${alt}"]`));
    const dialog = "dialog.lightbox[open]";
    await page.waitForVisible(`${dialog} img[alt="${alt}"]`);
    await page.waitForText(`${dialog} figcaption`, caption);
    await page.click(page.find(`${dialog} button.lightbox-close`));
    await page.waitForGone(dialog);
  });

  await page.step("no error in the console", async () => {
    assert.deepEqual(await page.recordedErrors(), [], "errors recorded in the page");
    assert.equal(await page.count("#news-crash"), 0, "the panic notice is not shown");
  });
}

// ---------------------------------------------------------------------------------------------
// The recorder, put first in index.html's <head>: it runs before any other script of the page,
// and in-app navigation keeps the document, so it sees the whole journey. It records uncaught
// errors, unhandled promise rejections, console.error (a Rust panic is logged there before the
// notice goes up), resources that failed to load (scripts, styles, images) and CSP violations.
// Not seen: what the browser logs on its own without an event to the page (a failed fetch's
// status line, warnings), and errors in the offline copy's service worker. The server hashes
// every inline script into the page's CSP, so this one is allowed like the boot script.

const RECORDER = `(function () {
  var errors = (window.__journeyErrors = []);
  var note = function (text) { errors.push(String(text)); };
  addEventListener("error", function (e) {
    var el = e.target;
    if (el && el !== window && el.tagName) {
      note("failed to load: <" + el.tagName.toLowerCase() + "> " + (el.currentSrc || el.src || el.href || ""));
    } else {
      note("uncaught: " + e.message + " (" + e.filename + ":" + e.lineno + ")");
    }
  }, true);
  addEventListener("unhandledrejection", function (e) {
    var reason = e.reason;
    note("unhandled rejection: " + (reason instanceof Error ? reason.name + ": " + reason.message : reason));
  });
  addEventListener("securitypolicyviolation", function (e) {
    note("CSP: " + e.violatedDirective + " blocked " + e.blockedURI);
  });
  var consoleError = console.error;
  console.error = function () {
    note("console.error: " + Array.prototype.map.call(arguments, String).join(" "));
    return consoleError.apply(this, arguments);
  };
})();`;

/** A copy of the build whose index.html runs the recorder first. */
function buildWithRecorder() {
  const index = resolve(dist, "index.html");
  if (!existsSync(index)) throw new Error(`no release build at ${dist} (trunk build --release)`);
  const copy = resolve(root, "target/engines-dist");
  rmSync(copy, { recursive: true, force: true });
  cpSync(dist, copy, { recursive: true });
  const html = readFileSync(index, "utf8");
  const charset = /<meta charset="utf-8">/i;
  assert.match(html, charset, "index.html declares its charset");
  writeFileSync(resolve(copy, "index.html"), html.replace(charset, (tag) => `${tag}\n<script>${RECORDER}</script>`));
  return copy;
}

// ---------------------------------------------------------------------------------------------
// The page: WebDriver calls named like the Playwright journeys' steps. Every wait polls for a
// state until TIMEOUT; nothing sleeps.

class Page {
  constructor(engine, driver, base) {
    Object.assign(this, { engine, driver, base });
  }

  async step(name, body) {
    const started = Date.now();
    try {
      await body();
    } catch (error) {
      throw new Error(`${this.engine}: "${name}" failed: ${error.message}`, { cause: error });
    }
    console.log(`  ${this.engine}: ✓ ${name} (${Date.now() - started} ms)`);
  }

  goto(path) {
    return this.driver.get(new URL(path, this.base).href);
  }

  back() {
    return this.driver.navigate().back();
  }

  find(css) {
    return this.driver.wait(until.elementLocated(By.css(css)), TIMEOUT, `${css} is on the page`);
  }

  /** The link named `name` (its whole text) inside `scope`. */
  linkIn(scope, name) {
    return this.waitFor(`a link "${name}" in ${scope}`, async () => {
      for (const link of await this.driver.findElements(By.css(`${scope} a`))) {
        if ((await link.getText()).trim() === name) return link;
      }
      return null;
    });
  }

  count(css) {
    return this.driver.findElements(By.css(css)).then((all) => all.length);
  }

  /** Scrolls the element to the middle of the screen (clear of the sticky header) and clicks it. */
  async click(element) {
    const el = await element;
    await this.driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", el);
    await this.driver.wait(until.elementIsVisible(el), TIMEOUT, "the element to click is visible");
    await el.click();
  }

  async fill(css, text) {
    const el = await this.find(css);
    await el.clear();
    await el.sendKeys(text);
    await this.waitFor(`${css} holds what was typed`, async () => (await el.getAttribute("value")) === text);
  }

  /** Polls `probe` until it returns something truthy, and returns that. */
  waitFor(what, probe) {
    return this.driver.wait(async () => (await probe()) || null, TIMEOUT, `waiting for ${what}`);
  }

  waitForText(css, text) {
    return this.waitFor(`${css} to read "${text}"`, async () => {
      const els = await this.driver.findElements(By.css(css));
      return els.length > 0 && (await els[0].getText()).trim() === text;
    });
  }

  waitForVisible(css) {
    return this.waitFor(`${css} to be shown`, async () => {
      const els = await this.driver.findElements(By.css(css));
      return els.length > 0 && (await els[0].isDisplayed());
    });
  }

  waitForFocus(css) {
    return this.waitFor(`${css} to have the focus`, () =>
      this.driver.executeScript("return document.activeElement === document.querySelector(arguments[0])", css),
    );
  }

  waitForGone(css) {
    return this.waitFor(`${css} to be gone`, async () => (await this.count(css)) === 0);
  }

  waitForPath(path) {
    return this.waitFor(`the address to be ${path}`, async () => {
      return new URL(await this.driver.getCurrentUrl()).pathname === path;
    });
  }

  /** The app's article (not the boot script's preview, the skeleton or an error). */
  async articleShown(title) {
    await this.waitForGone("#boot");
    await this.waitForText("h1", title);
    await this.waitFor("the article's body", async () => (await this.count(".article-body > *")) > 0);
  }

  /** N in 网友评论（N）, once the comments are in. */
  async commentCount() {
    await this.waitForGone(".comments-loading");
    const heading = await this.waitFor("the comments' heading with a count", async () => {
      const [el] = await this.driver.findElements(By.css("#comments-title"));
      return el && /^网友评论（(\d+)）$/.exec((await el.getText()).trim());
    });
    return Number(heading[1]);
  }

  markDocument() {
    return this.driver.executeScript("window.__journeyMark = true");
  }

  sameDocument() {
    return this.driver.executeScript("return window.__journeyMark === true");
  }

  recordedErrors() {
    return this.driver.executeScript("return window.__journeyErrors");
  }

  async api(path) {
    const response = await fetch(new URL(path, this.base));
    assert.equal(response.status, 200, `GET ${path}`);
    return response.json();
  }
}

// ---------------------------------------------------------------------------------------------
// Engines, servers and the display

const which = (name) => {
  try {
    return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
};

const ENGINES = {
  firefox: {
    port: 4180,
    // cargo installs it; ~/.cargo/bin is not on every PATH.
    driver: () => process.env.GECKODRIVER ?? which("geckodriver") ?? cargoBin("geckodriver"),
    driverArgs: (port) => ["--port", String(port)],
    capabilities: () => ({
      browserName: "firefox",
      // geckodriver gives the fresh profile its usual test preferences (no first-run pages,
      // updates or telemetry).
      "moz:firefoxOptions": { binary: process.env.FIREFOX ?? "/usr/bin/firefox-esr", args: ["-headless"] },
    }),
  },
  webkit: {
    port: 4181,
    needsDisplay: true,
    driver: () => process.env.WEBKIT_WEBDRIVER ?? which("WebKitWebDriver"),
    driverArgs: (port) => [`--port=${port}`],
    capabilities: () => ({
      browserName: "MiniBrowser",
      "webkitgtk:browserOptions": { binary: process.env.MINIBROWSER ?? miniBrowser(), args: ["--automation"] },
    }),
  },
};

function cargoBin(name) {
  const path = resolve(process.env.CARGO_HOME ?? resolve(homedir(), ".cargo"), "bin", name);
  return existsSync(path) ? path : null;
}

function miniBrowser() {
  const listed = execFileSync("dpkg", ["-L", "libwebkit2gtk-4.1-0"], { encoding: "utf8" });
  const path = listed.split("\n").find((line) => line.endsWith("/MiniBrowser"));
  if (!path) throw new Error("MiniBrowser not found in libwebkit2gtk-4.1-0");
  return path;
}

/** A child process that runs until `stop()`, keeping the end of what it writes to stderr. */
function spawnChild(command, args, stdio = ["ignore", "ignore", "pipe"]) {
  const child = spawn(command, args, { stdio });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((done) => child.on("exit", (code, signal) => done({ code, signal })));
  return {
    child,
    stderr: () => stderr,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Starts Xvfb on the first free display (it names it on fd 3 once it takes connections). */
async function startXvfb() {
  const args = ["-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"];
  const xvfb = spawnChild("Xvfb", args, ["ignore", "ignore", "pipe", "pipe"]);
  const display = await new Promise((resolveDisplay, reject) => {
    let out = "";
    xvfb.child.stdio[3].on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolveDisplay(`:${out.trim()}`);
    });
    xvfb.exited.then(({ code }) => reject(new Error(`Xvfb exited (${code}): ${xvfb.stderr()}`)));
    setTimeout(() => reject(new Error("Xvfb did not start within 10 s")), 10_000).unref();
  });
  return { display, stop: xvfb.stop };
}

/** The reference server on `port`, on a fresh database, once it answers. */
async function startServer(port, site) {
  const db = resolve(root, `target/engines-${port}.db`);
  for (const file of [db, `${db}-wal`, `${db}-shm`]) rmSync(file, { force: true });
  const server = spawnChild(serverBin, ["--port", String(port), "--db", db, "--dist", site, "--rate-limit", "0"]);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const up = await fetch(`${base}/api/site`).then((r) => r.ok, () => false);
    if (up) break;
    if (server.child.exitCode !== null || Date.now() > deadline) {
      await server.stop();
      throw new Error(`the server on ${port} did not start: ${server.stderr()}`);
    }
    await new Promise((next) => setTimeout(next, 100));
  }
  return { base, stop: server.stop };
}

async function run(name, site, env) {
  const engine = ENGINES[name];
  const started = Date.now();
  const executable = engine.driver();
  if (!executable) throw new Error(`${name}: no WebDriver server found (scripts/install-tools --browser)`);
  const server = await startServer(engine.port, site);
  const port = await portprober.findFreePort("127.0.0.1");
  // What the driver and the browser print (start-up notes, the browser's own chatter on quit)
  // goes to a log, named when the journey fails.
  const log = resolve(root, `target/engines-${name}-driver.log`);
  const logFd = openSync(log, "w");
  const service = new remote.DriverService(executable, {
    port,
    args: engine.driverArgs(port),
    loopback: true,
    env,
    stdio: ["ignore", logFd, logFd],
  });
  let driver;
  try {
    const url = await service.start(TIMEOUT);
    driver = await new Builder().usingServer(url).withCapabilities(engine.capabilities()).build();
    await driver.manage().window().setRect({ width: 1280, height: 720 });
    const page = new Page(name, driver, server.base);
    try {
      await journey(page);
    } catch (error) {
      const recorded = await page.recordedErrors().catch(() => null);
      if (recorded?.length && !error.message.includes("errors recorded")) {
        error.message += `\n  errors recorded in the page:\n    ${recorded.join("\n    ")}`;
      }
      const shot = resolve(root, `target/engines-${name}-failure.png`);
      await driver.takeScreenshot().then((png) => writeFileSync(shot, png, "base64"), () => {});
      error.message += `\n  screenshot: ${shot}\n  driver and browser log: ${log}`;
      throw error;
    }
    console.log(`${name}: passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await driver?.quit().catch(() => {});
    await service.kill();
    closeSync(logFd);
    await server.stop();
  }
}

async function main() {
  const names = process.argv.slice(2);
  for (const name of names) if (!ENGINES[name]) throw new Error(`unknown engine ${name}: firefox or webkit`);
  const chosen = names.length ? names : Object.keys(ENGINES);
  mkdirSync(resolve(root, "target"), { recursive: true });
  const site = buildWithRecorder();

  let xvfb = null;
  const env = { ...process.env };
  if (chosen.some((name) => ENGINES[name].needsDisplay) && !process.env.DISPLAY) {
    xvfb = await startXvfb();
    env.DISPLAY = xvfb.display;
  }
  // One engine failing does not keep the other from being tried.
  const failures = [];
  try {
    for (const name of chosen) await run(name, site, env).catch((error) => failures.push(error));
  } finally {
    await xvfb?.stop();
  }
  for (const error of failures) report(error);
  if (failures.length) process.exit(1);
}

/** The message (with what a failed step adds to it), then where the first error was thrown. */
function report(error) {
  const where = String((error.cause ?? error).stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  console.error(["", error.message, ...where].join("\n"));
}

main().catch((error) => {
  report(error);
  process.exit(1);
});
