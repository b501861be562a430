// Small progressive enhancements for every page; the site works without it.
(function () {
  "use strict";
  // "/" focuses the search box, as on most documentation sites.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
    var box = document.getElementById("search-input") || document.querySelector(".search-box input");
    if (box) { e.preventDefault(); box.focus(); }
  });
})();
