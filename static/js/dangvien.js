// The little behaviour the pages need, from a file: the Content-Security-Policy runs scripts
// from our own files only (no inline code, no event-handler attributes, no eval).

// The organization tree's toggles: open loads the children (hx-get), close empties them.
document.addEventListener("htmx:beforeRequest", function (event) {
  var button = event.detail.elt;
  if (!button.matches || !button.matches("button.toggle")) return;
  if (button.getAttribute("aria-expanded") === "true") {
    event.preventDefault();
    var children = document.querySelector(button.getAttribute("hx-target"));
    if (children) children.innerHTML = "";
    button.setAttribute("aria-expanded", "false");
  }
});
document.addEventListener("htmx:afterRequest", function (event) {
  var button = event.detail.elt;
  if (button.matches && button.matches("button.toggle")) {
    button.setAttribute("aria-expanded", "true");
  }
});

// <input data-autosubmit>: changing it submits its form (the date of the header).
document.addEventListener("change", function (event) {
  var input = event.target;
  if (input.matches && input.matches("[data-autosubmit]") && input.form) input.form.submit();
});

/* dangvien: small progressive enhancements (the pages work without them).
 * 1. Date fields read and write dd/mm/yyyy whatever the browser's language (the server accepts
 *    dd/mm/yyyy and ISO dates).
 * 2. Long drop-down lists (organizations) get a search box: type a name without diacritics or a
 *    code and the list keeps the matching entries.
 * 3. "Print" links open the page with every row and the browser's print dialog. */
(function () {
  "use strict";
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "d").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function toVn(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : iso;
  }
  function dates(root) {
    root.querySelectorAll('input[type="date"]').forEach(function (input) {
      // the value as written in the page: a browser empties a type="date" input whose value
      // is dd/mm/yyyy (a form shown again after an error keeps what was typed)
      var written = input.getAttribute("value") || input.value;
      input.type = "text";
      input.value = toVn(written);
      input.setAttribute("inputmode", "numeric");
      input.setAttribute("placeholder", "dd/mm/yyyy");
      input.setAttribute("autocomplete", "off");
      input.classList.add("vn-date");
      input.size = 10;
    });
  }
  function pickers(root) {
    root.querySelectorAll("select:not([multiple]):not([data-picker])").forEach(function (select) {
      if (select.options.length < 12) { return; }
      select.setAttribute("data-picker", "1");
      var search = document.createElement("input");
      search.type = "search";
      search.className = "picker-search";
      search.placeholder = document.documentElement.lang === "en"
        ? "Type a name or code…" : "Gõ tên (không cần dấu) hoặc mã…";
      search.setAttribute("aria-label", search.placeholder);
      var options = Array.prototype.map.call(select.options, function (o) {
        return { option: o, text: fold(o.text + " " + o.value) };
      });
      search.addEventListener("input", function () {
        var words = fold(search.value).split(" ").filter(Boolean);
        var first = null;
        options.forEach(function (item) {
          var shown = words.every(function (w) { return item.text.indexOf(w) !== -1; });
          item.option.hidden = !shown;
          if (shown && !first && item.option.value) { first = item.option; }
        });
        if (first && words.length) { select.value = first.value; }
      });
      select.parentNode.insertBefore(search, select);
    });
  }
  function printing() {
    document.querySelectorAll("a[data-print]").forEach(function (a) {
      a.addEventListener("click", function (event) {
        if (a.href.indexOf("print=1") === -1) { event.preventDefault(); window.print(); }
      });
    });
    if (/[?&]print=1(&|$)/.test(window.location.search)) {
      window.addEventListener("load", function () { window.print(); });
    }
  }
  /* Organization fields that take a code: type part of a name (no diacritics needed) or a
   * code, pick a line; the field keeps the code, the name shows beside it. */
  function lookups(root) {
    root.querySelectorAll("input[data-org-lookup]:not([data-ready])").forEach(function (input) {
      input.setAttribute("data-ready", "1");
      var list = document.createElement("ul");
      list.className = "org-results";
      list.setAttribute("role", "listbox");
      var chosen = document.createElement("div");
      chosen.className = "org-chosen small muted";
      input.parentNode.insertBefore(list, input.nextSibling);
      input.parentNode.insertBefore(chosen, list);
      var timer = null;
      function show(results) {
        list.innerHTML = "";
        results.forEach(function (r) {
          var li = document.createElement("li");
          li.setAttribute("role", "option");
          li.tabIndex = 0;
          li.textContent = r.name + (r.parent ? " — " + r.parent : "") + " (" + r.code + ")";
          function pick() { input.value = r.code; chosen.textContent = r.name; list.innerHTML = ""; }
          li.addEventListener("click", pick);
          li.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); pick(); } });
          list.appendChild(li);
        });
      }
      input.addEventListener("input", function () {
        chosen.textContent = "";
        clearTimeout(timer);
        var q = input.value.trim();
        if (q.length < 2) { list.innerHTML = ""; return; }
        timer = setTimeout(function () {
          var asOf = document.getElementById("as-of-input");
          var url = "/organizations/lookup/?q=" + encodeURIComponent(q) +
            (asOf && asOf.value ? "&as_of=" + encodeURIComponent(asOf.value) : "");
          fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); })
            .then(function (data) { show(data.results || []); });
        }, 200);
      });
    });
  }
  function enhance(root) { dates(root); pickers(root); lookups(root); }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); printing(); });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
})();
