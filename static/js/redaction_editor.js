// The redaction editor: drag over a page with a pointer to fill the "Draw a box" form's corners
// (in points, the page's own coordinates, whatever size the page is shown at). Without
// JavaScript, or with a keyboard, the corners are typed into the same form.
(function () {
  "use strict";
  var svg = document.querySelector("svg.redaction-page");
  if (!svg) { return; }
  var form = document.getElementById(svg.getAttribute("data-draw-form"));
  if (!form) { return; }
  var NS = "http://www.w3.org/2000/svg";
  var start = null;
  var drawn = null;
  function point(event) {
    var p = svg.createSVGPoint();
    p.x = event.clientX;
    p.y = event.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  function corners(a, b) {
    return {x0: Math.min(a.x, b.x), y0: Math.min(a.y, b.y),
            x1: Math.max(a.x, b.x), y1: Math.max(a.y, b.y)};
  }
  function show(box) {
    drawn.setAttribute("x", box.x0);
    drawn.setAttribute("y", box.y0);
    drawn.setAttribute("width", box.x1 - box.x0);
    drawn.setAttribute("height", box.y1 - box.y0);
  }
  svg.addEventListener("pointerdown", function (event) {
    start = point(event);
    drawn = document.createElementNS(NS, "rect");
    drawn.setAttribute("class", "redaction-box redaction-box-new");
    drawn.setAttribute("fill", "#d54309");
    drawn.setAttribute("fill-opacity", "0.5");
    svg.appendChild(drawn);
    svg.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  svg.addEventListener("pointermove", function (event) {
    if (start) { show(corners(start, point(event))); }
  });
  svg.addEventListener("pointerup", function (event) {
    if (!start) { return; }
    var box = corners(start, point(event));
    start = null;
    show(box);
    ["x0", "y0", "x1", "y1"].forEach(function (name) {
      form.querySelector("[name=draw-" + name + "]").value = box[name].toFixed(1);
    });
    form.querySelector("[name=draw-reason]").focus();
  });
})();
