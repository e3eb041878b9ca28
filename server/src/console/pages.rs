//! The console's HTML, built as strings. Every value that did not come from this file goes
//! through [`Esc`] (text and attribute values alike): comment text, names, titles, regions and
//! held reasons are written by strangers.

use crate::admin::{Action, AdminComment, AuditEntry, Status};
use std::fmt::{self, Display, Write as _};
use std::ops::Range;

/// The console's two languages. Chinese first, as in the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The reader app's tags for its language switch (`zh-CN`, `en`); also what `?lang=` takes.
    pub(crate) fn parse(tag: &str) -> Option<Lang> {
        match tag.trim() {
            "zh-CN" | "zh" | "zh-cn" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub(crate) fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub(crate) fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// Picks the text of this language.
    pub(crate) fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// HTML-escapes its text for element content and quoted attribute values alike.
pub(crate) struct Esc<'a>(pub(crate) &'a str);

impl Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..at])?;
            f.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

/// A row button: an action, its label, the statuses it is offered for and, for actions that
/// depend on more than the status, which comments take it. Adding an action that admin.rs knows
/// to the console is one line in [`BUTTONS`].
pub(crate) struct Button {
    pub(crate) action: Action,
    pub(crate) zh: &'static str,
    pub(crate) en: &'static str,
    pub(crate) offered_for: &'static [Status],
    /// `Some` when the comment itself decides (pins: top-level, pinned or not); such a button is
    /// offered on the rows it fits, and not in the bulk bar, where the rows differ.
    pub(crate) fits: Option<fn(&AdminComment) -> bool>,
}

use Status::{Deleted, Pending, Published, Rejected, Spam};

/// Only a top-level comment can be pinned (a reply shows in its thread), and not twice.
fn pinnable(c: &AdminComment) -> bool {
    c.parent_id.is_none() && !c.pinned
}

/// A comment keeps its pin while hidden, so a pinned one can be unpinned whatever its status.
fn pinned(c: &AdminComment) -> bool {
    c.pinned
}

pub(crate) const BUTTONS: &[Button] = &[
    Button {
        action: Action::Approve, zh: "通过", en: "Approve", offered_for: &[Pending, Rejected, Spam], fits: None
    },
    Button { action: Action::Reject, zh: "拒绝", en: "Reject", offered_for: &[Pending, Published], fits: None },
    Button {
        action: Action::Spam,
        zh: "标为垃圾",
        en: "Mark spam",
        offered_for: &[Pending, Published, Rejected],
        fits: None,
    },
    Button {
        action: Action::Delete,
        zh: "删除",
        en: "Delete",
        offered_for: &[Pending, Published, Rejected, Spam],
        fits: None,
    },
    Button { action: Action::Restore, zh: "恢复", en: "Restore", offered_for: &[Deleted], fits: None },
    Button { action: Action::Pin, zh: "置顶", en: "Pin", offered_for: &[Published], fits: Some(pinnable) },
    Button { action: Action::Unpin, zh: "取消置顶", en: "Unpin", offered_for: &STATUSES, fits: Some(pinned) },
];

/// The `<button name="action">`s of `buttons`, labelled in `lang`.
fn action_buttons<'a>(out: &mut String, lang: Lang, buttons: impl Iterator<Item = &'a Button>) {
    for button in buttons {
        let _ = write!(
            out,
            "<button name=\"action\" value=\"{}\">{}</button>",
            button.action.as_str(),
            lang.pick(button.zh, button.en)
        );
    }
}

pub(crate) const STATUSES: [Status; 5] = [Pending, Published, Rejected, Spam, Deleted];

pub(crate) fn status_label(lang: Lang, status: &str) -> String {
    let label = match Status::parse(status) {
        Some(Pending) => lang.pick("待审核", "Pending"),
        Some(Published) => lang.pick("已发布", "Published"),
        Some(Rejected) => lang.pick("已拒绝", "Rejected"),
        Some(Spam) => lang.pick("垃圾评论", "Spam"),
        Some(Deleted) => lang.pick("已删除", "Deleted"),
        // The audit log's states of what is not a comment's status: pins, bans.
        None => match status {
            "pinned" => lang.pick("已置顶", "Pinned"),
            "unpinned" => lang.pick("未置顶", "Not pinned"),
            "none" => lang.pick("无", "None"),
            "banned" => lang.pick("已封禁", "Banned"),
            "lifted" => lang.pick("已解除", "Lifted"),
            other => return other.to_string(),
        },
    };
    label.to_string()
}

