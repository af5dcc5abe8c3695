//! The documents library (Văn bản): `/van-ban/` with filters by type, issuing body and
//! year, and `/van-ban/<slug>/` for each document.
//!
//! A single filter is a path (`/van-ban/loai/cong-van/`), prerendered, so the filter
//! links work without scripts; several filters are combined by the app, in the query
//! string (`/van-ban/?loai=…&nam=…`), from the filter form.

use leptos::prelude::*;
use portal_core::api::{Document, DocumentIndex, DocumentList, Facet};
use portal_core::paths::{self, DocFilter};

use crate::api::{use_api, Load};
use crate::components::body::blocks;
use crate::components::pagination::Pagination;
use crate::components::status::render_load;
use crate::head::{Head, PageHead};

fn name<'a>(facets: &'a [Facet], slug: &str) -> Option<&'a str> {
    facets.iter().find(|f| f.slug == slug).map(|f| f.name.as_str())
}

/// The filter values as links, for readers without scripts (the form needs the app).
/// Only the prerendered page has them: with scripts they are hidden, and the app,
/// which renders pages only when scripts run, leaves them out (smaller Wasm). The
/// counts are on front pages only: an archive page stays the same file as documents
/// are added (docs/api.md, "Paged lists").
#[cfg(not(target_arch = "wasm32"))]
fn facets(idx: &DocumentIndex, filter: &DocFilter, page: u32) -> Option<AnyView> {
    let counts = page == 0;
    Some(
        view! {
            <div class="facets">
                {facet_links("Loại văn bản", "loai", &idx.kinds, filter, counts)}
                {facet_links("Cơ quan ban hành", "co-quan", &idx.bodies, filter, counts)}
                {facet_links("Năm ban hành", "nam", &idx.years, filter, counts)}
            </div>
        }
        .into_any(),
    )
}

#[cfg(target_arch = "wasm32")]
fn facets(_idx: &DocumentIndex, _filter: &DocFilter, _page: u32) -> Option<AnyView> {
    None
}

