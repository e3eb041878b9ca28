// The boot script's JavaScript rules (src/boot/early.js) against tests/boot-rules.json, the table
// their Rust twins are checked on too (crates/news-model/tests/boot_rules.rs). Run with
// `node --test tests/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const read = (path) => readFileSync(new URL(path, import.meta.url), "utf8");
const table = JSON.parse(read("./boot-rules.json"));

// The script as the page runs it (a classic script); without a document it only hands out its rules.
const context = vm.createContext({});
vm.runInContext(read("../src/boot/early.js"), context);
const rules = context.newsBootRules;

test("the script hands out its rules when there is no page", () => {
  assert.equal(typeof rules.articleIdOf, "function");
});

test("article routes", () => {
  assert.ok(table.routes.length > 5);
  for (const { base, path, article } of table.routes) {
    assert.equal(rules.articleIdOf(rules.pathBelow(base, path)), article, `${base} ${path}`);
  }
});

test("endpoint URLs", () => {
  assert.ok(table.endpoints.length > 5);
  for (const { config, endpoint, id, url } of table.endpoints) {
    assert.equal(rules.endpointUrl(config, endpoint, id), url, JSON.stringify({ config, endpoint, id }));
  }
});

test("native backends", () => {
  for (const { config, native } of table.native) {
    assert.equal(rules.isNative(config), native, JSON.stringify(config));
  }
});

// The offline copy (public/sw.js) keeps and answers the app page for the app's routes only: the
// home and the articles the route rule reads. Loaded as a worker would load it, with the little
// of a worker's global it needs to start.
test("the offline copy's app routes", () => {
  const scope = "https://news.example/news/";
  const worker = vm.createContext({ URL, self: { registration: { scope }, addEventListener() {} } });
  vm.runInContext(read("../public/sw.js"), worker);
  assert.equal(typeof worker.isAppRoute, "function");
  // The cases whose path the URL parser leaves as it is (it folds `%2E%2E`: that address is the home).
  const cases = table.routes.filter(({ base, path }) => base === "" && new URL(`/news${path}`, scope).pathname === `/news${path}`);
  assert.ok(cases.length > 5);
  for (const { path, article } of cases) {
    const home = path === "/";
    assert.equal(worker.isAppRoute(new URL(`/news${path}`, scope)), home || article !== null, path);
  }
  assert.equal(worker.isAppRoute(new URL("/news/articles/%E4%B8", scope)), false, "an id that does not decode");
  assert.equal(worker.isAppRoute(new URL("/articles/1001", scope)), false, "outside the scope");
  assert.equal(worker.isAppRoute(new URL("/news/api/site", scope)), false);
});

// ...and keeps the backend's answers: every address the app asks the configured backend for
// (the endpoint cases above, whose templates are paths or absolute URLs, as documented) must be
// one the worker counts as the backend's.
test("the offline copy counts the app's API addresses as the backend's", () => {
  const scope = "https://news.example/";
  const worker = vm.createContext({ URL, self: { registration: { scope }, addEventListener() {} } });
  vm.runInContext(read("../public/sw.js"), worker);
  // A custom template that is a path without its leading `/` ("{id}.json") is left out.
  const documented = ({ config, endpoint }) => {
    const custom = config.endpoints && typeof config.endpoints === "object" ? config.endpoints[endpoint] : undefined;
    return typeof custom !== "string" || custom.trim() === "" || /^(\/|https?:)/.test(custom.trim());
  };
  const cases = table.endpoints.filter(documented);
  assert.ok(cases.length > 5);
  for (const c of cases) {
    const address = new URL(c.url, scope).href;
    const { backends } = worker.settingsOf(c.config);
    assert.ok(backends.some((prefix) => address.startsWith(prefix)), `${address} among ${backends}`);
  }
});
