"use strict";
// Runs right after the header, before the entries have loaded: the filter box works at once, and
// everything below the header is found when it is needed, through events on the document.
(function () {
  var input = document.querySelector(".filter");
  var status = document.querySelector(".status");
  var heading = document.querySelector(".top h1");
  var entries = null;
  var links = null;
  var groups = null;
  var chunks = null;
  var previous = "";
  var loaded = document.readyState !== "loading";

  // The entries and index links, read once the page has loaded (and afresh while it loads).
  function parts() {
    if (entries && loaded) { return; }
    entries = Array.prototype.map.call(document.querySelectorAll("article.entry"), function (entry) {
      return { node: entry, text: entry.getAttribute("data-text"), hidden: entry.hidden };
    });
    links = {};
    Array.prototype.forEach.call(document.querySelectorAll(".index li"), function (item) {
      links[item.getAttribute("data-for")] = item;
    });
    groups = Array.prototype.map.call(document.querySelectorAll(".index .group"), function (group, n) {
      group.setAttribute("data-n", n);
      return group;
    });
    chunks = Array.prototype.map.call(document.querySelectorAll("main .chunk"), function (chunk, n) {
      chunk.setAttribute("data-n", n);
      return { node: chunk, shown: chunk.querySelectorAll("article.entry:not([hidden])").length };
    });
    entries.forEach(function (entry) {
      entry.chunk = Number(entry.node.parentNode.getAttribute("data-n"));
      var item = links[entry.node.id];
      entry.item = item || null;
      entry.group = item ? Number(item.parentNode.parentNode.getAttribute("data-n")) : -1;
    });
  }

  // Every word typed must occur in an entry's title, aliases, slug, category, tags or summary.
  // Only what changes is touched, so a keystroke costs what it changes.
  function apply() {
    parts();
    var query = input.value.toLowerCase();
    var words = query.split(/\s+/).filter(Boolean);
    var shown = 0;
    var used = groups.map(function () { return false; });
    var inChunk = chunks.map(function () { return 0; });
    // Typing on at the end can only narrow what is shown: the hidden entries stay hidden.
    var narrowing = loaded && previous !== "" && query.indexOf(previous) === 0;
    previous = query;
    entries.forEach(function (entry) {
      if (narrowing && entry.hidden) { return; }
      var match = words.every(function (w) { return entry.text.indexOf(w) !== -1; });
      if (match) { shown += 1; used[entry.group] = true; inChunk[entry.chunk] += 1; }
      if (entry.hidden === match) {
        entry.hidden = !match;
        entry.node.hidden = !match;
        if (entry.item) { entry.item.hidden = !match; }
      }
    });
    groups.forEach(function (group, n) {
      if (group.hidden === used[n]) { group.hidden = !used[n]; }
    });
    // A chunk's remembered height is stale once the filter changes what it holds: it is
    // dropped (a size without "auto") and re-learnt from the next time the chunk is seen.
    var resized = [];
    chunks.forEach(function (chunk, n) {
      var count = inChunk[n];
      if (count === chunk.shown) { return; }
      chunk.shown = count;
      chunk.node.hidden = count === 0;
      chunk.node.style.containIntrinsicSize = count * 36 + "rem";
      resized.push(chunk);
    });
    if (resized.length) {
      requestAnimationFrame(function () {
        resized.forEach(function (chunk) { chunk.node.style.containIntrinsicSize = "auto " + chunk.shown * 36 + "rem"; });
      });
    }
    var empty = document.querySelector(".empty");
    if (empty) { empty.hidden = shown > 0; }
    status.textContent = words.length ? shown + " of " + entries.length : "";
    clearTimeout(saving);
    saving = setTimeout(save, 500);
  }

  // The filter belongs to this place in the history, so Back returns to it. Saved when the
  // reader pauses or leaves, not at every keystroke: writing the history costs a frame.
  var saving = 0;
  function save() {
    clearTimeout(saving);
    var state = history.state;
    if (state && state.filter === input.value) { return; }
    try { history.replaceState({ filter: input.value }, ""); } catch (e) { /* a sandboxed page */ }
  }
  window.addEventListener("pagehide", save);

  function clear() {
    if (input.value) { input.value = ""; apply(); }
  }

  function firstShown() {
    parts();
    for (var i = 0; i < entries.length; i += 1) {
      if (!entries[i].node.hidden) { return entries[i].node; }
    }
    return null;
  }

  input.hidden = false;
  input.addEventListener("input", apply);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { clear(); }
    if (event.key === "Enter") {
      var first = firstShown();
      if (first) {
        event.preventDefault();
        save();
        location.hash = "#" + first.id;
        first.querySelector("h2 a").focus({ preventScroll: true });
      }
    }
  });

  // `/` goes to the filter box: a bare `/` only, never while typing somewhere.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) { return; }
    var target = event.target;
    if (target.isContentEditable || (target.closest && target.closest("input, textarea, select"))) { return; }
    event.preventDefault();
    input.focus({ preventScroll: true });
    input.select();
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target.closest) { return; }
    // A tag filters by that tag; the filter box then holds it, at the top.
    var tag = target.closest("button.tag");
    if (tag) {
      input.value = tag.textContent;
      apply();
      window.scrollTo(0, 0);
      input.focus({ preventScroll: true });
      return;
    }
    var link = target.closest("a");
    if (!link) { return; }
    save();
    if (!/^#/.test(link.getAttribute("href"))) { return; }
    var href = link.getAttribute("href");
    // Back to top takes the keyboard there too, not only the view.
    if (href === "#top") {
      event.preventDefault();
      window.scrollTo(0, 0);
      heading.focus({ preventScroll: true });
      return;
    }
    // A link to an entry the filter hides shows every entry again before the jump.
    var goal = document.getElementById(decodeURIComponent(href.slice(1)));
    if (goal && goal.hidden) { clear(); }
  });

  // Back (or Forward) to a place in the history brings back the filter it had.
  function restore(state) {
    if (state && typeof state.filter === "string" && state.filter !== input.value) {
      input.value = state.filter;
      apply();
    }
  }
  window.addEventListener("popstate", function (event) { restore(event.state); });

  function whenLoaded() {
    loaded = true;
    entries = null;
    var index = document.querySelector(".index");
    // On a narrow screen the index starts folded, so the entries come first.
    if (window.matchMedia("(max-width: 50rem)").matches) { index.open = false; }
    restore(history.state);
    if (input.value) { apply(); }
    var printed = document.querySelector(".printed");
    if (printed) { printed.textContent = "Printed " + new Date().toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" }); }

    // The index marks the entry being read, and keeps it in view. The entry is the one under a
    // point a fifth of the way down the window, looked up once a frame while scrolling: a watch
    // on every entry would cost each change of layout a pass over thousands.
    var main = document.querySelector("main.entries");
    var current = null;
    var pending = false;
    function mark() {
      pending = false;
      var area = main.getBoundingClientRect();
      var under = document.elementFromPoint(area.left + Math.min(40, area.width / 2), window.innerHeight / 5);
      var entry = under && under.closest ? under.closest("article.entry") : null;
      parts();
      var item = entry ? links[entry.id] : null;
      var link = item ? item.querySelector("a") : null;
      if (!link || link === current) { return; }
      if (current) { current.removeAttribute("aria-current"); }
      link.setAttribute("aria-current", "location");
      current = link;
      // Scrolled within the index only: scrollIntoView would move the page as well.
      var box = index.getBoundingClientRect();
      var at = item.getBoundingClientRect();
      if (index.scrollHeight > index.clientHeight && (at.top < box.top || at.bottom > box.bottom)) {
        index.scrollTop += at.top - box.top - index.clientHeight / 3;
      }
    }
    window.addEventListener("scroll", function () {
      if (!pending) { pending = true; requestAnimationFrame(mark); }
    }, { passive: true });
    mark();
  }
  if (loaded) { whenLoaded(); } else { document.addEventListener("DOMContentLoaded", whenLoaded); }
})();
