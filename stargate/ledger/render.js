// Promises and deadlines (chart "promises_ledger"): the renderer. Data from stargate/ledger/payload.py; every
// text is written there (stargate.ledger), the renderer picks the promises, decides what each showed on the
// "known on" day (stargate.promises.outcome_on), lays out the lanes and counts.
(function () {
  "use strict";

  function copy(x) {
    return JSON.parse(JSON.stringify(x));
  }

  function chosen(payload, state, name) {
    var v = state && Object.hasOwn(state, name) ? state[name] : payload.defaults[name];
    return v;
  }

  // "{name}" placeholders of a Python-written template, filled in
  function fill(template, values) {
    return template.replace(/\{([a-z_-]+)\}/g, function (all, key) {
      return Object.hasOwn(values, key) ? String(values[key]) : all;
    });
  }

  // stargate.promises.outcome_on for one promise on an ISO day (null: not made yet)
  function outcomeOn(p, day) {
    if (p.made > day) return null;
    if (p.settled !== null && p.settled <= day) return p.outcome;
    return p.end < day ? "no-outcome-found" : "pending";
  }

  function stamp(layout, d) {
    layout.annotations[0].text = d.stamp;
    layout.meta = copy(d.meta);
  }

  function figure(payload, shown, d) {
    var n = shown.length;
    var layout = copy(payload.layout);
    var size = payload.size;
    var height = Math.max(size.min, size.base + size.lane * n);
    layout.height = height;
    layout.legend.y = -size.legend / (height - size.legend_below);
    layout.yaxis.tickvals = shown.map(function (_, i) {
      return n - 1 - i;
    });
    layout.yaxis.ticktext = shown.map(function (s) {
      return s.p.label;
    });
    layout.yaxis.range = [-0.7, n - 0.3];
    layout.shapes[0].x0 = d.x;
    layout.shapes[0].x1 = d.x;
    stamp(layout, d);
    layout.annotations[1].x = d.x;
    layout.annotations[1].text = d.end;
    var data = [];
    payload.outcome_order.forEach(function (outcome) {
      var part = [];
      shown.forEach(function (s, i) {
        if (s.o === outcome) part.push({ s: s, lane: n - 1 - i });
      });
      if (!part.length) return;
      var tr = copy(payload.traces[outcome]);
      tr.x = [];
      tr.y = [];
      tr.hovertext = [];
      tr.marker.size = [];
      part.forEach(function (q) {
        var text = q.s.p.hover[outcome];
        tr.x.push(q.s.p.x[0], q.s.p.x[1], null);
        tr.y.push(q.lane, q.lane, null);
        tr.hovertext.push(text, text, null);
        Array.prototype.push.apply(tr.marker.size, payload.marker_sizes);
      });
      tr.name = fill(tr.name, { n: part.length });
      data.push(tr);
    });
    return { data: data, layout: layout };
  }

  function render(payload, state) {
    var parties = chosen(payload, state, "parties");
    var kinds = chosen(payload, state, "kinds");
    var outcomes = chosen(payload, state, "outcomes");
    var day = chosen(payload, state, "known_on");
    var d = payload.days[day];
    var shown = [];
    payload.promises.forEach(function (p) {
      var o = outcomeOn(p, day);
      if (o === null || kinds.indexOf(p.kind) < 0 || outcomes.indexOf(o) < 0) return;
      var party = p.parties.some(function (x) {
        return parties.indexOf(x) >= 0;
      });
      if (party) shown.push({ p: p, o: o });
    });
    var rows = {
      columns: payload.columns.slice(),
      data: shown.map(function (s) {
        var cells = s.p.cells.slice();
        var patch = s.p.patch[s.o];
        Object.keys(patch).forEach(function (i) {
          cells[Number(i)] = patch[i];
        });
        return cells;
      }),
    };
    var h = { passed: 0, total: shown.length, day: d.text, day_html: d.html };
    payload.outcome_order.forEach(function (o) {
      h[o] = 0; // of all shown (the text description)
      h["p_" + o] = 0; // of those whose deadline passed (the headline, the cards)
    });
    shown.forEach(function (s) {
      h[s.o] += 1;
      if (s.p.end < day) {
        h.passed += 1;
        h["p_" + s.o] += 1;
      }
    });
    if (!shown.length) {
      var empty = copy(payload.empty.figure);
      stamp(empty.layout, d);
      return {
        data: empty.data,
        layout: empty.layout,
        takeaway: payload.empty.text,
        alt: payload.empty.text,
        rows: rows,
        extras: { cards: fill(payload.templates.cards, h) },
      };
    }
    var fig = figure(payload, shown, d);
    return {
      data: fig.data,
      layout: fig.layout,
      takeaway: fill(payload.templates.takeaway, h),
      alt: fill(payload.templates.alt, h),
      rows: rows,
      extras: { cards: fill(payload.templates.cards, h) },
    };
  }

  window.__stargateLive = window.__stargateLive || {};
  window.__stargateLive.promises_ledger = render;
})();
