// "Select all" buttons (data-select-all="<checkbox name>") tick every checkbox of that name in
// their form, in the browser. Without JavaScript the button submits and the page comes back
// with every box ticked.
(function () {
  "use strict";
  document.querySelectorAll("[data-select-all]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var form = button.form;
      if (!form) { return; }
      event.preventDefault();
      var name = button.getAttribute("data-select-all");
      form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        if (box.name === name) { box.checked = true; }
      });
    });
  });
})();