/// An action's label, for the audit log: from [`BUTTONS`], else the actions on no comment,
/// else its name as stored.
fn action_label(lang: Lang, action: &str) -> String {
    let other = match action {
        "ban" => lang.pick("封禁", "Ban"),
        "unban" => lang.pick("解除封禁", "Lift ban"),
        "words" => lang.pick("修改敏感词", "Sensitive words"),
        "hide" => lang.pick("举报隐藏", "Hidden by reports"),
        _ => action,
    };
    BUTTONS
        .iter()
        .find(|b| b.action.as_str() == action)
        .map_or_else(|| other.to_string(), |b| lang.pick(b.zh, b.en).to_string())
}

/// A report reason's label (reports.rs takes spam, abuse, illegal and other).
fn report_reason_label(lang: Lang, reason: &str) -> String {
    match reason {
        "spam" => lang.pick("垃圾广告", "Spam"),
        "abuse" => lang.pick("辱骂攻击", "Abuse"),
        "illegal" => lang.pick("违法内容", "Illegal"),
        "other" => lang.pick("其他", "Other"),
        other => other,
    }
    .to_string()
}

/// How long a ban lasts, as the ban forms offer it: (minutes, zh, en).
pub(crate) const BAN_DURATIONS: [(i64, &str, &str); 5] = [
    (60, "1 小时", "1 hour"),
    (24 * 60, "1 天", "1 day"),
    (7 * 24 * 60, "7 天", "7 days"),
    (30 * 24 * 60, "30 天", "30 days"),
    (crate::bans::MAX_MINUTES, "1 年（最长）", "1 year (the longest)"),
];

/// The fields of a ban form, `client_id`, `address` and `sub` filled in when known; the caller
/// adds the form element and its hidden fields.
pub(crate) fn ban_fields(lang: Lang, client_id: &str, address: &str, sub: &str) -> String {
    let mut out = format!(
        "<label>{} <input name=\"client_id\" value=\"{}\" autocomplete=\"off\"></label>\
         <label>{} <input name=\"address\" value=\"{}\" autocomplete=\"off\"></label>\
         <label>{} <input name=\"sub\" value=\"{}\" autocomplete=\"off\"></label>\
         <label>{} <select name=\"minutes\">",
        lang.pick("读者 ID", "Reader id"),
        Esc(client_id),
        lang.pick("地址", "Address"),
        Esc(address),
        lang.pick("门户用户 ID", "Portal user id"),
        Esc(sub),
        lang.pick("时长", "Duration"),
    );
    for (i, (minutes, zh, en)) in BAN_DURATIONS.iter().enumerate() {
        let selected = if i == 1 { " selected" } else { "" };
        let _ = write!(out, "<option value=\"{minutes}\"{selected}>{}</option>", lang.pick(zh, en));
    }
    let _ = write!(out, "</select></label><button>{}</button>", lang.pick("封禁", "Ban"));
    out
}

/// `2026-11-27T09:18:36+08:00` -> `2026-11-27 09:18:36`: the console shows the site's time.
pub(crate) fn short_time(rfc3339: &str) -> String {
    rfc3339.get(..19).map_or_else(|| rfc3339.to_string(), |t| t.replacen('T', " ", 1))
}

/// The frame of every page.
pub(crate) struct Frame<'a> {
    pub(crate) lang: Lang,
    pub(crate) title: &'a str,
    /// The signed-in account and its CSRF token; `None` on the login page.
    pub(crate) user: Option<(&'a str, bool, &'a str)>,
    /// `?…` of this page with the language switched.
    pub(crate) other_lang_href: String,
}

