// Progressive enhancement for the request form: show only the recipient details that apply,
// and disable the submit button after the first click (the server also ignores a second submit).
(function () {
  "use strict";
  var form = document.querySelector(".request-form");
  if (!form) { return; }
  var parts = form.querySelectorAll(".recipient-part");
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
  form.addEventListener("change", function (event) {
    if (event.target.name === "recipient_type") { update(); }
  });
  form.addEventListener("submit", function () {
    form.querySelectorAll("[data-once]").forEach(function (button) {
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });
  update();
})();
