#!/usr/bin/env python3
"""Checks the JSON contract (docs/api.md) against its JSON Schemas (docs/schema/*.json).

    python3 scripts/check-schemas.py                            # schemas + demo content
    python3 scripts/check-schemas.py http://127.0.0.1:3000/api  # ... + a running backend
    NEWS_ADMIN_TOKEN=... python3 scripts/check-schemas.py URL     # ... + its admin API (read-only)

Always:
  * the schemas are valid draft 2020-12 and every relative `$ref` resolves;
  * self-checks: documents the app accepts must pass, documents it refuses must fail (so this
    script cannot pass vacuously with schemas that accept anything);
  * server/content/site.json against site.json and every server/content/articles/*.json
    against article.json (plus the content-only key `related_ids`: a list of strings).
With a base URL (the `api_base` the app would use), the live answers too:
  GET /site, /articles, /articles?page=2&per_page=3, the first channel's list when the site
  lists channels (/articles?channel=ID: no longer than the whole list, items from it), every
  /articles/{id}, /articles/{id}/related and /articles/{id}/comments of the whole list;
  paging and the three sort orders of one article's comments; a like, a repeated like and an
  unlike of one comment (the like count ends where it started; nothing else is written); and
  the error bodies of 404s, 400s (a bad query, a malformed comment body) and an unknown
  comment's like. Pinned comments (`"pinned": true`) may head a page in any sort.
With NEWS_ADMIN_TOKEN set to a token of the admin API (docs/moderation.md), its answers too,
reading only: the comments of every status, the audit log, the bans, the word list (403 for an
editor's token), and the 401 and 404 error bodies.

Numbers are parsed the way the app's decoder (serde_json) reads them: `1.0` or `1e3` is not an
integer, and NaN/Infinity are not JSON. Timestamps with `"format": "date-time"` are checked as
RFC 3339, as the app parses them.

Exit status: 0 when everything passed, 1 when a check failed, 2 when the script could not run.
"""

import calendar
import decimal
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "docs" / "schema"
CONTENT_DIR = ROOT / "server" / "content"
SCHEMA_FILES = [
    "site.json",
    "image.json",
    "summary.json",
    "article.json",
    "article-list.json",
    "related-list.json",
    "error.json",
    "comment.json",
    "comment-page.json",
    "new-comment.json",
    "like-count.json",
    "new-report.json",
    "admin-comment.json",
    "admin-comment-page.json",
    "audit-page.json",
    "ban.json",
    "ban-list.json",
    "new-ban.json",
    "word-list.json",
]
# The app refuses larger bodies (src/api/mod.rs) and gives up after request_timeout_ms (10 s default).
MAX_BODY_BYTES = 2 * 1024 * 1024
TIMEOUT_SECONDS = 10


def die(message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def import_jsonschema():
    """jsonschema (with `referencing`), installed quietly with pip when missing: --user first,
    then plainly (inside a virtualenv, where --user is refused)."""
    try:
        import jsonschema  # noqa: F401
        import referencing  # noqa: F401
    except ImportError:
        print("jsonschema is not installed; installing it with pip ...", file=sys.stderr)
        pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "jsonschema>=4.18"]
        for args in (pip[:4] + ["--user"] + pip[4:], pip):
            result = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if result.returncode == 0:
                break
        else:
            die(f"could not install jsonschema ({result.stderr.strip()[-300:]}); "
                "install it with: python3 -m pip install --user 'jsonschema>=4.18'")
        import importlib
        import site

        site.addsitedir(site.getusersitepackages())
        importlib.invalidate_caches()
    try:
        import jsonschema
        import referencing
    except ImportError as e:
        die(f"jsonschema is still not importable ({e})")
    from importlib.metadata import version

    installed = version("jsonschema")
    if tuple(int(part) for part in re.findall(r"\d+", installed)[:2]) < (4, 18):
        die(f"jsonschema {installed} is too old; 4.18 or newer is needed (for the referencing registry)")
    return jsonschema, referencing


jsonschema, referencing = import_jsonschema()
from jsonschema import Draft202012Validator, FormatChecker  # noqa: E402
from referencing.exceptions import Unresolvable  # noqa: E402
from referencing.jsonschema import DRAFT202012  # noqa: E402


# ---- JSON as the app reads it ----

class NotJson(ValueError):
    pass


def _refuse_constant(name):
    raise NotJson(f"{name} is not valid JSON")