pub(crate) fn page(frame: &Frame<'_>, body: &str) -> String {
    let lang = frame.lang;
    let mut out = String::with_capacity(body.len() + 2048);
    // Referrer `same-origin`: the console's addresses (with what an editor searched for) never
    // reach another site. Not `no-referrer`: under it a browser sends `Origin: null` with the
    // console's own form posts, which the origin check must then refuse.
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"same-origin\">\
         <title>{} · {}</title><link rel=\"stylesheet\" href=\"/admin/console.css\">\
         <script src=\"/admin/console.js\" defer></script></head><body>\
         <header class=\"bar\"><strong class=\"brand\">{}</strong>",
        lang.tag(),
        Esc(frame.title),
        lang.pick("评论审核台", "Moderation console"),
        lang.pick("评论审核台", "Moderation console"),
    );
    if let Some((user, admin, csrf)) = frame.user {
        let _ = write!(
            out,
            "<nav><a href=\"/admin\">{}</a> <a href=\"/admin/bans\">{}</a> <a href=\"/admin/audit\">{}</a>",
            lang.pick("评论队列", "Queue"),
            lang.pick("封禁", "Bans"),
            lang.pick("审计日志", "Audit log"),
        );
        if admin {
            let _ = write!(
                out,
                " <a href=\"/admin/words\">{}</a> <a href=\"/admin/accounts\">{}</a>",
                lang.pick("敏感词", "Sensitive words"),
                lang.pick("账号与令牌", "Accounts and tokens")
            );
        }
        let _ = write!(
            out,
            "</nav><span class=\"who\">{}</span>\
             <form method=\"post\" action=\"/admin/logout\" class=\"logout\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{}\"><button>{}</button></form>",
            Esc(user),
            Esc(csrf),
            lang.pick("退出登录", "Log out"),
        );
    }
    let _ = write!(
        out,
        "<a class=\"lang\" href=\"{}\" lang=\"{}\">{}</a></header><main>{body}</main></body></html>",
        Esc(&frame.other_lang_href),
        lang.other().tag(),
        lang.pick("English", "中文"),
    );
    out
}

/// A notice above the page's content: `role="status"` for news, `role="alert"` for refusals.
pub(crate) fn notice(kind: &str, text: &str) -> String {
    let role = if kind == "ok" { "status" } else { "alert" };
    format!("<p class=\"notice {kind}\" role=\"{role}\">{}</p>", Esc(text))
}

pub(crate) fn login_form(lang: Lang, csrf: &str, user: &str, message: Option<&str>) -> String {
    let mut out = String::new();
    let _ = write!(out, "<h1>{}</h1>", lang.pick("登录", "Log in"));
    if let Some(message) = message {
        out.push_str(&notice("error", message));
    }
    let _ = write!(
        out,
        "<form method=\"post\" action=\"/admin/login\" class=\"login\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <label>{} <input name=\"user\" autocomplete=\"username\" required value=\"{}\"></label>\
         <label>{} <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>\
         <button>{}</button></form>",
        Esc(csrf),
        lang.pick("用户名", "User name"),
        Esc(user),
        lang.pick("密码", "Password"),
        lang.pick("登录", "Log in"),
    );
    out
}

/// What the queue page shows a comment with.
pub(crate) struct Row<'a> {
    pub(crate) comment: &'a AdminComment,
    /// Where the matched sensitive word is, in the author's name and in the text.
    pub(crate) author_mark: Option<Range<usize>>,
    pub(crate) content_mark: Option<Range<usize>>,
}

/// `text` with `mark` (a byte range) in `<mark>`, all escaped.
fn marked(text: &str, mark: Option<&Range<usize>>) -> String {
    let parts = mark.and_then(|m| Some((text.get(..m.start)?, text.get(m.clone())?, text.get(m.end..)?)));
    match parts {
        Some((before, hit, after)) if !hit.is_empty() => {
            format!("{}<mark>{}</mark>{}", Esc(before), Esc(hit), Esc(after))
        }
        _ => Esc(text).to_string(),
    }
}

