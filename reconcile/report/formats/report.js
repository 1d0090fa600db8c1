// reconcile HTML report: filter by status and outlet, search, sort. Plain JavaScript, no framework.
// The page is complete without it; this only hides, shows and reorders what is already there.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var list = document.getElementById("key-list");
  var controls = document.getElementById("controls");
  var search = document.getElementById("search");
  var outlet = document.getElementById("outlet");
  var sort = document.getElementById("sort");
  var count = document.getElementById("shown-count");
  var none = document.getElementById("none-shown");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[name=status]"));
  var elements = {};
  data.keys.forEach(function (k) { elements[k.id] = document.getElementById(k.id); });

  var orders = {
    severity: function (a, b) { return a.rank - b.rank || a.pos - b.pos; },
    key: function (a, b) { return a.label.localeCompare(b.label) || a.pos - b.pos; },
    spread: function (a, b) { return b.spread - a.spread || a.rank - b.rank || a.pos - b.pos; },
    claims: function (a, b) { return b.claims - a.claims || a.pos - b.pos; },
    confidence: function (a, b) { return a.confidence - b.confidence || a.pos - b.pos; }
  };

  function apply() {
    var terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    var chosen = outlet.value;
    var keys = data.keys.slice().sort(orders[sort.value] || orders.severity);
    var shown = 0;
    var fragment = document.createDocumentFragment();
    keys.forEach(function (k) {
      var el = elements[k.id];
      if (!el) { return; }
      var visible = on[k.status] !== false &&
        (!chosen || k.outlets.indexOf(chosen) >= 0) &&
        terms.every(function (t) { return k.text.indexOf(t) >= 0; });
      el.hidden = !visible;
      if (visible) { shown += 1; }
      fragment.appendChild(el);
    });
    list.appendChild(fragment);
    count.textContent = "showing " + shown + " of " + data.total + " keys";
    none.hidden = shown > 0;
    writeHash();
  }

  // The filters live in the URL fragment (#status=conflict&outlet=Reuters&q=…&sort=spread),
  // so a filtered view can be linked to; `#k3` opens one key instead.
  function readHash() {
    var text = location.hash.slice(1);
    if (text.indexOf("=") < 0) { return; }
    var params = new URLSearchParams(text);
    if (params.has("q")) { search.value = params.get("q"); }
    if (params.has("status")) {
      var wanted = params.get("status").split(",");
      boxes.forEach(function (b) { b.checked = wanted.indexOf(b.value) >= 0; });
    }
    if (params.has("outlet")) { outlet.value = params.get("outlet"); }
    if (params.has("sort") && orders[params.get("sort")]) { sort.value = params.get("sort"); }
  }

  function writeHash() {
    if (location.hash && location.hash.indexOf("=") < 0) { return; }  // a key's anchor
    var params = new URLSearchParams();
    if (search.value) { params.set("q", search.value); }
    var on = boxes.filter(function (b) { return b.checked; });
    if (on.length < boxes.length) {
      params.set("status", on.map(function (b) { return b.value; }).join(","));
    }
    if (outlet.value) { params.set("outlet", outlet.value); }
    if (sort.value !== "severity") { params.set("sort", sort.value); }
    var text = params.toString();
    try {
      history.replaceState(null, "", text ? "#" + text : location.pathname + location.search);
    } catch (e) { /* some viewers forbid it: the filters still work */ }
  }

  function only(status) {
    boxes.forEach(function (b) { b.checked = !status || b.value === status; });
    apply();
    controls.scrollIntoView({ block: "start" });
  }

  function expand(open) {
    Array.prototype.forEach.call(document.querySelectorAll("details.story"), function (d) {
      if (!d.closest(".key").hidden) { d.open = open; }
    });
  }

  search.addEventListener("input", apply);
  outlet.addEventListener("change", apply);
  sort.addEventListener("change", apply);
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  Array.prototype.forEach.call(document.querySelectorAll("[data-only]"), function (b) {
    b.addEventListener("click", function () { only(b.getAttribute("data-only")); });
  });
  document.getElementById("expand-all").addEventListener("click", function () { expand(true); });
  document.getElementById("collapse-all").addEventListener("click", function () { expand(false); });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "/" && document.activeElement !== search) { ev.preventDefault(); search.focus(); }
  });

  function openHash() {
    var el = location.hash.indexOf("=") < 0 && document.getElementById(location.hash.slice(1));
    if (el && el.classList.contains("key")) {
      el.hidden = false;
      var story = el.querySelector("details.story");
      if (story) { story.open = true; }
      el.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", function () { readHash(); apply(); openHash(); });

  controls.hidden = false;
  readHash();
  apply();
  openHash();
  document.documentElement.setAttribute("data-js", "ready");
})();
