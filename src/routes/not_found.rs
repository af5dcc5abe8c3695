//! The 404 page, for unknown routes and unknown article or section slugs.

use crate::head::{Head, PageHead};
use leptos::prelude::*;
use portal_core::paths;

use crate::use_site;

#[component]
pub fn NotFound() -> impl IntoView {
    let site = use_site();
    let sections = move || {
        site.get().map(|s| {
            s.sections
                .iter()
                .map(|sec| {
                    view! {
                        <li>
                            <a href=paths::section(&sec.slug, 1)>{sec.name.clone()}</a>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <Head head=PageHead {
            title: "Không tìm thấy trang".into(),
            description: "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.".into(),
            noindex: true,
            ..Default::default()
        }/>
        <div class="not-found">
            <h1>"Không tìm thấy trang"</h1>
            <p>
                "Trang bạn tìm không tồn tại hoặc đã được chuyển đi. Vui lòng kiểm tra lại địa chỉ, hoặc:"
            </p>
            <p>
                <a class="button" href="/">"Về trang chủ"</a>
            </p>
            <h2>"Các chuyên mục"</h2>
            <ul class="plain-list">{sections}</ul>
        </div>
    }
}
