// Scope targets (chart "scope_targets"): the one drawing of a reader's setting, on every surface. Data from
// stargate/scope/payload.py; its rows equal stargate.scope.scope_targets_rows for the state, and at the defaults
// the answer is the chapter's chart (stargate.scope.targets_figure / describe_scope_targets).
(function () {
  "use strict";

  var C = window.__stargateLiveCommon; // stargate/live/common.js
  var copy = C.copy;
  var assign = C.assign;

  function has(obj, key) {
    return Object.hasOwn(obj, key);
  }

  function hidden() {
    return { x: [], y: [], showlegend: false, hovertext: [] };
  }

  function concat(lists) {
    return [].concat.apply([], lists);
  }

  function kindTrace(payload, kind, parts) {
    // scope.kind_trace
    var t = copy(payload.kind_templates[kind]);
    var pts = parts.map(function (p) {
      return p.kinds[kind];
    });
    var x = concat(
      pts.map(function (p) {
        return p.x;
      }),
    );
    var minus = concat(
      pts.map(function (p) {
        return p.minus;
      }),
    );
    t.x = x;
    t.y = concat(
      pts.map(function (p) {
        return p.y;
      }),
    );
    t.showlegend = x.length > 0 && !payload.faint[kind];
    t.marker.line.color = concat(
      pts.map(function (p) {
        return p.outline;
      }),
    );
    t.error_y.array = x.map(function () {
      return 0.0;
    });
    t.error_y.arrayminus = minus;
    t.error_y.visible = minus.some(function (v) {
      return v !== 0;
    });
    t.hovertext = concat(
      pts.map(function (p) {
        return p.hover;
      }),
    );
    return t;
  }

  function placed(group, log) {
    // annotations at their height (log10 of it on a log axis)
    return group.a.map(function (a, i) {
      return assign(copy(a), { y: log ? group.ylog[i] : a.y });
    });
  }

  function render(payload, state) {
    state = state || {};
    var metric = has(state, "metric") ? state.metric : payload.defaults.metric;
    var wanted = has(state, "scopes") ? state.scopes : payload.defaults.scopes;
    var scopes = payload.options.scopes.filter(function (s) {
      return wanted.indexOf(s) >= 0;
    });
    var log = (has(state, "scale") ? state.scale : payload.defaults.scale) === "log";
    var mask = 0;
    payload.scopes.forEach(function (sc, i) {
      if (scopes.indexOf(sc) >= 0) mask += 1 << i;
    });
    var combo = payload.combos[metric][mask];
    var S = payload.strings;
    var rows = {
      columns: payload.columns[combo.rows[0]].slice(),
      data: combo.rows[1].map(function (i) {
        return payload.rows[i].map(function (c) {
          return S[c];
        });
      }),
    };

    var G = payload.legend;
    function extras(traces) {
      // theme.legend_html (the legend under the chart), the events' key
      var items = traces
        .filter(function (t) {
          return t.showlegend !== false && t.name;
        })
        .map(function (t) {
          return G.item[0] + G.entries[t.name] + G.item[1];
        });
      return {
        legend: G.wrap[0] + G.open + items.join("") + G.close + G.wrap[1],
        events: payload.events_key,
      };
    }

    if (has(combo, "empty")) {
      var e = copy(payload.empty[metric]);
      e.layout.annotations.forEach(function (a) {
        if (a.name === "empty-message") a.text = S[combo.empty];
      });
      return {
        data: e.data,
        layout: e.layout,
        takeaway: e.takeaway,
        alt: e.alt,
        rows: rows,
        extras: extras(e.data),
      };
    }

    var parts = {};
    payload.scopes.forEach(function (sc) {
      parts[sc] = payload.parts[metric][sc];
    });
    var chosen = scopes.filter(function (sc) {
      return parts[sc].n_all > 0;
    });
    var traces = [],
      annotations = [],
      leaders = [],
      logEnds = [],
      starts = [];
    payload.scopes.forEach(function (sc) {
      var p = parts[sc];
      var isChosen = chosen.indexOf(sc) >= 0;
      var on = isChosen && p.n > 0;
      traces.push(on ? copy(p.line) : assign(copy(p.line), hidden()));
      if (on) {
        traces.push(copy(p.markers));
      } else {
        var m = assign(copy(p.markers), hidden());
        m.error_y = assign(m.error_y, { arrayminus: [], array: [] });
        traces.push(m);
      }
      if (isChosen) {
        [p.changes]
          .concat(
            payload.kinds.map(function (kind) {
              return p.kinds[kind].labels;
            }),
          )
          .forEach(function (g) {
            annotations = annotations.concat(placed(g, log));
            leaders = leaders.concat(g.s.map(copy));
          });
        if (p.log) logEnds.push(p.log);
        starts.push(p.x0);
      }
    });
    var chosenParts = chosen.map(function (sc) {
      return parts[sc];
    });
    payload.kinds.forEach(function (kind) {
      traces.push(kindTrace(payload, kind, chosenParts));
    });
    var programs = [];
    scopes.forEach(function (sc) {
      if (has(payload.scope_program, sc) && programs.indexOf(payload.scope_program[sc]) < 0) {
        programs.push(payload.scope_program[sc]);
      }
    });
    programs.sort();
    var op = metric === "gw" ? payload.programs[programs.join(",")] : null;
    if (op?.n) {
      traces.push(copy(op.trace));
      if (op.log) logEnds.push(op.log);
      starts.push(op.x0);
    } else {
      traces.push(assign(copy(payload.programs[""].trace), hidden()));
    }
    var ev = payload.events;
    traces.push(copy(ev.trace));
    traces.push(copy(ev.numbers));
    if (ev.x0 !== null) starts.push(ev.x0);

    var L = copy(payload.layout);
    var titles = payload.titles[metric];
    var source = S[combo.source];
    L.title.text = titles.title;
    L.meta = assign(L.meta, { source: source, metric: metric, scopes: scopes.slice(), log_y: log });
    L.meta.export.margin.t = combo.te; // the image's top margin: its legend's rows
    L.yaxis = {
      title: { text: titles.y[log ? 1 : 0] },
      type: log ? "log" : "linear",
      rangemode: log ? "normal" : "tozero",
      separatethousands: true,
    };
    if (log && logEnds.length) {
      var lo = Math.min.apply(
        null,
        logEnds.map(function (x) {
          return x[0];
        }),
      );
      var hi = Math.max.apply(
        null,
        logEnds.map(function (x) {
          return x[1];
        }),
      );
      assign(L.yaxis, { dtick: 1, exponentformat: "none", tickformat: "~g", range: [lo, hi + 0.2] });
    }
    if (chosen.indexOf("openai-wide") >= 0) annotations.push(copy(payload.openai_note));
    starts.sort();
    L.xaxis.range[0] = starts[0];
    L.annotations.forEach(function (a) {
      if (a.name === "source-stamp") a.text = S[combo.stamp];
    });
    L.annotations = L.annotations.concat(annotations);
    L.shapes = L.shapes.concat(leaders);
    // on a phone: each labelled change or claim a letter, its words a lettered key under the chart
    // (scope._narrow_labels)
    var led = {},
      own = {},
      notes = [],
      at = {},
      n = 0;
    L.shapes.forEach(function (s) {
      if (String(s.name || "").indexOf("leader-") === 0) led[s.name.slice(7)] = true;
    });
    L.annotations.forEach(function (a) {
      if (has(led, a.name)) {
        if (has(at, a.name)) {
          notes[at[a.name]] += " \u00b7 " + a.text;
          return;
        }
        var letter = n < 26 ? String.fromCharCode(97 + n) : String(n + 1);
        n += 1;
        at[a.name] = notes.length;
        own[a.name] = { text: "<b>" + letter + "</b>" };
        notes.push("<b>" + letter + "</b> " + a.text);
      } else if (a.name === "openai-wide-note" || a.name === "event-key") {
        own[a.name] = null;
        notes.push(a.text);
      }
    });
    L.meta.narrow = {
      annotations: own,
      traces: {},
      layout: {},
      notes: notes.map(function (t) {
        return t.replace(/<br\s*\/?>/gi, " ");
      }),
    };

    // the texts (scope.describe_scope_targets, for the scopes chosen)
    var sentences = chosenParts.map(function (p) {
      return p.sentence;
    });
    var alt = chosenParts.map(function (p) {
      return p.alt;
    });
    if (metric === "gw" && scopes.indexOf("stargate") >= 0 && payload.gap !== null)
      sentences.push(payload.gap);
    if (metric === "gw") {
      var opAlt = payload.programs[programs.join(",")].alt;
      if (opAlt) alt.push(opAlt);
    }
    alt.push(ev.alt);
    var takeaway = sentences.join("; ") + ".";
    takeaway = takeaway.charAt(0).toUpperCase() + takeaway.slice(1);
    return {
      data: traces,
      layout: L,
      takeaway: takeaway,
      alt: "Step chart with markers. " + alt.join(". ") + ".",
      rows: rows,
      extras: extras(traces),
    };
  }

  window.__stargateLive = window.__stargateLive || {};
  window.__stargateLive.scope_targets = render;
})();
