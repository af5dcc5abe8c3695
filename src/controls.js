// Cổng thông tin điện tử: the page's own controls, which work before the app has loaded
// and without it (a reader who saves data gets no Wasm): the "Hiển thị" panel (text
// size "Cỡ chữ A− A A+" and "Tương phản cao", made in <hien-thi>), "In bài viết", Escape
// to close the menu, and on an article "Nghe đọc" (<nghe-doc>) and "Chia sẻ"
// (<chia-se>), and the articles saved for reading offline (<bai-da-luu>): custom
// elements the prerendered page and the app both write, which the browser brings to
// life here whenever they appear. It starts the app, registers the service worker
// (src/sw.js) and says when a page is a saved copy. One listener on the document each,
// so the prerendered page and the pages the app renders are served alike.
// portal-prerender publishes this file as controls-<hash>.js (with the app's loader
// named in it) and the page's inline script loads it once the page has loaded (or at
// the first touch or key), keeping the clicks on a control that come before; the text
// size and contrast are applied before first paint by that inline script.
(function () {
  "use strict";
  var d = document, root = d.documentElement;
  var SIZES = [100, 125, 150, 175, 200], KEY = "co-chu", ATTR = "data-co-chu";
  var CONTRAST = "data-tuong-phan";

  function step() {
    var v = +root.getAttribute(ATTR);
    return v > 0 && v < SIZES.length ? v : 0;
  }

  // The buttons' state follows the step; CSS draws the rest.
  function showStep(n) {
    var states = [
      [".text-size-smaller", "aria-disabled", n === 0],
      [".text-size-reset", "aria-pressed", n === 0],
      [".text-size-larger", "aria-disabled", n === SIZES.length - 1]
    ];
    states.forEach(function (s) {
      d.querySelectorAll(s[0]).forEach(function (b) { b.setAttribute(s[1], s[2] ? "true" : "false"); });
    });
  }

  // A new step: shown, announced, kept.
  function setStep(n) {
    if (n) root.setAttribute(ATTR, n); else root.removeAttribute(ATTR);
    showStep(n);
    d.querySelectorAll(".text-size [role=status]").forEach(function (s) {
      s.textContent = "Cỡ chữ " + SIZES[n] + "%";
    });
    // Private browsing may refuse storage: the size then lasts for this page only.
    try {
      if (n) localStorage.setItem(KEY, String(n)); else localStorage.removeItem(KEY);
    } catch (e) {}
  }

  // High contrast: on <html> (CSS draws it), kept as the reader's choice ("cao" or
  // "thuong": a reader whose system asks for more contrast may turn it off).
  function showContrast(on) {
    d.querySelectorAll(".contrast-button").forEach(function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  function setContrast(on) {
    if (on) root.setAttribute(CONTRAST, "cao"); else root.removeAttribute(CONTRAST);
    showContrast(on);
    try { localStorage.setItem("tuong-phan", on ? "cao" : "thuong"); } catch (e) {}
  }

  // The buttons say the reader's size and contrast (the inline script applied them
  // before first paint), as soon as they are made (DisplayPanel, below).
  function showAll() {
    showStep(step());
    showContrast(root.hasAttribute(CONTRAST));
  }

  d.addEventListener("click", function (ev) {
    var t = ev.target && ev.target.closest && ev.target.closest(".text-size-button, .print-button, .contrast-button");
    if (!t) return;
    if (t.classList.contains("print-button")) { window.print(); return; }
    if (t.classList.contains("contrast-button")) { setContrast(!root.hasAttribute(CONTRAST)); return; }
    var n = step();
    if (t.classList.contains("text-size-smaller")) n = Math.max(0, n - 1);
    else if (t.classList.contains("text-size-larger")) n = Math.min(SIZES.length - 1, n + 1);
    else n = 0;
    setStep(n);
  });

  d.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    var menu = d.querySelector("details.menu[open]");
    if (!menu) return;
    menu.removeAttribute("open");
    var summary = menu.querySelector("summary");
    if (summary) summary.focus();
  });

  // ---- Hiển thị: the text size and contrast buttons, in the header's panel ---------
  // "Cỡ chữ A− A A+" scales every rem-based size (the root font size is a percentage, so
  // the reader's own browser setting is multiplied, never replaced); "Tương phản cao":
  // black on white, every text at least 7:1. Both are kept in localStorage and applied
  // before first paint by the page's inline script (`data-co-chu`, `data-tuong-phan` on
  // <html>); CSS draws what the buttons show. Made here, not carried by every page: the
  // page has the "Hiển thị" button and this empty element (<hien-thi>), which the panel
  // is made in whenever it appears (the app writes it too).
  function DisplayPanel() { return Reflect.construct(HTMLElement, [], DisplayPanel); }
  DisplayPanel.prototype = Object.create(HTMLElement.prototype);
  Object.setPrototypeOf(DisplayPanel, HTMLElement);
  DisplayPanel.prototype.connectedCallback = function () {
    if (this.firstChild) { showAll(); return; }
    var size = el("div", { "class": "text-size", role: "group", "aria-labelledby": "text-size-label" });
    size.appendChild(el("span", { id: "text-size-label", "class": "text-size-label" }, "Cỡ chữ"));
    [["smaller", "A−", "Giảm cỡ chữ"], ["reset", "A", "Cỡ chữ mặc định"], ["larger", "A+", "Tăng cỡ chữ"]].forEach(function (b) {
      size.appendChild(el("button", { type: "button", "class": "text-size-button text-size-" + b[0], "aria-label": b[1] + " " + b[2] }, b[1]));
    });
    size.appendChild(el("span", { "class": "text-size-value", "aria-hidden": "true" }));
    // Announces a change to screen readers.
    size.appendChild(el("span", { "class": "visually-hidden", role: "status" }));
    this.appendChild(size);
    this.appendChild(el("button", { type: "button", "class": "contrast-button" }, "Tương phản cao"));
    showAll();
  };

  // ---- Nghe đọc: the browser's own speech, in Vietnamese ---------------------------
  var speech = window.speechSynthesis;
  var RATES = [["0.8", "Chậm"], ["1", "Vừa"], ["1.25", "Nhanh"], ["1.5", "Rất nhanh"]];

  function viVoice() {
    var all = speech ? speech.getVoices() : [];
    for (var i = 0; i < all.length; i++) if (/^vi([-_]|$)/i.test(all[i].lang)) return all[i];
    return null;
  }

  function el(tag, attrs, text) {
    var e = d.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text) e.textContent = text;
    return e;
  }

  function button(cls, text) {
    return el("button", { type: "button", "class": "button button-secondary " + cls }, text);
  }

  // Opens or closes what a control shows below it (on the reader's click only).
  function open(host, panel) {
    if (host.panel) host.removeChild(host.panel);
    host.panel = panel;
    if (panel) { host.appendChild(panel); host.setAttribute("data-mo", ""); } else host.removeAttribute("data-mo");
  }

  // The article read aloud: its title, then its body's blocks one by one (not menus).
  function ReadAloud() { return Reflect.construct(HTMLElement, [], ReadAloud); }
  ReadAloud.prototype = Object.create(HTMLElement.prototype);
  Object.setPrototypeOf(ReadAloud, HTMLElement);
  ReadAloud.prototype.connectedCallback = function () {
    var self = this;
    if (!speech || self.play) return;
    self.play = button("read-aloud-play", "Nghe đọc");
    self.play.addEventListener("click", function () { self.toggle(); });
    self.appendChild(self.play);
  };
  ReadAloud.prototype.disconnectedCallback = function () {
    // Leaving the article (the app removes it) stops the reading.
    this.stop();
  };
  ReadAloud.prototype.blocks = function () {
    var article = this.closest("article") || d;
    var list = [];
    var title = article.querySelector("h1");
    if (title) list.push(title);
    article.querySelectorAll(".article-lead, .article-body p, .article-body li, .article-body h2, .article-body h3, .article-body figcaption")
      .forEach(function (b) { if (b.textContent.trim() && !b.querySelector("p")) list.push(b); });
    return list;
  };
  ReadAloud.prototype.toggle = function () {
    if (!this.reading) { this.start(); return; }
    if (speech.paused) { speech.resume(); this.play.textContent = "Tạm dừng"; } else { speech.pause(); this.play.textContent = "Đọc tiếp"; }
  };
  ReadAloud.prototype.start = function () {
    var self = this;
    if (!viVoice()) {
      // Explained, never a button that does nothing; said in a live region that is
      // in the page before the words come (one arriving with them is often not read).
      var none = el("p", { "class": "read-aloud-none", role: "status" });
      open(self, none);
      setTimeout(function () { none.textContent = "Trình duyệt này chưa có giọng đọc tiếng Việt."; }, 100);
      return;
    }
    var panel = el("div", { "class": "read-aloud", role: "group", "aria-label": "Nghe đọc bài viết" });
    var halt = button("read-aloud-stop", "Dừng");
    halt.addEventListener("click", function () { self.stop(); self.play.focus(); });
    var label = el("label", { "class": "read-aloud-rate" }, "Tốc độ ");
    self.rate = el("select", {});
    RATES.forEach(function (r) {
      var o = el("option", { value: r[0] }, r[1]);
      if (r[0] === (self.chosen || "1")) o.selected = true;
      self.rate.appendChild(o);
    });
    self.rate.addEventListener("change", function () { self.chosen = self.rate.value; });
    label.appendChild(self.rate);
    panel.appendChild(halt);
    panel.appendChild(label);
    open(self, panel);
    speech.cancel();
    self.queue = self.blocks();
    self.at = 0;
    self.reading = true;
    self.play.textContent = "Tạm dừng";
    self.next();
  };
  ReadAloud.prototype.next = function () {
    var self = this;
    self.mark(null);
    if (!self.reading || self.at >= self.queue.length) { self.stop(); return; }
    var block = self.queue[self.at++];
    self.mark(block);
    var u = new SpeechSynthesisUtterance(block.textContent.replace(/\s+/g, " ").trim());
    u.lang = "vi-VN";
    u.voice = viVoice();
    u.rate = +self.rate.value || 1;
    u.onend = function () { if (self.current === u) self.next(); };
    u.onerror = u.onend;
    self.current = u;
    speech.speak(u);
  };
  // The block being read is marked and kept in view.
  ReadAloud.prototype.mark = function (block) {
    if (this.marked) this.marked.classList.remove("dang-doc");
    this.marked = block;
    if (!block) return;
    block.classList.add("dang-doc");
    if (block.scrollIntoView) block.scrollIntoView({ block: "nearest" });
  };
  ReadAloud.prototype.stop = function () {
    if (!this.reading) return;
    this.reading = false;
    this.current = null;
    speech.cancel();
    this.mark(null);
    open(this, null);
    this.play.textContent = "Nghe đọc";
  };

  // ---- Chia sẻ: the phone's own share sheet, or a link to copy --------------------
  function pageUrl() {
    var c = d.querySelector("link[rel=canonical]");
    return c && c.href ? c.href : location.href.split("#")[0];
  }
  function pageTitle() {
    var h = d.querySelector("main h1");
    return h ? h.textContent.trim() : d.title;
  }

  function Share() { return Reflect.construct(HTMLElement, [], Share); }
  Share.prototype = Object.create(HTMLElement.prototype);
  Object.setPrototypeOf(Share, HTMLElement);
  Share.prototype.connectedCallback = function () {
    var self = this;
    if (self.button) return;
    self.button = button("share-button", "Chia sẻ");
    if (!navigator.share) self.button.setAttribute("aria-expanded", "false");
    self.button.addEventListener("click", function () {
      if (navigator.share) {
        navigator.share({ title: pageTitle(), url: pageUrl() }).catch(function () {});
        return;
      }
      var opening = !self.panel;
      open(self, opening ? self.links() : null);
      self.button.setAttribute("aria-expanded", opening ? "true" : "false");
    });
    self.appendChild(self.button);
  };
  // Without a share sheet (a desktop browser): copy the link, or a plain link; the
  // addresses are the page's as it is now (the app may have changed it).
  Share.prototype.links = function () {
    var url = pageUrl(), title = pageTitle();
    var group = el("div", { "class": "share", role: "group", "aria-label": "Chia sẻ bài viết" });
    var copy = button("share-copy", "Sao chép liên kết");
    var said = el("span", { "class": "share-said", role: "status" });
    var fb = el("a", { "class": "share-link share-facebook", href: "https://www.facebook.com/sharer/sharer.php?u=" + encodeURIComponent(url) }, "Facebook");
    var mail = el("a", { "class": "share-link share-email", href: "mailto:?subject=" + encodeURIComponent(title) + "&body=" + encodeURIComponent(url) }, "Email");
    copy.addEventListener("click", function () {
      var done = function () { said.textContent = "Đã sao chép liên kết"; };
      var failed = function () { said.textContent = "Không sao chép được: " + url; };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(url).then(done, failed);
      else failed();
    });
    [copy, fb, mail, said].forEach(function (e) { group.appendChild(e); });
    return group;
  };

  // ---- Đọc khi không có mạng: the service worker (/sw.js) and what it saved ---------
  var PAGES = "trang", DATA = "du-lieu", SAVED_AT = "x-luu-luc";

  // "08:15", or "08:15 ngày 05/12/2026" when not today.
  function when(ms) {
    var t = new Date(ms), two = function (n) { return (n < 10 ? "0" : "") + n; };
    var s = two(t.getHours()) + ":" + two(t.getMinutes());
    if (t.toDateString() !== new Date().toDateString()) {
      s += " ngày " + two(t.getDate()) + "/" + two(t.getMonth() + 1) + "/" + t.getFullYear();
    }
    return s;
  }

  // Saving data (the browser's Save-Data, or a 2G connection): no app.
  function lite() {
    var c = navigator.connection;
    return !!(c && (c.saveData || /2g/.test(c.effectiveType)));
  }

  // ---- The app: started once the page has loaded and been painted ----------------
  // (the frame after `load`): no request for the app competes with the page itself,
  // nor comes before its largest paint. A reader who saves data gets the pages alone:
  // no app, links are page loads; these controls work without it. portal-prerender
  // writes the app's loader (boot-<hash>.js) here when it publishes this file.
  var APP = "";
  function startApp() {
    if (!APP || lite()) return;
    requestAnimationFrame(function () {
      setTimeout(function () { d.head.appendChild(el("script", { type: "module", src: APP })); });
    });
  }
  if (d.readyState === "complete") startApp(); else addEventListener("load", startApp);

  // The page (or the data the app just showed) came from the copy saved on this phone:
  // said at the top of the page, until a fresh answer comes. The live region is there
  // from the start (empty, it takes no room), so that what it says is announced.
  var note = null;
  function showSaved(at) {
    if (!note) return;
    note.textContent = at ? "Bạn đang xem bản lưu lúc " + when(at) + " — không có kết nối." : "";
  }

  var sw = navigator.serviceWorker;
  if (sw && d.body) {
    note = el("p", { "class": "ban-luu", role: "status" });
    d.body.insertBefore(note, d.body.firstChild);
    sw.addEventListener("message", function (ev) {
      if (ev.data && "banLuu" in ev.data) showSaved(+ev.data.banLuu);
    });
    // To the worker in charge of this page: was it a copy; anything to save. A page it
    // did not serve (it came before the worker) is to be kept: "luu".
    if (sw.controller) {
      sw.controller.postMessage("ban-luu?");
      sw.controller.postMessage("kiem-tra");
    }
    sw.addEventListener("controllerchange", function () { if (sw.controller) sw.controller.postMessage("luu"); });
    // Registered once the page and the app have loaded (never in their way); for a
    // reader who saves data, without the app's files.
    var registered = false;
    var register = function () {
      if (registered) return;
      registered = true;
      sw.register(lite() ? "/sw.js?tiet-kiem" : "/sw.js").catch(function () {});
    };
    var afterLoad = function () {
      if (lite() || !window.PerformanceObserver) { register(); return; }
      try {
        new PerformanceObserver(function (list, o) {
          if (list.getEntries().some(function (e) { return /_bg\.wasm$/.test(e.name); })) { o.disconnect(); register(); }
        }).observe({ type: "resource", buffered: true });
      } catch (e) { register(); }
      setTimeout(register, 10000);
    };
    if (d.readyState === "complete") afterLoad(); else addEventListener("load", afterLoad);
  }

  // The articles saved on this phone, newest first: the pages read, and the articles
  // the app showed (their data). Every text is set as text; an address is made only
  // from a slug of [a-z0-9-].
  function savedArticles() {
    var found = {};
    function add(path, title, at) {
      if (title && (!found[path] || found[path].at < at)) found[path] = { path: path, title: title, at: at };
    }
    function each(store, fn) {
      return caches.open(store).then(function (cache) {
        return cache.keys().then(function (keys) {
          return Promise.all(keys.map(function (req) {
            return cache.match(req).then(function (r) { return r && fn(new URL(req.url).pathname, r); });
          }));
        });
      });
    }
    return Promise.all([
      each(PAGES, function (path, r) {
        if (!/^\/bai-viet\/[a-z0-9-]+\/$/.test(path)) return;
        return r.text().then(function (html) {
          var head = new DOMParser().parseFromString(html.slice(0, html.indexOf("</head>") + 7), "text/html");
          var og = head.querySelector("meta[property='og:title']");
          add(path, og && og.getAttribute("content"), +r.headers.get(SAVED_AT));
        });
      }),
      // An article the app showed has only its data saved: it opens offline in the
      // app, so not for a reader who saves data (no app).
      lite() ? null : each(DATA, function (path, r) {
        var m = /^\/api\/v\d+\/articles\/([a-z0-9-]+)\.json$/.exec(path);
        if (!m) return;
        return r.json().then(function (a) {
          add("/bai-viet/" + m[1] + "/", typeof a.title === "string" && a.title, +r.headers.get(SAVED_AT));
        }, function () {});
      })
    ]).then(function () {
      return Object.keys(found).map(function (k) { return found[k]; }).sort(function (a, b) { return b.at - a.at; });
    });
  }

  function SavedList() { return Reflect.construct(HTMLElement, [], SavedList); }
  SavedList.prototype = Object.create(HTMLElement.prototype);
  Object.setPrototypeOf(SavedList, HTMLElement);
  SavedList.prototype.connectedCallback = function () {
    var self = this;
    if (self.filled || !window.caches) return;
    self.filled = true;
    // Inside the app's error message (role=alert) the list comes later: not an alert.
    self.setAttribute("aria-live", "off");
    savedArticles().then(function (list) {
      if (!list.length) return;
      self.appendChild(el("h2", { "class": "saved-title" }, "Bài đã lưu trên máy này, đọc được ngay"));
      var ul = el("ul", { "class": "plain-list saved-list" });
      list.forEach(function (a) {
        var li = el("li", {});
        li.appendChild(el("a", { href: a.path }, a.title));
        li.appendChild(el("span", { "class": "saved-at" }, " (lưu lúc " + when(a.at) + ")"));
        ul.appendChild(li);
      });
      self.appendChild(ul);
    }, function () {});
  };

  d.addEventListener("click", function (ev) {
    if (ev.target && ev.target.closest && ev.target.closest(".reload-button")) location.reload();
  });

  if (window.customElements && window.Reflect) {
    customElements.define("hien-thi", DisplayPanel);
    customElements.define("nghe-doc", ReadAloud);
    customElements.define("chia-se", Share);
    customElements.define("bai-da-luu", SavedList);
  } else {
    // A browser without custom elements (EdgeHTML, Firefox before 63) still gets the
    // text size and contrast: the panel is made in each empty <hien-thi>, now and
    // whenever the page changes (the app writes the header).
    var fill = function () {
      d.querySelectorAll("hien-thi:empty").forEach(function (h) { DisplayPanel.prototype.connectedCallback.call(h); });
    };
    fill();
    if (window.MutationObserver) new MutationObserver(fill).observe(root, { childList: true, subtree: true });
  }

  // This file loads after the page (or at the reader's first touch): a click on a
  // control before it came was kept by the page's inline script, and is done now.
  window.portalControls = true;
  (window.portalClicks || []).splice(0).forEach(function (t) { if (t.isConnected) t.click(); });
  addEventListener("pagehide", function () { if (speech) speech.cancel(); });
})();
