//! Fetching the JSON API, with an in-memory cache, and the load state pages render.
//!
//! The cache holds response texts by URL. It makes back/forward instant (no refetch,
//! so the page is whole again before its scroll position is restored) and lets the
//! prerenderer hand a page its data without any fetch.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use leptos::prelude::*;
use serde::de::DeserializeOwned;

/// How long a request may take before the reader is offered "Thử lại".
pub const TIMEOUT_MS: u32 = 12_000;
/// Responses kept for back/forward.
const CACHE_ENTRIES: usize = 64;

/// Why a fetch gave no data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// No connection, DNS failure, connection reset…
    Network,
    /// No answer within [`TIMEOUT_MS`].
    Timeout,
    /// The server answered with an error status.
    Status(u16),
    /// The answer was not the JSON expected.
    Malformed,
}

impl FetchError {
    /// What the reader is told, in Vietnamese.
    pub fn message(&self) -> String {
        match self {
            FetchError::Network => {
                "Không kết nối được với máy chủ. Vui lòng kiểm tra kết nối mạng rồi thử lại.".into()
            }
            FetchError::Timeout => "Máy chủ phản hồi quá chậm. Vui lòng thử lại sau ít phút.".into(),
            FetchError::Status(code) => {
                format!("Máy chủ đang gặp sự cố (mã lỗi {code}). Vui lòng thử lại sau ít phút.")
            }
            FetchError::Malformed => "Dữ liệu nhận được không hợp lệ. Vui lòng thử lại sau ít phút.".into(),
        }
    }
}

/// The state of one piece of page data.
#[derive(Debug)]
pub enum Load<T> {
    Loading,
    Ready(Arc<T>),
    /// The server has no such page (HTTP 404): the route shows the 404 page.
    NotFound,
    Failed(FetchError),
}

// Not derived: the data is shared (`Arc`), so `T` itself need not be `Clone`.
impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        match self {
            Load::Loading => Load::Loading,
            Load::Ready(v) => Load::Ready(Arc::clone(v)),
            Load::NotFound => Load::NotFound,
            Load::Failed(e) => Load::Failed(e.clone()),
        }
    }
}

/// Response texts by URL, and the URLs in the order they came (oldest evicted first).
type Entries = (HashMap<String, Arc<str>>, VecDeque<String>);

/// Responses kept in memory.
#[derive(Clone, Copy)]
pub struct Cache(StoredValue<Entries>);

impl Cache {
    pub fn new() -> Self {
        Cache(StoredValue::new(Default::default()))
    }

    pub fn insert(&self, url: String, text: Arc<str>) {
        self.0.update_value(|(map, order)| {
            if map.insert(url.clone(), text).is_none() {
                order.push_back(url);
                while order.len() > CACHE_ENTRIES {
                    if let Some(old) = order.pop_front() {
                        map.remove(&old);
                    }
                }
            }
        });
    }

    pub fn get(&self, url: &str) -> Option<Arc<str>> {
        self.0.with_value(|(map, _)| map.get(url).cloned())
    }
}

impl Default for Cache {
    fn default() -> Self {
        Self::new()
    }
}

/// Parses a response (with `portal_core::json`: no error messages, a smaller Wasm).
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Load<T> {
    let parsed = portal_core::json::from_str(text).ok();
    match parsed {
        Some(v) => Load::Ready(Arc::new(v)),
        None => Load::Failed(FetchError::Malformed),
    }
}

/// Natively: what a prerendered page could not show (its data missing or not read by
/// the app's reader, or a "not found" page where a page was meant to be). The
/// prerenderer fails the build on any, rather than publish a page that says
/// "Không tải được nội dung".
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Default)]
pub struct LoadReport(pub std::sync::Arc<std::sync::Mutex<Vec<String>>>);

#[cfg(not(target_arch = "wasm32"))]
impl LoadReport {
    pub fn add(&self, problem: String) {
        if let Ok(mut v) = self.0.lock() {
            v.push(problem);
        }
    }
}

