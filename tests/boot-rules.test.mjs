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