/// Why a comment was held, for the editor. `word:<w>` is what the post handler writes for a
/// sensitive word, `moderation` when every comment is held, `banned` for a banned author and
/// `reports` when readers' reports hid it; a reason this console does not know is shown as
/// stored.
fn reason(lang: Lang, held: Option<&str>) -> String {
    match held {
        None => String::new(),
        Some("moderation") => lang.pick("先审后发", "Moderation mode").to_string(),
        Some(crate::bans::HELD_REASON) => lang.pick("作者被封禁", "Author banned").to_string(),
        Some(crate::reports::HELD_REASON) => lang.pick("读者举报", "Readers' reports").to_string(),
        Some(other) => match other.strip_prefix("word:") {
            Some(word) => format!("{}<mark>{}</mark>", lang.pick("敏感词：", "Sensitive word: "), Esc(word)),
            None => Esc(other).to_string(),
        },
    }
}

/// The shared hidden fields of every form that posts an action.
pub(crate) struct ActForm<'a> {
    pub(crate) csrf: &'a str,
    /// The queue's query, so the answer comes back to the same view.
    pub(crate) back: &'a str,
}

impl ActForm<'_> {
    fn hidden(&self) -> String {
        format!(
            "<input type=\"hidden\" name=\"csrf\" value=\"{}\"><input type=\"hidden\" name=\"back\" value=\"{}\">",
            Esc(self.csrf),
            Esc(self.back)
        )
    }
}

/// One `<tr>` of the queue.
pub(crate) fn row(lang: Lang, row: &Row<'_>, form: &ActForm<'_>) -> String {
    let c = row.comment;
    let item = format!("{}:{}", c.id, c.status);
    let mut out = String::new();
    let _ = write!(
        out,
        "<tr data-id=\"{id}\" data-status=\"{status}\"><td class=\"pick\"><input type=\"checkbox\" name=\"item\" \
         value=\"{item}\" form=\"bulk\" aria-label=\"{select} #{id}\"></td><td class=\"comment\">\
         <div class=\"meta\"><span class=\"author\">{author}</span> <span class=\"id\">#{id}</span> \
         <time datetime=\"{at}\">{short}</time>",
        id = Esc(&c.id),
        status = Esc(&c.status),
        item = Esc(&item),
        select = lang.pick("选择评论", "Select comment"),
        author = marked(&c.author.name, row.author_mark.as_ref()),
        at = Esc(&c.created_at),
        short = Esc(&short_time(&c.created_at)),
    );
    if let Some(sub) = &c.author_sub {
        let _ = write!(
            out,
            " <span class=\"badge verified\">{}</span> <span class=\"sub\" title=\"{}\">{}</span>",
            lang.pick("认证", "Verified"),
            lang.pick("门户用户 ID", "Portal user id"),
            Esc(sub),
        );
    }
    if c.pinned {
        let _ = write!(out, " <span class=\"badge pinned\">{}</span>", lang.pick("置顶", "Pinned"));
    }
    if let Some(region) = &c.region {
        let _ = write!(out, " <span class=\"region\">{}{}</span>", lang.pick("IP属地：", "Region: "), Esc(region));
    }
    out.push_str("</div>");
    if let (Some(parent), Some(to)) = (&c.parent_id, &c.reply_to) {
        let _ = write!(
            out,
            "<div class=\"reply-to\">{} #{} @{}：<q>{}</q> <span class=\"status\">({})</span></div>",
            lang.pick("回复", "Reply to"),
            Esc(parent),
            Esc(&to.author),
            Esc(&to.excerpt),
            Esc(&status_label(lang, &to.status)),
        );
    }
    let _ = write!(
        out,
        "<div class=\"text\">{}</div></td><td class=\"article\">{}</td><td class=\"state\">\
         <span class=\"status\">{}</span> <span class=\"reason\">{}</span>",
        marked(&c.content, row.content_mark.as_ref()),
        match &c.article_title {
            Some(title) => format!("<span title=\"{}\">{}</span>", Esc(&c.article_id), Esc(title)),
            None => format!("<span>{}</span>", Esc(&c.article_id)),
        },
        Esc(&status_label(lang, &c.status)),
        reason(lang, c.held_reason.as_deref()),
    );
    if c.reports > 0 {
        let each = c
            .report_reasons
            .iter()
            .map(|(reason, n)| format!("{} {n}", report_reason_label(lang, reason)))
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", "));
        let text = match lang {
            Lang::Zh => format!("举报 {} 次：{each}", c.reports),
            Lang::En => format!("Reported {} time(s): {each}", c.reports),
        };
        let _ = write!(out, "<span class=\"reports\">{}</span>", Esc(&text));
    }
    let _ = write!(
        out,
        "</td><td class=\"actions\"><form method=\"post\" action=\"/admin/act\">{}\
         <input type=\"hidden\" name=\"item\" value=\"{}\">",
        form.hidden(),
        Esc(&item),
    );
    let status = Status::parse(&c.status);
    let offered = |b: &&Button| status.is_some_and(|s| b.offered_for.contains(&s)) && b.fits.is_none_or(|f| f(c));
    action_buttons(&mut out, lang, BUTTONS.iter().filter(offered));
    // Banning the author: by the reader id and the network the comment was posted from, and the
    // portal user id of a verified author, filled in and editable; seeded comments have none.
    let _ = write!(
        out,
        "</form><details class=\"ban\"><summary>{}</summary><form method=\"post\" action=\"/admin/bans\">{}{}\
         </form></details></td></tr>",
        lang.pick("封禁作者", "Ban the author"),
        form.hidden(),
        ban_fields(
            lang,
            c.client_id.as_deref().unwrap_or_default(),
            c.network.as_deref().unwrap_or_default(),
            c.author_sub.as_deref().unwrap_or_default(),
        ),
    );
    out
}

