use wasm_bindgen::prelude::*;

// Talc instead of the standard dlmalloc: the same size of wasm, and a long comment list (tens of
// thousands of small strings decoded and dropped) takes about 13 ms less scripting of ~200 ms.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    news_reader::start();
}

/// Called by embed.js (generated at build time): mounts every `[data-news-app]` element.
#[wasm_bindgen]
pub fn embed(base: String, stylesheets: Vec<String>) {
    news_reader::embed::mount_all(base, stylesheets);
}
