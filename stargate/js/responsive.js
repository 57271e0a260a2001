/* Stargate Explained: one responsive rule for every chart drawn in a browser (the static site, the app's
   charts, the views' widgets). A chart reads its container's width; below NARROW px (a phone) its layout is
   adapted before plotly.js draws it:
   - title, subtitle and the source/as-of line wrap instead of running off the right edge (the title
     starts below plotly's toolbar);
   - the legend sits above the plot, in as many rows as it needs (the top margin grows to hold it);
   - long category labels of horizontal bars are wrapped on two short lines, cut with an ellipsis (the full
     text goes to the hover; the chart's table has it too), so the bars keep most of the width;
   - a point's hover text is wrapped to lines that fit the screen;
   - side margins shrink, and the height grows where a bar chart needs room for its rows, or fits a map
     (a plot of fixed proportions: layout.meta.plot_aspect).
   Only presentation changes: every number and every bar stay as Python built them.
   window.__stargateNarrow(data, layout, width) -> {data, layout} to draw on a phone, or null (draw as built). */
window.__stargateNarrow =
  window.__stargateNarrow ||
  (function () {
    var NARROW = 600;
    var CHAR = { title: 10.5, text: 7.2, small: 6.6 }; // px per character at the charts' font sizes (average)
    var TOOLBAR = 150; // px at a chart's top right kept for plotly.js's toolbar on a touch screen (3 buttons)

    function plain(text) {
      return String(text)
        .replace(/<[^>]*>/g, "")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&amp;/g, "&");
    }

    /* lines of at most `max` characters; the first of at most `first`, where given */
    function wrapWords(text, max, first) {
      var words = String(text).split(/\s+/).filter(Boolean),
        lines = [],
        line = "";
      words.forEach(function (w) {
        if (line && plain(line + " " + w).length > (lines.length || !first ? max : first)) {
          lines.push(line);
          line = w;
        } else line = line ? line + " " + w : w;
      });
      if (line) lines.push(line);
      return lines.length ? lines : [""];
    }

    /* "<b>Title</b><br><span style=...>Subtitle</span>": each piece wrapped inside its own tags (with
       `whole`, a piece with markup inside its tags is left as it is); with `max.first` (0 to 1), the very
       first line takes that share of its piece's limit */
    function wrapMarkup(text, max, whole) {
      var out = [];
      String(text)
        .split(/<br\s*\/?>/i)
        .forEach(function (piece) {
          var m = /^(\s*<(b|i|span)\b[^>]*>)([\s\S]*?)(<\/\2>\s*)$/i.exec(piece);
          var open = m ? m[1] : "",
            inner = m ? m[3] : piece,
            close = m ? m[4] : "";
          if (whole && /</.test(inner)) {
            out.push(piece);
            return;
          }
          var limit = m && /^<b/i.test(open.trim()) ? max.bold : max.normal;
          var first = out.length || !max.first ? 0 : Math.max(8, Math.floor(limit * max.first));
          wrapWords(inner, limit, first).forEach(function (line) {
            out.push(open + line + close);
          });
        });
      return out;
    }

    /* a point's values (its hover label) in lines that fit the screen: plotly.js draws one line per <br>,
       and a long one ran past a phone's edge. A piece with markup inside it is left whole. */
    function wrapHover(text, width) {
      if (typeof text !== "string") return text;
      var max = Math.max(16, Math.floor((width - 40) / CHAR.text));
      return wrapMarkup(text, { bold: Math.floor(max * 0.9), normal: max }, true).join("<br>");
    }

    function shortLabel(text, max) {
      var lines = wrapWords(plain(text), max);
      if (lines.length > 2) lines = [lines[0], lines[1].slice(0, Math.max(1, max - 1)) + "\u2026"];
      return lines
        .map(function (l) {
          return l.length > max ? l.slice(0, max - 1) + "\u2026" : l;
        })
        .map(function (l) {
          return l.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
        })
        .join("<br>");
    }

    function legendRows(data, layout, inner) {
      if (layout.showlegend === false) return 0;
      var names = [];
      data.forEach(function (t) {
        var shown = t.showlegend !== false && t.name && (t.showlegend === true || data.length > 1);
        if (shown && t.visible !== false && names.indexOf(t.name) < 0) names.push(t.name);
      });
      if (!names.length) return 0;
      // a legend's title ("Status: ") on a row of its own (see below)
      var rows = layout.legend?.title?.text ? 2 : 1,
        used = 0;
      names.forEach(function (n) {
        var w = 44 + plain(n).length * CHAR.small;
        if (used && used + w > inner) {
          rows += 1;
          used = 0;
        }
        used += w;
      });
      return rows;
    }

    function isHorizontalBar(t) {
      return (t.type || "scatter") === "bar" && t.orientation === "h" && Array.isArray(t.y) && t.y.length > 0;
    }

    /* horizontal bars: one short label per bar (a two-level axis keeps only its bar level), the same long
     label always giving the same short one, two long labels never the same short one; the full label goes
     to the hover */
    function shortenBars(data, max) {
      var shortOf = {},
        taken = {},
        any = false;
      function short(full, item) {
        if (shortOf[full] === undefined) {
          var base = shortLabel(item, max),
            name = base,
            n = 2;
          while (taken[name]) name = base + " (" + n++ + ")";
          taken[name] = true;
          shortOf[full] = name;
        }
        return shortOf[full];
      }
      var out = data.map(function (t) {
        if (!isHorizontalBar(t)) return t;
        any = true;
        var two = Array.isArray(t.y[0]);
        var items = two ? t.y[t.y.length - 1] : t.y;
        var full = items.map(function (label, i) {
          return two
            ? t.y
                .map(function (level) {
                  return String(level[i]);
                })
                .join(" \u00b7 ")
            : String(label);
        });
        var copy = Object.assign({}, t, {
          y: full.map(function (f, i) {
            return short(f, items[i]);
          }),
        });
        if (t.textposition === "outside") copy.textposition = "auto"; // inside the bar where it fits
        if (t.hoverinfo !== "skip" && t.hoverinfo !== "none") {
          if (!t.hovertemplate) {
            copy.customdata = full;
            copy.hovertemplate = "%{customdata}<br>%{x}<extra></extra>";
          } else if (/%\{y\}/.test(t.hovertemplate) && t.customdata === undefined) {
            copy.customdata = full;
            copy.hovertemplate = t.hovertemplate.replace(/%\{y\}/g, "%{customdata}");
          }
        }
        return copy;
      });
      return any ? { data: out, labels: Object.keys(taken).length, shortOf: shortOf } : null;
    }

    /* subplots side by side (make_subplots with one row) are stacked, one above the other, each the
     chart's full width; their titles (paper annotations at the top of each column) go with them */
    function stackSubplots(out) {
      var columns = Object.keys(out)
        .filter(function (k) {
          return /^xaxis\d*$/.test(k) && Array.isArray(out[k].domain);
        })
        .map(function (k) {
          var x = out[k],
            yKey = "yaxis" + String(x.anchor || "y").slice(1),
            y = out[yKey] || {};
          return { x: k, y: yKey, domain: x.domain, yDomain: y.domain || [0, 1] };
        })
        .sort(function (a, b) {
          return a.domain[0] - b.domain[0];
        });
      var sideBySide =
        columns.length > 1 &&
        columns.every(function (c, i) {
          return (
            c.yDomain[1] - c.yDomain[0] > 0.9 && (i === 0 || c.domain[0] >= columns[i - 1].domain[1] - 0.001)
          );
        });
      if (!sideBySide) return 0;
      var n = columns.length,
        gap = 0.16,
        h = (1 - gap * (n - 1)) / n;
      (out.annotations || []).forEach(function (a) {
        // a column's title moves with its column
        if (
          !a ||
          a.name === "source-stamp" ||
          (a.xref || "paper") !== "paper" ||
          (a.yref || "paper") !== "paper" ||
          !(a.y >= 0.98)
        )
          return;
        columns.forEach(function (c, i) {
          if (a.x >= c.domain[0] - 0.001 && a.x <= c.domain[1] + 0.001) {
            a.x = 0;
            a.xanchor = "left";
            a.y = 1 - i * (h + gap);
            a.yanchor = "bottom";
          }
        });
      });
      columns.forEach(function (c, i) {
        var top = 1 - i * (h + gap);
        out[c.x] = Object.assign({}, out[c.x], { domain: [0, 1] });
        out[c.y] = Object.assign({}, out[c.y] || {}, { domain: [Math.max(0, top - h), top] });
      });
      return n;
    }

    /* the chart's own phone layout, written by its builder in layout.meta.narrow (stargate.theme.narrow):
     - annotations: {name: what changes in it}, or {name: null}: out of the plot (its words are in notes);
     - traces: {index: what changes in that trace}; layout: {key: what changes in layout[key]};
     - notes: lines (plotly's text markup) shown under the chart, in the page, where text wraps */
    function ownNarrow(data, out) {
      var own = out.meta?.narrow;
      if (!own) return data;
      var changes = own.annotations || {};
      out.annotations = (out.annotations || [])
        .filter(function (a) {
          return !(a?.name in changes) || changes[a.name] !== null;
        })
        .map(function (a) {
          return a?.name in changes ? Object.assign({}, a, changes[a.name]) : a;
        });
      Object.keys(own.layout || {}).forEach(function (k) {
        var v = own.layout[k];
        out[k] = v && typeof v === "object" && !Array.isArray(v) ? Object.assign({}, out[k] || {}, v) : v;
      });
      return data.map(function (t, i) {
        return own.traces?.[i] ? Object.assign({}, t, own.traces[i]) : t;
      });
    }

    return function narrow(data, layout, width) {
      if (!width || width >= NARROW || !layout) return null;
      var out = JSON.parse(JSON.stringify(layout));
      data = ownNarrow(data || [], out);
      var margin = (out.margin = Object.assign({ l: 70, r: 30, t: 90, b: 95 }, out.margin || {}));
      var before = { t: margin.t, b: margin.b };
      var titleLines = 0,
        titleHeight = 0,
        titleTop = 0;
      if (out.title?.text) {
        // its first line stops short of plotly's toolbar (top right; on a phone, shown after a tap: the link
        // and image buttons), which would otherwise sit on the end of a line that spans the width
        var lines = wrapMarkup(out.title.text, {
          bold: Math.floor((width - 16) / CHAR.title),
          normal: Math.floor((width - 16) / CHAR.text),
          first: (width - 16 - TOOLBAR) / (width - 16),
        });
        titleLines = lines.length;
        titleHeight = lines.length * 24; // plotly spaces every line of a title by the title's own font
        titleTop = out.title.pad?.t || 0; // theme.TITLE_TOP: the rest starts below the toolbar
        out.title = Object.assign({}, out.title, { text: lines.join("<br>") });
      }
      var bars = shortenBars(data, Math.max(8, Math.floor((width * 0.32) / CHAR.small)));
      if (bars) {
        data = bars.data;
        data.forEach(function (t) {
          // every y axis that holds horizontal bars takes the short labels
          if (!isHorizontalBar(t)) return;
          var key = "yaxis" + String(t.yaxis || "y").slice(1);
          var y = Object.assign({}, out[key] || {}, { type: "category", automargin: true });
          delete y.tickvals;
          delete y.ticktext;
          delete y.tickmode;
          if (Array.isArray(y.categoryarray)) {
            y.categoryarray = y.categoryarray.map(function (c) {
              return bars.shortOf[c] || c;
            });
          }
          out[key] = y;
          // an annotation placed at a bar's label follows it to its short label
          (out.annotations || []).forEach(function (a) {
            if (a && "y" + String(key.slice(5)) === (a.yref || "y") && bars.shortOf[a.y] !== undefined)
              a.y = bars.shortOf[a.y];
          });
        });
        margin.l = 8;
      }
      // named lanes of other charts (the timeline's categories): long names on two short lines
      if (!bars && out.yaxis && Array.isArray(out.yaxis.ticktext)) {
        var laneMax = Math.max(8, Math.floor((width * 0.3) / CHAR.small));
        out.yaxis = Object.assign({}, out.yaxis, {
          ticktext: out.yaxis.ticktext.map(function (t) {
            return plain(t).length > laneMax ? shortLabel(t, laneMax) : t;
          }),
        });
      }
      var stacked = stackSubplots(out);
      margin.l = Math.min(margin.l, 44);
      margin.r = Math.min(margin.r, 12);
      // where the plot area starts (px from the chart's left): the margin plus the y labels it holds; the
      // source line is shifted back to the chart's left edge, so it gets the chart's whole width
      var labelChars = 0;
      if (bars) {
        data.forEach(function (t) {
          if (isHorizontalBar(t))
            t.y.forEach(function (l) {
              String(l)
                .split("<br>")
                .forEach(function (x) {
                  labelChars = Math.max(labelChars, plain(x).length);
                });
            });
        });
      } else if (out.yaxis && Array.isArray(out.yaxis.ticktext)) {
        out.yaxis.ticktext.forEach(function (t) {
          String(t)
            .split("<br>")
            .forEach(function (x) {
              labelChars = Math.max(labelChars, plain(x).length);
            });
        });
      }
      var left = Math.max(margin.l, labelChars * CHAR.small + 10); // as plotly.js's automargin makes it
      var plotWidth = Math.max(60, width - left - margin.r);
      // the legend above the plot, from the plot's left edge (placed further left, plotly.js would take
      // the room from the plot)
      var rows = legendRows(data, out, plotWidth);
      if (rows) {
        // placed below the title in the chart's own coordinates (set once the height is known)
        var head = out.legend?.title?.text && Object.assign({}, out.legend.title, { side: "top" });
        out.legend = Object.assign({}, out.legend || {}, head ? { title: head } : {}, {
          orientation: "h",
          x: 0,
          xanchor: "left",
          yanchor: "top",
          yref: "container",
        });
      }
      // room the chart keeps between its title and its plot (the scope chart's event numbers)
      var room = out.meta?.room_above || 0;
      var top = titleLines ? titleTop + titleHeight + 12 + room : margin.t;
      // subplot titles (annotations just above the plot area) need their own line below the legend
      var heads = (out.annotations || []).some(function (a) {
        return a && a.name !== "source-stamp" && (a.yref || "paper") === "paper" && a.y >= 0.98 && a.y <= 1.2;
      });
      margin.t = Math.max(titleLines ? 0 : margin.t, top + rows * 30 + (heads ? 30 : 0));
      // the source / as-of line at the foot: wrapped, and the bottom margin holds it
      var footLines = 1,
        footShift = 82;
      (out.annotations || []).forEach(function (a, i) {
        if (a && a.name === "source-stamp" && a.text) {
          // shifted back by a little less than the estimate of the labels' width (never past the left edge)
          var shift = Math.round(0.85 * (left - 6));
          var wrapped = wrapWords(a.text, Math.floor((width - 14 - (left - 6 - shift)) / CHAR.small));
          footLines = wrapped.length;
          footShift = -(a.yshift || 0);
          out.annotations[i] = Object.assign({}, a, { text: wrapped.join("<br>"), xshift: -shift });
        }
      });
      if (rows) margin.b = Math.max(60, margin.b - 30); // the legend no longer sits below the plot
      margin.b = Math.max(margin.b + (footLines - 1) * 14, footShift + footLines * 14 + 8);
      // the plot keeps the height it had: the chart grows by what the title, legend and source line took
      if (out.height) out.height += Math.max(0, margin.t - before.t) + Math.max(0, margin.b - before.b);
      if (stacked && out.height) {
        var plotHeight = layout.height - before.t - before.b;
        out.height += Math.round(plotHeight * 0.75 * (stacked - 1) + 30 * (stacked - 1));
      }
      if (bars && out.height)
        out.height = Math.max(
          out.height,
          margin.t + margin.b + bars.labels * 36 + (stacked ? 40 * stacked : 0),
        );
      // a plot of fixed proportions (a map's projection: meta.plot_aspect, width / height) is as tall as
      // its width asks, not the height it had on a wide screen (the map would float between blank bands)
      var aspect = out.meta?.plot_aspect;
      if (aspect && out.height)
        out.height = margin.t + margin.b + Math.ceil((width - margin.l - margin.r) / aspect) + 4;
      if (rows) out.legend.y = 1 - (top - 4) / (out.height || 450);
      // drawn at the container's width: plotly.js sizes a chart to its box only on its first drawing (700 px
      // where the box could not be measured yet, as a widget shown before it is laid out), never on a redraw
      if (!out.width) out.width = Math.round(width);
      data = data.map(function (t) {
        if (t.hovertext === undefined || t.hovertext === null) return t;
        var wrap = function (h) {
          return wrapHover(h, width);
        };
        return Object.assign({}, t, {
          hovertext: Array.isArray(t.hovertext) ? t.hovertext.map(wrap) : wrap(t.hovertext),
        });
      });
      if (out.xaxis && out.xaxis.nticks === undefined)
        out.xaxis = Object.assign({}, out.xaxis, { nticks: 5 });
      else if (!out.xaxis) out.xaxis = { nticks: 5 };
      return { data: data, layout: out };
    };
  })();

