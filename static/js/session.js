// Warn before the idle session ends, offer to stay signed in, and sign out when it ends.
(function () {
  "use strict";
  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-session-seconds") || "0", 10);
  var warnBefore = parseInt(body.getAttribute("data-session-warning") || "120", 10);
  var dialog = document.getElementById("session-warning");
  if (!seconds || !dialog) { return; }
  var warnTimer, endTimer;
  function csrf() {
    var meta = document.querySelector("meta[name=csrf-token]");
    return meta ? meta.getAttribute("content") : "";
  }
  function schedule() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    warnTimer = window.setTimeout(function () { dialog.hidden = false; dialog.querySelector("button").focus(); },
                                  Math.max(seconds - warnBefore, 0) * 1000);
    endTimer = window.setTimeout(function () {
      window.location.assign(body.getAttribute("data-expired-url"));
    }, seconds * 1000);
  }
  dialog.querySelector("button").addEventListener("click", function () {
    fetch(body.getAttribute("data-keepalive-url"), {
      method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": csrf()}
    }).then(function (response) {
      if (response.ok) { dialog.hidden = true; schedule(); }
    });
  });
  schedule();
})();