def parse_json(text):
    """Like serde_json: fractions and exponents stay non-integers (Decimal), NaN is refused."""
    try:
        return json.loads(text, parse_float=decimal.Decimal, parse_constant=_refuse_constant)
    except ValueError as e:
        raise NotJson(f"invalid JSON: {e}") from None


# ---- RFC 3339, as crates/news-model/src/datetime.rs parses it ----

RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$"
)
format_checker = FormatChecker(formats=())


@format_checker.checks("date-time")
def is_rfc3339(instance):
    if not isinstance(instance, str):
        return True
    m = RFC3339.match(instance)
    if not m:
        return False
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    oh, om = (int(g) if g else 0 for g in m.groups()[6:])
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return (1 <= month <= 12 and 1 <= day <= days[month - 1] and hour < 24 and minute < 60
            and second <= 60 and oh <= 23 and om <= 59)


# ---- schemas ----

def load_schemas():
    schemas = {}
    for name in SCHEMA_FILES:
        path = SCHEMA_DIR / name
        try:
            schemas[name] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            die(f"{path.relative_to(ROOT)}: {e}")
        try:
            Draft202012Validator.check_schema(schemas[name])
        except jsonschema.SchemaError as e:
            die(f"{path.relative_to(ROOT)} is not a valid draft 2020-12 schema: {e.message}")
    # Keyed by bare file name: a `$ref` such as "image.json" resolves against the referring
    # schema's own name, so relative refs work here just as they do beside each other on disk.
    registry = referencing.Registry().with_resources(
        (name, DRAFT202012.create_resource(schema)) for name, schema in schemas.items()
    )
    return schemas, registry


def all_refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from all_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from all_refs(value)