/* The lines a chart's builder moved out of its plot on a phone (layout.meta.narrow.notes, see
   __stargateNarrow), shown in the page just under the chart, where text wraps; hidden on a wider screen.
   Their markup is plotly's own (<b>, <i>, <br>); anything else in them shows as text.
   window.__stargateNarrowNotes(el, layout, phone): el is the chart's element, phone whether it is drawn narrow. */
window.__stargateNarrowNotes =
  window.__stargateNarrowNotes ||
  function (el, layout, phone) {
    var notes = (phone && layout?.meta?.narrow?.notes) || [];
    var box = el.nextElementSibling;
    if (!box?.classList.contains("sg-narrow-notes")) {
      if (!notes.length || !el.parentNode) return;
      box = document.createElement("ul");
      box.className = "sg-narrow-notes";
      box.style.cssText = "margin:2px 0 10px;padding-left:1.2em;font-size:0.85rem;line-height:1.4;color:#333";
      el.parentNode.insertBefore(box, el.nextSibling);
    }
    function decode(text) {
      return text
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, "&");
    }
    box.hidden = !notes.length;
    box.textContent = "";
    notes.forEach(function (note) {
      var stack = [document.createElement("li")];
      box.appendChild(stack[0]);
      String(note)
        .split(/(<\/?(?:b|i)>|<br\s*\/?>)/i)
        .forEach(function (part) {
          var tag = /^<(\/?)(b|i|br)\b/i.exec(part),
            top = stack[stack.length - 1];
          if (!tag) {
            if (part) top.appendChild(document.createTextNode(decode(part)));
          } else if (tag[2].toLowerCase() === "br") top.appendChild(document.createElement("br"));
          else if (tag[1]) {
            if (stack.length > 1) stack.pop();
          } else stack.push(top.appendChild(document.createElement(tag[2].toLowerCase())));
        });
    });
  };