/// The queue's filter form (a GET: filtering changes nothing).
pub(crate) struct FilterForm<'a> {
    pub(crate) status: Option<Status>,
    pub(crate) article: &'a str,
    pub(crate) author: &'a str,
    pub(crate) region: &'a str,
    pub(crate) text: &'a str,
    /// (id, title) of every article.
    pub(crate) articles: Vec<(&'a str, &'a str)>,
}

pub(crate) fn filter_form(lang: Lang, f: &FilterForm<'_>) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<form method=\"get\" action=\"/admin\" class=\"filters\" role=\"search\"><label>{} <select name=\"status\">",
        lang.pick("状态", "Status")
    );
    for status in STATUSES {
        let selected = if f.status == Some(status) { " selected" } else { "" };
        let _ = write!(
            out,
            "<option value=\"{}\"{selected}>{}</option>",
            status.as_str(),
            Esc(&status_label(lang, status.as_str()))
        );
    }
    let _ = write!(
        out,
        "</select></label><label>{} <select name=\"article\"><option value=\"\">{}</option>",
        lang.pick("文章", "Article"),
        lang.pick("全部文章", "All articles")
    );
    for (id, title) in &f.articles {
        let selected = if *id == f.article { " selected" } else { "" };
        let _ = write!(out, "<option value=\"{}\"{selected}>{}</option>", Esc(id), Esc(title));
    }
    let _ = write!(
        out,
        "</select></label><label>{} <input name=\"author\" value=\"{}\"></label>\
         <label>{} <input name=\"region\" value=\"{}\"></label>\
         <label>{} <input name=\"q\" type=\"search\" value=\"{}\"></label>\
         <button>{}</button> <a href=\"/admin\">{}</a></form>",
        lang.pick("作者", "Author"),
        Esc(f.author),
        lang.pick("属地", "Region"),
        Esc(f.region),
        lang.pick("内容", "Text"),
        Esc(f.text),
        lang.pick("筛选", "Filter"),
        lang.pick("清除筛选", "Clear"),
    );
    out
}

/// The bulk bar: one form whose checkboxes sit in the rows (`form="bulk"`).
pub(crate) fn bulk_form(lang: Lang, status: Option<Status>, form: &ActForm<'_>) -> String {
    let mut out = format!(
        "<form id=\"bulk\" method=\"post\" action=\"/admin/act\" class=\"bulk\">{}\
         <label><input type=\"checkbox\" id=\"select-all\"> {}</label> <span>{}</span>",
        form.hidden(),
        lang.pick("全选", "Select all"),
        lang.pick("对所选评论：", "With the selected:"),
    );
    let offered = |b: &&Button| b.fits.is_none() && status.is_none_or(|s| b.offered_for.contains(&s));
    action_buttons(&mut out, lang, BUTTONS.iter().filter(offered));
    out.push_str("</form>");
    out
}

