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
        // With no `sizes` (it would not fit the Wasm budget: docs/size.md), the browser
        // takes the picture to be the screen's width: a phone still loads a copy, not
        // the 1600 px original.
        let srcset = img.srcset();
        view! {
            <a class="summary-image" href=href.clone() tabindex="-1" aria-hidden="true">
                <img src=img.src srcset=srcset alt="" width=img.width height=img.height loading="lazy"/>
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
