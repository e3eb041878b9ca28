use crate::app::use_site;
use leptos::prelude::*;
use news_model::sanitize_policy::safe_url;

/// The 想爆料? box from `/site`, under the article.
#[component]
pub fn TipBox() -> impl IntoView {
    let site = use_site();
    move || {
        site.read(|site| site.tip.clone()).map(|tip| {
            let link = tip.url.as_deref().and_then(|url| safe_url(url, false));
            let label = tip.title.clone();
            view! {
                <aside class="tip-box" aria-label=label>
                    <p>
                        <strong class="tip-title">{tip.title}</strong>
                        " "
                        <span class="tip-text">{tip.text}</span>
                        {link.map(|href| view! { " " <a href=href.clone() rel="noopener noreferrer">{href.clone()}</a> })}
                    </p>
                </aside>
            }
        })
    }
}
