//! Every string the app shows, in zh-CN (the default) and en, in one place. The labels a page
//! filled in by the server shows as well (header, meta line, related list, paging…) are taken
//! from news-model's `labels`, their one copy, so the takeover of such a page changes no word.

use leptos::prelude::*;
use news_model::comments::{age, Age, CommentProblem, CommentSort};
use news_model::labels::{self, PageLabels};
use news_model::{ApiError, Locale};

pub struct Strings {
    pub locale: Locale,
    pub home: &'static str,
    pub latest_news: &'static str,
    pub loading: &'static str,
    pub source: &'static str,
    pub author: &'static str,
    pub editor: &'static str,
    pub original_title: &'static str,
    pub published: &'static str,
    pub details: &'static str,
    pub related_news: &'static str,
    pub no_related: &'static str,
    pub text_size: &'static str,
    pub dark_theme: &'static str,
    pub text_small: &'static str,
    pub text_medium: &'static str,
    pub text_large: &'static str,
    pub prev_article: &'static str,
    pub next_article: &'static str,
    pub prev_next: &'static str,
    pub comments: &'static str,
    pub comments_disclaimer: &'static str,
    pub write_comment: &'static str,
    pub sort_label: &'static str,
    pub sort_newest: &'static str,
    pub sort_oldest: &'static str,
    pub sort_hot: &'static str,
    pub load_more: &'static str,
    pub loading_more: &'static str,
    pub no_comments: &'static str,
    pub no_comments_closed: &'static str,
    pub reply: &'static str,
    pub like: &'static str,
    pub liked: &'static str,
    pub pending_review: &'static str,
    pub region: &'static str,
    pub nickname: &'static str,
    /// 认证: beside an author the embedding portal vouches for.
    pub verified: &'static str,
    /// In place of the nickname when the host vouches for a reader whose name its token hides.
    pub signed_in: &'static str,
    /// The form's way to the portal's login page when the server takes only signed-in readers.
    pub login_to_comment: &'static str,
    pub comment_content: &'static str,
    pub submit_comment: &'static str,
    pub submitting: &'static str,
    pub cancel_reply: &'static str,
    pub posted: &'static str,
    pub posted_pending: &'static str,
    pub name_missing: &'static str,
    pub name_too_long: &'static str,
    pub content_missing: &'static str,
    pub content_too_long: &'static str,
    pub control_characters: &'static str,
    pub name_hidden_characters: &'static str,
    pub content_hidden_characters: &'static str,
    pub post_failed: &'static str,
    pub like_failed: &'static str,
    pub report: &'static str,
    pub reported: &'static str,
    /// The 举报 menu's name, its reasons (in `ReportReason::ALL`'s order) and its way out.
    pub report_menu: &'static str,
    pub report_reasons: [&'static str; 4],
    pub report_cancel: &'static str,
    pub report_done: &'static str,
    pub report_failed: &'static str,
    pub pinned: &'static str,
    pub comments_closed: &'static str,
    pub prev_page: &'static str,
    pub next_page: &'static str,
    pub pagination: &'static str,
    pub no_articles: &'static str,
    pub retry: &'static str,
    pub error_title: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub back_home: &'static str,
    pub breadcrumb: &'static str,
    pub footer_links: &'static str,
    pub body_unavailable: &'static str,
    pub skip_to_content: &'static str,
    pub skip_to_comments: &'static str,
    pub other_language: &'static str,
    pub channels: &'static str,
    pub all_channels: &'static str,
    pub share: &'static str,
    pub copy_link: &'static str,
    pub link_copied: &'static str,
    pub copy_failed: &'static str,
    pub share_via: &'static str,
    pub qr_code: &'static str,
    pub qr_hint: &'static str,
    pub qr_label: &'static str,
    pub view_image: &'static str,
    pub close: &'static str,
    pub prev_image: &'static str,
    pub next_image: &'static str,
    pub image_unavailable: &'static str,
    /// 更新于 before the time of a later edit, in the meta line.
    pub updated: &'static str,
    pub tags: &'static str,
    /// A player's placeholder: the words before its site's name, and its button.
    pub embed_from: &'static str,
    pub embed_load: &'static str,
}

static ZH_CN: Strings = Strings {
    locale: Locale::ZhCn,
    home: labels::ZH_CN.home,
    latest_news: labels::ZH_CN.latest_news,
    loading: "正在加载…",
    source: labels::ZH_CN.source,
    author: labels::ZH_CN.author,
    editor: labels::ZH_CN.editor,
    original_title: labels::ZH_CN.original_title,
    published: labels::ZH_CN.published,
    details: labels::ZH_CN.details,
    related_news: labels::ZH_CN.related_news,
    no_related: labels::ZH_CN.no_related,
    text_size: labels::ZH_CN.text_size,
    dark_theme: labels::ZH_CN.dark_theme,
    text_small: labels::ZH_CN.text_small,
    text_medium: labels::ZH_CN.text_medium,
    text_large: labels::ZH_CN.text_large,
    prev_article: labels::ZH_CN.prev_article,
    next_article: labels::ZH_CN.next_article,
    prev_next: labels::ZH_CN.prev_next,
    comments: "网友评论",
    comments_disclaimer: "网友评论仅供网友表达个人看法，并不表明本站同意其观点或证实其描述",
    write_comment: "我来说两句",
    sort_label: "排序",
    sort_newest: "最新",
    sort_oldest: "最早",
    sort_hot: "最热",
    load_more: "加载更多",
    loading_more: "正在加载…",
    no_comments: "还没有评论，来说两句吧。",
    no_comments_closed: "暂无评论。",
    reply: "回复",
    like: "赞",
    liked: "已赞",
    pending_review: "审核中，仅自己可见",
    region: "IP属地：",
    nickname: "昵称",
    verified: "认证",
    signed_in: "已登录",
    login_to_comment: "登录后发表评论",
    comment_content: "评论内容",
    submit_comment: "发表评论",
    submitting: "正在发表…",
    cancel_reply: "取消回复",
    posted: "评论已发表。",
    posted_pending: "评论已提交，审核通过后对所有人可见。",
    name_missing: "请输入昵称。",
    name_too_long: "昵称不能超过30个字。",
    content_missing: "请输入评论内容。",
    content_too_long: "评论不能超过1000字。",
    control_characters: "内容含有不允许的字符。",
    name_hidden_characters: "昵称不能含有不可见字符或文字方向控制符。",
    content_hidden_characters: "评论不能含有不可见字符或文字方向控制符。",
    post_failed: "评论没有发表成功，内容已为您保留：",
    like_failed: "点赞没有成功，请稍后再试。",
    report: "举报",
    reported: "已举报",
    report_menu: "举报理由",
    report_reasons: ["垃圾广告", "辱骂攻击", "违法违规", "其他"],
    report_cancel: "取消",
    report_done: "已举报，感谢您的反馈。",
    report_failed: "举报没有成功，请稍后再试。",
    pinned: "置顶",
    comments_closed: "本文已关闭评论。",
    prev_page: labels::ZH_CN.prev_page,
    next_page: labels::ZH_CN.next_page,
    pagination: labels::ZH_CN.pagination,
    no_articles: labels::ZH_CN.no_articles,
    retry: "重试",
    error_title: "内容加载失败",
    not_found_title: labels::ZH_CN.not_found_title,
    not_found_text: labels::ZH_CN.not_found_text,
    back_home: labels::ZH_CN.back_home,
    breadcrumb: labels::ZH_CN.breadcrumb,
    footer_links: labels::ZH_CN.footer_links,
    body_unavailable: "正文无法显示。",
    skip_to_content: labels::ZH_CN.skip_to_content,
    skip_to_comments: "跳到评论",
    other_language: "English",
    channels: labels::ZH_CN.channels,
    all_channels: labels::ZH_CN.all_channels,
    share: "分享",
    copy_link: "复制链接",
    link_copied: "链接已复制",
    copy_failed: "无法自动复制，请手动复制链接：",
    share_via: "分享到…",
    qr_code: "二维码",
    qr_hint: "微信扫一扫，在手机上阅读",
    qr_label: "本文链接的二维码",
    view_image: "查看大图",
    close: "关闭",
    prev_image: "上一张",
    next_image: "下一张",
    image_unavailable: "图片无法显示",
    updated: labels::ZH_CN.updated,
    tags: labels::ZH_CN.tags,
    embed_from: labels::ZH_CN.embed_from,
    embed_load: labels::ZH_CN.embed_load,
};

static EN: Strings = Strings {
    locale: Locale::En,
    home: labels::EN.home,
    latest_news: labels::EN.latest_news,
    loading: "Loading…",
    source: labels::EN.source,
    author: labels::EN.author,
    editor: labels::EN.editor,
    original_title: labels::EN.original_title,
    published: labels::EN.published,
    details: labels::EN.details,
    related_news: labels::EN.related_news,
    no_related: labels::EN.no_related,
    text_size: labels::EN.text_size,
    dark_theme: labels::EN.dark_theme,
    text_small: labels::EN.text_small,
    text_medium: labels::EN.text_medium,
    text_large: labels::EN.text_large,
    prev_article: labels::EN.prev_article,
    next_article: labels::EN.next_article,
    prev_next: labels::EN.prev_next,
    comments: "Comments",
    comments_disclaimer: "Comments are the personal views of readers and do not mean that this site agrees with them or confirms what they describe",
    write_comment: "Write a comment",
    sort_label: "Sort",
    sort_newest: "Newest",
    sort_oldest: "Oldest",
    sort_hot: "Top",
    load_more: "Load more",
    loading_more: "Loading…",
    no_comments: "No comments yet. Be the first.",
    no_comments_closed: "No comments.",
    reply: "Reply",
    like: "Like",
    liked: "Liked",
    pending_review: "Awaiting review, visible only to you",
    region: "Location: ",
    nickname: "Name",
    verified: "Verified",
    signed_in: "Signed in",
    login_to_comment: "Log in to comment",
    comment_content: "Comment",
    submit_comment: "Post comment",
    submitting: "Posting…",
    cancel_reply: "Cancel reply",
    posted: "Your comment is posted.",
    posted_pending: "Your comment was received and will appear once reviewed.",
    name_missing: "Please enter a name.",
    name_too_long: "Names can be at most 30 characters.",
    content_missing: "Please write a comment.",
    content_too_long: "Comments can be at most 1000 characters.",
    control_characters: "The text contains characters that are not allowed.",
    name_hidden_characters: "Names can't contain invisible or text-direction characters.",
    content_hidden_characters: "Comments can't contain invisible or text-direction characters.",
    post_failed: "Your comment was not posted; your text is kept: ",
    like_failed: "The like did not go through; please try again later.",
    report: "Report",
    reported: "Reported",
    report_menu: "Reason for reporting",
    report_reasons: ["Spam or ads", "Abuse", "Illegal", "Other"],
    report_cancel: "Cancel",
    report_done: "Reported. Thank you.",
    report_failed: "The report did not go through; please try again later.",
    pinned: "Pinned",
    comments_closed: "Comments are closed for this article.",
    prev_page: labels::EN.prev_page,
    next_page: labels::EN.next_page,
    pagination: labels::EN.pagination,
    no_articles: labels::EN.no_articles,
    retry: "Retry",
    error_title: "Could not load this content",
    not_found_title: labels::EN.not_found_title,
    not_found_text: labels::EN.not_found_text,
    back_home: labels::EN.back_home,
    breadcrumb: labels::EN.breadcrumb,
    footer_links: labels::EN.footer_links,
    body_unavailable: "The article text cannot be shown.",
    skip_to_content: labels::EN.skip_to_content,
    skip_to_comments: "Skip to comments",
    other_language: "中文",
    channels: labels::EN.channels,
    all_channels: labels::EN.all_channels,
    share: "Share",
    copy_link: "Copy link",
    link_copied: "Link copied",
    copy_failed: "Could not copy; copy the link by hand: ",
    share_via: "Share via…",
    qr_code: "QR code",
    qr_hint: "Scan to read on your phone",
    qr_label: "QR code of this article's link",
    view_image: "View larger image",
    close: "Close",
    prev_image: "Previous image",
    next_image: "Next image",
    image_unavailable: "Image unavailable",
    updated: labels::EN.updated,
    tags: labels::EN.tags,
    embed_from: labels::EN.embed_from,
    embed_load: labels::EN.embed_load,
};

impl Strings {
    pub fn for_locale(locale: Locale) -> &'static Strings {
        match locale {
            Locale::ZhCn => &ZH_CN,
            Locale::En => &EN,
        }
    }

