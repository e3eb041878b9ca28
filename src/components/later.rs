use crate::scroll;
use leptos::prelude::*;
use std::time::Duration;

/// Renders its children once the rest of the page has been painted: what sits below the article
/// (tip box, related news, comments) costs the first frame nothing, so the text appears sooner.
/// Not on back/forward, where the reader's scroll position needs the whole page at once.
#[component]
pub fn AfterFirstPaint(children: ChildrenFn) -> impl IntoView {
    let shown = RwSignal::new(scroll::restoring());
    if !shown.get_untracked() {
        // A timeout from inside an animation frame runs after that frame is painted.
        request_animation_frame(move || {
            set_timeout(
                move || {
                    let _ = shown.try_set(true);
                },
                Duration::ZERO,
            )
        });
    }
    move || shown.get().then(|| children())
}
