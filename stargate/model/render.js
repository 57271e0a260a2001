/* The what-if view's live renderer: the one code that draws the view for a setting, on every surface.
 *
 * The model's arithmetic and number formats are kept in both languages on purpose (the story, the teaching
 * kit and the CSV's rows use stargate/model/__init__.py): each function below has the name of the Python function it
 * mirrors and does the same operations in the same order (so the IEEE doubles are the same); the number
 * formats reproduce Python's output character for character: fmt_num's
 * Decimal(repr(x)).quantize(ROUND_HALF_UP) is done on the digits of the shortest representation
 * (toExponential() gives the same digits as Python's repr), the CSV's float cells follow Python's repr, and
 * fmt_count's "{:,.0f}" rounds the exact binary value half to even, as Python does. The sentences and the
 * figure are written here for every setting; Python writes them at the defaults only (model.sentences,
 * model.what_if_figure: the static chart, whose layout the payload, stargate/model/payload.py, carries).
 * tests/test_live_whatif.py holds this file to model.what_if_rows, model.run's numbers and the formats.
 */
(function () {
  "use strict";
  var C = window.__stargateLiveCommon; // live/common.js: escape, copy, group, pyFixed

  // ------------------------------------------------------------------------------------------------
  // The arithmetic (stargate.model: _finite ... scenario)
  // ------------------------------------------------------------------------------------------------

  var BUILD_YEARS = [1, 10];

  function fail(text) {
    throw new Error("ValueError: " + text);
  }

  function _finite(name, value) {
    var x = Number(value);
    if (typeof value !== "number" || !Number.isFinite(x))
      fail(name + " must be a finite number (got " + value + ")");
    return x;
  }

  function _non_negative(name, value) {
    var x = _finite(name, value);
    if (x < 0) fail(name + " cannot be negative (got " + value + ")");
    return x;
  }

  function _positive(name, value) {
    var x = _finite(name, value);
    if (x <= 0) fail(name + " must be more than zero (got " + value + ")");
    return x;
  }

  function _fraction(name, value) {
    var x = _finite(name, value);
    if (!(0 <= x && x <= 1)) fail(name + " is a fraction between 0 and 1; got " + value);
    return x;
  }

  function _years(value) {
    var x = _finite("build_years", value);
    if (!(BUILD_YEARS[0] <= x && x <= 50)) fail("build_years must be between " + BUILD_YEARS[0] + " and 50");
    return x;
  }

  // gw x cost per GW
  function capital_needed_usd_bn(gw, cost_usd_bn_per_gw) {
    return _non_negative("gw", gw) * _positive("cost_usd_bn_per_gw", cost_usd_bn_per_gw);
  }

  // budget / cost per GW
  function gw_for_budget(budget_usd_bn, cost_usd_bn_per_gw) {
    return (
      _non_negative("budget_usd_bn", budget_usd_bn) / _positive("cost_usd_bn_per_gw", cost_usd_bn_per_gw)
    );
  }

  // (capital x debt share) x rate, as Python evaluates a * b * c
  function annual_interest_usd_bn(capital_usd_bn, debt_share, interest_rate) {
    return (
      _non_negative("capital_usd_bn", capital_usd_bn) *
      _fraction("debt_share", debt_share) *
      _fraction("interest_rate", interest_rate)
    );
  }

  // (yearly interest x years) / 2: the debt drawn evenly, half of it outstanding on average
  function interest_during_build_usd_bn(annual_interest, build_years) {
    return (_non_negative("annual_interest_usd_bn", annual_interest) * _years(build_years)) / 2;
  }

  function homes_equivalent(gw, homes_per_gw) {
    return _non_negative("gw", gw) * _positive("homes_per_gw", homes_per_gw);
  }

  // model.scenario: inputs and outputs of one run (the Scenario dataclass as an object)
  function scenario(kw) {
    var capital = capital_needed_usd_bn(kw.gw_target, kw.cost_usd_bn_per_gw);
    var headline = _positive("headline_usd_bn", kw.headline_usd_bn);
    var annual = annual_interest_usd_bn(capital, kw.debt_share, kw.interest_rate);
    return {
      gw_target: kw.gw_target,
      cost_usd_bn_per_gw: kw.cost_usd_bn_per_gw,
      debt_share: kw.debt_share,
      interest_rate: kw.interest_rate,
      build_years: _years(kw.build_years),
      homes_per_gw: _positive("homes_per_gw", kw.homes_per_gw),
      headline_usd_bn: headline,
      initial_usd_bn: _non_negative("initial_usd_bn", kw.initial_usd_bn),
      capital_needed_usd_bn: capital,
      capital_minus_headline_usd_bn: capital - headline,
      capital_to_headline_ratio: capital / headline,
      headline_buys_gw: gw_for_budget(headline, kw.cost_usd_bn_per_gw),
      initial_buys_gw: gw_for_budget(kw.initial_usd_bn, kw.cost_usd_bn_per_gw),
      debt_usd_bn: capital * kw.debt_share,
      annual_interest_usd_bn: annual,
      interest_during_build_usd_bn: interest_during_build_usd_bn(annual, kw.build_years),
      homes_equivalent: homes_equivalent(kw.gw_target, kw.homes_per_gw),
    };
  }

  // model.model_params: slider values -> the chart's parameters (fractions where the sliders show percent)
  function model_params(values) {
    return {
      cost_usd_bn_per_gw: values.cost_usd_bn_per_gw,
      gw_target: values.gw_target,
      homes_per_gw: values.homes_per_gw,
      debt_share: values.debt_share_pct / 100,
      interest_rate: values.interest_rate_pct / 100,
      build_years: values.build_years,
    };
  }

  // model.run: the data's inputs, overridden by the parameters
  function run(payload, params) {
    var inputs = {},
      k;
    for (k in payload.inputs) if (Object.hasOwn(payload.inputs, k)) inputs[k] = payload.inputs[k];
    for (k in params) if (params[k] !== null && params[k] !== undefined) inputs[k] = params[k];
    return scenario(inputs);
  }

  // ------------------------------------------------------------------------------------------------
  // Number formats (stargate.model: fmt_num, fmt_usd_bn, fmt_count, fmt_pct, _years_text; Python's repr)
  // ------------------------------------------------------------------------------------------------

  // The shortest digits that read back as |x| (Python's repr and JS's toExponential() agree on them) and
  // the decimal exponent of the first one: |x| = 0.D x 10^(exp + 1).
  function shortest(x) {
    var s = Math.abs(x).toExponential(); // "d.ddde+n"
    var e = s.indexOf("e");
    return { digits: s.slice(0, e).replace(".", ""), exp: parseInt(s.slice(e + 1), 10) };
  }

  // "1234" + 1 -> "1235", "999" + 1 -> "1000" (decimal digits as text: no limit on size)
  function incrementDigits(text) {
    var out = "",
      carry = 1,
      i,
      d;
    for (i = text.length - 1; i >= 0; i--) {
      d = text.charCodeAt(i) - 48 + carry;
      carry = d === 10 ? 1 : 0;
      out = String.fromCharCode(48 + (d % 10)) + out;
    }
    return carry ? "1" + out : out;
  }

  // Python: f"{Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):,.{decimals}f}"
  function decimal_half_up_text(x, decimals) {
    var p = shortest(x),
      D = p.digits,
      L = D.length;
    // |x| x 10^decimals = D x 10^shift; keep the integer part and round on the first digit dropped
    var shift = p.exp - (L - 1) + decimals,
      n;
    if (shift >= 0) {
      n = D + new Array(shift + 1).join("0");
    } else {
      var keep = L + shift; // digits of D before the decimal point (may be <= 0)
      n = keep > 0 ? D.slice(0, keep) : "0";
      var first = keep >= 0 ? D.charCodeAt(keep) - 48 : 0;
      if (first >= 5) n = incrementDigits(n); // ROUND_HALF_UP: a dropped part >= 0.5 rounds away from 0
    }
    n = n.replace(/^0+(?=\d)/, "");
    while (n.length < decimals + 1) n = "0" + n;
    var intPart = n.slice(0, n.length - decimals),
      frac = n.slice(n.length - decimals);
    var sign = x < 0 || (x === 0 && 1 / x < 0) ? "-" : "";
    return sign + C.group(intPart) + (decimals ? "." + frac : "");
  }

  // Readable number: thousands separators, at most three significant figures below 100.
  function fmt_num(x) {
    var decimals = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
    var text = decimal_half_up_text(x, decimals);
    if (decimals) text = text.replace(/0+$/, "").replace(/\.+$/, ""); // rstrip("0").rstrip(".")
    return text === "-0" || text === "" ? "0" : text;
  }

  function fmt_usd_bn(x) {
    return "$" + fmt_num(x) + " bn";
  }

  // People-sized counts: "8.2 million", "824,000" (Python's f"{x:,.0f}": ties to even).
  function fmt_count(x) {
    if (Math.abs(x) >= 1e6) return fmt_num(x / 1e6) + " million";
    return Math.abs(x) >= 1000 ? C.group(C.pyFixed(x, 0)) : fmt_num(x);
  }

  function fmt_pct(fraction) {
    return fmt_num(fraction * 100) + "%";
  }

  function _years_text(years) {
    return fmt_num(years) + "-year";
  }

  // Python's repr(float): shortest digits; fixed notation for 1e-4 <= |x| < 1e16 (with ".0" when whole),
  // otherwise "d.ddde+XX" with at least two exponent digits.
  function py_float_repr(x) {
    if (Number.isNaN(x)) return "nan";
    if (x === Infinity) return "inf";
    if (x === -Infinity) return "-inf";
    var sign = x < 0 || (x === 0 && 1 / x < 0) ? "-" : "";
    if (x === 0) return sign + "0.0";
    var p = shortest(x),
      D = p.digits,
      L = D.length,
      e = p.exp,
      body;
    if (e >= -4 && e < 16) {
      if (e < 0) body = "0." + new Array(-e).join("0") + D;
      else if (L <= e + 1) body = D + new Array(e + 2 - L).join("0") + ".0";
      else body = D.slice(0, e + 1) + "." + D.slice(e + 1);
    } else {
      var ex = Math.abs(e) < 10 ? "0" + Math.abs(e) : String(Math.abs(e));
      body = D.charAt(0) + (L > 1 ? "." + D.slice(1) : "") + "e" + (e < 0 ? "-" : "+") + ex;
    }
    return sign + body;
  }

  // ------------------------------------------------------------------------------------------------
  // Plain-English output (stargate.model: sentences, describe_what_if) and the rows (what_if_rows, csv_cell)
  // ------------------------------------------------------------------------------------------------

  // math.isclose(a, 0.0, abs_tol=1e-9)
  function isclose_zero(a) {
    return Math.abs(a) <= Math.max(1e-9 * Math.abs(a), 1e-9);
  }

  function sentences(r) {
    var out = [
      "At " +
        fmt_usd_bn(r.cost_usd_bn_per_gw) +
        " per GW, " +
        fmt_usd_bn(r.headline_usd_bn) +
        " buys " +
        fmt_num(r.headline_buys_gw) +
        " GW, and the first " +
        fmt_usd_bn(r.initial_usd_bn) +
        " buys " +
        fmt_num(r.initial_buys_gw) +
        " GW.",
    ];
    var build =
      "Building " +
      fmt_num(r.gw_target) +
      " GW at " +
      fmt_usd_bn(r.cost_usd_bn_per_gw) +
      " per GW needs " +
      fmt_usd_bn(r.capital_needed_usd_bn);
    var gap = r.capital_minus_headline_usd_bn;
    if (isclose_zero(gap)) {
      out.push(build + ": exactly the " + fmt_usd_bn(r.headline_usd_bn) + " headline.");
    } else if (gap > 0) {
      out.push(
        build +
          ": " +
          fmt_usd_bn(gap) +
          " more than the " +
          fmt_usd_bn(r.headline_usd_bn) +
          " headline (" +
          fmt_num(r.capital_to_headline_ratio) +
          " times it).",
      );
    } else {
      out.push(
        build +
          ": " +
          fmt_usd_bn(-gap) +
          " less than the " +
          fmt_usd_bn(r.headline_usd_bn) +
          " headline (" +
          fmt_pct(r.capital_to_headline_ratio) +
          " of it).",
      );
    }
    if (r.debt_share === 0 || r.interest_rate === 0) {
      out.push("With no borrowing or no interest (assumptions), there is no interest bill.");
    } else {
      out.push(
        "If " +
          fmt_pct(r.debt_share) +
          " of it is borrowed at " +
          fmt_pct(r.interest_rate) +
          " a year (assumptions), the interest bill is " +
          fmt_usd_bn(r.annual_interest_usd_bn) +
          " a year once all " +
          fmt_usd_bn(r.debt_usd_bn) +
          " of debt is drawn, and about " +
          fmt_usd_bn(r.interest_during_build_usd_bn) +
          " during a " +
          _years_text(r.build_years) +
          " build (debt drawn evenly).",
      );
    }
    out.push(
      fmt_num(r.gw_target) +
        " GW running all year uses as much electricity as about " +
        fmt_count(r.homes_equivalent) +
        " average homes (at " +
        fmt_count(r.homes_per_gw) +
        " homes per GW).",
    );
    return out;
  }

  function _describe(r) {
    var takeaway = sentences(r).join(" ");
    var alt =
      "Two bar charts. Left, in US$ billion: capital needed for " +
      fmt_num(r.gw_target) +
      " GW at " +
      fmt_usd_bn(r.cost_usd_bn_per_gw) +
      " per GW is " +
      fmt_usd_bn(r.capital_needed_usd_bn) +
      ", plus " +
      fmt_usd_bn(r.interest_during_build_usd_bn) +
      " of interest during the build (assumptions), next to " +
      "the announced " +
      fmt_usd_bn(r.headline_usd_bn) +
      ". Right, in gigawatts: " +
      fmt_usd_bn(r.initial_usd_bn) +
      " buys " +
      fmt_num(r.initial_buys_gw) +
      " GW and " +
      fmt_usd_bn(r.headline_usd_bn) +
      " buys " +
      fmt_num(r.headline_buys_gw) +
      " GW, against a dashed line at " +
      "the " +
      fmt_num(r.gw_target) +
      " GW target.";
    return [takeaway, alt];
  }

  // stargate.export.csv_cell as text: floats as Python's repr, text neutralised against formulas
  function csv_cell(payload, value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "number") return py_float_repr(value);
    var text = String(value),
      starts = payload.formula_start,
      i;
    for (i = 0; i < starts.length; i++) if (text.indexOf(starts[i]) === 0) return "'" + text;
    return text;
  }

  function _rows(payload, r) {
    var head = fmt_usd_bn(r.headline_usd_bn),
      init = fmt_usd_bn(r.initial_usd_bn);
    var rows = [
      ["money", "Needed", "Capital for the GW target", r.capital_needed_usd_bn, "usd_bn"],
      [
        "money",
        "Needed",
        "Interest during the build (assumptions)",
        r.interest_during_build_usd_bn,
        "usd_bn",
      ],
      ["money", "Announced", "Announced headline", r.headline_usd_bn, "usd_bn"],
      ["capacity", init + " buys", "GW the money buys", r.initial_buys_gw, "gw"],
      ["capacity", head + " buys", "GW the money buys", r.headline_buys_gw, "gw"],
      ["capacity", "GW target", "GW target", r.gw_target, "gw"],
    ];
    return {
      columns: ["panel", "bar", "series", "value", "unit"],
      data: rows.map(function (row) {
        return row.map(function (v) {
          return csv_cell(payload, v);
        });
      }),
    };
  }

  // ------------------------------------------------------------------------------------------------
  // The figure (stargate.model: what_if_figure; the record's fixed layout comes in the payload)
  // ------------------------------------------------------------------------------------------------

  function _figure(payload, r) {
    var colours = payload.colours;
    var head = fmt_usd_bn(r.headline_usd_bn),
      init = fmt_usd_bn(r.initial_usd_bn);
    var needed_label = "Needed for " + fmt_num(r.gw_target) + " GW";
    var money_x = [needed_label, "Announced"];
    var gw_x = [init + " buys", head + " buys"];
    var traces = [
      {
        hovertemplate:
          "Capital needed: " +
          fmt_usd_bn(r.capital_needed_usd_bn) +
          "<br>" +
          fmt_num(r.gw_target) +
          " GW × " +
          fmt_usd_bn(r.cost_usd_bn_per_gw) +
          " per GW<extra></extra>",
        insidetextanchor: "middle",
        marker: { color: colours.blue },
        name: "Capital: GW target × cost per GW",
        text: [fmt_usd_bn(r.capital_needed_usd_bn)],
        textposition: "inside",
        x: [needed_label],
        xaxis: "x",
        y: [r.capital_needed_usd_bn],
        yaxis: "y",
        type: "bar",
      },
      {
        hovertemplate:
          "Interest during a " +
          _years_text(r.build_years) +
          " build: " +
          fmt_usd_bn(r.interest_during_build_usd_bn) +
          "<br>" +
          fmt_pct(r.debt_share) +
          " debt at " +
          fmt_pct(r.interest_rate) +
          " a year, drawn evenly (assumptions)<extra></extra>",
        marker: { color: colours.orange, pattern: { fgcolor: "#FFFFFF", shape: "/" } },
        name: "Interest during the build (assumptions)",
        text: ["+" + fmt_usd_bn(r.interest_during_build_usd_bn) + " interest"],
        textposition: "outside",
        x: [needed_label],
        xaxis: "x",
        y: [r.interest_during_build_usd_bn],
        yaxis: "y",
        type: "bar",
      },
      {
        hovertemplate:
          "Announced: " +
          head +
          " (" +
          C.escape(payload.headline_stated_by) +
          ", " +
          payload.headline_when +
          ")<extra></extra>",
        insidetextanchor: "middle",
        marker: { color: colours.grey },
        name: "Announced headline (" + payload.headline_stated_by + ")",
        text: [head],
        textposition: "inside",
        x: ["Announced"],
        xaxis: "x",
        y: [r.headline_usd_bn],
        yaxis: "y",
        type: "bar",
      },
      {
        hovertemplate: "%{x}: %{y:.3~f} GW at " + fmt_usd_bn(r.cost_usd_bn_per_gw) + " per GW<extra></extra>",
        marker: { color: colours.bluish_green },
        name: "GW the money buys",
        text: [fmt_num(r.initial_buys_gw) + " GW", fmt_num(r.headline_buys_gw) + " GW"],
        textposition: "outside",
        x: gw_x,
        xaxis: "x2",
        y: [r.initial_buys_gw, r.headline_buys_gw],
        yaxis: "y2",
        type: "bar",
      },
    ];
    var gw_top = Math.max(r.headline_buys_gw, r.gw_target) * 1.18;
    var money_top =
      Math.max(r.capital_needed_usd_bn + r.interest_during_build_usd_bn, r.headline_usd_bn) * 1.15;
    var subtitle =
      "US$ billion (left) and gigawatts (right) · cost " +
      fmt_usd_bn(r.cost_usd_bn_per_gw) +
      " per GW · assumptions: " +
      fmt_pct(r.debt_share) +
      " debt at " +
      fmt_pct(r.interest_rate) +
      "/yr over " +
      fmt_num(r.build_years) +
      " years";
    var layout = C.copy(payload.layout),
      i;
    layout.title.text = payload.title_head + C.escape(subtitle) + payload.title_tail; // theme.base_layout
    layout.xaxis.categoryarray = money_x;
    layout.yaxis.range = [0, money_top];
    layout.xaxis2.categoryarray = gw_x;
    layout.yaxis2.range = [0, gw_top];
    for (i = 0; i < layout.shapes.length; i++) {
      if (layout.shapes[i].name === "gw-target") {
        layout.shapes[i].y0 = r.gw_target;
        layout.shapes[i].y1 = r.gw_target;
      }
    }
    for (i = 0; i < layout.annotations.length; i++) {
      if (layout.annotations[i].name === "gw-target-label") {
        layout.annotations[i].text = "- - GW target: " + fmt_num(r.gw_target) + " GW";
        layout.annotations[i].y = r.gw_target;
      }
    }
    return { data: traces, layout: layout };
  }

  // ------------------------------------------------------------------------------------------------

  function render(payload, state) {
    var values = {},
      k;
    for (k in payload.state_defaults) {
      if (Object.hasOwn(payload.state_defaults, k)) {
        values[k] =
          state && state[k] !== undefined && state[k] !== null ? state[k] : payload.state_defaults[k];
      }
    }
    var r = run(payload, model_params(values));
    var fig = _figure(payload, r),
      text = _describe(r);
    return {
      data: fig.data,
      layout: fig.layout,
      takeaway: text[0],
      alt: text[1],
      rows: _rows(payload, r),
      extras: {},
    };
  }

  // The mirrored functions, for the tests (tests/test_live_whatif.py compares them with Python directly).
  render.mirror = {
    fmt_num: fmt_num,
    fmt_usd_bn: fmt_usd_bn,
    fmt_count: fmt_count,
    fmt_pct: fmt_pct,
    py_float_repr: py_float_repr,
    scenario: scenario,
  };

  var live = (window.__stargateLive = window.__stargateLive || {});
  live.what_if = render;
})();
