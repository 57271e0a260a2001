/* "Cite this chart" under every chart (stargate/site.py: cite_block; the formats are stargate/cite.py's):
   each citation is a template whose link and access date are filled in here, with the link of the view as
   set (a live chart's runtime calls update() when its settings change) and the reader's today. Each has a
   Copy button and a download (made when the reader reaches for it). An address ending in #cite-CHART opens
   that chart's citation. */
(function () {
  "use strict";
  var each = function (list, fn) {
    Array.prototype.forEach.call(list, fn);
  };
  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function fill(template, url, day) {
    return template.split("{{url}}").join(url).split("{{accessed}}").join(day);
  }
  function update(box, url) {
    if (url) box.setAttribute("data-url", url);
    var link = box.getAttribute("data-url"),
      day = today();
    each(box.querySelectorAll(".sg-cite-text"), function (el) {
      el.textContent = fill(el.getAttribute("data-template"), link, day);
    });
  }
  function download(a) {
    var pre = a.parentNode.querySelector(".sg-cite-text");
    if (a.getAttribute("data-blob")) URL.revokeObjectURL(a.getAttribute("data-blob"));
    var blob = URL.createObjectURL(new Blob([pre.textContent], { type: a.getAttribute("data-type") }));
    a.setAttribute("data-blob", blob);
    a.href = blob;
  }
  function copy(button) {
    var pre = button.parentNode.querySelector(".sg-cite-text"),
      old = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", old);
    var done = function (ok) {
      button.textContent = ok ? "Copied" : "Select the text and copy it";
      setTimeout(function () {
        button.textContent = old;
      }, 2500);
    };
    if (navigator.clipboard && window.isSecureContext)
      navigator.clipboard.writeText(pre.textContent).then(
        function () {
          done(true);
        },
        function () {
          done(false);
        },
      );
    else {
      window.getSelection().selectAllChildren(pre);
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch {
        ok = false;
      }
      done(ok);
    }
  }
  function openFromAddress() {
    var m = /^#cite-([A-Za-z0-9_-]+)$/.exec(window.location.hash);
    var box = m && document.getElementById("cite-" + m[1]);
    if (box && box.tagName === "DETAILS") {
      box.open = true;
      box.scrollIntoView();
    }
  }
  /* a citation box's Copy buttons and downloads, once (the site's page binds its own; a live view's runtime
     binds the box in its root: stargate/js/site_live.js) */
  function bind(box) {
    if (box.__sgCite) return;
    box.__sgCite = true;
    update(box);
    each(box.querySelectorAll("button.sg-cite-copy"), function (b) {
      b.hidden = false;
      b.addEventListener("click", function () {
        copy(b);
      });
    });
    each(box.querySelectorAll("a.sg-cite-download"), function (a) {
      download(a);
      a.hidden = false;
      ["pointerdown", "focus", "contextmenu", "click"].forEach(function (type) {
        a.addEventListener(type, function () {
          download(a);
        });
      });
    });
  }
  each(document.querySelectorAll("details.sg-cite"), bind);
  openFromAddress();
  window.addEventListener("hashchange", openFromAddress);
  window.__stargateCite = { update: update, fill: fill, today: today, bind: bind };
})();