/// The data at `url`, and a retry action. Cached data is ready at once, with no
/// loading state in between: that is what lets a prerendered page become the app
/// without a jump, and back/forward show the page whole.
pub fn use_api<T>(url: String) -> (Signal<Load<T>>, Callback<()>)
where
    T: DeserializeOwned + Send + Sync + 'static,
{
    let cache = expect_context::<Cache>();
    let cached = cache.get(&url).map(|text| parse(&text));
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(report) = use_context::<LoadReport>() {
        match (&cached, cache.get(&url)) {
            (None, _) => report.add(format!("{url}: không có dữ liệu")),
            (Some(Load::Failed(_)), Some(text)) => {
                if let Err(e) = portal_core::json::from_str::<T>(&text) {
                    report.add(format!("{url}: {e}"));
                }
            }
            _ => {}
        }
    }
    let state = RwSignal::new(cached.clone().unwrap_or(Load::Loading));
    let load = move || {
        state.set(Load::Loading);
        // The page may be gone when a slow answer arrives: then it is dropped.
        fetch_into(url.clone(), cache, move |load| {
            state.try_set(load);
        });
    };
    if cached.is_none() {
        load();
    }
    (state.into(), Callback::new(move |()| load()))
}

/// Fetches `url` in the background; caches a good answer; reports the outcome.
#[cfg(target_arch = "wasm32")]
fn fetch_into<T>(url: String, cache: Cache, done: impl FnOnce(Load<T>) + 'static)
where
    T: DeserializeOwned + 'static,
{
    leptos::task::spawn_local(async move {
        let load = match fetch_text(&url).await {
            Ok(Some(text)) => {
                let load = parse::<T>(&text);
                if matches!(load, Load::Ready(_)) {
                    cache.insert(url.clone(), text.into());
                }
                load
            }
            Ok(None) => Load::NotFound,
            Err(e) => Load::Failed(e),
        };
        done(load);
    });
}

/// Natively (prerendering) every page's data is in the cache before rendering.
#[cfg(not(target_arch = "wasm32"))]
fn fetch_into<T>(_url: String, _cache: Cache, _done: impl FnOnce(Load<T>) + 'static) {}

/// The body of `url`, as text or bytes; `Ok(None)` when the server has no such resource.
#[cfg(target_arch = "wasm32")]
pub(crate) async fn fetch_body(url: &str, bytes: bool) -> Result<Option<Body>, FetchError> {
    let signal = web_sys::AbortSignal::timeout_with_u32(TIMEOUT_MS);
    let failed = |_| {
        if signal.aborted() {
            FetchError::Timeout
        } else {
            FetchError::Network
        }
    };
    // The browser's fetch, called directly (a fetch library costs the Wasm more than
    // these few calls; docs/size.md).
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(&signal));
    let window = web_sys::window().ok_or(FetchError::Network)?;
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(failed)?
        .unchecked_into();
    let status = resp.status();
    let content_type = resp
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .unwrap_or_default();
    // A single-page-app fallback answers missing files with index.html: that is a 404 too.
    if status == 404 || (resp.ok() && content_type.starts_with("text/html")) {
        return Ok(None);
    }
    if !resp.ok() {
        return Err(FetchError::Status(status));
    }
    let read = if bytes { resp.array_buffer() } else { resp.text() };
    let value = JsFuture::from(read.map_err(failed)?).await.map_err(failed)?;
    let body = if bytes {
        Body::Bytes(js_sys::Uint8Array::new(&value).to_vec())
    } else {
        Body::Text(value.as_string().ok_or(FetchError::Malformed)?)
    };
    Ok(Some(body))
}

/// A fetch to run alongside others (boxed: one instance of [`all`] serves every kind).
#[cfg(target_arch = "wasm32")]
pub(crate) type Task = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), FetchError>>>>;

/// Runs `tasks` at the same time (as the browser's promises: lighter than an executor's
/// join in the Wasm) and returns the first error, if any.
#[cfg(target_arch = "wasm32")]
pub(crate) async fn all(tasks: Vec<Task>) -> Result<(), FetchError> {
    use std::cell::RefCell;
    use std::rc::Rc;
    let error: Rc<RefCell<Option<FetchError>>> = Rc::default();
    let promises = js_sys::Array::new();
    for task in tasks {
        let error = error.clone();
        promises.push(&wasm_bindgen_futures::future_to_promise(async move {
            if let Err(e) = task.await {
                error.borrow_mut().get_or_insert(e);
            }
            Ok(wasm_bindgen::JsValue::UNDEFINED)
        }));
    }
    let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all(&promises)).await;
    let first = error.borrow_mut().take();
    first.map_or(Ok(()), Err)
}

#[cfg(target_arch = "wasm32")]
pub(crate) enum Body {
    Text(String),
    Bytes(Vec<u8>),
}

#[cfg(target_arch = "wasm32")]
pub(crate) async fn fetch_text(url: &str) -> Result<Option<String>, FetchError> {
    Ok(fetch_body(url, false).await?.and_then(|b| match b {
        Body::Text(t) => Some(t),
        Body::Bytes(_) => None,
    }))
}
