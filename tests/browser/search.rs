//! Search over an index written a block at a time, as a province's is: the sample site
//! built again with the index cut small (blocks of 16 entries instead of 4,096), served
//! by nginx, and paged through in the app as a reader would.

use portal_content::output::SearchSizes;
use portal_core::search::{lookup_in, parse_query, Manifest, RESULTS_PER_PAGE};

use super::support::nginx::Nginx;
use super::*;

/// The sample site with its search index in blocks of 16 entries, and the addresses of
/// its search results, in index order.
fn small_block_site() -> R<(tempdir_path::Dir, Manifest, Vec<String>)> {
    let dir = tempdir_path::Dir::new("search-blocks");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    portal_build::build(&portal_build::Options {
        content: root.join("content"),
        shell: root.join("target/shell"),
        out: dir.0.clone(),
        compress: false,
        dev: false,
        search: SearchSizes {
            chunk_bytes: 24,
            block_docs: 16,
        },
    })
    .map_err(|e| format!("the site does not build: {e}"))?;
    let search = dir.0.join("api/v2/search");
    let manifest: Manifest =
        serde_json::from_slice(&std::fs::read(search.join("manifest.json")).ctx("manifest")?)
            .ctx("manifest.json")?;
    let urls = (0..manifest.docs)
        .map(|id| {
            let doc: serde_json::Value =
                serde_json::from_slice(&std::fs::read(search.join(format!("d/{id}.json"))).ctx("doc")?)
                    .ctx("doc json")?;
            Ok(doc["url"].as_str().unwrap_or_default().to_string())
        })
        .collect::<R<Vec<String>>>()?;
    Ok((dir, manifest, urls))
}

/// A temporary folder, removed when dropped.
mod tempdir_path {
    pub struct Dir(pub std::path::PathBuf);

    impl Dir {
        pub fn new(name: &str) -> Dir {
            let d = std::env::temp_dir().join(format!("portal-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&d);
            std::fs::create_dir_all(&d).expect("temp dir");
            Dir(d)
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// The result links and the count line of the page shown, once it is there.
async fn shown(p: &Page, page: usize) -> R<(Vec<String>, String)> {
    p.poll(15, "the results", || async {
        let c = p
            .js_string("return document.querySelector('.search-count')?.textContent || ''")
            .await?;
        Ok((c.contains("Tìm thấy") && (page == 1 || c.contains(&format!("trang {page}")))).then_some(c))
    })
    .await?;
    let links = p
        .js("return [...document.querySelectorAll('.result-title a')].map(a => a.getAttribute('href'))")
        .await?;
    let count = p
        .js_string("return document.querySelector('.search-count').textContent")
        .await?;
    let links = links
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
        .unwrap_or_default();
    Ok((links, count))
}

/// A word in most entries: the first page reads the newest blocks only, says how many
/// entries it searched, and "Trang sau" leads on, block by block, to every match, in the
/// order the index gives (newest block first), with no result twice.
pub async fn search_in_blocks_reaches_every_match_newest_first(e: &Env, _p: &Page) -> R {
    let (site, manifest, urls) = small_block_site()?;
    let server = Nginx::start(&site.0);
    let q = "huyện";
    let query = parse_query(q);
    let chunk = manifest.chunk_of("huyen");
    check!(
        manifest.is_split(chunk) && manifest.blocks().unwrap_or(0) > 3,
        "“huyện” is not written a block at a time: {manifest:?}"
    );
    let (all, _) =
        lookup_in(&site.0, &manifest, &query, usize::MAX).map_err(|_| "the index does not decode")?;
    let expected: Vec<&str> = all.ranked.iter().map(|&id| urls[id as usize].as_str()).collect();
    check!(
        expected.len() > 3 * RESULTS_PER_PAGE,
        "{} matches",
        expected.len()
    );

    let p = Page::open(&e.driver, &server.base, 390, 800).await?;
    p.goto(&portal_core::paths::search(q, 1)).await?;
    let (first, count) = shown(&p, 1).await?;
    let found: usize = p
        .js_string("return document.querySelector('.search-count strong').textContent")
        .await?
        .parse()
        .unwrap_or(0);
    check!(
        count.contains("tin bài và văn bản mới nhất") && (RESULTS_PER_PAGE..expected.len()).contains(&found),
        "the first page says it searched only the newest entries: “{count}”"
    );
    // The oldest block was not read for it.
    let oldest_read = p
        .js_f64("performance.getEntriesByType('resource').filter(e => /\\/search\\/t\\/0\\//.test(e.name)).length")
        .await?;
    check!(oldest_read == 0.0, "the first page read the oldest block");
    let mut seen = first;
    let mut page = 1;
    while p.count(".pagination a[rel=next]").await? > 0 {
        p.click_js(".pagination a[rel=next]").await?;
        page += 1;
        let (links, count) = shown(&p, page).await?;
        check!(!links.is_empty(), "page {page} is empty (“{count}”)");
        seen.extend(links);
        check!(page < 50, "no end to the pages");
    }
    check!(
        seen == expected,
        "paged through: {seen:?}\nthe index: {expected:?}"
    );
    let (_, count) = shown(&p, page).await?;
    check!(
        !count.contains("mới nhất") && count.contains(&format!("Tìm thấy {} kết quả", expected.len())),
        "the last page counts every match: “{count}”"
    );
    // A later page opened directly shows what paging reached.
    p.goto(&portal_core::paths::search(q, 3)).await?;
    let (third, _) = shown(&p, 3).await?;
    check!(
        third[..] == expected[2 * RESULTS_PER_PAGE..3 * RESULTS_PER_PAGE],
        "page 3 opened directly: {third:?}"
    );
    p.close().await;
    Ok(())
}
