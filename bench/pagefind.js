// The Pagefind side of the search benchmark: the query from ?q=, the first ten
// results' data (what a results page shows), then a performance mark.
const q = new URLSearchParams(location.search).get("q") || "";
const pagefind = await import("/pagefind/pagefind.js");
const search = await pagefind.search(q);
const shown = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
performance.mark("search-results");
window.__pf = { count: search.results.length, shown: shown.map((d) => d.url) };
// Every result's address, for recall (after the measurement).
window.__pfAll = async () => (await Promise.all(search.results.map((r) => r.data()))).map((d) => d.url);
