// Cổng thông tin điện tử: the service worker — reading again with no signal.
//
// portal-build publishes this file as /sw.js (served `no-cache`) with one line before
// it, `const BUILD = {…}`: this build's version, its hashed files (the app: `app`; the
// page's own: `files`), its offline page, and the data every page reads (`data`).
// controls.js registers it once the page and the app have loaded (`?tiet-kiem` for a
// reader who saves data: then the app's files are not fetched); the pages it controls
// say "luu" or "kiem-tra" (see `save`).
//
// - Install: the build's files are put in a cache of this version (a hashed file an
//   older cache already holds is copied, not fetched again).
// - Activate: quick (no request waits for it): a marker says the saved pages were made
//   for older files; they are fetched again then (not waited for) or at the next "luu",
//   and once every one of them has been, older versions' caches are deleted (until then
//   a saved page and an open tab still find their own files).
// - Pages and the API: network first; after TIMEOUT ms, when the network fails or the
//   server fails (5xx), the saved copy, and the page is told how old what it shows is.
//   Pages and data kept are bounded (the least recently read go first). A page never
//   read, offline: the offline page.
"use strict";

const ASSETS = "tai-san-" + BUILD.version;
const PAGES = "trang";
const DATA = "du-lieu";
const PICTURES = "anh";
const REFRESH = "lam-moi";
const LIMITS = { [PAGES]: 50, [DATA]: 100, [PICTURES]: 100 };
const TIMEOUT = 3000;
// A request the worker makes for the app ends soon after the app gives up on it
// (src/api.rs TIMEOUT_MS, 12 s: the app says "quá chậm" first): one left hanging would
// hold back the app's "Thử lại" of the same address (the browser lets one request at a
// time fill its cache for an address). The worker's own requests end then too.
const GIVE_UP = 13000;
const SAVED_AT = "x-luu-luc";
const HASHED = /-[0-9a-f]{8,}(_bg)?\.(js|css|wasm)$/;
const OWN = new Set(BUILD.files.concat(BUILD.app, [BUILD.offline]));
const SHARED = new Set(BUILD.data.map((u) => new URL(u, location.href).href));

// Saving data (asked at registration, or said by the browser now): not the app.
function lite() {
  const c = self.navigator.connection;
  return new URL(location.href).searchParams.has("tiet-kiem") || !!(c && c.saveData);
}

function limited(req) {
  return AbortSignal.timeout ? fetch(req, { signal: AbortSignal.timeout(GIVE_UP) }) : fetch(req);
}

// A response as it can be stored and given to a page: a redirected one (a host that
// sends /x.html on to /x) would be refused for a page.
async function plain(r, at) {
  const headers = new Headers(r.headers);
  if (at !== undefined) headers.set(SAVED_AT, String(at));
  return new Response(await r.blob(), { status: r.status, statusText: r.statusText, headers });
}

