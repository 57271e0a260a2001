// The timeline view's renderer, the one place it is drawn for a setting (data: stargate/timeline/payload.py,
// from the chapter's templates at fixed settings, stargate/timeline/__init__.py build_figure and empty_figure; its
// rows' oracle: timeline_rows). It selects the events, spreads each lane's close events up and down
// (jitter), places the x axis's ends and the key-moment labels, and assembles texts that Python wrote in
// parts (describe_timeline: the same sentences at the defaults). Dates are whole days from the launch.
(function () {
  "use strict";
  var DAY_MS = 86400000;

  var C = window.__stargateLiveCommon; // live/common.js
  var copy = C.copy,
    escapeText = C.escape,
    assign = C.assign;

  // the events' columns their CSV cells hold already (the payload carries them once), read once per payload
  var FROM_CELLS = {
    id: "event_id",
    iso: "date",
    title: "title",
    summary: "summary",
    label: "date_label",
    category: "category_label",
    figures: "figures",
    confidence: "confidence",
    publishers: "publishers",
  };
  var withCells = new WeakMap();
  function eventsOf(p) {
    var ev = withCells.get(p.events);
    if (!ev) {
      ev = assign({}, p.events);
      Object.keys(FROM_CELLS).forEach(function (k) {
        var at = p.columns.indexOf(FROM_CELLS[k]);
        ev[k] = p.events.cells.map(function (c) {
          return c[at];
        });
      });
      ev.hover = ev.id.map(function (_, j) {
        return hoverOf(p, ev, j);
      });
      withCells.set(p.events, ev);
    }
    return ev;
  }

  // theme.wrap_hover: the lines of text, each its [start, end] in it or itself (payload._places), escaped
  function wrapped(text, places) {
    return places
      .map(function (at) {
        return escapeText(typeof at === "string" ? at : text.slice(at[0], at[1]));
      })
      .join("<br>");
  }

  // timeline._hover: an event's hover box
  function hoverOf(p, ev, j) {
    var places = p.events.hover[j],
      day = ev.day[j],
      conf = ev.confidence[j],
      word = Object.hasOwn(p.confidence_words, conf) ? p.confidence_words[conf] : conf;
    var when = day
      ? ev.label[j] + " · day " + (day > 0 ? "+" : "") + C.group(String(day)) + " from the launch"
      : ev.label[j] + " · the launch";
    var lines = [
      "<b>" + wrapped(ev.title[j], places[0]) + "</b>",
      escapeText(when + " · " + ev.category[j]),
      wrapped(ev.summary[j], places[1]),
    ];
    if (ev.figures[j]) lines.push(escapeText("Figures: " + ev.figures[j]));
    lines.push(escapeText("Confidence: " + conf + " (" + word + ")"));
    lines.push(wrapped("Sources: " + ev.publishers[j], places[2]));
    return lines.join("<br>");
  }

  function isoOfDay(p, day) {
    var parts = p.day0.split("-");
    var ms = Date.UTC(+parts[0], +parts[1] - 1, +parts[2]) + Math.floor(day) * DAY_MS;
    var iso = new Date(ms).toISOString().slice(0, 10);
    return day === Math.floor(day) ? iso : iso + " 12:00"; // only half days occur (an axis end)
  }

  // timeline._x_one: the day number (whole or half), or the ISO date (with the time for a half day).
  function xOf(p, day, axis) {
    return axis === "days" ? day : isoOfDay(p, day);
  }

  function select(p, cats, actorSet, start, end, limit) {
    var ev = eventsOf(p),
      out = [];
    for (var i = 0; i < ev.id.length; i++) {
      var d = ev.day[i];
      if (cats[ev.cat[i]] && (!actorSet || actorSet[i]) && d >= start && d <= end && d <= limit) out.push(i);
    }
    return out;
  }

  function panel(p, known) {
    var n = 0,
      ev = eventsOf(p);
    for (var i = 0; i < ev.day.length; i++) {
      if (ev.day[i] <= known.day) n += 1;
    }
    var when = escapeText(known.text);
    var head =
      "<div style='margin-bottom:4px'><b>Known on " +
      when +
      ": " +
      n +
      " event" +
      (n !== 1 ? "s" : "") +
      " in the record. Stargate targets as last stated by " +
      when +
      ":</b></div>";
    var parts = p.panels[known.panel];
    return parts[0] + head + parts[1];
  }

  function emptyAnswer(p, st) {
    var what = [];
    var labels = p.categories
      .filter(function (_c, k) {
        return st.cats[k];
      })
      .map(function (c) {
        return c.label;
      });
    what.push(labels.length ? "category " + labels.join(", ") : "no category selected");
    if (st.actor !== null) what.push("actor " + st.actor);
    what.push("dates " + st.startText + "–" + st.endText);
    what.push("known on " + st.known.text);
    var message = "No events match: " + what.join("; ") + ". Widen the filters.";
    var layout = copy(p.empty);
    layout.annotations[layout.annotations.length - 1].text = escapeText(message);
    layout.meta = { as_of: p.as_of_label, known_on: st.known.text, axis: st.axis, events: 0 };
    var words = p.words[st.known.words];
    return {
      data: [],
      layout: layout,
      takeaway: "No events match these filters (known on " + st.known.text + ").",
      alt:
        "The timeline is empty for these filters. Stargate targets as last stated by " +
        st.known.text +
        ": " +
        words +
        ".",
      rows: { columns: p.columns.slice(), data: [] },
      extras: { targets: panel(p, st.known) },
    };
  }

  function figure(p, st, idxAll, idx) {
    var ev = eventsOf(p),
      axis = st.axis,
      _i,
      k;
    var known = {};
    idx.forEach(function (j) {
      known[j] = true;
    });
    // lanes: the categories shown, first on top (timeline._lanes)
    var present = [],
      lane = {};
    p.categories.forEach(function (_c, ci) {
      for (k = 0; k < idxAll.length; k++) {
        if (ev.cat[idxAll[k]] === ci) {
          present.push(ci);
          return;
        }
      }
    });
    present.forEach(function (ci, r) {
      lane[ci] = present.length - 1 - r;
    });
    // timeline._jitter: events of a lane within JITTER_DAYS of a cluster's first are spread
    var y = [],
      state = {},
      offsets = p.jitter.offsets;
    for (k = 0; k < idxAll.length; k++) {
      var cat = ev.cat[idxAll[k]],
        day = ev.day[idxAll[k]];
      var s = state[cat] || { first: null, k: -1 };
      var n = s.first !== null && day - s.first <= p.jitter.days ? s.k + 1 : 0;
      state[cat] = { first: n === 0 ? day : s.first, k: n };
      y.push(lane[cat] + offsets[n % offsets.length]);
    }
    var data = [];
    present.forEach(function (ci) {
      var style = p.categories[ci].trace;
      var trace = copy(style);
      trace.x = [];
      trace.y = [];
      trace.customdata = [];
      trace.hovertext = [];
      trace.marker.size = [];
      for (k = 0; k < idxAll.length; k++) {
        var j = idxAll[k];
        if (ev.cat[j] !== ci) continue;
        trace.x.push(axis === "days" ? ev.day[j] : ev.iso[j]);
        trace.y.push(y[k]);
        trace.customdata.push(ev.id[j]);
        trace.hovertext.push(ev.hover[j]);
        trace.marker.size.push(ev.size[j]);
      }
      data.push(trace);
    });
    // the x axis: from the range's start to the "known on" day, padded, never reaching a later event
    var lo = st.start,
      hi = st.end;
    var pad = Math.max(7, Math.floor((hi - lo) * 0.03));
    var right = Math.min(hi, st.known.day) + pad;
    for (k = 0; k < idxAll.length; k++) {
      if (!known[idxAll[k]]) right = Math.min(right, ev.day[idxAll[k]] - 0.5);
    }
    var g = p.geometry,
      nLanes = present.length;
    var plotPx = g.height - g.top - g.bottom;
    var rowStep = (g.row_px * (nLanes + 0.6)) / (plotPx - g.row_px * (g.n_rows + 0.5));
    var top = nLanes - 0.45 + rowStep * g.n_rows;
    // key moments (timeline._key_moment_marks)
    var where = {};
    for (k = 0; k < idxAll.length; k++) {
      if (ev.key[idxAll[k]]) where[ev.id[idxAll[k]]] = k;
    }
    var xLo = lo - pad,
      xHi = hi + pad;
    var annotations = [],
      shapes = [];
    p.moments.forEach(function (m) {
      var shown = m.ids
        .filter(function (e) {
          return e in where;
        })
        .map(function (e) {
          return where[e];
        });
      if (!shown.length) return;
      var first = idxAll[shown[0]],
        last = idxAll[shown[shown.length - 1]];
      var x = xOf(p, ev.day[first], axis),
        label = m.label,
        _ann,
        shape;
      if (m.group) {
        if (shown.length > 1) {
          shape = assign(copy(m.style.shape), { x0: x, x1: xOf(p, ev.day[last], axis) });
          shapes.push(shape);
        }
        var middle = ev.day[first] + Math.floor((ev.day[last] - ev.day[first]) / 2);
        label += " (" + shown.length + " event" + (shown.length !== 1 ? "s" : "") + ")";
        annotations.push(
          assign(copy(m.style.annotation), {
            x: xOf(p, middle, axis),
            text: "<b>" + escapeText(label) + "</b>",
          }),
        );
        return;
      }
      label += ev.figures[first] ? " · " + ev.figures[first] : "";
      label += " · " + ev.label[first];
      var late = ev.day[first] - xLo > 0.55 * (xHi - xLo);
      var labelY = top - rowStep * m.row;
      shapes.push(assign(copy(m.style.shape), { x0: x, x1: x, y0: y[shown[0]], y1: labelY }));
      annotations.push(
        assign(copy(m.style.annotation), {
          x: x,
          y: labelY,
          xanchor: late ? "right" : "left",
          text: escapeText(label),
        }),
      );
    });
    var source = C.sourceLine(
      p.sources,
      idxAll.flatMap(function (i) {
        return p.events.sources[i];
      }),
      2,
    );
    var layout = copy(p.layout);
    layout.annotations = [assign(copy(p.stamp), { text: escapeText(p.stamp_prefix + source) })].concat(
      annotations,
    );
    layout.shapes = shapes;
    // on a phone: each key moment's number in the plot, its label in a numbered key under the chart
    // (timeline._narrow_key)
    var numbered = {},
      notes = [];
    annotations.forEach(function (a, i) {
      numbered[a.name] = { text: "<b>" + (i + 1) + "</b>" };
      notes.push("<b>" + (i + 1) + "</b> " + a.text);
    });
    layout.meta = {
      as_of: p.as_of_label,
      source: source,
      axis: axis,
      narrow: { annotations: numbered, traces: {}, layout: {}, notes: notes },
    };
    layout.xaxis = assign(copy(p.xaxis[axis]), { range: [xOf(p, xLo, axis), xOf(p, right, axis)] });
    var ordered = present.slice().reverse();
    layout.yaxis = assign(copy(p.yaxis), {
      tickvals: ordered.map(function (ci) {
        return lane[ci];
      }),
      ticktext: ordered.map(function (ci) {
        return p.categories[ci].tick;
      }),
      range: [-0.8, top + 0.25],
    });
    return { data: data, layout: layout };
  }

  function describe(p, st, idx) {
    var ev = eventsOf(p),
      counts = {},
      order = [],
      i;
    idx.forEach(function (j) {
      counts[ev.cat[j]] = (counts[ev.cat[j]] || 0) + 1;
    });
    p.categories.forEach(function (_c, ci) {
      if (counts[ci]) order.push(ci);
    });
    var busiest = order[0];
    order.forEach(function (ci) {
      if (counts[ci] > counts[busiest]) busiest = ci;
    });
    var first = idx[0],
      last = idx[idx.length - 1];
    var byId = {};
    idx.forEach(function (j) {
      byId[ev.id[j]] = j;
    });
    var moments = {};
    p.moments.forEach(function (m) {
      moments[m.key] = m;
    });
    var words = p.words[st.known.words],
      known = st.known.text;
    var takeaway =
      idx.length +
      " events from " +
      ev.label[first] +
      " to " +
      ev.label[last] +
      ", most of them " +
      p.categories[busiest].lower +
      " (" +
      counts[busiest] +
      ")";
    var wsj = moments.wsj.ids[0],
      oracle = moments.oracle.ids[0];
    if (wsj in byId) {
      var w = byId[wsj];
      takeaway +=
        "; the WSJ's report that no data-center deal had been done came " +
        ev.day_text[w] +
        " days after the launch";
      if (oracle in byId) {
        var o = byId[oracle],
          gap = ev.day[o] - ev.day[w];
        takeaway +=
          ", and OpenAI announced " +
          (ev.figures[o] || "new capacity") +
          " with Oracle " +
          gap +
          " day" +
          (gap !== 1 ? "s" : "") +
          " later";
      }
    }
    takeaway += ". Known on " + known + ", the Stargate targets as last stated were: " + words + ".";
    var lanes = order
      .map(function (ci) {
        return p.categories[ci].label + " " + counts[ci];
      })
      .join(", ");
    var marks = [];
    p.moments.forEach(function (m) {
      var shown = m.ids
        .filter(function (e) {
          return e in byId;
        })
        .map(function (e) {
          return byId[e];
        });
      if (!shown.length) return;
      i = shown[0];
      marks.push(
        m.label +
          ": " +
          ev.label[i] +
          " (day " +
          ev.day_text[i] +
          "), " +
          ev.title[i] +
          (shown.length > 1 ? ", and " + (shown.length - 1) + " more" : ""),
      );
    });
    var axisWords = st.axis === "days" ? "days since the launch on " + p.day0_text : "calendar dates";
    var alt =
      "A timeline of " +
      idx.length +
      " events on " +
      axisWords +
      ", one lane per category (" +
      lanes +
      "). " +
      "The first is " +
      ev.label[first] +
      ": " +
      ev.title[first] +
      ". The last is " +
      ev.label[last] +
      ": " +
      ev.title[last] +
      ". " +
      (marks.length ? "Key moments — " + marks.join("; ") + ". " : "") +
      "The chart ends on the day chosen as known on, " +
      known +
      ": nothing dated later is shown. The " +
      "Stargate targets as last stated by then — " +
      words +
      ".";
    return { takeaway: takeaway, alt: alt };
  }

  function render(p, state) {
    var cats = {},
      chosen = state.categories || [];
    p.categories.forEach(function (c, ci) {
      cats[ci] = chosen.indexOf(c.key) >= 0;
    });
    var actor =
      state.actor === p.all_actors || state.actor === undefined || state.actor === null || state.actor === ""
        ? null
        : state.actor;
    var actorSet = null;
    if (actor !== null) {
      actorSet = {};
      var named = Object.hasOwn(p.actors, actor) ? p.actors[actor] : [];
      named.forEach(function (i) {
        actorSet[i] = true;
      });
    }
    var first = p.months[state.dates[0]],
      last = p.months[state.dates[1]],
      k = p.known[state.as_of];
    if (!first || !last || !k)
      throw new Error("timeline: not a setting of this view: " + JSON.stringify(state));
    var st = {
      cats: cats,
      actor: actor,
      axis: state.axis,
      start: first[0],
      startText: first[1],
      end: last[2],
      endText: last[3],
      known: { text: k[0], day: k[1], panel: k[2], words: k[3] },
    };
    var idxAll = select(p, cats, actorSet, st.start, st.end, p.as_of_day);
    var idx = select(p, cats, actorSet, st.start, st.end, Math.min(st.known.day, p.as_of_day));
    if (!idx.length) return emptyAnswer(p, st);
    var fig = figure(p, st, idxAll, idx);
    var text = describe(p, st, idx);
    return {
      data: fig.data,
      layout: fig.layout,
      takeaway: text.takeaway,
      alt: text.alt,
      rows: {
        columns: p.columns.slice(),
        data: idx.map(function (j) {
          return p.events.cells[j].slice();
        }),
      },
      extras: { targets: panel(p, st.known) },
    };
  }

  window.__stargateLive = window.__stargateLive || {};
  window.__stargateLive.timeline = render;
})();
