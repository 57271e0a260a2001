/* The live view's widget in JupyterLab and the app (stargate.liveview.LiveView): the site's runtime
   (site_live.js, an instance per copy of the view, with this host) and the view's renderer, both in this one
   module (stargate.live.widget_esm puts them before this file). A control move is drawn here, in the browser,
   with no message to the kernel on the way; the new state is then sent to Python (view.state), and a state
   set in Python (view.state = {...}) is drawn here. With the kernel gone the controls keep drawing.
   In the app (a Voilà page) the settings are written into the page's address, as on the site, and a page
   opened with a view's settings in its address opens with them; JupyterLab's address is never written.

   The host a view of site_live.js takes (api.siteHost is the site's):
     initial(spec)  -> {state, problems}: the settings the view opens with (the site: its address)
     address        -> whether the view writes its settings into the page's address (never in JupyterLab)
     onState(view)  -> called on every new state (here: sent to Python)
     renderer(name), payload(name) -> the view's renderer and its data
     template(), config() -> the charts' layout template and plotly.js config
     spec           -> the view's spec (optional: else the root's script.sg-spec)
     register       -> whether the view is listed in api.views by its chart's name (the site's) */
const ID_MARK = "__sgid__"; /* stargate.liveview.ID_MARK: made unique per copy of the view in the page */
function inApp() {
  return /\/voila\/render\//.test(window.location.pathname);
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/* Resolves once `node` has a width. The app (Voila) renders a cell's widgets while that output is still
   display: none and shows it after; a chart given to plotly.js then is laid out at plotly.js's 700 px
   default with its labels measured as nothing, and the redraw at the phone's width keeps that layout's
   turned tick labels (the money chart's 0-300 stood at 90 degrees at 360-414 px). A background tab in
   JupyterLab is the same case. The texts and rows are drawn at once all the same (view.render). */
function widthOf(node) {
  return new Promise((resolve) => {
    if (node.getBoundingClientRect().width > 0) return resolve();
    const watch = new ResizeObserver(() => {
      if (node.getBoundingClientRect().width > 0) {
        watch.disconnect();
        resolve();
      }
    });
    watch.observe(node);
  });
}

function render({ model, el }) {
  const api = window.__stargateLiveSite;
  const name = model.get("name");
  const app = inApp();
  /* counted on the page: each widget model may evaluate this module anew */
  window.__stargateLiveCopies = (window.__stargateLiveCopies || 0) + 1;
  el.innerHTML = model.get("html").split(ID_MARK).join(`sg${window.__stargateLiveCopies}`);
  const root = el.firstElementChild;
  /* the keys a control acts on (a slider's arrows, a checkbox's space) are the control's: JupyterLab's
     shortcuts would take them in command mode (the arrows move between cells, so a slider would not move).
     Every other key (Escape, Shift+Enter, a command's letter) still reaches JupyterLab. */
  const CONTROL_KEYS = [
    "ArrowLeft",
    "ArrowRight",
    "ArrowUp",
    "ArrowDown",
    "Home",
    "End",
    "PageUp",
    "PageDown",
    " ",
  ];
  root.addEventListener("keydown", (e) => {
    if (CONTROL_KEYS.includes(e.key) && e.target.closest("input, select, button")) e.stopPropagation();
  });
  let fromPython = false;
  const host = {
    spec: model.get("spec"),
    initial(spec) {
      const query = window.location.search;
      if (app && query.indexOf(`${name}.`) >= 0) return api.decodeState(spec, query);
      return api.checkState(spec, model.get("state") || {});
    },
    address: app,
    onState(view) {
      if (fromPython || same(view.state, model.get("state"))) return;
      try {
        model.set("state", view.state);
        model.save_changes();
      } catch (err) {
        /* no kernel: the chart is drawn all the same */
        console.warn("[stargate live] the state did not reach Python:", err);
      }
    },
    renderer: (n) => window.__stargateLive[n],
    payload: () => model.get("payload"),
    template: () => model.get("template"),
    config: () => model.get("config"),
    register: false,
  };
  const view = new api.View(root, host);
  root.__stargateView = view; /* the tests and the benchmark drive it */
  host.onState(view); /* a link in the app's address: Python gets its settings too */
  const onPython = () => {
    const next = model.get("state") || {};
    if (same(next, view.state)) return;
    fromPython = true;
    try {
      view.set(next);
    } finally {
      fromPython = false;
    }
  };
  model.on("change:state", onPython);
  view.render(); /* the texts and rows at once, the plot when plotly.js is here */
  window
    .__stargateLoadPlotly(model.get("plotly"), () => window.__stargatePlotlyFromKernel(model))
    .then(() => widthOf(root))
    .then(() => {
      view.visible = true;
      return view.render();
    })
    .catch((err) => console.error("[stargate live]", err));
  return () => model.off("change:state", onPython);
}

export default { render };