    /// What a reader is told when a request failed.
    pub fn api_error(&self, error: &ApiError) -> String {
        let zh = self.locale == Locale::ZhCn;
        match (error, zh) {
            (ApiError::Network, true) => "网络连接失败，请检查网络后重试。".into(),
            (ApiError::Network, false) => "The network request failed. Check your connection and retry.".into(),
            (ApiError::Offline, true) => "您已离线。已读过的文章仍可阅读，联网后请重试。".into(),
            (ApiError::Offline, false) => {
                "You are offline. Articles you have read stay readable; retry once you are back online.".into()
            }
            (ApiError::Timeout, true) => "服务器响应超时，请稍后重试。".into(),
            (ApiError::Timeout, false) => "The server took too long to answer. Please retry.".into(),
            (ApiError::TooLarge { .. }, true) => "服务器返回的数据过大，无法显示。".into(),
            (ApiError::TooLarge { .. }, false) => "The server sent more data than the app accepts.".into(),
            (ApiError::NotFound, true) => "内容不存在或已被删除。".into(),
            (ApiError::NotFound, false) => "This content does not exist or was removed.".into(),
            // The form offers the login page for the first; a fresh token is asked of the host page.
            (ApiError::LoginRequired | ApiError::BadReaderToken, true) => "请登录后重试。".into(),
            (ApiError::LoginRequired | ApiError::BadReaderToken, false) => "Please log in and retry.".into(),
            (ApiError::Decode(_), true) => "服务器返回的数据格式有误。".into(),
            (ApiError::Decode(_), false) => "The server's answer was not in the expected format.".into(),
            (ApiError::Http { status, message }, _) => {
                let lead =
                    if zh { format!("服务器错误（{status}）") } else { format!("Server error ({status})") };
                match message {
                    Some(m) => format!("{lead}：{m}"),
                    None if zh => format!("{lead}，请稍后重试。"),
                    None => format!("{lead}. Please retry later."),
                }
            }
        }
    }

