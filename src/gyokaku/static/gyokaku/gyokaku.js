/* gyokaku: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  function setAll(tree, open) {
    tree.querySelectorAll("details").forEach(function (d) { d.open = open; });
  }

  function init() {
    focusMessage();  // a page shown again after a refused or invalid POST: its message first
    document.querySelectorAll("[data-tree-controls]").forEach(function (controls) {
      var section = controls.closest("section") || document;
      var tree = section.querySelector("[data-tree]");
      if (!tree) { return; }
      controls.hidden = false;
      controls.addEventListener("click", function (event) {
        var button = event.target.closest("[data-tree-expand]");
        if (button) { setAll(tree, button.getAttribute("data-tree-expand") === "all"); }
      });
    });
  }

  // A closed <details> prints nothing: open every branch before printing.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("[data-tree] details").forEach(function (d) {
      if (!d.open) { d.open = true; d.setAttribute("data-opened-for-print", ""); }
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-opened-for-print]").forEach(function (d) {
      d.open = false; d.removeAttribute("data-opened-for-print");
    });
  });

  // After an htmx swap, move focus to the message that needs reading (error, stale save), so
  // that keyboard and screen-reader users land on it; the status line is announced by itself.
  function focusMessage() {
    var focus = document.querySelector("[data-focus]");
    if (focus) { focus.removeAttribute("data-focus"); focus.focus(); }
  }
  document.addEventListener("htmx:afterSettle", function () {
    focusMessage();
    var error = document.getElementById("htmx-error");
    if (error) { error.hidden = true; error.textContent = ""; }
  });

  // A refused or failed request is not swapped (see htmx-config in base.html): say so.
  document.addEventListener("htmx:responseError", function (event) {
    var error = document.getElementById("htmx-error");
    if (!error) { return; }
    var status = event.detail && event.detail.xhr ? event.detail.xhr.status : "";
    error.textContent = (document.documentElement.lang === "en"
      ? "The request could not be completed (" + status + "). Reload the page and try again."
      : "操作を完了できませんでした（" + status + "）。ページを読み込み直してから、もう一度お試しください。");
    error.hidden = false;
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
