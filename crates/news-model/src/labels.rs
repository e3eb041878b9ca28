//! The page's labels that the app and the server's filled-in pages both show (header, article
//! meta line, related list, paging, the not-found page…), in zh-CN and en. One copy: a page the
//! server filled in says what the app's page says, word for word, so its takeover changes no
//! label. The app's own `Strings` (src/i18n.rs) takes these from here; the server renders with
//! them (server/src/render).

use crate::Locale;

pub struct PageLabels {
    pub home: &'static str,
    pub source: &'static str,
    pub author: &'static str,
    pub editor: &'static str,
    pub original_title: &'static str,
    /// The reading tools (text size, dark mode).
    pub text_size: &'static str,
    pub text_small: &'static str,
    pub text_medium: &'static str,
    pub text_large: &'static str,
    pub dark_theme: &'static str,
    pub published: &'static str,
    pub details: &'static str,
    pub related_news: &'static str,
    pub no_related: &'static str,
    pub prev_article: &'static str,
    pub next_article: &'static str,
    pub prev_next: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub back_home: &'static str,
    pub breadcrumb: &'static str,
    pub footer_links: &'static str,
    pub skip_to_content: &'static str,
    pub latest_news: &'static str,
    pub prev_page: &'static str,
    pub next_page: &'static str,
    pub pagination: &'static str,
    pub no_articles: &'static str,
    pub channels: &'static str,
    pub all_channels: &'static str,
    /// The meta line's time of a later edit (更新于) and the tags' label.
    pub updated: &'static str,
    pub tags: &'static str,
    /// A player's placeholder: the words before its site's name, and its button.
    pub embed_from: &'static str,
    pub embed_load: &'static str,
    pub locale: Locale,
}

pub const ZH_CN: PageLabels = PageLabels {
    home: "首页",
    source: "来源：",
    author: "作者：",
    editor: "责任编辑：",
    original_title: "原标题：",
    text_size: "字号",
    text_small: "小",
    text_medium: "中",
    text_large: "大",
    dark_theme: "深色模式",
    published: "发布时间：",
    details: "[详细]",
    related_news: "相关新闻",
    no_related: "暂无相关新闻",
    prev_article: "上一篇：",
    next_article: "下一篇：",
    prev_next: "上一篇和下一篇",
    not_found_title: "页面不存在",
    not_found_text: "您访问的页面不存在或已被删除。",
    back_home: "返回首页",
    breadcrumb: "当前位置",
    footer_links: "友情链接",
    skip_to_content: "跳到正文",
    latest_news: "最新新闻",
    prev_page: "上一页",
    next_page: "下一页",
    pagination: "分页",
    no_articles: "暂无文章",
    channels: "栏目",
    all_channels: "全部",
    updated: "更新于 ",
    tags: "标签：",
    embed_from: "视频来自 ",
    embed_load: "点击加载播放器",
    locale: Locale::ZhCn,
};

pub const EN: PageLabels = PageLabels {
    home: "Home",
    source: "Source: ",
    author: "Author: ",
    editor: "Editor: ",
    original_title: "Original title: ",
    text_size: "Text size",
    text_small: "Small",
    text_medium: "Medium",
    text_large: "Large",
    dark_theme: "Dark mode",
    published: "Published: ",
    details: "[More]",
    related_news: "Related news",
    no_related: "No related news",
    prev_article: "Previous: ",
    next_article: "Next: ",
    prev_next: "Previous and next articles",
    not_found_title: "Page not found",
    not_found_text: "The page you asked for does not exist or was removed.",
    back_home: "Back to the home page",
    breadcrumb: "You are here",
    footer_links: "Links",
    skip_to_content: "Skip to content",
    latest_news: "Latest news",
    prev_page: "Previous",
    next_page: "Next",
    pagination: "Pages",
    no_articles: "No articles yet",
    channels: "Sections",
    all_channels: "All",
    updated: "Updated ",
    tags: "Tags: ",
    embed_from: "Video from ",
    embed_load: "Load the player",
    locale: Locale::En,
};

impl PageLabels {
    pub fn of(locale: Locale) -> &'static PageLabels {
        match locale {
            Locale::ZhCn => &ZH_CN,
            Locale::En => &EN,
        }
    }

    /// Accessible name of a `[详细]` link: it must say which story it opens.
    pub fn details_label(&self, title: &str, source: Option<&str>, date: Option<&str>) -> String {
        let zh = self.locale == Locale::ZhCn;
        let sep = if zh { "，" } else { ", " };
        let mut label = format!("{}{}", self.details.trim_matches(['[', ']']), if zh { "：" } else { ": " });
        label.push_str(title);
        for part in [source, date].into_iter().flatten() {
            label.push_str(sep);
            label.push_str(part);
        }
        label
    }

    /// 第 2 / 5 页.
    pub fn page_of(&self, page: u32, pages: u32) -> String {
        match self.locale {
            Locale::ZhCn => format!("第 {page} / {pages} 页"),
            Locale::En => format!("Page {page} of {pages}"),
        }
    }
}
