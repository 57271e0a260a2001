/* Stargate Explained: plotly.js for a page's charts, each bundle fetched at most once, from a cacheable file
   the server serves (stargate.webassets). Every chart (the views' FigureWidgets and the app's static
   charts) asks through this one function with the bundle the module chose for its trace types
   (`spec`: {path, version, bundle, traces: the trace types the bundle holds, or null for all, need: the
   trace types of the chart}); a bundle already on the page that holds every type the chart needs is
   used as it is. `fallback` (optional) returns a promise of plotly.js's source text, used only where the
   server has no such file (an environment set up without `make`). */
window.__stargateLoadPlotly =
  window.__stargateLoadPlotly ||
  (function () {
    var loads = {}; // path -> promise of Plotly
    var holds = null; // trace types of the bundle now on the page (null: every type)
    var loaded = false;
    function covers(need) {
      return (
        loaded &&
        window.Plotly &&
        (holds === null ||
          (need || []).every(function (t) {
            return holds.indexOf(t) >= 0;
          }))
      );
    }
    function baseUrl() {
      var base = "/";
      var config = document.getElementById("jupyter-config-data");
      try {
        if (config) base = JSON.parse(config.textContent).baseUrl || base;
      } catch (_err) {
        /* keep "/" */
      }
      return base.slice(-1) === "/" ? base : base + "/";
    }
    function addScript(fill) {
      return new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.setAttribute("data-stargate", "plotly");
        if (fill.src) {
          s.src = fill.src;
          s.onload = function () {
            window.Plotly ? resolve(window.Plotly) : reject(new Error("no Plotly"));
          };
          s.onerror = function () {
            reject(new Error("could not load " + fill.src));
          };
          document.head.appendChild(s);
        } else {
          s.text = fill.text;
          document.head.appendChild(s);
          window.Plotly ? resolve(window.Plotly) : reject(new Error("no Plotly"));
        }
      });
    }
    /* the page's template may have started this bundle already (an async script tag in its head) */
    function early(path) {
      var tags = document.querySelectorAll("script[data-stargate-path]");
      for (var i = 0; i < tags.length; i++) {
        if (tags[i].getAttribute("data-stargate-path") !== path) continue;
        var tag = tags[i];
        if (window.Plotly) return Promise.resolve(window.Plotly);
        return new Promise(function (resolve, reject) {
          tag.addEventListener("load", function () {
            window.Plotly ? resolve(window.Plotly) : reject(new Error("no Plotly"));
          });
          tag.addEventListener("error", function () {
            reject(new Error("could not load " + path));
          });
        });
      }
      return null;
    }
    return function (spec, fallback) {
      if (covers(spec.need)) return Promise.resolve(window.Plotly);
      if (!loads[spec.path]) {
        var traces = spec.traces || null;
        var loading = early(spec.path) || addScript({ src: baseUrl() + spec.path });
        if (fallback) {
          loading = loading.catch(function () {
            traces = null; // the kernel sends the whole of plotly.js
            return fallback().then(function (text) {
              return addScript({ text: text });
            });
          });
        }
        loads[spec.path] = loading.then(
          function (Plotly) {
            loaded = true;
            holds = traces;
            return Plotly;
          },
          function (err) {
            delete loads[spec.path]; // the next chart may try again
            throw err;
          },
        );
      }
      return loads[spec.path];
    };
  })();

/* plotly.js's source from the kernel, for a widget's `fallback` (where the server has no plotly.js file): the
   widget's Python side answers the message (stargate.webassets.plotly_source_reply), once per page */
window.__stargatePlotlyFromKernel =
  window.__stargatePlotlyFromKernel ||
  function (model) {
    return new Promise(function (resolve) {
      var onMessage = function (msg) {
        if (msg && msg.type === "stargate-plotly-source") {
          model.off("msg:custom", onMessage);
          resolve(msg.source);
        }
      };
      model.on("msg:custom", onMessage);
      model.send({ type: "stargate-plotly-source" });
    });
  };
