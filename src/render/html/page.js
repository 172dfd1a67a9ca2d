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
  var empty = null;
  var previous = "";
  var follow = null;
  var loaded = document.readyState !== "loading";

  // The entries and index links, read once the page has loaded (and afresh while it loads).
  function parts() {
    if (entries && loaded) { return; }
    flush();
    // Found once: a look-up after thousands of entries walks them all, at every keystroke.
    empty = document.querySelector(".empty");
    entries = Array.prototype.map.call(document.querySelectorAll("article.entry"), function (entry) {
      return { node: entry, text: entry.getAttribute("data-text"), shown: !entry.hidden, want: !entry.hidden };
    });
    links = {};
    Array.prototype.forEach.call(document.querySelectorAll(".index li"), function (item) {
      links[item.getAttribute("data-for")] = item;
    });
    groups = Array.prototype.map.call(document.querySelectorAll(".index .group"), function (group, n) {
      group.setAttribute("data-n", n);
      return { node: group, shown: !group.hidden, want: !group.hidden };
    });
    chunks = Array.prototype.map.call(document.querySelectorAll("main .chunk"), function (chunk, n) {
      chunk.setAttribute("data-n", n);
      var count = chunk.querySelectorAll("article.entry:not([hidden])").length;
      return { node: chunk, shown: count, want: count };
    });
    entries.forEach(function (entry) {
      entry.chunk = Number(entry.node.parentNode.getAttribute("data-n"));
      var item = links[entry.node.id];
      entry.item = item || null;
      entry.group = item ? Number(item.parentNode.parentNode.getAttribute("data-n")) : -1;
    });
  }

  // Every word typed must occur in an entry's title, aliases, slug, category, tags or summary.
  // A keystroke only works out what to show, from the entries' text kept here; the page is
  // changed just before the next frame, and only where it differs. So the layout the browser
  // does for the text box after each key finds nothing else to restyle, the frame restyles the
  // change once, and keys typed faster than frames are drawn change the page once.
  var dirty = [];
  var drawing = 0;
  var counted = "";
  function apply() {
    parts();
    var query = input.value.toLowerCase();
    var words = query.split(/\s+/).filter(Boolean);
    var shown = 0;
    var i;
    var used = groups.map(function () { return false; });
    var inChunk = chunks.map(function () { return 0; });
    // Typing on at the end can only narrow what is shown: the hidden entries stay hidden.
    var narrowing = loaded && previous !== "" && query.indexOf(previous) === 0;
    previous = query;
    for (i = 0; i < entries.length; i += 1) {
      var entry = entries[i];
      if (narrowing && !entry.want) { continue; }
      var match = true;
      for (var w = 0; w < words.length && match; w += 1) { match = entry.text.indexOf(words[w]) !== -1; }
      if (match) { shown += 1; used[entry.group] = true; inChunk[entry.chunk] += 1; }
      if (entry.want !== match) {
        entry.want = match;
        dirty.push(entry);
      }
    }
    for (i = 0; i < groups.length; i += 1) { groups[i].want = used[i]; }
    for (i = 0; i < chunks.length; i += 1) { chunks[i].want = inChunk[i]; }
    counted = words.length ? shown + " of " + entries.length : "";
    if (!drawing) { drawing = requestAnimationFrame(draw); }
    clearTimeout(saving);
    saving = setTimeout(save, 500);
  }

  // Brings the page in line with the filter.
  function draw() {
    drawing = 0;
    var shown = 0;
    var i;
    for (i = 0; i < dirty.length; i += 1) {
      var entry = dirty[i];
      if (entry.shown === entry.want) { continue; }
      entry.shown = entry.want;
      entry.node.hidden = !entry.want;
      if (entry.item) { entry.item.hidden = !entry.want; }
    }
    dirty = [];
    for (i = 0; i < groups.length; i += 1) {
      var group = groups[i];
      if (group.shown !== group.want) { group.shown = group.want; group.node.hidden = !group.want; }
    }
    // A chunk's remembered height is stale once the filter changes what it holds. One in view
    // is measured afresh this frame; one out of view forgets it (a size without "auto") and
    // gets an estimate, then "auto" again when it next comes into view (see below).
    for (i = 0; i < chunks.length; i += 1) {
      var chunk = chunks[i];
      shown += chunk.want;
      if (chunk.shown === chunk.want) { continue; }
      if ((chunk.shown === 0) !== (chunk.want === 0)) { chunk.node.hidden = chunk.want === 0; }
      chunk.shown = chunk.want;
      chunk.node.style.containIntrinsicSize = (chunk.node.inView ? "auto " : "") + chunk.want * 36 + "rem";
    }
    if (empty) { empty.hidden = shown > 0; }
    if (status.textContent !== counted) { status.textContent = counted; }
  }

  // Draws now what is waiting for the next frame, for what needs the page as filtered.
  function flush() {
    if (drawing) { cancelAnimationFrame(drawing); draw(); }
  }

  // Whether each chunk is in view (is laid out) follows from the browser's own tracking.
  document.addEventListener("contentvisibilityautostatechange", function (event) {
    var chunk = event.target;
    if (!chunk.classList || !chunk.classList.contains("chunk")) { return; }
    chunk.inView = !event.skipped;
    var size = chunk.style.containIntrinsicSize;
    if (chunk.inView && size && size.indexOf("auto") !== 0) { chunk.style.containIntrinsicSize = "auto " + size; }
    // After a long jump the entries come into view only after the scroll: the index looks again.
    if (chunk.inView && follow) { follow(); }
  }, true);

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
    flush();
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

  // `/` goes to the filter box: a bare `/` only, never while typing somewhere. A reader whose
  // speech input or habits send a bare `/` can turn it off (WCAG 2.1.4) with the box beside
  // the filter; the choice is kept in this browser.
  var KEY = "techlead-glossary:slash";
  var slash = true;
  try { slash = localStorage.getItem(KEY) !== "off"; } catch (e) { /* no storage: on */ }
  var toggle = document.createElement("label");
  var box = document.createElement("input");
  var kbd = document.createElement("kbd");
  toggle.className = "keys";
  box.type = "checkbox";
  box.checked = slash;
  kbd.textContent = "/";
  toggle.appendChild(box);
  toggle.appendChild(kbd);
  toggle.appendChild(document.createTextNode(" to filter"));
  toggle.title = "Pressing / goes to the filter box; untick to leave / to the browser";
  status.parentNode.appendChild(toggle);
  box.addEventListener("change", function () {
    slash = box.checked;
    try { localStorage.setItem(KEY, slash ? "on" : "off"); } catch (e) { /* kept for this visit only */ }
  });
  document.addEventListener("keydown", function (event) {
    if (!slash || event.key !== "/" || event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) { return; }
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
    flush();
    var goal = document.getElementById(decodeURIComponent(href.slice(1)));
    if (goal && goal.hidden) { clear(); flush(); }
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
      reveal(item, link, 3);
    }
    // Scrolled within the index only: scrollIntoView would move the page as well. Categories
    // that come into view on the way take their real height, which moves the link: it is
    // looked at again on the next frames.
    function reveal(item, link, tries) {
      if (link !== current) { return; }
      var box = index.getBoundingClientRect();
      var at = item.getBoundingClientRect();
      if (index.scrollHeight > index.clientHeight && (at.top < box.top || at.bottom > box.bottom)) {
        index.scrollTop += at.top - box.top - index.clientHeight / 3;
        if (tries > 1) { requestAnimationFrame(function () { reveal(item, link, tries - 1); }); }
      }
    }
    follow = function () {
      if (!pending) { pending = true; requestAnimationFrame(mark); }
    };
    window.addEventListener("scroll", follow, { passive: true });
    mark();
  }
  if (loaded) { whenLoaded(); } else { document.addEventListener("DOMContentLoaded", whenLoaded); }
})();