    /// Why a comment cannot be posted as written.
    pub fn comment_problem(&self, problem: CommentProblem) -> &'static str {
        match problem {
            CommentProblem::NameMissing => self.name_missing,
            CommentProblem::NameTooLong => self.name_too_long,
            CommentProblem::ContentMissing => self.content_missing,
            CommentProblem::ContentTooLong => self.content_too_long,
            CommentProblem::ControlCharacters => self.control_characters,
            CommentProblem::NameHiddenCharacters => self.name_hidden_characters,
            CommentProblem::ContentHiddenCharacters => self.content_hidden_characters,
        }
    }

    pub fn sort_name(&self, sort: CommentSort) -> &'static str {
        match sort {
            CommentSort::Newest => self.sort_newest,
            CommentSort::Oldest => self.sort_oldest,
            CommentSort::Hot => self.sort_hot,
        }
    }

    /// `回复 @小王` / `Reply to @Wang`.
    pub fn reply_to(&self, name: &str) -> String {
        match self.locale {
            Locale::ZhCn => format!("回复 @{name}"),
            Locale::En => format!("Reply to @{name}"),
        }
    }

    /// `刚刚`, `5分钟前`…, or `None` when the absolute time reads better.
    pub fn relative_time(&self, created_unix: i64, now_unix: i64) -> Option<String> {
        let plural = |n: i64, unit: &str| format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" });
        Some(match (age(created_unix, now_unix)?, self.locale) {
            (Age::JustNow, Locale::ZhCn) => "刚刚".into(),
            (Age::Minutes(n), Locale::ZhCn) => format!("{n}分钟前"),
            (Age::Hours(n), Locale::ZhCn) => format!("{n}小时前"),
            (Age::Days(n), Locale::ZhCn) => format!("{n}天前"),
            (Age::JustNow, Locale::En) => "just now".into(),
            (Age::Minutes(n), Locale::En) => plural(n, "minute"),
            (Age::Hours(n), Locale::En) => plural(n, "hour"),
            (Age::Days(n), Locale::En) => plural(n, "day"),
        })
    }

    /// `查看大图：alt` / `View larger image: alt`, the name of a body image's button.
    pub fn view_image_of(&self, alt: &str) -> String {
        match (alt.is_empty(), self.locale) {
            (true, _) => self.view_image.to_string(),
            (false, Locale::ZhCn) => format!("{}：{alt}", self.view_image),
            (false, Locale::En) => format!("{}: {alt}", self.view_image),
        }
    }

    /// `第 2 / 5 张` or `Image 2 of 5`, under the enlarged image.
    pub fn image_of(&self, n: usize, total: usize) -> String {
        match self.locale {
            Locale::ZhCn => format!("第 {n} / {total} 张"),
            Locale::En => format!("Image {n} of {total}"),
        }
    }

    /// `网友评论（12）` / `Comments (12)`.
    pub fn comments_heading(&self, count: u64) -> String {
        match self.locale {
            Locale::ZhCn => format!("{}（{count}）", self.comments),
            Locale::En => format!("{} ({count})", self.comments),
        }
    }

    /// `3 条新评论` / `3 new comments`: the button that shows comments that arrived live.
    pub fn new_comments(&self, n: usize) -> String {
        match (self.locale, n) {
            (Locale::ZhCn, n) => format!("{n} 条新评论"),
            (Locale::En, 1) => "1 new comment".into(),
            (Locale::En, n) => format!("{n} new comments"),
        }
    }

    /// `第 2 / 5 页` or `Page 2 of 5`.
    pub fn page_of(&self, page: u32, pages: u32) -> String {
        PageLabels::of(self.locale).page_of(page, pages)
    }

    /// Accessible name of a `[详细]` link: it must say which story it opens.
    pub fn details_label(&self, title: &str, source: Option<&str>, date: Option<&str>) -> String {
        PageLabels::of(self.locale).details_label(title, source, date)
    }
}

/// The strings of the locale in force where the component is created (the reader's choice, else
/// the configured one). Read once: a change of language re-creates the page (see `App`).
pub fn use_strings() -> &'static Strings {
    Strings::for_locale(use_context::<Locale>().unwrap_or_default())
}