class Checker:
    def __init__(self):
        self.schemas, self.registry = load_schemas()
        self.validators = {
            name: Draft202012Validator(schema, registry=self.registry, format_checker=format_checker)
            for name, schema in self.schemas.items()
        }
        self.passed = 0
        self.failed = 0
        # A token of the admin API (NEWS_ADMIN_TOKEN): its read-only answers are checked too.
        self.admin_token = os.environ.get("NEWS_ADMIN_TOKEN", "").strip() or None

    def ok(self, label):
        self.passed += 1
        print(f"ok    {label}")

    def fail(self, label, problems):
        self.failed += 1
        print(f"FAIL  {label}")
        for problem in problems:
            print(f"        {problem}")

    def errors(self, schema_name, document):
        """Readable messages for every way `document` breaks the schema, empty when it is valid."""
        messages = []
        for error in sorted(self.validators[schema_name].iter_errors(document), key=lambda e: [str(p) for p in e.path]):
            detail = deepest(error)
            message = re.sub(r"Decimal\('([^']*)'\)", r"\1", detail.message)
            messages.append(f"{detail.json_path}: {message}")
        return messages

    def validate(self, schema_name, document, label):
        problems = self.errors(schema_name, document)
        if problems:
            self.fail(f"{label} against {schema_name}", problems)
        else:
            self.ok(f"{label} against {schema_name}")
        return not problems

    # ---- the checks ----

    def check_refs(self):
        problems = []
        for name, schema in self.schemas.items():
            resolver = self.registry.resolver(base_uri=name)
            for ref in all_refs(schema):
                try:
                    resolver.lookup(ref)
                except Unresolvable as e:
                    problems.append(f"{name}: $ref {ref!r} does not resolve ({e})")
        if problems:
            self.fail("every $ref resolves", problems)
        else:
            self.ok(f"{len(self.schemas)} schemas are valid draft 2020-12 and every $ref resolves")

    def self_checks(self):
        problems = []
        for schema_name, text, should_pass, why in SELF_CHECKS:
            try:
                document = parse_json(text)
            except NotJson as e:
                problems.append(f"self-check document for {why!r} is broken: {e}")
                continue
            errors = self.errors(schema_name, document)
            if should_pass and errors:
                problems.append(f"{schema_name} wrongly refuses {why}: {errors[0]}")
            elif not should_pass and not errors:
                problems.append(f"{schema_name} wrongly accepts {why}")
        accepted = sum(1 for c in SELF_CHECKS if c[2])
        if problems:
            self.fail("self-checks", problems)
        else:
            self.ok(f"self-checks: {accepted} tolerated documents accepted, "
                    f"{len(SELF_CHECKS) - accepted} broken documents refused")

    def check_content(self):
        site_path = CONTENT_DIR / "site.json"
        document = self.read_file(site_path)
        if document is not None:
            self.validate("site.json", document, rel(site_path))
        article_files = sorted((CONTENT_DIR / "articles").glob("*.json"))
        if not article_files:
            self.fail(f"{rel(CONTENT_DIR / 'articles')}", ["no *.json articles found"])
        for path in article_files:
            document = self.read_file(path)
            if document is None:
                continue
            if isinstance(document, dict) and "related_ids" in document:
                # Content-only: the server turns it into `related` and never sends it.
                document = dict(document)
                ids = document.pop("related_ids")
                if ids is not None and not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)):
                    self.fail(rel(path), [f"$.related_ids: must be a list of strings, got {ids!r}"])
                    continue
            self.validate("article.json", document, rel(path))

    def read_file(self, path):
        try:
            return parse_json(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, NotJson) as e:
            self.fail(rel(path), [str(e)])
            return None

    def check_live(self, base):
        base = base.rstrip("/")
        unreachable = []

        def get(path, label=None, method="GET", body=None, token=None):
            """(status, document or None); a failure to get JSON is reported and gives None.
            With `body` (bytes) the request carries it as JSON, with `token` a bearer token."""
            url = base + path
            label = label or f"{method} {path}"
            request = urllib.request.Request(url, data=body, method=method)
            if body is not None:
                request.add_header("Content-Type", "application/json")
            if token is not None:
                request.add_header("Authorization", f"Bearer {token}")
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                    status, body = response.status, response.read(MAX_BODY_BYTES + 1)
            except urllib.error.HTTPError as e:
                status, body = e.code, e.read(MAX_BODY_BYTES + 1)
            except (urllib.error.URLError, OSError) as e:
                self.fail(label, [f"{url}: no answer ({getattr(e, 'reason', e)})"])
                unreachable.append(url)
                return None, None
            if len(body) > MAX_BODY_BYTES:
                self.fail(label, [f"body larger than {MAX_BODY_BYTES} bytes: the app refuses it"])
                return status, None
            try:
                return status, parse_json(body.decode("utf-8"))
            except UnicodeDecodeError:
                self.fail(label, [f"HTTP {status}: body is not UTF-8"])
            except NotJson as e:
                hint = "" if 200 <= status < 300 else f" (is {base} the api_base?)"
                self.fail(label, [f"HTTP {status}, body is not JSON: {e}{hint}"])
            return status, None

        def expect(path, schema_name, status_wanted=200, method="GET", body=None, token=None):
            label = f"{method} {path}"
            status, document = get(path, label, method, body, token)
            if status is None or document is None:
                return None
            if status != status_wanted:
                said = document.get("error") if isinstance(document, dict) else None
                said = said.get("message") if isinstance(said, dict) else None
                self.fail(label, [f"status {status}, expected {status_wanted}" + (f" ({said})" if said else "")])
                return None
            return document if self.validate(schema_name, document, label) else None

        site = expect("/site", "site.json")
        if unreachable:
            return  # one message is enough: the server is not running there
        everything = expect("/articles", "article-list.json")
        page2 = expect("/articles?page=2&per_page=3", "article-list.json")
        if page2 is not None:
            problems = []
            if page2["page"] != 2 or page2["per_page"] != 3:
                problems.append(f"asked for page 2 of 3, answer says page {page2['page']} of {page2['per_page']}")
            if len(page2["items"]) > 3:
                problems.append(f"{len(page2['items'])} items on a page of 3")
            if problems:
                self.fail("GET /articles?page=2&per_page=3 echoes the paging", problems)

        # Every article of the whole list, walked page by page.
        ids, page = [], 1
        while page <= 100:
            listing = expect(f"/articles?page={page}&per_page=50", "article-list.json")
            if listing is None or not listing["items"]:
                break
            ids.extend(str(item["id"]) for item in listing["items"])
            if len(ids) >= listing["total"]:
                break
            page += 1
        if not ids:
            self.fail("the article list", ["no articles listed: nothing to check"])
        channels = (site or {}).get("channels") or []
        if channels and everything is not None:
            self.check_channel_live(expect, str(channels[0]["id"]), everything["total"], set(ids))
        with_comments, open_for_comments = None, None
        for article_id in ids:
            quoted = urllib.parse.quote(article_id, safe="")
            article = expect(f"/articles/{quoted}", "article.json")
            if article is not None and str(article["id"]) != article_id:
                self.fail(f"GET /articles/{quoted}", [f"answered with article id {article['id']!r}"])
            if article is not None and article.get("comments_open") is not False and open_for_comments is None:
                open_for_comments = quoted
            expect(f"/articles/{quoted}/related", "related-list.json")
            comments = expect(f"/articles/{quoted}/comments", "comment-page.json")
            if comments is not None:
                self.check_comment_page(f"GET /articles/{quoted}/comments", comments, 1, None)
                if comments["items"] and with_comments is None:
                    with_comments = quoted
        if with_comments is not None:
            self.check_comments_live(expect, f"/articles/{with_comments}/comments")
        elif ids:
            self.fail("comments", ["no article has comments: paging, sorting and likes are not checked"])

        missing = "/articles/" + urllib.parse.quote("no-such-article-\u5b58\u5728", safe="")
        expect(missing, "error.json", 404)
        expect(missing + "/related", "error.json", 404)
        expect(missing + "/comments", "error.json", 404)
        expect("/articles?page=0", "error.json", 400)
        if ids:
            expect(f"/articles/{urllib.parse.quote(ids[0], safe='')}/comments?sort=no-such-order", "error.json", 400)
        if open_for_comments is not None:
            # Refused before anything is stored: the body is not JSON.
            expect(f"/articles/{open_for_comments}/comments", "error.json", 400, "POST", b"{not json")
        reader = json.dumps({"client_id": "schema-check"}).encode()
        expect("/comments/no-such-comment-check/like", "error.json", 404, "POST", reader)
        if self.admin_token:
            self.check_admin_live(expect, get)

    def check_admin_live(self, expect, get):
        """The admin API's answers, read-only: every status's first page, the audit log, the
        bans, the word list (an editor's token gets the 403 body), and the error bodies of a
        missing token and of an action on no comment."""
        token = self.admin_token
        for status in ("pending", "published", "rejected", "spam", "deleted"):
            expect(f"/admin/comments?status={status}&per_page=100", "admin-comment-page.json", token=token)
        expect("/admin/audit?per_page=100", "audit-page.json", token=token)
        expect("/admin/bans", "ban-list.json", token=token)
        status, document = get("/admin/words", token=token)
        if document is not None:
            if status not in (200, 403):
                self.fail("GET /admin/words", [f"status {status}, expected 200 (admin) or 403 (editor)"])
            else:
                schema = "word-list.json" if status == 200 else "error.json"
                self.validate(schema, document, f"GET /admin/words ({status})")
        expect("/admin/comments", "error.json", 401)
        expect("/admin/comments/no-such-comment/pin", "error.json", 404, "POST", b"{}", token)

    def check_channel_live(self, expect, channel, total, all_ids):
        """One channel's list (a home-page tab). A summary does not say its channel, so
        membership is not checked: the list must validate, be part of the whole list and count
        no more than it."""
        path = f"/articles?channel={urllib.parse.quote(channel, safe='')}&per_page=50"
        listing = expect(path, "article-list.json")
        if listing is None:
            return
        problems = []
        if listing["total"] > total:
            problems.append(f"total {listing['total']} is more than the whole list's {total}")
        if len(listing["items"]) > min(listing["per_page"], listing["total"]):
            problems.append(f"{len(listing['items'])} items, with per_page {listing['per_page']} "
                            f"and total {listing['total']}")
        strangers = [str(item["id"]) for item in listing["items"] if str(item["id"]) not in all_ids]
        if strangers:
            problems.append(f"items not in the whole list: {', '.join(strangers[:5])}")
        if problems:
            self.fail(f"GET {path} is part of the whole list", problems)

    def check_comment_page(self, label, page, want_page, want_per_page):
        problems = []
        if page["page"] != want_page:
            problems.append(f"asked for page {want_page}, answer says page {page['page']}")
        if want_per_page is not None and page["per_page"] != want_per_page:
            problems.append(f"asked for per_page {want_per_page}, answer says {page['per_page']}")
        if len(page["items"]) > page["per_page"]:
            problems.append(f"{len(page['items'])} items on a page of {page['per_page']}")
        count = page.get("count")
        if count is not None and count < page["total"]:
            problems.append(f"count {count} (all comments) is below total {page['total']} (top-level comments)")
        if problems:
            self.fail(f"{label} is consistent", problems)

    def check_comments_live(self, expect, path):
        """Paging and order of one article's comments, then a like round trip on its first."""
        paged = expect(f"{path}?page=2&per_page=2", "comment-page.json")
        if paged is not None:
            self.check_comment_page(f"GET {path}?page=2&per_page=2", paged, 2, 2)
        orders = {
            "newest": lambda a, b: instant(a["created_at"]) >= instant(b["created_at"]),
            "oldest": lambda a, b: instant(a["created_at"]) <= instant(b["created_at"]),
            "hot": lambda a, b: (a.get("likes") or 0) >= (b.get("likes") or 0),
        }
        first = None
        for sort, in_order in orders.items():
            page = expect(f"{path}?sort={sort}&per_page=50", "comment-page.json")
            if page is None:
                continue
            # Pinned comments head the list whatever the sort; the order holds for the rest.
            items = page["items"]
            pins = sum(1 for item in items if item.get("pinned") is True)
            if any(item.get("pinned") is True for item in items[pins:]):
                self.fail(f"GET {path}?sort={sort} puts pinned comments first", ["a pinned comment after others"])
            items = items[pins:]
            wrong = [i for i in range(len(items) - 1) if not in_order(items[i], items[i + 1])]
            if wrong:
                self.fail(f"GET {path}?sort={sort} is in order",
                          [f"items {wrong[0]} and {wrong[0] + 1} are not {sort} first"])
            first = first or (items[0] if items else None)
        if first is None:
            return

        # Unlike first, so an interrupted earlier run cannot skew the numbers; end where we began.
        like = f"/comments/{urllib.parse.quote(str(first['id']), safe='')}/like"
        reader = json.dumps({"client_id": "schema-check"}).encode()
        counts = []
        for method in ("DELETE", "POST", "POST", "DELETE"):
            answer = expect(like, "like-count.json", 200, method, reader)
            if answer is None:
                return
            counts.append(answer["likes"])
        start = counts[0]
        if counts[1:] != [start + 1, start + 1, start]:
            self.fail(f"{like}: likes count once per reader", [f"unlike, like, like, unlike gave {counts}"])


