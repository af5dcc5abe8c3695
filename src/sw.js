// Cổng thông tin điện tử: the service worker — reading again with no signal.
//
// portal-build publishes this file as /sw.js (served `no-cache`) with one line before
// it, `const BUILD = {…}`: this build's version, its hashed files (the app: `app`; the
// page's own: `files`), its offline page, and the data every page reads (`data`). controls.js registers it once the page
// and the app have loaded (`?tiet-kiem` for a reader who saves data: then the app's
// files are not fetched).
//
// - Install: the build's files are put in a cache of this version (a hashed file an
//   older cache already holds is copied, not fetched again).
// - Activate: older versions' caches are deleted; the saved pages, written for the
//   older files, are fetched again (a copy that cannot be refreshed is kept).
// - Pages and the API: network first; after TIMEOUT ms, or when the network fails, the
//   saved copy, and the page is told how old it is. Pages and data kept are bounded
//   (the least recently read go first). A page never read, offline: the offline page.
"use strict";

const ASSETS = "tai-san-" + BUILD.version;
const PAGES = "trang";
const DATA = "du-lieu";
const LIMITS = { [PAGES]: 50, [DATA]: 100, "anh": 100 };
const TIMEOUT = 3000;
const SAVED_AT = "x-luu-luc";
const LITE = new URL(location.href).searchParams.has("tiet-kiem");
const OWN = new Set(BUILD.files.concat(BUILD.app, [BUILD.offline]));

self.addEventListener("install", (e) => {
  const wanted = BUILD.files.concat(LITE ? [] : BUILD.app, [BUILD.offline]);
  e.waitUntil((async () => {
    const cache = await caches.open(ASSETS);
    await Promise.all(wanted.map(async (f) => {
      let r = /-[0-9a-f]{8,}(_bg)?\.\w+$/.test(f) ? await caches.match(f) : undefined;
      if (!r) {
        r = await fetch(f, { cache: "no-cache" });
        if (!r.ok) throw new Error(f + ": " + r.status);
      }
      await cache.put(f, r);
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (e) => {
  e.waitUntil((async () => {
    if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
    const old = (await caches.keys()).filter((n) => n.startsWith("tai-san-") && n !== ASSETS);
    await Promise.all(old.map((n) => caches.delete(n)));
    await self.clients.claim();
    // The pages open now and the data every page reads (the first page a reader opened
    // came before this worker) and, after a new deploy, the saved pages, which refer to
    // the old files.
    const pages = await caches.open(PAGES);
    const urls = old.length ? (await pages.keys()).map((r) => r.url) : [];
    for (const c of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) {
      const key = pageKey(c.url);
      if (key && !urls.includes(key)) urls.push(key);
    }
    const wanted = urls.map((u) => [PAGES, u]).concat(BUILD.data.map((u) => [DATA, new URL(u, location.href).href]));
    for (const [store, url] of wanted) {
      try {
        const r = await fetch(url, { cache: "no-cache" });
        if (r.ok) await keep(store, url, r);
      } catch (err) { /* offline: the copy stays as it was */ }
    }
  })());
});

// The pages served from a copy, by the id of the page (window) they became.
const served = new Map();

self.addEventListener("message", (e) => {
  if (e.data === "ban-luu?" && e.source) {
    e.source.postMessage({ banLuu: served.get(e.source.id) || 0 });
    served.delete(e.source.id);
  }
});

self.addEventListener("fetch", (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== location.origin) return;
  if (OWN.has(url.pathname)) {
    e.respondWith(caches.open(ASSETS).then((c) => c.match(url.pathname)).then((r) => r || fetch(req)));
  } else if (req.mode === "navigate") {
    e.respondWith(page(e, url));
  } else if (url.pathname.startsWith("/api/")) {
    e.respondWith(fresh(e, DATA, req.url, limited(req)).then((r) => r || Response.error()));
  } else if (url.pathname.startsWith("/media/") && req.destination === "image") {
    e.respondWith(fresh(e, "anh", req.url, limited(req)).then((r) => r || Response.error()));
  }
});

// A request the worker makes for the page ends soon after the app gives up on it
// (src/api.rs TIMEOUT_MS, 12 s: the app says "quá chậm" first): one left hanging would
// hold back the app's "Thử lại" of the same address (the browser lets one request at a
// time fill its cache for an address).
const GIVE_UP = 13000;
function limited(req) {
  return AbortSignal.timeout ? fetch(req, { signal: AbortSignal.timeout(GIVE_UP) }) : fetch(req);
}

// A page's key: its address without query or fragment (the app reads those).
function pageKey(href) {
  const u = new URL(href);
  return u.origin === location.origin ? u.origin + u.pathname : null;
}

async function page(e, url) {
  const network = Promise.resolve(e.preloadResponse).then((r) => r || fetch(e.request));
  const r = await fresh(e, PAGES, pageKey(url.href), network);
  if (r) return r;
  return (await caches.match(BUILD.offline)) || Response.error();
}

// Network first: the answer if it comes within TIMEOUT ms (kept when it is good), else
// the saved copy (the page is told its age), else whatever the network gives in the end.
// `null` when there is neither.
function fresh(e, store, key, network) {
  const answer = network.then((r) => {
    if (r.ok && r.type === "basic") e.waitUntil(keep(store, key, r.clone()));
    if (store === DATA) tell(e.clientId, 0);
    return r;
  });
  e.waitUntil(answer.catch(() => {}));
  const copy = () => caches.open(store).then((c) => c.match(key)).then((r) => {
    if (!r) return null;
    const at = +r.headers.get(SAVED_AT) || 0;
    if (e.request.mode === "navigate") served.set(e.resultingClientId, at);
    else if (store === DATA) tell(e.clientId, at);
    e.waitUntil(keep(store, key, r.clone(), at));
    return r;
  });
  return new Promise((resolve) => {
    let done = false;
    const give = (r) => { if (!done && r) { done = true; resolve(r); } };
    const timer = setTimeout(() => copy().then(give), TIMEOUT);
    answer.then((r) => { clearTimeout(timer); give(r); }, () => {
      clearTimeout(timer);
      copy().then((r) => { if (r) give(r); else if (!done) { done = true; resolve(null); } });
    });
  });
}

// Keeps a copy (with the time it was taken) as the most recently read; the least
// recently read go beyond the store's limit. Re-putting moves an entry to the end of
// the cache's order (Cache API: put removes the old entry, then appends).
async function keep(store, key, r, at) {
  const headers = new Headers(r.headers);
  headers.set(SAVED_AT, String(at || Date.now()));
  const copy = new Response(await r.blob(), { status: r.status, statusText: r.statusText, headers });
  const cache = await caches.open(store);
  await cache.put(key, copy);
  const keys = await cache.keys();
  for (let i = 0; i < keys.length - LIMITS[store]; i++) await cache.delete(keys[i]);
}

async function tell(id, at) {
  const c = id && (await self.clients.get(id));
  if (c) c.postMessage({ banLuu: at });
}
