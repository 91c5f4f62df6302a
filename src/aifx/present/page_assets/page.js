(function () {
  "use strict";
  var table = document.getElementById("records-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var names = heads.map(function (th) { return th.textContent.trim().toLowerCase(); });
  function key(cell, numeric) {
    var v = cell.getAttribute("data-value");
    if (numeric) { return v === null || v === "" ? null : parseFloat(v); }
    var t = cell.textContent.trim().toLowerCase();
    return t === "unknown" || t === "—" ? null : t;
  }
  heads.forEach(function (th, i) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var up = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      var numeric = th.getAttribute("data-type") === "number";
      rows.sort(function (a, b) {
        var x = key(a.cells[i], numeric), y = key(b.cells[i], numeric);
        if (x === y) { return 0; }
        if (x === null) { return 1; }  // unknown last either way
        if (y === null) { return -1; }
        var order = numeric ? x - y : x.localeCompare(y);
        return up ? order : -order;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  // A column by its name, or by the start of one name only (host for host_short); -1 when none or several.
  function column(name) {
    var exact = names.indexOf(name);
    if (exact >= 0) { return exact; }
    var starts = names.filter(function (n) { return n.indexOf(name) === 0; });
    return starts.length === 1 ? names.indexOf(starts[0]) : -1;
  }
  function quoted(text) { return text.replace(/^"|"$/g, ""); }
  function escaped(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  // column:value matches whole words of that column's cell: country:de is DE, never "deploying" or "Dresden".
  function whole(value) {
    return new RegExp("(^|[^\\p{L}\\p{N}])" + escaped(value) + "($|[^\\p{L}\\p{N}])", "u");
  }
  // Plain words match anywhere in a row; a word whose "field:" names no column is a plain word too (AI:AT).
  function terms(text) {
    var found = [], unknown = [];
    (text.toLowerCase().match(/[^\s:"]+:"[^"]*"?|"[^"]*"?|\S+/g) || []).forEach(function (t) {
      var at = t.charAt(0) === '"' ? -1 : t.indexOf(":");
      var i = at > 0 ? column(t.slice(0, at)) : -1;
      if (i >= 0) {
        var value = quoted(t.slice(at + 1)).trim();
        if (value) { found.push({ column: i, test: whole(value) }); }
        return;
      }
      if (at > 0) { unknown.push(t.slice(0, at)); }
      var word = quoted(t).trim();
      if (word) { found.push({ column: -1, word: word }); }
    });
    return { found: found, unknown: unknown };
  }
  var filter = document.getElementById("filter");
  var count = document.getElementById("count");
  function apply() {
    var query = terms(filter.value);
    var shown = 0;
    rows.forEach(function (r) {
      var text = r.textContent.toLowerCase();
      var hit = query.found.every(function (t) {
        if (t.column < 0) { return text.indexOf(t.word) >= 0; }
        return t.test.test(r.cells[t.column].textContent.trim().toLowerCase());
      });
      r.hidden = !hit;
      shown += hit ? 1 : 0;
    });
    count.textContent = shown + " of " + rows.length + (shown === 0 && query.unknown.length
      ? " (no column " + query.unknown.join(", ") + "; the columns are " + names.join(", ") + ")"
      : "");
  }
  filter.addEventListener("input", apply);
  document.getElementById("filter-row").hidden = false;
  apply();
}());