def instant(text):
    """Seconds since the epoch of an RFC 3339 timestamp (already checked by the schema)."""
    m = RFC3339.match(text)
    if not m:
        return 0
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    offset = 0
    if m.group(7) is not None:
        sign = -1 if text[-6] == "-" else 1
        offset = sign * (int(m.group(7)) * 3600 + int(m.group(8)) * 60)
    return calendar.timegm((year, month, day, hour, minute, second)) - offset


def deepest(error):
    """For `anyOf` (a nullable object, a source string-or-object), the branch that got furthest
    into the document explains the problem; "is not of type 'null'" does not."""
    if not error.context:
        return error
    return max((deepest(e) for e in error.context), key=lambda e: (len(e.absolute_path), e.validator != "type"))


def rel(path):
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


# (schema, document, should it pass, what it shows). The accepted ones mirror the decoder's
# tolerance tests (crates/news-model/src/decode.rs, model.rs); the refused ones its errors.
A = '"id":"1","title":"t","published_at":"2022-01-01T00:00:00Z","body_html":""'
C = '"id":"1","author":{"name":"网友"},"content":"好","created_at":"2026-11-20T10:00:00+08:00"'
# An admin comment, with its status, report count and reasons to fill in.
AC = ('"id":"1","article_id":"1001","article_title":null,"parent_id":null,"author":{"name":"甲"},"content":"x",'
      '"created_at":"2026-11-20T10:00:00+08:00","region":null,"status":"%s","held_reason":null,"likes":0,'
      '"pinned":false,"reports":%s,"report_reasons":%s')
