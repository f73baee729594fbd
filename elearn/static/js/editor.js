// The lesson editor: a live preview rendered (and sanitised) by the server, and autosave.
// Without this script the Preview and Save buttons do the same by posting the form.
(function () {
  "use strict";
  var form = document.querySelector("form[data-editor]");
  if (!form || !window.fetch) { return; }
  var preview = document.querySelector("[data-live-preview]");
  var status = form.querySelector(".autosave-status");
  var previewTimer = null;
  var saveTimer = null;

  function post(action) {
    var data = new FormData(form);
    data.set("action", action);
    // form.action would be the buttons named "action": read the attribute instead.
    return fetch(form.getAttribute("action") || window.location.href, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    });
  }

  function refreshPreview() {
    post("preview").then(function (result) {
      if (result.ok && preview) { preview.innerHTML = result.body.html; }  // sanitised on the server
    });
  }

  function autosave() {
    post("save").then(function (result) {
      if (result.ok) {
        form.querySelector("input[name=version]").value = result.body.version;
        status.textContent = form.dataset.savedText;
        status.classList.remove("autosave-status--error");
      } else {
        status.textContent = result.body.message;
        status.classList.add("autosave-status--error");
      }
    }).catch(function () { status.textContent = form.dataset.offlineText; });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(refreshPreview, 600);
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(autosave, 5000);
  });
}());
