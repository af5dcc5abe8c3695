//! An article body: typed blocks to elements. Text is always text: nothing from the
//! content is ever parsed as HTML, and links are re-checked before they are made.

use leptos::prelude::*;
use portal_core::api::{Align, Block, Image, Inline};
use portal_core::text::{is_internal_href, is_safe_href};

pub fn blocks(bs: &[Block]) -> Vec<AnyView> {
    bs.iter().map(block).collect()
}

fn inlines(xs: &[Inline]) -> Vec<AnyView> {
    xs.iter().map(inline).collect()
}

fn inline(i: &Inline) -> AnyView {
    match i {
        Inline::Text(t) => t.clone().into_any(),
        Inline::Strong(c) => view! { <strong>{inlines(c)}</strong> }.into_any(),
        Inline::Emphasis(c) => view! { <em>{inlines(c)}</em> }.into_any(),
        Inline::Code(t) => view! { <code>{t.clone()}</code> }.into_any(),
        Inline::Break => view! { <br/> }.into_any(),
        Inline::Link { href, c } if is_safe_href(href) => {
            let external = href.starts_with("http");
            view! {
                <a href=href.clone() rel=external.then_some("external noopener")>
                    {inlines(c)}
                </a>
            }
            .into_any()
        }
        Inline::Link { c, .. } => inlines(c).into_any(),
    }
}

fn block(b: &Block) -> AnyView {
    match b {
        Block::Paragraph(c) => view! { <p>{inlines(c)}</p> }.into_any(),
        Block::Heading { level: 2, c } => view! { <h2>{inlines(c)}</h2> }.into_any(),
        Block::Heading { level: 3, c } => view! { <h3>{inlines(c)}</h3> }.into_any(),
        Block::Heading { c, .. } => view! { <h4>{inlines(c)}</h4> }.into_any(),
        Block::List {
            ordered: false,
            items,
            ..
        } => view! { <ul>{list_items(items)}</ul> }.into_any(),
        Block::List {
            ordered: true,
            start,
            items,
        } => view! { <ol start=start.map(|s| s.to_string())>{list_items(items)}</ol> }.into_any(),
        Block::Quote(c) => view! { <blockquote>{blocks(c)}</blockquote> }.into_any(),
        Block::Figure(img) => view! { <Figure image=img.clone()/> }.into_any(),
        Block::Table(t) => {
            let align = |i: usize| match t.align.get(i) {
                Some(Align::Right) => Some("text-align-right"),
                Some(Align::Center) => Some("text-align-center"),
                _ => None,
            };
            let head = t
                .head
                .iter()
                .enumerate()
                .map(|(i, c)| view! { <th scope="col" class=align(i)>{inlines(c)}</th> })
                .collect_view();
            let rows = t
                .rows
                .iter()
                .map(|row| {
                    let cells = row
                        .iter()
                        .enumerate()
                        .map(|(i, c)| view! { <td class=align(i)>{inlines(c)}</td> })
                        .collect_view();
                    view! { <tr>{cells}</tr> }
                })
                .collect_view();
            // The wrapper scrolls sideways on a narrow screen instead of the page.
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Bảng số liệu">
                    <table>
                        <thead>
                            <tr>{head}</tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    }
}

fn list_items(items: &[Vec<Block>]) -> Vec<AnyView> {
    items
        .iter()
        .map(|item| view! { <li>{blocks(item)}</li> }.into_any())
        .collect()
}

/// An image with its caption; its size is reserved before it loads. Only the site's
/// own images are shown (the build publishes them under `/media/`): a `src` from
/// anywhere else in fetched data is left out, its description kept.
#[component]
pub fn Figure(image: Image, #[prop(optional)] eager: bool) -> impl IntoView {
    let caption = image
        .caption
        .clone()
        .map(|c| view! { <figcaption>{c}</figcaption> });
    let img = if is_internal_href(&image.src) && is_safe_href(&image.src) {
        // No `sizes`: the figure is as wide as the text, near the screen's width on the
        // phones srcset is for (the default, 100vw, says so).
        view! {
            <img
                src=image.src.clone()
                srcset=image.srcset()
                alt=image.alt
                width=image.width
                height=image.height
                loading=if eager { "eager" } else { "lazy" }
            />
        }
        .into_any()
    } else {
        view! { <p>{image.alt}</p> }.into_any()
    };
    view! {
        <figure class="figure">
            {img}
            {caption}
        </figure>
    }
}
