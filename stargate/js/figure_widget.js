/* Stargate Explained: the browser side of stargate.figurewidget.FigureWidget, an anywidget module.

   The Python side is plotly's own FigureWidget: the same traits and the same messages (_py2js_* from
   Python, _js2py_* back). This module draws with plotly.js, which it does not carry: plotly.js comes once
   per page from a file the server serves (load_plotly.js, included above this text), so a widget's state
   is a few kilobytes instead of plotly's 5 MB bundle.

   - An edit from Python is handed to plotly.js as it is (Plotly.restyle / relayout / update), and the
     view stays quiet while plotly.js applies it, so it is not echoed back to Python as a reader's edit.
   - A reader's zoom, legend click or chart click goes to Python as plotly's widget sends it.
   - The plot follows its container's width (a ResizeObserver): a window resized, a phone turned, a
     JupyterLab panel opened.
   - After each edit the view tells Python the edit is done (trace and layout deltas with the edit's id);
     the deltas are empty: Python's figure keeps what Python set, not the defaults plotly.js computed.
   - Hover events are not sent to Python: no view uses them, and each would be a message to the kernel.
*/
const TYPED = {
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
};

/* plotly's serializer sends numeric numpy arrays as {buffer, dtype, shape}: make them typed arrays */
function fromPy(v) {
  if (Array.isArray(v)) return v.map(fromPy);
  if (v && typeof v === "object" && !ArrayBuffer.isView(v)) {
    if ((v.buffer !== undefined || v.value !== undefined) && v.dtype && v.shape && TYPED[v.dtype]) {
      const raw = v.buffer !== undefined ? v.buffer : v.value;
      const view = ArrayBuffer.isView(raw) ? raw : new DataView(raw);
      return new TYPED[v.dtype](view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
    }
    const out = {};
    for (const k of Object.keys(v)) out[k] = fromPy(v[k]);
    return out;
  }
  return v === "_undefined_" ? undefined : v;
}

/* "xaxis.range", "annotations[2].text", or ["xaxis", "range"] -> keys */
function keysOf(path) {
  if (Array.isArray(path)) return path;
  return String(path)
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((k) => k !== "");
}

function setPath(obj, path, value) {
  const keys = keysOf(path);
  let at = obj;
  keys.slice(0, -1).forEach((k, i) => {
    if (at[k] === null || typeof at[k] !== "object") at[k] = /^\d+$/.test(keys[i + 1]) ? [] : {};
    at = at[k];
  });
  at[keys[keys.length - 1]] = value;
}

function unsetPath(obj, path) {
  const keys = keysOf(path);
  let at = obj;
  for (const k of keys.slice(0, -1)) {
    if (at === null || typeof at !== "object") return;
    at = at[k];
  }
  if (at && typeof at === "object") delete at[keys[keys.length - 1]];
}

function relayoutState(layout, edits) {
  for (const [path, value] of Object.entries(edits || {})) {
    if (value === null) unsetPath(layout, path);
    else if (value !== undefined) setPath(layout, path, value);
  }
}

function restyleState(data, edits, traces) {
  for (const [path, given] of Object.entries(edits || {})) {
    const values = Array.isArray(given) ? given : [given];
    traces.forEach((t, i) => {
      const value = values[i % values.length];
      if (value === null) unsetPath(data[t], path);
      else if (value !== undefined) setPath(data[t], path, value);
    });
  }
}

function traceIndexes(indexes, count) {
  if (indexes === null || indexes === undefined) return [...Array(count).keys()];
  return Array.isArray(indexes) ? indexes : [indexes];
}

function clone(v) {
  return typeof structuredClone === "function" ? structuredClone(v) : JSON.parse(JSON.stringify(v));
}

/* the chart's accessible name: "Chart: " and its title (the takeaway and text description follow it) */
function nameChart(el, layout) {
  const title = layout?.title && (typeof layout.title === "string" ? layout.title : layout.title.text);
  const text = String(title || "")
    .replace(/<br\s*\/?>/gi, " \u2014 ")
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .trim();
  el.setAttribute("role", "figure");
  el.setAttribute("aria-label", text ? "Chart: " + text : "Chart");
}

/* what a view draws: Python's figure, laid out for a phone when the view is that narrow */
function forWidth(view, data, layout) {
  const width = Math.round(view.el.getBoundingClientRect().width);
  const phone = window.__stargateNarrow(data, layout, width);
  nameChart(view.el, layout);
  view.narrow = !!phone;
  view.el.__stargateBuilt = layout; // the layout as Python built it (a phone's is made from it)
  window.__stargateNarrowNotes(view.el, layout, view.narrow);
  view.el.style.minHeight = phone?.layout.height ? phone.layout.height + "px" : "";
  // dark mode's colours on the app's page; the image button draws Python's figure (stargate/js/responsive.js)
  const fit = phone || { data, layout },
    shown = window.__stargateThemed(fit.data, fit.layout);
  view.dark = !!shown.dark;
  view.el.__stargateFit = { data, layout, redraw: view.refit };
  return shown;
}

let nextViewId = 1;

function createFigure(model) {
  const state = {
    data: fromPy(model.get("_widget_data")) || [],
    layout: fromPy(model.get("_widget_layout")) || {},
  };
  const views = new Set();
  // Python assigns the figure once, right after the widget opens (so a live kernel's first state is empty)
  model.on("change:_widget_data", () => {
    state.data = fromPy(model.get("_widget_data")) || [];
  });
  model.on("change:_widget_layout", () => {
    state.layout = fromPy(model.get("_widget_layout")) || {};
  });

  function tellPython(name, content) {
    model.set(name, content);
    model.save_changes();
  }

  function editsDone(msg) {
    if (msg.trace_edit_id !== undefined && msg.trace_edit_id !== null) {
      tellPython("_js2py_traceDeltas", { trace_deltas: [], trace_edit_id: msg.trace_edit_id });
    }
    if (msg.layout_edit_id !== undefined && msg.layout_edit_id !== null) {
      tellPython("_js2py_layoutDelta", { layout_delta: {}, layout_edit_id: msg.layout_edit_id });
    }
  }

  /* Python -> browser: update the model's copy (for views drawn later), then each drawn view */
  const handlers = {
    _py2js_addTraces(msg) {
      const traces = fromPy(msg.trace_data);
      state.data.push(...clone(traces));
      return (view) => view.plotly.addTraces(view.el, clone(traces));
    },
    _py2js_deleteTraces(msg) {
      const doomed = [...msg.delete_inds].sort((a, b) => b - a);
      doomed.forEach((i) => {
        state.data.splice(i, 1);
      });
      return (view) => view.plotly.deleteTraces(view.el, msg.delete_inds);
    },
    _py2js_moveTraces(msg) {
      const moving = msg.current_trace_inds.map((i) => state.data[i]);
      [...msg.current_trace_inds]
        .sort((a, b) => b - a)
        .forEach((i) => {
          state.data.splice(i, 1);
        });
      msg.new_trace_inds
        .map((to, k) => [to, moving[k]])
        .sort((a, b) => a[0] - b[0])
        .forEach(([to, trace]) => {
          state.data.splice(to, 0, trace);
        });
      return (view) => view.plotly.moveTraces(view.el, msg.current_trace_inds, msg.new_trace_inds);
    },
    _py2js_restyle(msg) {
      const edits = fromPy(msg.restyle_data);
      const traces = traceIndexes(msg.restyle_traces, state.data.length);
      restyleState(state.data, clone(edits), traces);
      return (view) => view.plotly.restyle(view.el, edits, traces);
    },
    _py2js_relayout(msg) {
      const edits = fromPy(msg.relayout_data);
      relayoutState(state.layout, clone(edits));
      return (view) => (view.id === msg.source_view_id ? null : view.plotly.relayout(view.el, edits));
    },
    _py2js_update(msg) {
      const style = fromPy(msg.style_data || {}),
        layout = fromPy(msg.layout_data || {});
      const traces = traceIndexes(msg.style_traces, state.data.length);
      restyleState(state.data, clone(style), traces);
      relayoutState(state.layout, clone(layout));
      return (view) => view.plotly.update(view.el, style, layout, traces);
    },
    _py2js_animate(msg) {
      // no view animates; applied as an update so that nothing is lost
      return handlers._py2js_update(msg);
    },
    _py2js_removeLayoutProps(msg) {
      for (const path of msg.remove_props || []) unsetPath(state.layout, path);
      return null;
    },
    _py2js_removeTraceProps(msg) {
      for (const path of msg.remove_props || []) unsetPath(state.data[msg.remove_trace], path);
      return null;
    },
  };
  for (const [name, handle] of Object.entries(handlers)) {
    model.on("change:" + name, () => {
      const msg = model.get(name);
      if (!msg) return;
      const apply = handle(msg);
      if (!views.size) {
        editsDone(msg);
        return;
      }
      let first = true;
      for (const view of views) {
        const report = first;
        first = false;
        // on a phone (or dark) the figure as it now is, laid out (and coloured) again; else the edit as it came
        view
          .queue((v) => (apply ? v.quietly(() => (v.narrow || v.dark ? v.fitPhone() : apply(v))) : null))
          .then(() => {
            if (report) editsDone(msg);
          });
      }
    });
  }

  function render(el) {
    const view = { el, id: "sg-" + nextViewId++, quiet: 0, plotly: null, chain: null };
    // what the figure is now, taken at once: messages arriving while plotly.js loads are queued after it
    const data = clone(state.data),
      layout = clone(state.layout);
    if (!layout.height) layout.height = 360;
    const config = Object.assign({}, model.get("_config") || {}, { editSelection: false });
    view.queue = (step) => {
      view.chain = view.chain.then(() => step(view)).catch((err) => console.error("[stargate figure]", err));
      return view.chain;
    };
    view.quietly = (run) => {
      view.quiet += 1;
      let done;
      try {
        done = run();
      } catch (err) {
        view.quiet -= 1;
        throw err;
      }
      return Promise.resolve(done).finally(() => {
        view.quiet -= 1;
      });
    };
    const report = (name, content) => {
      if (!view.quiet) tellPython(name, content);
    };
    let observer = null,
      frame = 0;
    /* on a phone the layout from Python is adapted (stargate/js/responsive.js); after an edit from Python
       the adapted parts are laid out again from the figure as it now is */
    view.fitPhone = () => {
      const shown = forWidth(view, clone(state.data), clone(state.layout));
      return view.plotly.react(el, shown.data, shown.layout, config);
    };
    view.refit = () => view.queue((v) => v.quietly(() => v.fitPhone()));
    view.chain = window
      .__stargateLoadPlotly(model.get("_sg_plotly"), () => window.__stargatePlotlyFromKernel(model))
      .then((Plotly) => {
        view.plotly = Plotly;
        // a chart whose legend or key is HTML beside it: its image puts them back (stargate/js/responsive.js)
        if (window.__stargateImageConfig)
          Object.assign(config, window.__stargateImageConfig(Plotly, config, layout));
        const shown = forWidth(view, data, layout);
        return Plotly.newPlot(el, shown.data, shown.layout, config);
      })
      .then(() => {
        if (!views.has(view)) return;
        el.on("plotly_relayout", (e) => {
          if (!e) return;
          const edits = Object.assign({}, e);
          delete edits.lastInputTime;
          report("_js2py_relayout", { relayout_data: edits, source_view_id: view.id });
        });
        el.on("plotly_restyle", (e) => {
          if (e) report("_js2py_restyle", { style_data: e[0], style_traces: e[1], source_view_id: view.id });
        });
        el.on("plotly_update", (e) => {
          if (e)
            report("_js2py_update", {
              style_data: e.data[0],
              style_traces: e.data[1],
              layout_data: e.layout,
              source_view_id: view.id,
            });
        });
        const points = (eventType) => (e) => {
          const pts = e?.points || [];
          report("_js2py_pointsCallback", {
            event_type: eventType,
            points: {
              trace_indexes: pts.map((p) => p.curveNumber),
              point_indexes: pts.map((p) => p.pointNumber),
              xs: pts.map((p) => p.x),
              ys: pts.map((p) => p.y),
            },
          });
        };
        el.on("plotly_click", points("plotly_click"));
        el.on("plotly_selected", points("plotly_selected"));
        el.on("plotly_deselect", points("plotly_deselect"));
        if (typeof ResizeObserver !== "undefined") {
          observer = new ResizeObserver(() => {
            cancelAnimationFrame(frame);
            frame = requestAnimationFrame(() => {
              const width = Math.round(el.getBoundingClientRect().width);
              const drawn = el._fullLayout?.width;
              if (width > 0 && drawn && Math.abs(width - drawn) > 1 && !state.layout.width) {
                const wasNarrow = view.narrow;
                forWidth(view, state.data, state.layout);
                if (wasNarrow || view.narrow) {
                  // a phone turned, a window crossing the phone width
                  view.refit();
                } else {
                  view.queue((v) => v.plotly.Plots.resize(el));
                }
              }
            });
          });
          observer.observe(el);
        }
        (window.__stargateDrawn ||= []).push(el); // redrawn when the colour scheme changes
        el.dispatchEvent(new CustomEvent("stargate-figure-drawn", { bubbles: true }));
      })
      .catch((err) => {
        console.error("[stargate figure]", err);
        el.textContent = "This chart could not be drawn: " + err.message;
      });
    views.add(view);
    return () => {
      views.delete(view);
      cancelAnimationFrame(frame);
      if (observer) observer.disconnect();
      if (view.plotly) view.plotly.purge(el);
    };
  }

  return { render };
}

const figures = new WeakMap();

export default {
  initialize({ model }) {
    figures.set(model, createFigure(model));
  },
  render({ model, el }) {
    if (!figures.has(model)) figures.set(model, createFigure(model));
    return figures.get(model).render(el);
  },
};
