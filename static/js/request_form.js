// Progressive enhancement for the request form: show only the recipient details that apply,
// ask the server what the client's releases on file say whenever the recipient or the
// information changes (a current release naming the recipient is selected, unless the worker
// chose a release or none themselves), and disable the submit button after the first click
// (the server also ignores a second submit). Without JavaScript the server does the same when
// the form is submitted.
(function () {
  "use strict";
  var form = document.querySelector(".request-form");
  if (!form) { return; }
  var parts = form.querySelectorAll(".recipient-part");
  var CHECKED_BY = ["recipient_type", "recipient_relation", "staff_username", "recipient_name",
                    "recipient_organization", "categories"];
  var checkUrl = form.getAttribute("data-release-check");
  var asked = 0;
  function chosen() {
    var checked = form.querySelector("input[name=recipient_type]:checked");
    return checked ? checked.value : "";
  }
  function update() {
    var kind = chosen();
    parts.forEach(function (part) {
      var kinds = part.getAttribute("data-for").split(" ");
      part.hidden = kinds.indexOf(kind) === -1;
    });
  }
  function field(name) { return form.querySelector("[name=" + name + "]"); }
  function showReleaseOnFile(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fresh = holder.querySelector("#release-on-file");
    var shown = document.getElementById("release-on-file");
    var release = field("release");
    var proposed = field("release_proposed");
    var explained = field("release_explained");
    if (!fresh || !shown || !release || !proposed || !explained) { return; }
    var proposal = fresh.getAttribute("data-proposed");
    // Left as the form proposed it: follow the new proposal. A release (or none) the worker
    // chose stays chosen.
    if (release.value === proposed.value &&
        release.querySelector("option[value='" + proposal + "']")) {
      release.value = proposal;
    }
    proposed.value = proposal;
    explained.value = fresh.getAttribute("data-explained");
    shown.replaceWith(fresh);
  }
  function checkReleases() {
    if (!checkUrl || !window.fetch) { return; }
    var ask = ++asked;
    fetch(checkUrl, {method: "POST", body: new FormData(form), credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (html && ask === asked) { showReleaseOnFile(html); } })
      .catch(function () { /* the server checks again on submit */ });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "recipient_type") { update(); }
    if (CHECKED_BY.indexOf(event.target.name) !== -1) { checkReleases(); }
  });
  form.addEventListener("submit", function () {
    form.querySelectorAll("[data-once]").forEach(function (button) {
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });
  update();
})();