self.addEventListener("install", (e) => {
  const wanted = BUILD.files.concat(lite() ? [] : BUILD.app, [BUILD.offline]);
  e.waitUntil((async () => {
    const cache = await caches.open(ASSETS);
    await Promise.all(wanted.map(async (f) => {
      let r = HASHED.test(f) ? await caches.match(f) : undefined;
      if (!r) {
        r = await fetch(f, { cache: HASHED.test(f) ? "default" : "no-cache" });
        if (!r.ok) throw new Error(f + ": " + r.status);
      }
      await cache.put(f, await plain(r));
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (e) => {
  e.waitUntil((async () => {
    if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
    const old = (await caches.keys()).filter((n) => n.startsWith("tai-san-") && n !== ASSETS);
    if (old.length) await caches.open(REFRESH);
    await self.clients.claim();
    // Not waited for: no request waits for the worker's own fetches.
    save(null);
  })());
});

// The pages served from a copy, by the id of the page (window) they became.
const served = new Map();

self.addEventListener("message", (e) => {
  if (!e.source) return;
  if (e.data === "ban-luu?") {
    e.source.postMessage({ banLuu: served.get(e.source.id) || 0 });
    served.delete(e.source.id);
  } else if (e.data === "luu" || e.data === "kiem-tra") {
    // Not held open with waitUntil: with it, Chromium kept this worker busy and never
    // checked for a new deploy after a navigation (tests/browser/offline.rs, the deploy
    // test; not understood). A save cut short is done again at the next page (the
    // marker of a deploy stays until every saved page has been fetched again).
    save(e.data === "luu" ? e.source.url : null);
  }
});

// What a page asks for once this worker controls it: "luu" from a page that loaded
// before (the first one a reader opens): that page itself; "kiem-tra" from any other.
// Both: the data every page reads, if not saved yet; after a new deploy, every saved
// page again.
async function save(href) {
  const pages = await caches.open(PAGES);
  const wanted = [];
  const key = href && pageKey(href);
  if (key && !(await pages.match(key))) wanted.push([PAGES, key]);
  const data = await caches.open(DATA);
  for (const u of BUILD.data) {
    const url = new URL(u, location.href).href;
    if (!(await data.match(url))) wanted.push([DATA, url]);
  }
  const refresh = await caches.has(REFRESH);
  if (refresh) {
    await caches.delete(REFRESH);
    for (const r of await pages.keys()) wanted.push([PAGES, r.url]);
  }
  let all = true;
  for (const [store, url] of wanted) {
    try {
      const r = await limited(new Request(url, { cache: "no-cache" }));
      if (r.ok) await keep(store, url, r);
      else if (r.status === 404 || r.status === 410) await (await caches.open(store)).delete(url);
      else all = false;
    } catch (err) {
      all = false; // offline: the copy stays as it was
    }
  }
  if (!refresh) return;
  if (!all) {
    await caches.open(REFRESH); // again at the next page
    return;
  }
  const old = (await caches.keys()).filter((n) => n.startsWith("tai-san-") && n !== ASSETS);
  await Promise.all(old.map((n) => caches.delete(n)));
}

self.addEventListener("fetch", (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== location.origin) return;
  if (OWN.has(url.pathname)) {
    e.respondWith(caches.open(ASSETS).then((c) => c.match(url.pathname)).then((r) => r || fetch(req)));
  } else if (HASHED.test(url.pathname)) {
    // An older build's file (a saved page or an open tab made for it).
    e.respondWith(caches.match(url.pathname).then((r) => r || fetch(req)));
  } else if (req.mode === "navigate") {
    // Pictures and attachments opened by themselves are not pages to keep.
    if (/^\/(media|files)\//.test(url.pathname)) return;
    e.respondWith(page(e, url));
  } else if (url.pathname.startsWith("/api/")) {
    // The search index's pieces would crowd the articles out: not kept.
    if (/^\/api\/v\d+\/search\//.test(url.pathname)) return;
    e.respondWith(fresh(e, DATA, req.url, limited(req)).then((r) => r || Response.error()));
  } else if (url.pathname.startsWith("/media/") && req.destination === "image") {
    e.respondWith(fresh(e, PICTURES, req.url, fetch(req)).then((r) => r || Response.error()));
  }
});

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
// A server error (5xx) counts as no answer when there is a copy. `null` when there is
// neither answer nor copy.
function fresh(e, store, key, network) {
  const answer = network.then((r) => {
    const html = store !== PAGES || /^text\/html/.test(r.headers.get("content-type") || "");
    if (r.ok && r.type === "basic" && html) e.waitUntil(keep(store, key, r.clone()));
    return r;
  });
  e.waitUntil(answer.catch(() => {}));
  return new Promise((resolve) => {
    let done = false;
    // What the page gets, and what it is told: `at`, when the copy taken then.
    const give = (r, at) => {
      if (done) return;
      done = true;
      if (e.request.mode === "navigate") {
        if (at) served.set(e.resultingClientId, at);
      } else if (store === DATA && !SHARED.has(key)) {
        tell(e.clientId, at); // a page's own data (not the site's, which every page reads)
      }
      if (at) e.waitUntil(keep(store, key, r.clone(), at)); // read again: kept longer
      resolve(r);
    };
    const copy = () => caches.open(store).then((c) => c.match(key)).then((r) => {
      if (r) give(r, +r.headers.get(SAVED_AT) || 1);
      return r;
    });
    const timer = setTimeout(copy, TIMEOUT);
    answer.then((r) => {
      clearTimeout(timer);
      if (r.status >= 500) copy().then((c) => { if (!c) give(r, 0); });
      else give(r, 0);
    }, () => {
      clearTimeout(timer);
      copy().then((c) => { if (!c && !done) { done = true; resolve(null); } });
    });
  });
}

// Keeps a copy as the most recently read; the least recently read go beyond the
// store's limit (Cache API: a put removes the old entry, then appends). `at`: a copy
// read again, kept with its own time, unless a newer one has come meanwhile.
async function keep(store, key, r, at) {
  const cache = await caches.open(store);
  const copy = await plain(r, at || Date.now());
  if (at) {
    const now = await cache.match(key);
    if (!now || +now.headers.get(SAVED_AT) !== at) return;
  }
  await cache.put(key, copy);
  const keys = await cache.keys();
  for (let i = 0; i < keys.length - LIMITS[store]; i++) await cache.delete(keys[i]);
}

async function tell(id, at) {
  const c = id && (await self.clients.get(id));
  if (c) c.postMessage({ banLuu: at });
}
