//! IP 属地 from an ip2region xdb file built here, range by range, as the ip2region maker lays
//! it out: lookups at the edges of ranges, addresses no database places, damaged files, and
//! the region a posted comment carries through the API.

mod support;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use news_server::{load_content, router, AppState, CommentSettings, IpDbError, IpRegionDb};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;

const HEADER_LEN: usize = 256;
const VECTOR_INDEX_LEN: usize = 256 * 256 * 8;
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/content");

const RANGES: &[(&str, &str, &str)] = &[
    ("1.0.1.0", "1.0.3.255", "中国|0|福建省|福州市|电信"),
    ("1.0.4.0", "1.0.7.255", "0|0|0|0|0"),
    ("8.8.8.0", "8.8.8.255", "美国|0|0|0|Level3"),
    ("36.0.0.0", "36.0.255.255", "中国|0|广西壮族自治区|0|0"),
    // Crosses from 42.1.x.x into 42.2.x.x: split into one entry per /16, as the maker does.
    ("42.1.255.0", "42.2.0.255", "中国|0|台湾省|0|0"),
    ("101.0.0.0", "101.0.0.255", "中国|0|北京市|北京市|0"),
];

fn v4(text: &str) -> u32 {
    u32::from(text.parse::<Ipv4Addr>().expect("test address"))
}

