//! An article in a list: title, time, summary, thumbnail.

use leptos::prelude::*;
use portal_core::api::Summary;
use portal_core::paths;

/// `<time datetime="2020-08-10T13:19:00+07:00">(13:19 | 10/08/2020)</time>`
#[component]
pub fn Stamp(time: portal_core::Timestamp) -> impl IntoView {
    view! { <time class="stamp" datetime=time.to_rfc3339_vietnam()>{time.stamp_vi()}</time> }
}

/// One list entry. `large` shows the image big and the summary (featured articles).
#[component]
pub fn SummaryItem(
    summary: Summary,
    #[prop(optional)] large: bool,
    #[prop(optional)] show_summary: bool,
    #[prop(optional)] show_image: bool,
) -> impl IntoView {
    let href = paths::article(&summary.slug);
    let image = summary.image.clone().filter(|_| show_image || large).map(|img| {
        // A small picture is at most 9rem wide (style/main.css `.summary-image`): said in
        // `sizes`, a phone loads the 480 px copy for it, not the 960 px one a picture as
        // wide as the screen needs. A featured one is as wide as the screen. (Always a
        // string: an optional attribute cost the Wasm 290 bytes more; docs/size.md.)
        let srcset = img.srcset();
        let sizes = if large { "100vw" } else { "9rem" };
        view! {
            <a class="summary-image" href=href.clone() tabindex="-1" aria-hidden="true">
                <img src=img.src srcset=srcset sizes=sizes alt="" width=img.width height=img.height loading="lazy"/>
            </a>
        }
    });
    let text =
        (show_summary || large).then(|| view! { <p class="summary-text">{summary.summary.clone()}</p> });
    view! {
        <li class="summary" class:summary-large=large>
            {image}
            <div class="summary-body">
                <h3 class="summary-title">
                    <a href=href.clone()>{summary.title.clone()}</a>
                </h3>
                <Stamp time=summary.published/>
                {text}
            </div>
        </li>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn rendered(large: bool) -> String {
        let summary = Summary {
            slug: "bai".into(),
            title: "Bài".into(),
            published: portal_core::Timestamp::from_unix(1_796_518_800),
            section: String::new(),
            summary: String::new(),
            image: Some(portal_core::api::Image {
                src: "/media/anh.jpg".into(),
                alt: "Ảnh".into(),
                width: 1600,
                height: 900,
                caption: None,
                copies: 0b11,
            }),
        };
        let owner = Owner::new();
        let html = owner.with(|| view! { <SummaryItem summary large show_image=true/> }.to_html());
        owner.cleanup();
        html
    }

    /// A phone picks the copy for the picture's width: 9rem in a list, the screen's for a
    /// featured article.
    #[test]
    fn a_list_picture_says_how_wide_it_is() {
        let small = rendered(false);
        assert!(
            small.contains(
                r#"srcset="/media/anh-480.jpg 480w, /media/anh-960.jpg 960w, /media/anh.jpg 1600w""#
            ) && small.contains(r#"sizes="9rem""#),
            "{small}"
        );
        let large = rendered(true);
        assert!(
            large.contains("srcset=") && large.contains(r#"sizes="100vw""#),
            "{large}"
        );
    }
}
