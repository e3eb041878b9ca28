//! The binary's own behaviour on the command line: help, exit codes and error messages.

use std::process::{Command, Output};

/// Every option the server has had; a rename or removal breaks the scripts that call it.
const OPTIONS: [&str; 18] = [
    "--config",
    "--host",
    "--port",
    "--content",
    "--dist",
    "--base",
    "--db",
    "--no-seed",
    "--moderate",
    "--rate-limit",
    "--like-rate-limit",
    "--likes-per-address",
    "--report-threshold",
    "--allow-origin",
    "--trusted-proxy",
    "--frame-ancestors",
    "--ip-db",
    "--words-file",
];

/// Without the caller's environment: a `PORT` or `NEWS_CONFIG` in the shell must not change
/// what is checked here.
fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_news-server")).args(args).env_clear().output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_lists_every_option_with_its_default_and_variable() {
    for args in [&["--help"][..], &["serve", "--help"]] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let help = text(&out.stdout);
        for option in OPTIONS {
            assert!(help.contains(option), "{args:?} does not mention {option}:\n{help}");
        }
        for shown in [
            "[env: PORT=]",
            "[env: NEWS_DB=]",
            "[env: NEWS_CONFIG=]",
            "[default: 3000]",
            "[default: 127.0.0.1]",
            "[default: 5]",
            "[default: 30]",
            "[default: 10]",
            "[default: 'self']",
            "beats the file",
        ] {
            assert!(help.contains(shown), "{args:?} does not show {shown}:\n{help}");
        }
    }
    assert!(text(&run(&["--help"]).stdout).contains("serve"), "the sub-command is listed");
}

#[test]
fn usage_errors_exit_with_2_and_say_what_is_wrong() {
    let cases: [(&[&str], &str); 5] = [
        (&["--trusted-proxy", "10.0.0.0/33"], "not an address or a CIDR range"),
        (&["--port", "70000"], "port \"70000\" is not a number from 0 to 65535"),
        (&["--dist", "d", "--base", "news"], "must start with /"),
        (&["--base", "/news"], "--base needs --dist"),
        (&["--bogus"], "--bogus"),
    ];
    for (args, says) in cases {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}

#[test]
fn a_typo_in_the_file_stops_the_server_with_2() {
    let path = std::env::temp_dir().join(format!("news-server-cli-{}.toml", std::process::id()));
    std::fs::write(&path, "prot = 3000\n").unwrap();
    let out = run(&["--config", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("unknown field `prot`"), "{stderr}");
}
