// Money flows (chart "money_flows"): the one drawing of a reader's setting, on every surface. Data from
// stargate/money/payload.py; its rows equal stargate.money.money_flows_rows for the state, and at the defaults
// the answer is the chapter's chart (stargate.money.money_flows_figure / describe_money_flows).
(function () {
  "use strict";
  var C = window.__stargateLiveCommon; // live/common.js
  var copy = C.copy;

  function chosen(payload, state, name) {
    var v = state && Object.hasOwn(state, name) ? state[name] : payload.defaults[name];
    return payload.options[name].filter(function (o) {
      return v.indexOf(o) >= 0;
    });
  }

  // stargate.theme.num_text applied to round(value, n)
  function numText(text) {
    if (text.indexOf(".") >= 0) text = text.replace(/0+$/, "").replace(/\.$/, "");
    if (text === "-0") text = "0";
    var parts = text.split(".");
    return C.group(parts[0]) + (parts.length > 1 ? "." + parts[1] : "");
  }

  function usdBnText(value) {
    // stargate.money.usd_bn_text
    var a = Math.abs(value);
    return "US$" + numText(C.pyFixed(value, a >= 100 ? 1 : a >= 10 ? 2 : 3)) + "bn";
  }

  function shareText(share) {
    // stargate.money.share_text
    var pct = 100 * share;
    if (pct !== 0 && Math.abs(pct) < 1) return C.pyFixed(pct, 2) + "%";
    return C.pyFixed(pct, 1) + "%";
  }

  function fittedSourceLine(payload, ids) {
    // stargate.theme.fitted_source_line
    var line = "";
    for (var limit = 3; limit >= 1; limit--) {
      line = C.sourceLine(payload.sources, ids, limit);
      if (C.length(line) <= payload.src_max) return line;
    }
    return line;
  }

  function unique(lists) {
    var out = [],
      seen = {};
    lists.forEach(function (items) {
      items.forEach(function (x) {
        if (!seen[x]) {
          seen[x] = true;
          out.push(x);
        }
      });
    });
    return out;
  }

  function figure(payload, recs, unit) {
    var t = copy(payload.templates[unit]);
    var u = unit === "usd_bn" ? 0 : 1;
    var labels = payload.labels;
    var bars = [],
      barSeen = {};
    recs.forEach(function (r) {
      var key = r.fl + "|" + r.pl;
      if (!barSeen[key]) {
        barSeen[key] = true;
        bars.push([r.fl, r.pl]);
      }
    });
    var order = t.data[0];
    order.y = [
      bars.map(function (b) {
        return labels[b[0]];
      }),
      bars.map(function (b) {
        return labels[b[1]];
      }),
    ];
    order.x = bars.map(function () {
      return 0;
    });
    var names = [];
    payload.stack.forEach(function (status, i) {
      var tr = t.data[1 + i];
      var part = recs.filter(function (r) {
        return r.s === status && r.m;
      });
      tr.y = [
        part.map(function (r) {
          return labels[r.fl];
        }),
        part.map(function (r) {
          return labels[r.pl];
        }),
      ];
      tr.x = part.map(function (r) {
        return r.x[u];
      });
      tr.hovertext = part.map(function (r) {
        return r.hover;
      });
      tr.showlegend = part.length > 0;
      if (tr.showlegend) names.push(payload.status_name_len[status]);
    });
    var ceil = t.data[1 + payload.stack.length];
    var ceilings = recs.filter(function (r) {
      return !r.m;
    });
    ceil.y = [
      ceilings.map(function (r) {
        return labels[r.fl];
      }),
      ceilings.map(function (r) {
        return labels[r.pl];
      }),
    ];
    ceil.x = ceilings.map(function (r) {
      return r.x[u];
    });
    ceil.text = ceilings.map(function () {
      return payload.not_money_text;
    });
    ceil.hovertext = ceilings.map(function (r) {
      return r.hover;
    });
    ceil.showlegend = ceilings.length > 0;
    if (ceil.showlegend) names.push(payload.not_money_name_len);

    var L = t.layout;
    var source = fittedSourceLine(
      payload,
      unique(
        recs.map(function (r) {
          return r.src;
        }),
      ),
    );
    L.height = Math.max(380, 190 + 22 * bars.length); // money.flows_height
    L.meta.source = source;
    // money.legend_top: left margin from the longest label of each level, legend rows at the default width
    var longest = [0, 1].map(function (level) {
      var m = 0;
      bars.forEach(function (b) {
        m = Math.max(m, payload.label_len[b[level]]);
      });
      return m;
    });
    var total = 0;
    longest.forEach(function (m) {
      total += 4.9 * m + 20;
    });
    var left = Math.trunc(total) + 12;
    L.margin.l = left;
    L.annotations = L.annotations.map(function (a) {
      if (a.name === "source-stamp") {
        a.xshift = -(left - 10);
        a.text = C.escape("Data as of " + payload.as_of + " · Stargate Explained · " + source);
      }
      return a;
    });
    var plotWidth = Math.max(200, payload.width - left - L.margin.r);
    var rows = 1,
      used = 0;
    names.forEach(function (n) {
      var w = 44 + 6.6 * n;
      if (used && used + w > plotWidth) {
        rows += 1;
        used = 0;
      }
      used += w;
    });
    L.margin.t = 92 + 21 * rows;
    return t;
  }

  function fill(template, values) {
    // str.format of a template of stargate.money.TEXTS (the values are not read again)
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return String(values[key]);
    });
  }

  function describe(payload, recs) {
    // stargate.money.describe_money_flows, for the bars shown
    var T = payload.texts;
    var ceilingWords = recs
      .filter(function (r) {
        return !r.m;
      })
      .map(function (r) {
        return r.cw;
      })
      .join(", ");
    var money = recs.filter(function (r) {
      return r.m;
    });
    var apart = ceilingWords ? fill(T.apart, { ceilings: ceilingWords }) : "";
    if (!money.length) {
      return [fill(T.no_money, { apart: apart }), fill(T.no_money_alt, { ceilings: ceilingWords })];
    }
    var total = 0,
      paid = 0;
    money.forEach(function (r) {
      total += r.a;
    });
    money.forEach(function (r) {
      if (r.s === "disbursed") paid += r.a;
    });
    var barKeys = [],
      perBar = {};
    money.forEach(function (r) {
      if (!Object.hasOwn(perBar, r.k)) {
        perBar[r.k] = 0.0;
        barKeys.push(r.k);
      }
      perBar[r.k] = perBar[r.k] + r.a;
    });
    var topKey = barKeys[0];
    barKeys.forEach(function (k) {
      if (perBar[k] > perBar[topKey]) topKey = k;
    });
    var top = perBar[topKey];
    var takeaway = fill(T.takeaway, {
      total: usdBnText(total),
      lines: barKeys.length,
      paid: usdBnText(paid),
      paid_share: shareText(total ? paid / total : 0),
      payer: payload.keys[topKey][0],
      recipient: payload.keys[topKey][1],
      instrument: payload.keys[topKey][2],
      top: usdBnText(top),
      top_share: shareText(top / payload.h),
      headline: payload.headline_label,
      apart: apart,
    });
    var parts = [],
      flows = [];
    money.forEach(function (r) {
      if (flows.indexOf(r.f) < 0) flows.push(r.f);
    });
    flows.forEach(function (flow) {
      var statuses = [],
        byStatus = {};
      money.forEach(function (r) {
        if (r.f !== flow) return;
        if (!Object.hasOwn(byStatus, r.s)) {
          byStatus[r.s] = 0.0;
          statuses.push(r.s);
        }
        byStatus[r.s] = byStatus[r.s] + r.a;
      });
      var sum = 0.0;
      statuses.forEach(function (s) {
        sum += byStatus[s];
      });
      var words = statuses
        .map(function (s) {
          return fill(T.status, { status: payload.status_lower[s], amount: usdBnText(byStatus[s]) });
        })
        .join(", ");
      parts.push(fill(T.flow, { flow: payload.flow_label[flow], total: usdBnText(sum), statuses: words }));
    });
    if (ceilingWords) parts.push(fill(T.ceilings, { ceilings: ceilingWords }));
    return [takeaway, fill(T.alt, { parts: parts.join("; ") })];
  }

  function render(payload, state) {
    var flows = chosen(payload, state, "flows");
    var statuses = chosen(payload, state, "statuses");
    var unit = state && Object.hasOwn(state, "unit") ? state.unit : payload.defaults.unit;
    var recs = payload.segs.filter(function (r) {
      return flows.indexOf(r.f) >= 0 && statuses.indexOf(r.s) >= 0;
    });
    var u = unit === "usd_bn" ? 0 : 1;
    var rows = {
      columns: payload.columns.slice(),
      data: recs.map(function (r) {
        var cells = r.cells.slice();
        cells[payload.hover_col] = r.hover;
        cells.push(r.v[u]);
        return cells;
      }),
    };
    var fig, text;
    if (!recs.length) {
      fig = copy(payload.empty.figure);
      text = [payload.empty.takeaway, payload.empty.alt];
    } else {
      fig = figure(payload, recs, unit);
      text = describe(payload, recs);
    }
    return { data: fig.data, layout: fig.layout, takeaway: text[0], alt: text[1], rows: rows, extras: {} };
  }

  window.__stargateLive = window.__stargateLive || {};
  render.text = { usdBnText: usdBnText, shareText: shareText }; // for the tests of the number formats
  window.__stargateLive.money_flows = render;
})();