fn put_u32(file: &mut [u8], at: usize, value: u32) {
    file[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

/// A structure-2 (IPv4) xdb file: header, vector index, region strings, then the segment index.
/// Each vector entry points at the first segment entry of its /16 and just past its last.
fn xdb(ranges: &[(&str, &str, &str)]) -> Vec<u8> {
    let mut file = vec![0u8; HEADER_LEN + VECTOR_INDEX_LEN];
    file[0..2].copy_from_slice(&2u16.to_le_bytes());
    file[2..4].copy_from_slice(&1u16.to_le_bytes()); // vector index policy
    let mut region_at: HashMap<&str, u32> = HashMap::new();
    for &(_, _, region) in ranges {
        if !region_at.contains_key(region) {
            region_at.insert(region, file.len() as u32);
            file.extend_from_slice(region.as_bytes());
        }
    }
    let mut entries = Vec::new();
    for &(first, last, region) in ranges {
        let (mut start, end) = (v4(first), v4(last));
        loop {
            let piece_end = end.min(start | 0xffff);
            entries.push((start, piece_end, region));
            if piece_end == end {
                break;
            }
            start = piece_end + 1;
        }
    }
    entries.sort_by_key(|&(start, _, _)| start);
    let first_entry = file.len();
    let mut last_entry = first_entry;
    for (start, end, region) in entries {
        last_entry = file.len();
        file.extend_from_slice(&start.to_le_bytes());
        file.extend_from_slice(&end.to_le_bytes());
        file.extend_from_slice(&(region.len() as u16).to_le_bytes());
        file.extend_from_slice(&region_at[region].to_le_bytes());
        let slot = HEADER_LEN + (start >> 16) as usize * 8;
        if file[slot..slot + 4] == [0; 4] {
            put_u32(&mut file, slot, last_entry as u32);
        }
        put_u32(&mut file, slot + 4, (last_entry + 14) as u32);
    }
    put_u32(&mut file, 8, first_entry as u32);
    put_u32(&mut file, 12, last_entry as u32);
    file
}

fn db() -> IpRegionDb {
    IpRegionDb::from_bytes(xdb(RANGES)).expect("the test database loads")
}

fn region(db: &IpRegionDb, addr: &str) -> Option<String> {
    db.region(addr.parse().expect("test address"))
}

#[test]
fn lookups_at_the_edges_of_ranges() {
    let db = db();
    assert_eq!(db.lookup("1.0.1.0".parse().expect("ip")), Some("中国|0|福建省|福州市|电信"));
    assert_eq!(db.lookup("1.0.3.255".parse().expect("ip")), Some("中国|0|福建省|福州市|电信"));
    assert_eq!(db.lookup("1.0.0.255".parse().expect("ip")), None, "just before the first range");
    for (addr, expected) in [
        ("1.0.1.0", Some("福建")),
        ("1.0.2.77", Some("福建")),
        ("1.0.3.255", Some("福建")),
        ("1.0.0.255", None),
        ("1.0.4.0", None), // a range whose country is unknown
        ("1.0.8.0", None),
        ("8.8.8.0", Some("海外")),
        ("8.8.8.255", Some("海外")),
        ("8.8.9.0", None),
        ("8.8.7.255", None),
        ("36.0.0.0", Some("广西")),
        ("36.0.255.255", Some("广西")),
        ("36.1.0.0", None),
        ("42.1.255.0", Some("台湾")),
        ("42.2.0.255", Some("台湾")),
        ("42.2.1.0", None),
        ("101.0.0.0", Some("北京")),
        ("101.0.0.255", Some("北京")),
        ("101.0.1.0", None),
        ("200.1.1.1", None), // a /16 without entries
    ] {
        assert_eq!(region(&db, addr).as_deref(), expected, "{addr}");
    }
}

#[test]
fn addresses_no_database_places() {
    // A database that claims every address, so a `None` can only come from the address rule.
    let everything =
        IpRegionDb::from_bytes(xdb(&[("0.0.0.0", "255.255.255.255", "中国|0|福建省|0|0")])).expect("loads");
    assert_eq!(region(&everything, "8.8.8.8").as_deref(), Some("福建"));
    for addr in ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.9", "169.254.0.1", "100.64.1.1", "240.0.0.1", "::1"]
    {
        assert_eq!(region(&everything, addr), None, "{addr}");
    }
    assert_eq!(region(&everything, "2001:db8::1"), None, "IPv6 is not in an IPv4 database");
    assert_eq!(region(&db(), "::ffff:1.0.1.1").as_deref(), Some("福建"), "IPv4-mapped IPv6 is IPv4");
    assert_eq!(region(&everything, "::ffff:127.0.0.1"), None);
}

#[test]
fn a_truncated_file_is_refused() {
    let full = xdb(RANGES);
    // Regions come before the segment index, so every cut loses part of the index.
    for len in (0..full.len()).rev().take(200).chain([0, 1, 255, 256, HEADER_LEN + VECTOR_INDEX_LEN - 1]) {
        let cut = full.get(..len).expect("shorter").to_vec();
        assert!(IpRegionDb::from_bytes(cut).is_err(), "{len} of {} bytes", full.len());
    }
    assert_eq!(IpRegionDb::from_bytes(vec![2, 0, 1]), Err(IpDbError::TooShort { len: 3 }));
}

#[test]
fn hostile_pointers_place_nobody() {
    let full = xdb(RANGES);
    let slot = HEADER_LEN + (8 * 256 + 8) * 8; // 8.8.x.x
    let entry = u32::from_le_bytes(full[slot..slot + 4].try_into().expect("4 bytes")) as usize;

    let mut far = full.clone();
    put_u32(&mut far, slot, u32::MAX);
    put_u32(&mut far, slot + 4, u32::MAX);
    assert_eq!(region(&IpRegionDb::from_bytes(far).expect("header intact"), "8.8.8.8"), None, "vector past the end");

    let mut backwards = full.clone();
    put_u32(&mut backwards, slot + 4, 0);
    assert_eq!(region(&IpRegionDb::from_bytes(backwards).expect("header intact"), "8.8.8.8"), None);

    let mut data_past_end = full.clone();
    put_u32(&mut data_past_end, entry + 10, u32::MAX - 1);
    assert_eq!(region(&IpRegionDb::from_bytes(data_past_end).expect("header intact"), "8.8.8.8"), None);

    let mut not_utf8 = full.clone();
    let region_at = u32::from_le_bytes(full[entry + 10..entry + 14].try_into().expect("4 bytes")) as usize;
    not_utf8[region_at] = 0xff;
    assert_eq!(region(&IpRegionDb::from_bytes(not_utf8).expect("header intact"), "8.8.8.8"), None);

    let db = IpRegionDb::from_bytes(full).expect("loads");
    assert_eq!(region(&db, "8.8.8.8").as_deref(), Some("海外"), "the untouched file places it");
}

#[test]
fn open_reads_a_file_and_names_it_when_it_cannot() {
    let path = std::env::temp_dir().join(format!("news-ip-region-test-{}.xdb", std::process::id()));
    std::fs::write(&path, xdb(RANGES)).expect("write");
    let opened = IpRegionDb::open(&path);
    let damaged = std::fs::write(&path, b"not a database").map(|()| IpRegionDb::open(&path));
    let _ = std::fs::remove_file(&path);
    assert_eq!(opened.map(|db| region(&db, "36.0.1.2")), Ok(Some("广西".into())));
    let damaged = damaged.expect("rewrite").expect_err("a short file");
    assert!(damaged.to_string().contains("news-ip-region-test") && damaged.to_string().contains("xdb"), "{damaged}");
    let missing = IpRegionDb::open(Path::new("/nonexistent/ip2region.xdb")).expect_err("no file");
    assert!(missing.to_string().contains("/nonexistent/ip2region.xdb"), "{missing}");
}

// ---- through the API ----

fn app() -> Router {
    let content = Arc::new(load_content(Path::new(FIXTURES)).expect("fixtures load"));
    let comments = support::fresh_store();
    let settings = CommentSettings { rate_limit: 0, ip_db: Some(Arc::new(self::db())), ..CommentSettings::default() };
    router(AppState::new(content, Arc::new(comments), settings), None)
}

async fn post_from(app: &Router, ip: IpAddr, client_id: &str) -> (StatusCode, Value) {
    let body = json!({"author": "小王", "content": "写得好", "client_id": client_id}).to_string();
    let mut request = Request::builder()
        .method(Method::POST)
        .uri("/api/articles/1001/comments")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("request");
    request.extensions_mut().insert(ConnectInfo(SocketAddr::new(ip, 50_000)));
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    (status, serde_json::from_slice(&bytes).expect("JSON answer"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_posted_comment_carries_the_region_of_its_address() {
    let app = app();

    let (status, fujian) = post_from(&app, IpAddr::from([1, 0, 2, 3]), "ip-1").await;
    assert_eq!(status, StatusCode::CREATED, "{fujian}");
    assert_eq!(fujian["region"], "福建", "{fujian}");

    let (status, abroad) = post_from(&app, IpAddr::from([8, 8, 8, 8]), "ip-2").await;
    assert_eq!(status, StatusCode::CREATED, "{abroad}");
    assert_eq!(abroad["region"], "海外", "{abroad}");

    let (status, local) = post_from(&app, IpAddr::from([127, 0, 0, 1]), "ip-3").await;
    assert_eq!(status, StatusCode::CREATED, "{local}");
    assert!(local.get("region").is_none(), "loopback has no region: {local}");

    let request = Request::get("/api/articles/1001/comments").body(Body::empty()).expect("request");
    let response = app.clone().oneshot(request).await.expect("infallible");
    let page: Value =
        serde_json::from_slice(&response.into_body().collect().await.expect("body").to_bytes()).expect("JSON page");
    let regions: Vec<Option<&str>> =
        page["items"].as_array().expect("items").iter().map(|c| c["region"].as_str()).collect();
    assert_eq!(regions, [None, Some("海外"), Some("福建")], "stored with the comment, newest first");
}
