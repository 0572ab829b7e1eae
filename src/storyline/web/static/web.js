/* storyline web app: curation forms (only present when the server allows edits). Pages work without this file. */
(function () {
  "use strict";

  function show(out, text, isError) {
    if (!out) { return; }
    out.textContent = text;  // textContent: server messages are never parsed as HTML
    out.classList.toggle("error", Boolean(isError));
  }

  function outputFor(form) {
    var panel = form.closest(".panel, .fact, main");
    return (panel && panel.querySelector(".curate-result")) || document.querySelector(".curate-result");
  }

  function submit(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.curate")) { return; }
    event.preventDefault();
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { return; }
    var body = {};
    new FormData(form).forEach(function (value, key) {
      body[key] = key === "start" ? parseInt(value, 10) : value;
    });
    var note = document.querySelector("[data-note]");
    if (note && note.value) { body.note = note.value; }
    var out = outputFor(form);
    show(out, "Saving…", false);
    fetch("/api/curation/" + encodeURIComponent(form.getAttribute("data-action")), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Storyline-Edit": "1" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          show(out, "Not saved: " + (data.detail || response.statusText), true);
          return;
        }
        show(out, "Saved (decision " + data.decision.id + "). Reloading…", false);
        var target = data.location && data.location.charAt(0) === "/" ? data.location : null;
        window.location.assign(target || window.location.pathname + window.location.search);
      });
    }).catch(function (err) { show(out, "Not saved: " + err, true); });
  }

  document.addEventListener("submit", submit);
}());
