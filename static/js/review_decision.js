// Progressive enhancement for the Legal Affairs decision form: show only the details of the
// authority chosen (without JavaScript every detail shows; the server ignores the others).
(function () {
  "use strict";
  var form = document.querySelector(".decision-form");
  if (!form) { return; }
  var basis = form.querySelector("select[name$=authority_basis]");
  if (!basis) { return; }
  var parts = form.querySelectorAll(".authority-part");
  function update() {
    parts.forEach(function (part) {
      part.hidden = part.getAttribute("data-for") !== basis.value;
    });
  }
  basis.addEventListener("change", update);
  update();
})();
