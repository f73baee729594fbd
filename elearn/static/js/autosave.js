// Saves each answer as soon as it changes, so a dropped connection loses nothing.
// The form works without this script: every button posts the page's answers.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) { return; }
  var status = form.querySelector(".autosave-status");
  var timer = null;

  function save() {
    var data = new FormData(form);
    data.set("go", "stay");
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (body) {
        status.textContent = response.ok ? form.dataset.savedText || "✓" : body.message;
        if (!response.ok) { status.classList.add("autosave-status--error"); }
      });
    }).catch(function () {
      status.textContent = form.dataset.offlineText || "…";
    });
  }

  form.addEventListener("change", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 400);
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "text") {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 1500);
    }
  });
}());