/* A redraw whose height or margins differ from the drawing before (a live chart's settings changed its
   number of bars or of legend rows): plotly.js starts from the previous drawing's plot area (its private
   _fullLayout._size), finds it changed once the legend and annotations are drawn, and draws them all a
   second time. Told the new chart's plot area first (its margins, width and height, as plotly.js itself
   computes it before anything pushes a margin), it draws them once; where something does push a margin
   (an axis's automargin), plotly.js still finds the change and redraws as before. Only a starting point:
   the drawing is the same either way (tests/browser/test_site_live.py compares them). */
window.__stargateStartSize =
  window.__stargateStartSize ||
  function (el, layout) {
    var full = el._fullLayout;
    if (!full?._size || !full.margin || !layout) return;
    var m = Object.assign({}, full.margin, layout.margin || {});
    var width = layout.width || full.width,
      height = layout.height || full.height;
    if (
      ![m.l, m.r, m.t, m.b, width, height].every(function (v) {
        return Number.isFinite(v);
      })
    )
      return;
    var size = {
      l: Math.round(m.l),
      r: Math.round(m.r),
      t: Math.round(m.t),
      b: Math.round(m.b),
      p: Math.round(m.pad || 0),
    };
    size.w = Math.round(width) - size.l - size.r;
    size.h = Math.round(height) - size.t - size.b;
    full._size = size;
  };

