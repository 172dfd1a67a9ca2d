"use strict";
(function () {
  var input = document.querySelector(".filter");
  var status = document.querySelector(".status");
  var empty = document.querySelector(".empty");
  var index = document.querySelector(".index");
  var entries = Array.prototype.slice.call(document.querySelectorAll(".entry"));
  var items = Array.prototype.slice.call(document.querySelectorAll(".index li"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".index .group"));

  // Every word typed must occur in an entry's title, aliases, slug, category, tags or summary.
  function apply() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var visible = {};
    var shown = 0;
    entries.forEach(function (entry) {
      var text = entry.getAttribute("data-text");
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      entry.hidden = !match;
      if (match) { visible[entry.id] = true; shown += 1; }
    });
    items.forEach(function (item) { item.hidden = !visible[item.getAttribute("data-for")]; });
    groups.forEach(function (group) { group.hidden = !group.querySelector("li:not([hidden])"); });
    empty.hidden = shown > 0;
    status.textContent = words.length ? shown + " of " + entries.length : "";
  }

  function clear() {
    if (input.value) { input.value = ""; apply(); }
  }

  input.hidden = false;
  input.addEventListener("input", apply);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { clear(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && document.activeElement !== input) {
      event.preventDefault();
      input.focus();
    }
  });

  // A link to an entry the filter hides shows every entry again before the jump.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (!link) { return; }
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (target && target.hidden) { clear(); }
  });

  // A tag filters by that tag.
  Array.prototype.forEach.call(document.querySelectorAll(".tags li"), function (tag) {
    tag.classList.add("pick");
    tag.title = "Show the entries with this tag";
    tag.addEventListener("click", function () {
      input.value = tag.textContent;
      apply();
      window.scrollTo(0, 0);
    });
  });

  // On a narrow screen the index starts folded, so the entries come first.
  if (window.matchMedia("(max-width: 50rem)").matches) { index.open = false; }
  if (input.value) { apply(); }
})();
