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

// <a data-print>: print the page.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("[data-print]") : null;
  if (link) {
    event.preventDefault();
    window.print();
  }
});