/* An interactive chart whose legend or key is HTML beside it carries what its image puts back in
   layout.meta.export (stargate.theme.export_layout, the same rule in Python): its image button draws the
   chart with them, at a desktop width at least, as the static chart is. */
window.__stargateExportLayout =
  window.__stargateExportLayout ||
  function (layout) {
    var meta = Object.assign({}, layout?.meta || {}),
      patch = meta.export;
    if (!patch) return layout;
    delete meta.export;
    delete meta.room_above;
    delete meta.narrow; // an image is drawn at a desktop width, never as a phone's
    var out = Object.assign({}, layout);
    Object.keys(patch).forEach(function (k) {
      if (k !== "annotations") out[k] = patch[k];
    });
    out.meta = meta;
    out.annotations = (layout.annotations || []).concat(patch.annotations || []);
    return out;
  };
/* A touch screen (a phone, a tablet: its main pointer is coarse). There plotly.js's drag modes take a finger
   that lands on a chart's plot for a zoom or a pan, and the page does not scroll: on a phone a chart as tall
   as the screen held the reader. So there a chart is drawn with no drag mode (the finger scrolls the page; a
   tap still shows a point's values) and its toolbar keeps only the image buttons, one row that no longer
   covers two lines of the title at 360 px. */
window.__stargateTouch =
  window.__stargateTouch ||
  function () {
    return !!window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
  };
