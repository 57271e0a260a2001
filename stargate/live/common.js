// The renderers' shared helpers: one JavaScript copy of each (text escaping, Python's number formats, the
// source line), put before every renderer by stargate.live.renderer_js, so that each surface's script (the
// site's chart asset, the live view's module, Python's engine) is one self-contained piece. Each helper
// names the Python function it equals; tests/test_live_*.py hold them to it.
(function () {
  "use strict";
  if (window.__stargateLiveCommon) return;

  // theme.escape: plotly.js renders a subset of HTML in its texts
  function escapeText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // a deep copy of a payload's JSON part (the renderer fills it, the payload stays as it is)
  function copy(value) {
    return JSON.parse(JSON.stringify(value));
  }

  function assign(target, source) {
    for (var k in source) {
      if (Object.hasOwn(source, k)) target[k] = source[k];
    }
    return target;
  }

  // Python's len: code points
  function length(text) {
    return Array.from(String(text)).length;
  }

  // "-1234567" -> "-1,234,567": Python's "," format option on the digits of a whole number
  function group(intText) {
    var neg = intText.charAt(0) === "-";
    var t = neg ? intText.slice(1) : intText;
    var out = "";
    while (t.length > 3) {
      out = "," + t.slice(t.length - 3) + out;
      t = t.slice(0, t.length - 3);
    }
    return (neg ? "-" : "") + t + out;
  }

  // Python's format(x, f".{d}f"): the exact binary value rounded, ties to even (toFixed goes away from 0)
  function pyFixed(x, d) {
    var s = x.toFixed(d);
    var exact = Math.abs(x).toFixed(Math.min(100, d + 60));
    var dot = exact.indexOf(".");
    var tail = exact.slice(dot + 1 + d);
    if (/^50*$/.test(tail)) {
      var kept = d ? exact.slice(0, dot + 1 + d) : exact.slice(0, dot);
      if (Number(kept.charAt(kept.length - 1)) % 2 === 0) s = (x < 0 ? "-" : "") + kept;
    }
    return x === 0 && 1 / x < 0 ? "-" + s : s; // -0.0 keeps its sign, as in Python
  }

  // theme.source_line: ``table[id]`` is [confidence rank, the publisher's name] (theme.source_table);
  // ``ids`` may repeat (one per row shown): by rank, then by the rows citing it, then as first cited
  function sourceLine(table, ids, limit) {
    var counts = new Map();
    ids.forEach(function (id) {
      if (Object.hasOwn(table, id)) counts.set(id, (counts.get(id) || 0) + 1);
    });
    var order = Array.from(counts.keys());
    order.sort(function (a, b) {
      return table[a][0] - table[b][0] || counts.get(b) - counts.get(a);
    });
    var names = [];
    order.forEach(function (id) {
      if (names.indexOf(table[id][1]) < 0) names.push(table[id][1]);
    });
    if (!names.length) return "Sources: see data/sources.csv";
    var more = names.length - limit;
    return (
      "Sources: " +
      names.slice(0, limit).join("; ") +
      (more > 0 ? " and " + more + " more (see data/sources.csv)" : "")
    );
  }

  window.__stargateLiveCommon = {
    escape: escapeText,
    copy: copy,
    assign: assign,
    length: length,
    group: group,
    pyFixed: pyFixed,
    sourceLine: sourceLine,
  };
})();