/// The queue table; `poll` is the URL the script asks for newer rows (pending, first page).
pub(crate) fn queue_table(lang: Lang, rows: &str, empty: bool, poll: Option<(&str, &str)>) -> String {
    let poll_attrs = match poll {
        Some((url, after)) => {
            format!(" data-poll=\"{}\" data-after=\"{}\" data-poll-ms=\"3000\"", Esc(url), Esc(after))
        }
        None => String::new(),
    };
    let empty_row = if empty {
        format!(
            "<tr class=\"empty\"><td colspan=\"5\">{}</td></tr>",
            lang.pick("没有符合条件的评论", "No comments match")
        )
    } else {
        String::new()
    };
    format!(
        "<p class=\"live\" role=\"status\" aria-live=\"polite\"></p>\
         <table class=\"queue\"><thead><tr><th></th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\
         <tbody{poll_attrs}>{empty_row}{rows}</tbody></table>",
        lang.pick("评论", "Comment"),
        lang.pick("文章", "Article"),
        lang.pick("状态与原因", "Status and reason"),
        lang.pick("操作", "Actions"),
    )
}

pub(crate) fn pager(lang: Lang, page: u32, pages: u32, href: impl Fn(u32) -> String) -> String {
    if pages <= 1 {
        return String::new();
    }
    let mut out = String::from("<nav class=\"pager\">");
    if page > 1 {
        let _ =
            write!(out, "<a href=\"{}\" rel=\"prev\">{}</a> ", Esc(&href(page - 1)), lang.pick("上一页", "Previous"));
    }
    let _ = write!(out, "<span>{page} / {pages}</span>");
    if page < pages {
        let _ = write!(out, " <a href=\"{}\" rel=\"next\">{}</a>", Esc(&href(page + 1)), lang.pick("下一页", "Next"));
    }
    out.push_str("</nav>");
    out
}

pub(crate) fn audit_table(lang: Lang, entries: &[AuditEntry]) -> String {
    let mut out = format!(
        "<table class=\"audit\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        lang.pick("时间", "When"),
        lang.pick("操作人", "Who"),
        lang.pick("操作", "Action"),
        lang.pick("评论", "Comment"),
        lang.pick("状态变化", "Status change"),
    );
    for e in entries {
        let _ = write!(
            out,
            "<tr data-comment=\"{comment}\"><td><time datetime=\"{at}\">{short}</time></td><td>{actor}</td><td>{action}</td>\
             <td>{id}</td><td>{before} → {after}{detail}</td></tr>",
            at = Esc(&e.at),
            short = Esc(&short_time(&e.at)),
            actor = Esc(&e.actor),
            action = Esc(&action_label(lang, &e.action)),
            // Bans and the word list concern no comment; their detail says what was done.
            comment = Esc(e.comment_id.as_deref().unwrap_or_default()),
            id = Esc(&e.comment_id.as_deref().map(|id| format!("#{id}")).unwrap_or_default()),
            detail = Esc(&e.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()),
            before = Esc(&status_label(lang, &e.status_before)),
            after = Esc(&status_label(lang, &e.status_after)),
        );
    }
    if entries.is_empty() {
        let _ = write!(out, "<tr class=\"empty\"><td colspan=\"5\">{}</td></tr>", lang.pick("尚无记录", "Nothing yet"));
    }
    out.push_str("</tbody></table>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_is_escaped() {
        assert_eq!(
            Esc("<script>alert('x')</script> & \"q\"").to_string(),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(marked("a<b>金 融</b>", Some(&(4..11))), "a&lt;b&gt;<mark>金 融</mark>&lt;/b&gt;");
        assert_eq!(marked("abc", Some(&(1..9))), "abc", "a span outside the text marks nothing");
        assert_eq!(reason(Lang::Zh, Some("word:<i>")), "敏感词：<mark>&lt;i&gt;</mark>");
        assert_eq!(reason(Lang::En, Some("odd\"reason")), "odd&quot;reason");
    }

    #[test]
    fn times_are_shortened() {
        assert_eq!(short_time("2026-11-27T09:18:36+08:00"), "2026-11-27 09:18:36");
        assert_eq!(short_time("odd"), "odd");
    }
}
