(function () {
  "use strict";
  var table = document.getElementById("records-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
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
  var filter = document.getElementById("filter");
  var count = document.getElementById("count");
  function apply() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (r) {
      var text = r.textContent.toLowerCase();
      var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
      r.hidden = !hit;
      shown += hit ? 1 : 0;
    });
    count.textContent = shown + " of " + rows.length;
  }
  filter.addEventListener("input", apply);
  document.getElementById("filter-row").hidden = false;
  apply();
}());