/// One group of filter values as links.
#[cfg(not(target_arch = "wasm32"))]
fn facet_links(
    title: &'static str,
    key: &'static str,
    facets: &[Facet],
    current: &DocFilter,
    counts: bool,
) -> AnyView {
    let items = facets
        .iter()
        .map(|f| {
            let filter = DocFilter::single(key, &f.slug);
            let active = *current == filter;
            view! {
                <li>
                    <a href=paths::documents(&filter, 0) aria-current=active.then_some("page")>
                        {f.name.clone()}
                        {counts.then(|| format!(" ({})", f.count))}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="facet">
            <h2 class="facet-title">{title}</h2>
            <ul class="plain-list">{items}</ul>
        </div>
    }
    .into_any()
}

/// One filter of the form, as a select.
fn select(label: &'static str, key: &'static str, facets: &[Facet], selected: Option<&str>) -> AnyView {
    let id = format!("loc-{key}");
    let options = facets
        .iter()
        .map(|f| {
            view! { <option value=f.slug.clone() selected=selected == Some(f.slug.as_str())>{f.name.clone()}</option> }
        })
        .collect_view();
    view! {
        <div class="filter-field">
            <label for=id.clone()>{label}</label>
            <select id=id name=key>
                <option value="">"Tất cả"</option>
                {options}
            </select>
        </div>
    }
    .into_any()
}

#[component]
pub fn DocumentsPage(filter: DocFilter, page: u32) -> impl IntoView {
    let (index, retry_index) = use_api::<DocumentIndex>(paths::api_documents());
    let (list, retry_list) = use_api::<DocumentList>(paths::api_document_list(&filter, page));
    let retry = Callback::new(move |()| {
        retry_index.run(());
        retry_list.run(());
    });
    move || {
        // Both the filter values and this page of the list.
        let both = match (index.get(), list.get()) {
            (Load::Ready(i), Load::Ready(l)) => Load::Ready(std::sync::Arc::new((i, l))),
            (Load::Failed(e), _) | (_, Load::Failed(e)) => Load::Failed(e),
            (Load::NotFound, _) | (_, Load::NotFound) => Load::NotFound,
            _ => Load::Loading,
        };
        let filter = filter.clone();
        render_load(both, retry, move |both| {
            let (idx, list) = &*both;
            let chosen: Vec<String> = [
                filter.kind.as_deref().and_then(|k| name(&idx.kinds, k)),
                filter.body.as_deref().and_then(|b| name(&idx.bodies, b)),
                filter.year.as_deref().filter(|y| name(&idx.years, y).is_some()),
            ]
            .into_iter()
            .flatten()
            .map(String::from)
            .collect();
            let mut title = String::from("Văn bản");
            if !chosen.is_empty() {
                title = format!("{title}: {}", chosen.join(", "));
            }
            if page > 0 {
                title = format!("{title} – Trang {page}");
            }
            let kind_name = |slug: &str| name(&idx.kinds, slug).unwrap_or_default().to_string();
            let body_name = |slug: &str| name(&idx.bodies, slug).unwrap_or_default().to_string();
            let items = list
                .documents
                .iter()
                .map(|d| {
                    view! {
                        <li class="document-item">
                            <h2 class="document-title">
                                <a href=paths::document(&d.slug)>{kind_name(&d.kind)} " số " {d.number.clone()}</a>
                            </h2>
                            <p class="document-meta">{body_name(&d.body)} " · Ban hành " {d.issued.vi()}</p>
                            <p class="document-summary">{d.summary.clone()}</p>
                        </li>
                    }
                })
                .collect_view();
            let href = Callback::new({
                let filter = filter.clone();
                move |n| paths::documents(&filter, n)
            });
            view! {
                <Head head=PageHead {
                    title: title.clone(),
                    description: "Văn bản chỉ đạo, điều hành: quyết định, công văn, kế hoạch, thông báo, nghị quyết, báo cáo.".into(),
                    path: paths::documents(&filter, page),
                    ..Default::default()
                }/>
                <nav class="breadcrumb" aria-label="Vị trí trang">
                    <ol>
                        <li><a href="/">"Trang chủ"</a></li>
                        <li><span aria-current="page">"Văn bản"</span></li>
                    </ol>
                </nav>
                <h1 class="page-title">{title}</h1>
                <form class="filter-form" action="/van-ban/" method="get" aria-label="Lọc văn bản">
                    {select("Loại văn bản", "loai", &idx.kinds, filter.kind.as_deref())}
                    {select("Cơ quan ban hành", "co-quan", &idx.bodies, filter.body.as_deref())}
                    {select("Năm ban hành", "nam", &idx.years, filter.year.as_deref())}
                    <button type="submit" class="button">"Lọc"</button>
                </form>
                {facets(idx, &filter, page)}
                <p class="search-count" role="status">
                    {match list.total {
                        Some(total) => view! { <strong>{total}</strong> " văn bản" }.into_any(),
                        // An archive page does not know how many came after it.
                        None => format!("Trang {page}: {} văn bản", list.documents.len()).into_any(),
                    }}
                </p>
                <ol class="documents">{items}</ol>
                <Pagination page order=paths::reading_order(list.archive_pages, page) href label="Phân trang văn bản"/>
            }
            .into_any()
        })
    }
}

#[component]
pub fn DocumentPage(slug: String) -> impl IntoView {
    let (doc, retry) = use_api::<Document>(paths::api_document(&slug));
    move || {
        render_load(doc.get(), retry, |d: std::sync::Arc<Document>| {
            let of = |f: DocFilter| paths::documents(&f, 0);
            let kind_link = of(DocFilter {
                kind: Some(d.kind.slug.clone()),
                ..Default::default()
            });
            let body_link = of(DocFilter {
                body: Some(d.body.slug.clone()),
                ..Default::default()
            });
            let year = d.issued.year.to_string();
            let year_link = of(DocFilter {
                year: Some(year),
                ..Default::default()
            });
            let files = d
                .files
                .iter()
                .filter(|f| f.url.starts_with("/files/") && portal_core::text::is_safe_href(&f.url))
                .map(|f| {
                    view! {
                        <li>
                            <a class="download" href=f.url.clone() download=f.name.clone()>
                                "Tải về " {f.name.clone()} <span class="visually-hidden">" – " {d.number.clone()}</span>
                            </a>
                            " (" {f.label()} ")"
                        </li>
                    }
                })
                .collect_view();
            let effective = d
                .effective
                .map(|e| view! { <dt>"Ngày hiệu lực"</dt> <dd>{e.vi()}</dd> });
            let title = format!("{} số {}", d.kind.name, d.number);
            view! {
                <Head head=PageHead {
                    title: title.clone(),
                    description: d.summary.clone(),
                    path: paths::document(&d.slug),
                    ..Default::default()
                }/>
                <nav class="breadcrumb" aria-label="Vị trí trang">
                    <ol>
                        <li><a href="/">"Trang chủ"</a></li>
                        <li><a href="/van-ban/">"Văn bản"</a></li>
                    </ol>
                </nav>
                <article class="article document">
                    <h1 class="article-title">{title}</h1>
                    <p class="article-lead">{d.summary.clone()}</p>
                    <dl class="document-fields">
                        <dt>"Số, ký hiệu"</dt> <dd>{d.number.clone()}</dd>
                        <dt>"Loại văn bản"</dt> <dd><a href=kind_link>{d.kind.name.clone()}</a></dd>
                        <dt>"Cơ quan ban hành"</dt> <dd><a href=body_link>{d.body.name.clone()}</a></dd>
                        <dt>"Ngày ban hành"</dt> <dd>{d.issued.vi()}" (" <a href=year_link>"các văn bản năm " {d.issued.year}</a> ")"</dd>
                        {effective}
                        <dt>"Người ký"</dt> <dd>{d.signer.clone()}</dd>
                        <dt>"Trích yếu"</dt> <dd>{d.summary.clone()}</dd>
                    </dl>
                    <h2>"Tệp đính kèm"</h2>
                    <ul class="files">{files}</ul>
                    <div class="article-body">{blocks(&d.notes)}</div>
                </article>
            }
            .into_any()
        })
    }
}