/* config -> the config to draw ``layout`` with: plotly.js's image button replaced by two of the project's,
   PNG and SVG, each drawing the chart as an image shows it (light; with its legend and key where the layout
   carries meta.export: __stargateExportLayout). The same button objects every time, so a redraw's config
   is unchanged. */
window.__stargateImageConfig =
  window.__stargateImageConfig ||
  function (Plotly, config, layout) {
    config = config || {};
    var key = !!layout?.meta?.export;
    // a touch screen's toolbar: the image buttons only (see __stargateTouch)
    var TOUCH_REMOVES = [
      "zoom2d",
      "pan2d",
      "select2d",
      "lasso2d",
      "zoomIn2d",
      "zoomOut2d",
      "autoScale2d",
      "resetScale2d",
      "zoomInGeo",
      "zoomOutGeo",
      "resetGeo",
      "hoverClosestGeo",
      "hoverClosestCartesian",
      "hoverCompareCartesian",
      "toggleSpikelines",
    ];
    var buttons = (window.__stargateImageConfig.buttons = window.__stargateImageConfig.buttons || {});
    buttons[key] =
      buttons[key] ||
      ["png", "svg"].map(function (format) {
        return {
          name: "toImage-" + format + (key ? "-key" : ""),
          title:
            "Download plot as " +
            (format === "png" ? "a png" : "an svg (vector)") +
            (key ? " (with its legend and key)" : ""),
          icon: format === "png" ? Plotly.Icons.camera : Plotly.Icons.disk,
          click: function (gd) {
            var st = gd.__stargateFit || {},
              layout = window.__stargateExportLayout(st.layout || gd.layout);
            var opts = Object.assign(
              { scale: 2, filename: "chart" },
              gd._context?.toImageButtonOptions || {},
              { format: format },
            );
            opts.width = Math.max(960, Math.round(gd._fullLayout?.width || 0));
            opts.height = layout.height || gd._fullLayout?.height;
            return Plotly.downloadImage({ data: st.data || gd.data, layout: layout }, opts);
          },
        };
      });
    return Object.assign({}, config, {
      modeBarButtonsToRemove: (config.modeBarButtonsToRemove || []).concat(
        ["toImage"],
        window.__stargateTouch() ? TOUCH_REMOVES : [],
      ),
      modeBarButtonsToAdd: (config.modeBarButtonsToAdd || []).concat(buttons[key]),
    });
  };

