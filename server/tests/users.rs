//! `news-server user …` through the real binary: the password on stdin, the database in a temp
//! file named by `--db`.

use std::io::Write;
use std::process::{Command, Output, Stdio};

mod support;
use support::TempDir;

/// `news-server user ARGS --db DB` with `stdin` piped in (not a terminal), without the
/// caller's environment (a `NEWS_DB` in the shell must not change the database).
fn user(dir: &TempDir, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_news-server"))
        .arg("user")
        .args(args)
        .args(["--db", &db_arg(dir)])
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("news-server starts");
    // A refused command may exit before reading stdin: a broken pipe here is not the test's.
    let _ = child.stdin.take().expect("stdin").write_all(stdin.as_bytes());
    child.wait_with_output().expect("news-server ends")
}

/// The database's path as the command line takes it (and as the server prints it).
fn db_arg(dir: &TempDir) -> String {
    dir.db()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn list(dir: &TempDir) -> Vec<String> {
    let out = user(dir, &["list"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout).lines().map(str::to_owned).collect()
}

fn assert_refused(out: &Output, code: i32, says: &str) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    assert!(stderr.contains(says), "expected {says:?} in: {stderr}");
}

#[test]
fn add_list_and_remove() {
    let dir = TempDir::new("users", "add");
    let out = user(&dir, &["add", "ann"], "correct horse battery\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = user(&dir, &["add", "bob.B-2", "--role", "admin"], "another secret\r\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let lines = list(&dir);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let fields: Vec<Vec<&str>> = lines.iter().map(|line| line.split('\t').collect()).collect();
    assert_eq!((fields[0][0], fields[0][1]), ("ann", "editor"), "the default role: {lines:?}");
    assert_eq!((fields[1][0], fields[1][1]), ("bob.B-2", "admin"), "{lines:?}");
    assert!(fields[0][2].ends_with(" UTC") && fields[0][2].starts_with("20"), "created: {lines:?}");

    for row in dir.sql("SELECT password_hash FROM users", &[]) {
        let stored: String = row.get(0).expect("hash");
        assert!(stored.starts_with("$argon2id$") && !stored.contains("correct horse"), "only a hash is stored: {stored}");
    }

    let out = user(&dir, &["remove", "ann"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(list(&dir).len(), 1);
    assert!(list(&dir)[0].starts_with("bob.B-2\t"));
    assert_refused(&user(&dir, &["remove", "ann"], ""), 1, "there is no user \"ann\"");
}

#[test]
fn a_name_that_exists_is_refused_unless_replace_password() {
    let dir = TempDir::new("users", "duplicate");
    assert_eq!(user(&dir, &["add", "ann"], "first password\n").status.code(), Some(0));
    let out = user(&dir, &["add", "ann", "--role", "admin"], "second password\n");
    assert_refused(&out, 1, "user \"ann\" exists already");
    assert!(list(&dir)[0].starts_with("ann\teditor\t"), "unchanged: {:?}", list(&dir));

    let out = user(&dir, &["add", "ann", "--role", "admin", "--replace-password"], "second password\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines = list(&dir);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("ann\tadmin\t"), "{lines:?}");
}

#[test]
fn short_empty_and_missing_passwords_are_refused() {
    let dir = TempDir::new("users", "short");
    assert_refused(&user(&dir, &["add", "ann"], "123456789\n"), 1, "at least 10 characters");
    assert_refused(&user(&dir, &["add", "ann"], "\n"), 1, "the password is empty");
    assert_refused(&user(&dir, &["add", "ann"], ""), 1, "the password is empty");
    // Only the first line is the password: the second does not lengthen it.
    assert_refused(&user(&dir, &["add", "ann"], "short\n67890\n"), 1, "at least 10 characters");
    assert!(list(&dir).is_empty(), "nothing was added");
}

#[test]
fn bad_names_are_refused() {
    let dir = TempDir::new("users", "names");
    for name in ["ann b", "ann/b", "änn", &"n".repeat(33)] {
        assert_refused(&user(&dir, &["add", name], "long enough password\n"), 1, "letters, digits, '_', '-' or '.'");
    }
    assert!(list(&dir).is_empty(), "nothing was added");
}

#[test]
fn the_password_cannot_be_given_as_an_argument() {
    let dir = TempDir::new("users", "argv");
    let out = user(&dir, &["add", "ann", "--password", "correct horse battery"], "");
    assert_refused(&out, 2, "unexpected argument '--password'");
    let out = user(&dir, &["add", "ann", "correct horse battery"], "");
    assert_refused(&out, 2, "unexpected argument 'correct horse battery'");
    assert!(list(&dir).is_empty(), "nothing was added");
}

#[test]
fn help_lists_the_user_commands_and_options() {
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_news-server")).args(args).env_clear().output().unwrap();
    let top = text(&run(&["--help"]).stdout);
    assert!(top.contains("user "), "{top}");
    let help = run(&["user", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    let help = text(&help.stdout);
    for shown in ["add", "list", "remove", "--db", "--config", "--port", "[env: NEWS_DB=]"] {
        assert!(help.contains(shown), "user --help does not show {shown}:\n{help}");
    }
    let add = text(&run(&["user", "add", "--help"]).stdout);
    for shown in ["--role", "--replace-password", "editor", "admin", "stdin"] {
        assert!(add.contains(shown), "user add --help does not show {shown}:\n{add}");
    }
}

#[test]
fn the_database_comes_from_news_db_as_for_serve() {
    let dir = TempDir::new("users", "env");
    let mut child = Command::new(env!("CARGO_BIN_EXE_news-server"))
        .args(["user", "add", "ann"])
        .env_clear()
        .env("NEWS_DB", dir.db())
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("news-server starts");
    child.stdin.take().expect("stdin").write_all(b"correct horse battery\n").expect("password written");
    let out = child.wait_with_output().expect("news-server ends");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&db_arg(&dir)), "says which database: {}", text(&out.stdout));
    assert_eq!(list(&dir).len(), 1, "the account is in the NEWS_DB file");
}
