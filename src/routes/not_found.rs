//! The 404 page, for unknown routes and unknown article or section slugs.

use crate::head::{Head, PageHead};
use leptos::prelude::*;

use crate::components::section_links::SectionLinks;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(report) = use_context::<crate::api::LoadReport>() {
        report.add("trang “Không tìm thấy trang”".into());
    }
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
            <SectionLinks/>
        </div>
    }
}