/* Dark mode, on a page with __stargateThemes = {swaps: {light colour: dark}} (stargate.theme.dark_swaps) and
   <html data-theme=dark> or a system preferring it: __stargateThemed(data, layout) -> what is drawn now */
window.__stargateThemed =
  window.__stargateThemed ||
  function (data, layout) {
    var t = document.documentElement.getAttribute("data-theme"),
      s = window.__stargateThemes?.swaps;
    if (!s || t === "light" || (t !== "dark" && !matchMedia("(prefers-color-scheme: dark)").matches))
      return { data, layout };
    var key = (c) => s[c.replace(/\s+/g, "").toLowerCase()];
    function swap(v) {
      if (typeof v === "string")
        return (
          key(v) || (v.includes("color:") ? v.replace(/#\w{3,6}\b|rgba?\([^)]*\)/g, (c) => key(c) || c) : v)
        );
      if (Array.isArray(v)) return v.map(swap);
      if (!v || typeof v !== "object") return v;
      // a pattern on a hue is kept
      var out = {},
        hue = typeof v.color === "string" && !key(v.color);
      for (var k in v) out[k] = k === "pattern" && hue ? v[k] : swap(v[k]);
      return out;
    }
    return { data: swap(data), layout: swap(layout), dark: true };
  };
/* a change of scheme redraws every chart (el.__stargateFit.redraw) */
if (window.matchMedia && !window.__stargateRedrawAll) {
  window.__stargateRedrawAll = function () {
    for (var el of window.__stargateDrawn || []) if (el.isConnected) el.__stargateFit.redraw();
  };
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener?.("change", window.__stargateRedrawAll);
  new MutationObserver(window.__stargateRedrawAll).observe(document.documentElement, {
    attributeFilter: ["data-theme"],
  });
}

/* Draw a chart (the site's, the app's and JupyterLab's) laid out for its container's width, and follow
   that width: across the phone width the layout is redone (Plotly.react), otherwise plotly.js only resizes.
   Called again on the same element (a live chart whose settings changed) it redraws with Plotly.react and
   keeps the one size observer. window.__stargateDraw(Plotly, el, data, layout, config) -> plotly.js's promise. */
window.__stargateDraw =
  window.__stargateDraw ||
  function (Plotly, el, data, layout, config) {
    var st = el.__stargateFit;
    /* Plotly.react scales the new axes with the margins of the figure drawn before (its legend's, its axis
       labels'), and throws "Something went wrong with axis scaling" when the new chart is shorter than those
       margins: on a phone, a filter set to nothing after a tall chart. A new plot lays its margins out anew. */
    function react(shown, conf) {
      var fresh = function () {
        return Plotly.newPlot(el, shown.data, shown.layout, conf);
      };
      try {
        return Promise.resolve(Plotly.react(el, shown.data, shown.layout, conf)).catch(fresh);
      } catch (_e) {
        return fresh();
      }
    }
    function fit() {
      var phone = window.__stargateNarrow(st.data, st.layout, el.getBoundingClientRect().width);
      var shown = phone || { data: st.data, layout: st.layout };
      window.__stargateNarrowNotes(el, st.layout, !!phone);
      shown = window.__stargateThemed(shown.data, shown.layout);
      if (window.__stargateTouch()) shown.layout = Object.assign({}, shown.layout, { dragmode: false });
      el.style.minHeight = shown.layout.height ? shown.layout.height + "px" : "";
      return { phone: !!phone, shown: shown };
    }
    if (!st) {
      st = el.__stargateFit = { width: el.getBoundingClientRect().width, frame: 0 };
      var follow = function () {
        cancelAnimationFrame(st.frame);
        st.frame = requestAnimationFrame(function () {
          var w = el.getBoundingClientRect().width;
          if (!w || Math.abs(w - st.width) < 1) return;
          st.width = w;
          var next = fit();
          if (next.phone || st.now.phone) react(next.shown, st.config);
          else Plotly.Plots.resize(el);
          st.now = next;
        });
      };
      if (typeof ResizeObserver !== "undefined") new ResizeObserver(follow).observe(el);
      else window.addEventListener("resize", follow);
    }
    config = window.__stargateImageConfig(Plotly, config, layout); // its own image button (see above)
    st.data = data;
    st.layout = layout;
    st.config = config;
    st.now = fit();
    if (st.drawn) {
      window.__stargateStartSize(el, st.now.shown.layout);
      return react(st.now.shown, config);
    }
    st.drawn = true;
    st.redraw = function () {
      st.now = fit();
      return react(st.now.shown, st.config);
    };
    (window.__stargateDrawn ||= []).push(el);
    return Plotly.newPlot(el, st.now.shown.data, st.now.shown.layout, config);
  };
