use wasm_bindgen::prelude::*;

fn main() {
    news_reader::start();
}

/// Called by embed.js (generated at build time): mounts every `[data-news-app]` element.
#[wasm_bindgen]
pub fn embed(base: String, stylesheets: Vec<String>) {
    news_reader::embed::mount_all(base, stylesheets);
}
