/* storyline report: small progressive enhancements; the page is complete without them. */
(function () {
  "use strict";

  // Actor filter: shown only when scripts run, since without them every actor is listed anyway.
  var input = document.getElementById("actor-filter");
  var count = document.getElementById("actor-count");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.actor"));
  if (input && rows.length) {
    input.closest(".filter").hidden = false;
    var apply = function () {
      var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.getAttribute("data-filter") || "";
        var match = terms.every(function (t) { return text.indexOf(t) !== -1; });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      count.textContent = terms.length ? shown + " of " + rows.length : "";
    };
    input.addEventListener("input", apply);
    apply();
  }

  // Printing: open every collapsed detail so the paper copy hides nothing.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
}());