SELF_CHECKS = [
    ("article.json", '{%s}' % A, True, "a minimal article"),
    ("article.json", '''{"id": 42, "title": "标题", "published_at": "2022-04-11T16:43:04+08:00",
        "body_html": "<p>正文</p>", "author": "", "editor": null, "tags": null,
        "source": "威海新闻网", "channel": {"id": 7, "name": "本地"},
        "related": [{"id": 9, "title": "另一篇"}], "comments_open": null,
        "view_count": 1234, "extra": {"nested": true}}''', True,
     "numeric ids, nulls, a blank author, a bare source name and unknown fields"),
    ("article.json", '{%s,"source":{"name":"海滨日报","url":"https://example.org"},"comments_open":false}' % A,
     True, "a source object with url"),
    ("article.json", '{%s,"related":[]}' % A, True, "related: [] (none)"),
    ("article.json", '{%s,"related":null,"prev":null,"cover":null}' % A, True, "related: null (not embedded)"),
    ("article.json", '{%s,"channel":{"id":-7,"name":"x"}}' % A, True, "a negative integer channel id"),
    ("article.json", '{"id":"1","published_at":"2022-01-01T00:00:00Z","body_html":""}', False, "an article without title"),
    ("article.json", '{"id":"1","title":null,"published_at":"2022-01-01T00:00:00Z","body_html":""}', False,
     "title: null (null counts as missing)"),
    ("article.json", '{"id":"1","title":"t","body_html":""}', False, "an article without published_at"),
    ("article.json", '{"id":"1","title":"t","published_at":"2022-01-01T00:00:00Z"}', False, "an article without body_html"),
    ("article.json", '{"id":"1","title":["t"],"published_at":"2022-01-01T00:00:00Z","body_html":""}', False, "a list as title"),
    ("article.json", '{"id":true,"title":"t","published_at":"2022-01-01T00:00:00Z","body_html":""}', False, "id: true"),
    ("article.json", '{"id":1.0,"title":"t","published_at":"2022-01-01T00:00:00Z","body_html":""}', False, "id: 1.0"),
    ("article.json", '{%s,"related":"nope"}' % A, False, "related as a string"),
    ("article.json", '{%s,"related":[{"id":1,"title":"a"},{"id":2,"title":5}]}' % A, False, "a related item with a numeric title"),
    ("article.json", '{%s,"comments_open":"yes"}' % A, False, 'comments_open: "yes"'),
    ("article.json", '{%s,"tags":["a",null]}' % A, False, "a null tag"),
    ("article.json", '{%s,"channel":{"id":1.5,"name":"x"}}' % A, False, "a fractional channel id"),
    ("article.json", '{"id":"1","title":"t","published_at":"2022-13-01 00:00","body_html":""}', False,
     "published_at that is not RFC 3339"),
    ("article.json", '[]', False, "a list instead of an object"),
    ("summary.json", '{"id":3,"title":"a","source":"青澜日报","published_at":null,"thumbnail":null}', True, "a summary with nulls"),
    ("summary.json", '{"id":3,"title":"a","source":{"name":"青澜日报"}}', False, "a summary whose source is an object"),
    ("summary.json", '{"title":"a"}', False, "a summary without id"),
    ("image.json", '{"url":"/a.svg","width":800,"height":450,"alt":" "}', True, "an image with size and blank alt"),
    ("image.json", '{"url":"/a.svg","height":1e3}', False, "height: 1e3"),
    ("image.json", '{"alt":"x"}', False, "an image without url"),
    ("image.json", '''{"url":"/a-1024.jpg","sources":[{"url":"/a-300.jpg","width":300},
        {"url":"https://cdn.example/a-1024.jpg","width":1024,"height":576}]}''', True, "an image with sources"),
    ("image.json", '{"url":"/a.jpg","sources":null}', True, "sources: null"),
    ("image.json", '{"url":"/a.jpg","sources":[{"url":"/a-300.jpg"}]}', False, "a source without width"),
    ("image.json", '{"url":"/a.jpg","sources":[{"width":300}]}', False, "a source without url"),
    ("image.json", '{"url":"/a.jpg","sources":[{"url":"/a-300.jpg","width":0}]}', False, "a source 0 pixels wide"),
    ("image.json", '{"url":"/a.jpg","sources":[{"url":"/a-300.jpg","width":300.0}]}', False, "a source width of 300.0"),
    ("image.json", '{"url":"/a.jpg","sources":"/a-300.jpg 300w"}', False, "sources as a srcset string"),
    ("site.json", '{"name":"海滨新闻网","footer":{"icp":["鲁ICP备00000000号"]}}', True, "a site with only ICP lines"),
    ("site.json", '{"name":"n","channels":[{"id":"local","name":"本地"},{"id":7,"name":"经济"}]}', True,
     "channels with string and integer ids"),
    ("site.json", '{"name":"n","channels":null}', True, "channels: null"),
    ("site.json", '{"name":"n","channels":[{"id":"local"}]}', False, "a channel without name"),
    ("site.json", '{"name":"n","channels":[{"id":null,"name":"本地"}]}', False, "a channel with a null id"),
    ("site.json", '{"name":"n","channels":{"local":"本地"}}', False, "channels as an object"),
    ("site.json", '{"name":"n","footer":{"links":[{"text":"a"}]}}', False, "a footer link without url"),
    ("site.json", '{"logo":"/logo.svg"}', False, "a site without name"),
    ("site.json", '{"name":"n","tip":{"title":"想爆料?"}}', False, "a tip without text"),
    ("article-list.json", '{"items":[{"id":3,"title":"a"}],"page":1,"per_page":10,"total":1}', True, "a page"),
    ("article-list.json", '{"items":[],"page":1,"per_page":10}', False, "a page without total"),
    ("article-list.json", '{"page":1,"per_page":10,"total":0}', False, "a page without items"),
    ("article-list.json", '{"items":null,"page":1,"per_page":10,"total":0}', False, "items: null"),
    ("article-list.json", '{"items":[],"page":-1,"per_page":10,"total":0}', False, "page: -1"),
    ("article-list.json", '{"items":[],"page":1,"per_page":10,"total":"3"}', False, 'total: "3"'),
    ("article-list.json", '{"items":[],"page":99999999999,"per_page":10,"total":0}', False, "a page number beyond u32"),
    ("related-list.json", '{"items":[]}', True, "an empty related list"),
    ("related-list.json", '{}', False, "a related list without items"),
    ("error.json", '{"error":{"code":"not_found","message":"文章不存在"}}', True, "an error body"),
    ("error.json", '{"error":{"code":"not_found"}}', False, "an error without message"),
    ("error.json", '{"message":"文章不存在"}', False, "a message outside error"),
    # Comments: as crates/news-model/src/comments.rs decodes them.
    ("comment.json", '{%s}' % C, True, "a minimal comment"),
    ("comment.json", '''{"id":7,"author":"网友","content":"<b>不是HTML</b>","created_at":"2026-11-20T10:00:00+08:00",
        "replies":[{"id":8,"parent_id":7,"author":{"name":"乙","avatar":""},"content":"同意",
        "created_at":"2026-11-20T10:01:00+08:00","likes":3,"region":"山东","status":"pending",
        "replies":[{"id":"9","author":"丙","content":"再回复","created_at":"2026-11-20T10:02:00Z"}]}]}''', True,
     "numeric ids, a bare author name, a blank avatar and replies nested two deep"),
    ("comment.json", '{%s,"parent_id":null,"likes":null,"region":null,"status":null,"replies":null}' % C, True,
     "nulls for every optional field"),
    ("comment.json", '{"id":1,"author":{"name":"小王","verified":true},"content":"x","created_at":"2026-11-20T10:00:00Z"}',
     True, "a verified author"),
    ("comment.json", '{"id":1,"author":{"name":"小王","verified":"yes"},"content":"x","created_at":"2026-11-20T10:00:00Z"}',
     False, "verified that is not a boolean"),
    ("comment.json", '{"id":1,"content":"x","created_at":"2026-11-20T10:00:00+08:00"}', False, "a comment without author"),
    ("comment.json", '{"id":1,"author":{"avatar":"/a.png"},"content":"x","created_at":"2026-11-20T10:00:00+08:00"}',
     False, "an author without name"),
    ("comment.json", '{"id":1,"author":"a","created_at":"2026-11-20T10:00:00+08:00"}', False, "a comment without content"),
    ("comment.json", '{"id":1,"author":"a","content":"x"}', False, "a comment without created_at"),
    ("comment.json", '{%s,"likes":-1}' % C, False, "likes: -1"),
    ("comment.json", '{%s,"likes":1.0}' % C, False, "likes: 1.0"),
    ("comment.json", '{%s,"replies":"none"}' % C, False, "replies as a string"),
    ("comment.json", '{%s,"replies":[{"id":2,"author":"a","content":5,"created_at":"2026-11-20T10:00:00Z"}]}' % C,
     False, "a nested reply with a numeric content"),
    ("comment.json", '{"id":1,"author":"a","content":"x","created_at":"昨天"}', False, "created_at that is not RFC 3339"),
    ("comment-page.json", '{"items":[{%s}],"page":1,"per_page":20,"total":1}' % C, True, "a page without count"),
    ("comment-page.json", '{"items":[],"page":3,"per_page":20,"total":41,"count":97}', True, "a page past the end"),
    ("comment-page.json", '{"items":[],"page":1,"per_page":20}', False, "a comment page without total"),
    ("comment-page.json", '{"items":null,"page":1,"per_page":20,"total":0}', False, "items: null"),
    ("comment-page.json", '{"items":[],"page":1,"per_page":20,"total":0,"count":"3"}', False, 'count: "3"'),
    ("new-comment.json", '{"author":"小王","content":"好文章","parent_id":null,"client_id":"3f2b8c1e-9d4a-4c6b"}', True,
     "a new top-level comment"),
    ("new-comment.json", '{"author":"小王","content":"同意","parent_id":17,"client_id":"d_1"}', True, "a reply by number"),
    ("new-comment.json", '{"author":"小王","content":"好文章"}', False, "a new comment without client_id"),
    ("new-comment.json", '{"author":"小王","content":"好文章","client_id":"has space"}', False, "a client_id with a space"),
    ("new-comment.json", '{"author":"小王","content":"好文章","client_id":""}', False, "an empty client_id"),
    ("new-comment.json", '{"content":"好文章","client_id":"a"}', False, "a new comment without author"),
    ("like-count.json", '{"likes":3}', True, "a like count"),
    ("like-count.json", '{"likes":"3"}', False, 'likes: "3"'),
    ("like-count.json", '{}', False, "a like count without likes"),
    ("comment.json", '{%s,"pinned":true}' % C, True, "a pinned comment"),
    ("comment.json", '{%s,"pinned":"yes"}' % C, False, 'pinned: "yes"'),
    ("new-report.json", '{"client_id":"r-1","reason":"spam"}', True, "a report"),
    ("new-report.json", '{"client_id":"r-1","reason":"boring"}', False, "a report with an unknown reason"),
    ("new-report.json", '{"reason":"spam"}', False, "a report without client_id"),
    ("admin-comment-page.json", '{"items":[{%s}],"page":1,"per_page":20,"total":1}' % (AC % ("pending", "3", '{"spam":2,"other":1}')),
     True, "an admin page"),
    ("admin-comment.json", '{%s}' % (AC % ("hidden", "0", "{}")), False, "an admin comment with an unknown status"),
    ("admin-comment.json", '{%s}' % (AC % ("spam", "1", '{"boring":1}')), False, "report reasons with an unknown reason"),
    ("audit-page.json", '''{"items":[{"id":2,"at":"2026-11-20T10:00:00+08:00","actor":"ann","action":"ban","comment_id":null,
        "status_before":"none","status_after":"banned","detail":"ban 1"},{"id":1,"at":"2026-11-20T09:00:00+08:00",
        "actor":"ann","action":"pin","comment_id":"7","status_before":"unpinned","status_after":"pinned",
        "detail":null}],"page":1,"per_page":20,"total":2}''', True, "an audit page"),
    ("audit-page.json", '''{"items":[{"id":1,"at":"2026-11-20T10:00:00+08:00","actor":"ann","action":"ban",
        "status_before":"none","status_after":"banned","detail":null}],"page":1,"per_page":20,"total":1}''', False,
     "an audit entry without comment_id"),
    ("ban.json", '''{"id":1,"client_id":null,"address":"203.0.113.7","created_at":"2026-11-20T10:00:00+08:00",
        "expires_at":"2026-11-20T11:00:00+08:00","lifted_at":null,"actor":"ann"}''', True, "an address ban"),
    ("ban.json", '''{"id":1,"client_id":null,"address":null,"created_at":"2026-11-20T10:00:00+08:00",
        "expires_at":"2026-11-20T11:00:00+08:00","lifted_at":null,"actor":"ann"}''', False, "a ban of nobody"),
    ("ban.json", '''{"id":1,"client_id":null,"address":null,"sub":"u-42","created_at":"2026-11-20T10:00:00+08:00",
        "expires_at":"2026-11-20T11:00:00+08:00","lifted_at":null,"actor":"ann"}''', True, "a ban of a portal user"),
    ("ban-list.json", '{"items":[]}', True, "no bans"),
    ("new-ban.json", '{"client_id":"r-1","minutes":60}', True, "a ban of a reader id"),
    ("new-ban.json", '{"sub":"u-42","minutes":60}', True, "a ban of a portal user"),
    ("new-ban.json", '{"sub":"","minutes":60}', False, "a ban of an empty portal user id"),
    ("new-ban.json", '{"address":"203.0.113.7","minutes":0}', False, "a ban of 0 minutes"),
    ("new-ban.json", '{"minutes":60}', False, "a ban of nobody"),
    ("word-list.json", '["金融诈骗","scam"]', True, "a word list"),
    ("word-list.json", '[""]', False, "an empty word"),
    ("word-list.json", '{"words":[]}', False, "a word list in an object"),
]


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    base = argv[1] if len(argv) == 2 else None
    if base is not None and not base.startswith(("http://", "https://")):
        print(f"error: {base!r} is not an http(s) base URL, e.g. http://127.0.0.1:3000/api", file=sys.stderr)
        return 2
    checker = Checker()
    checker.check_refs()
    checker.self_checks()
    checker.check_content()
    if base is not None:
        checker.check_live(base)
    print(f"{checker.passed} passed, {checker.failed} failed")
    return 1 if checker.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
