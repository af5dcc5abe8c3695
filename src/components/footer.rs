//! Site footer: the unit, its contacts, and a note while sample content is in use.

use leptos::prelude::*;

use portal_core::text::{is_web_href, mailto_href, tel_href};

use crate::use_site;

#[component]
pub fn Footer() -> impl IntoView {
    let site = use_site();
    let content = move || {
        site.get().map(|s| {
            let c = s.contact.clone();
            // From fetched data: links made only of what they may hold.
            let tel = tel_href(&c.phone);
            let mail = mailto_href(&c.email);
            let fax = c.fax.clone().map(|f| view! { <li>"Fax: " {f}</li> });
            let related = (!s.related_links.is_empty()).then(|| {
                let items = s
                    .related_links
                    .iter()
                    .filter(|l| is_web_href(&l.url))
                    .map(|l| view! { <li><a href=l.url.clone() rel="external noopener">{l.name.clone()}</a></li> })
                    .collect_view();
                view! {
                    <nav class="footer-related" aria-labelledby="lien-ket">
                        <h2 class="footer-title" id="lien-ket">"Liên kết"</h2>
                        <ul class="plain-list">{items}</ul>
                    </nav>
                }
            });
            let sample = s.sample_content.then(|| {
                view! {
                    <p class="sample-note">
                        <strong>"Nội dung mẫu"</strong>
                        ": các bài viết, số liệu và thông tin liên hệ trên trang này là nội dung minh họa, không phải thông tin chính thức."
                    </p>
                }
            });
            view! {
                <h2 class="footer-title">{s.unit_name.clone()}</h2>
                <ul class="footer-contact">
                    <li>"Địa chỉ: " {c.address.clone()}</li>
                    <li>"Điện thoại: " <a href=tel>{c.phone.clone()}</a></li>
                    {fax}
                    <li>"Thư điện tử: " <a href=mail>{c.email.clone()}</a></li>
                </ul>
                <p class="footer-owner">"Cơ quan chủ quản: " {s.unit_name.clone()} "."</p>
                <p class="footer-links">
                    <a href="/rss.xml" type="application/rss+xml">"Nhận tin mới qua RSS"</a>
                </p>
                {related}
                {sample}
            }
        })
    };
    view! {
        <footer class="site-footer" lang="vi">
            <div class="container">{content}</div>
        </footer>
    }
}
