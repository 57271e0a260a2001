/* An embed page (embed/CHART.html) inside a frame tells the page around it how tall its content is, at once
   and whenever that changes (the frame's width, a redraw, the legend or the title wrapping, a table sorted),
   so that the frame can fit it without a scrollbar:

     window.parent.postMessage({"stargate-height": {"CHART": PIXELS}}, "*")

   (the shape of Datawrapper's "datawrapper-height" message: one key, the chart's name, its height in CSS
   pixels). The snippet under each chart on the site (stargate/site.py: EMBED_SCRIPT) applies it to the one
   frame the message came from, only when it came from the frame's own origin, and only a sane height. */
(function () {
  "use strict";
  var body = document.body;
  if (window.parent === window || !body || !body.classList.contains("sg-embed-page")) return;
  var figure = document.querySelector("figure[data-chart]");
  var name = figure ? figure.getAttribute("data-chart") : "";
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (!height) return;
    var sizes = {};
    sizes[name] = height;
    window.parent.postMessage({ "stargate-height": sizes }, "*");
  }
  if ("ResizeObserver" in window) new ResizeObserver(post).observe(body);
  window.addEventListener("load", post);
  window.addEventListener("resize", post);
  post();
})();
