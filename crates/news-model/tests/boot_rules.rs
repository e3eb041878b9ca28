//! The Rust side of the boot rules table (tests/boot-rules.json): the route rule and the
//! endpoint templating the app uses must give what the table says. tests/boot-rules.test.mjs
//! checks the boot script's JavaScript copies against the same table.

use news_model::route::{path_below, Route};
use news_model::{Adapter, Config, Endpoint};
use serde_json::Value;

fn table() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/boot-rules.json");
    let text = std::fs::read_to_string(path).expect("tests/boot-rules.json is readable");
    serde_json::from_str(&text).expect("tests/boot-rules.json is JSON")
}

fn cases(name: &str) -> Vec<Value> {
    let cases = table()[name].as_array().cloned().unwrap_or_default();
    assert!(cases.len() > 5, "the table has {name} cases");
    cases
}

#[test]
fn routes_match_the_table() {
    for case in cases("routes") {
        let (base, path) = (case["base"].as_str().unwrap(), case["path"].as_str().unwrap());
        let expected = case["article"].as_str().map(|id| Route::Article(id.to_string()));
        let route = Route::of(&path_below(base, path));
        let article = match route {
            Route::Article(_) => Some(route),
            _ => None,
        };
        assert_eq!(article, expected, "{case}");
    }
}

#[test]
fn endpoint_urls_match_the_table() {
    for case in cases("endpoints") {
        let (config, _) = Config::from_json(&case["config"].to_string());
        let key = case["endpoint"].as_str().unwrap();
        let endpoint = Endpoint::ALL.into_iter().find(|e| e.key() == key).unwrap();
        let vars: Vec<(&str, &str)> = case["id"].as_str().map(|id| ("id", id)).into_iter().collect();
        assert_eq!(config.endpoint_url(endpoint, &vars), case["url"].as_str().unwrap(), "{case}");
    }
}

#[test]
fn native_backends_match_the_table() {
    for case in cases("native") {
        let (config, _) = Config::from_json(&case["config"].to_string());
        assert_eq!(config.adapter == Adapter::Native, case["native"].as_bool().unwrap(), "{case}");
    }
}
