//! `news-server prerender --dist DIST --out DIR`: the pages the server fills in, written as
//! files for a static host: `articles/{id}/index.html` per article, `index.html` (the home
//! page), `404.html`, `sitemap.xml`, `robots.txt`, `feed.xml` and `feed.json`.
//!
//! Incremental: each file's inputs (the format version, the shell, config.json, origin and
//! base, the site, and the page's own data — for an article its API JSON, which holds its
//! prev/next, and its related list) are hashed, and the hashes kept in `DIR/.prerender.json`.
//! A file whose inputs hash as last time and that is still there is neither rendered nor
//! written; files the manifest lists that are no longer produced (a removed article) are
//! deleted.

use super::{ArticleData, Renderer};
use crate::content::Store;
use news_model::{ItemList, Site};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Bump when the markup changes, so that every page is written again.
pub const FORMAT_VERSION: &str = "1";
pub const MANIFEST: &str = ".prerender.json";

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Files written, by path under the output folder.
    pub written: Vec<String>,
    pub unchanged: usize,
    pub removed: Vec<String>,
}

/// One output file: where it goes, what its content depends on, and how to make it.
struct Output<'a> {
    path: String,
    inputs: Vec<String>,
    render: Box<dyn FnOnce() -> String + 'a>,
}

/// Writes the pages of `store` made with `renderer` into `out`. `now` (Unix seconds) decides
/// which articles the sitemap marks as news.
pub fn prerender(store: &Store, renderer: &Renderer, out: &Path, now: i64) -> Result<Report, String> {
    if !renderer.shell.fillable() {
        return Err("index.html has no <head> and <div id=\"boot\"> to fill in".into());
    }
    let config = renderer.config();
    let site: &Site = store.site();
    let site_json = serde_json::to_string(site).unwrap_or_default();
    let common = [
        FORMAT_VERSION.to_string(),
        renderer.shell.plain().to_string(),
        format!("{config:?}"),
        renderer.origin.clone(),
        renderer.base.as_str().to_string(),
        site_json,
    ];
    let all: Vec<_> = store.articles().collect();
    let all_json = serde_json::to_string(&all).unwrap_or_default();
    let home = store.page(None, 1, super::page::HOME_PER_PAGE);
    let recent: Vec<&str> = all
        .iter()
        .filter(|a| {
            news_model::datetime::Timestamp::parse(&a.published_at)
                .is_some_and(|t| now - t.unix_seconds() <= super::feeds::NEWS_WINDOW_SECONDS)
        })
        .map(|a| a.id.as_str())
        .collect();
    let mut outputs: Vec<Output> = Vec::new();
    for article in store.articles() {
        let id = article.id.clone();
        let Some(dir) = safe_dir_name(&id) else {
            eprintln!("news-server: article {id:?} has no file name a static host could serve; skipped");
            continue;
        };
        let full = store.article(&id).ok_or_else(|| format!("article {id} vanished"))?;
        let related = store.related(&id).unwrap_or(ItemList { items: Vec::new() });
        let data = ArticleData::new(config, full, related);
        outputs.push(Output {
            path: format!("articles/{dir}/index.html"),
            inputs: vec![data.article_json.clone(), data.related_json.clone()],
            render: Box::new(move || renderer.article_page(site, &data)),
        });
    }
    outputs.push(Output {
        path: "index.html".into(),
        inputs: vec![serde_json::to_string(&home).unwrap_or_default()],
        render: Box::new(move || renderer.home_page(site, None, &home)),
    });
    outputs.push(Output {
        path: "404.html".into(),
        inputs: vec![],
        render: Box::new(|| renderer.not_found_page(site)),
    });
    outputs.push(Output {
        path: "sitemap.xml".into(),
        inputs: vec![all_json.clone(), recent.join(",")],
        render: Box::new(|| renderer.sitemap(site, &all, now)),
    });
    outputs.push(Output { path: "robots.txt".into(), inputs: vec![], render: Box::new(|| renderer.robots()) });
    outputs.push(Output {
        path: "feed.xml".into(),
        inputs: vec![all_json.clone()],
        render: Box::new(|| renderer.rss(site, &all)),
    });
    outputs.push(Output {
        path: "feed.json".into(),
        inputs: vec![all_json.clone()],
        render: Box::new(|| renderer.json_feed(site, &all)),
    });

    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let manifest_path = out.join(MANIFEST);
    let old: BTreeMap<String, String> = std::fs::read_to_string(&manifest_path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let mut new: BTreeMap<String, String> = BTreeMap::new();
    let mut report = Report::default();
    for output in outputs {
        let mut hasher = Sha256::new();
        for part in common.iter().chain(&output.inputs) {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        let fingerprint: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
        let file = out.join(&output.path);
        if old.get(&output.path) == Some(&fingerprint) && file.is_file() {
            report.unchanged += 1;
        } else {
            write_atomically(&file, (output.render)().as_bytes())?;
            report.written.push(output.path.clone());
        }
        new.insert(output.path, fingerprint);
    }
    for gone in old.keys().filter(|path| !new.contains_key(*path)) {
        let file = out.join(gone);
        if std::fs::remove_file(&file).is_ok() {
            report.removed.push(gone.clone());
        }
        // An article's folder, if nothing else is in it.
        if let Some(parent) = file.parent().filter(|p| *p != out) {
            let _ = std::fs::remove_dir(parent);
        }
    }
    let manifest = serde_json::to_string_pretty(&new).unwrap_or_default();
    write_atomically(&manifest_path, manifest.as_bytes())?;
    Ok(report)
}

/// The folder name of an article's page: its id when that is a plain name (as the URL's
/// path segment would be), else `None`.
fn safe_dir_name(id: &str) -> Option<String> {
    let plain = !id.is_empty()
        && !id.starts_with('.')
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
    plain.then(|| id.to_string())
}

fn write_atomically(file: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let partial = PathBuf::from(format!("{}.partial", file.display()));
    std::fs::write(&partial, bytes).map_err(|e| format!("{}: {e}", partial.display()))?;
    std::fs::rename(&partial, file).map_err(|e| format!("{}: {e}", file.display()))
}
