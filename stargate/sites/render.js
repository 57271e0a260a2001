// The sites map ("sites_map") for any setting, on every surface (the only code that draws it for a
// reader's setting): filters the sites prepared by stargate/sites/payload.py, groups them per status, places
// and hides labels, writes the notes, source line, takeaway and text alternative, and the table of the
// matching sites. stargate/sites/__init__.py draws the defaults (the static chart) and gives the rows of any setting
// (sites.sites_map_rows: the CSV, and the oracle of this renderer's rows in tests/test_live_sites.py).
(function () {
  "use strict";
  var live = (window.__stargateLive = window.__stargateLive || {});
  var C = window.__stargateLiveCommon; // live/common.js
  var esc = C.escape,
    copy = C.copy;

  function plural(n) {
    return n !== 1 ? "s" : "";
  }

  function has(list, value) {
    return list.indexOf(value) >= 0;
  }

  // sites._num: f"{x:,.2f}" without trailing zeros
  function num(x) {
    if (x === null || Number.isNaN(x)) return "n/a";
    var parts = C.pyFixed(Math.abs(x), 2).split(".");
    var text = (x < 0 || (x === 0 && 1 / x < 0) ? "-" : "") + C.group(parts[0]) + "." + parts[1];
    text = text.replace(/0+$/, "").replace(/\.$/, "");
    return text === "-0" || text === "" ? "0" : text;
  }

  function state_of(p, state) {
    var s = {},
      key;
    for (key in p.defaults) s[key] = p.defaults[key];
    for (key in state || {}) if (Object.hasOwn(s, key)) s[key] = state[key];
    return s;
  }

  function matching_sites(p, s) {
    // sites.filter_sites (the payload is in the stable order already)
    return p.sites.filter(function (site) {
      return (
        has(s.statuses, site.status) &&
        has(s.countries, site.country) &&
        (!s.partner || has(site.partners, s.partner)) &&
        (!s.program || site.program === s.program)
      );
    });
  }

  function drawn_sites(p, matching, region) {
    // sites._map_rows
    return matching.filter(function (site) {
      return site.lat !== null && site.lon !== null && (region !== "usa" || site.country === p.us);
    });
  }

  function close(a, b, deg) {
    return Math.abs(a.lat - b.lat) < deg && Math.abs(a.lon - b.lon) < deg;
  }

  function label_positions(p, rows) {
    // sites.label_positions
    var spots = ["top center", "bottom center", "middle right", "middle left"];
    return rows.map(function (me, i) {
      var j,
        earlier = 0,
        crowded = false;
      for (j = 0; j < rows.length; j++) if (j !== i && close(rows[j], me, p.near_deg)) crowded = true;
      if (crowded) {
        for (j = 0; j < i; j++) if (close(rows[j], me, p.near_deg)) earlier += 1;
        return spots[earlier % spots.length];
      }
      var best = null;
      for (j = 0; j < rows.length; j++) {
        if (j === i || !close(rows[j], me, p.neighbour_deg)) continue;
        var da = rows[j].lat - me.lat,
          db = rows[j].lon - me.lon;
        var cand = [da * da + db * db, rows[j].lat, rows[j].lon];
        if (
          best === null ||
          cand[0] < best[0] ||
          (cand[0] === best[0] && (cand[1] < best[1] || (cand[1] === best[1] && cand[2] < best[2])))
        )
          best = cand;
      }
      if (best === null) return "top center";
      if (Math.abs(best[1] - me.lat) >= Math.abs(best[2] - me.lon)) {
        return best[1] > me.lat ? "bottom center" : "top center";
      }
      return best[2] > me.lon ? "middle left" : "middle right";
    });
  }

  function label_visible(p, rows, region) {
    // sites.label_visible
    return rows.map(function (me, i) {
      if (region === "usa") return true;
      for (var j = 0; j < rows.length; j++) if (j !== i && close(rows[j], me, p.crowd_deg)) return false;
      return true;
    });
  }

  function notes_of(p, matching, rows, shown, region) {
    // the map's notes (sites._notes writes the defaults' ones)
    var notes = [];
    var no_coords = matching.filter(function (r) {
      return r.lat === null || r.lon === null;
    });
    if (no_coords.length) {
      notes.push(
        "Not on the map (no coordinates): " +
          no_coords
            .map(function (r) {
              return r.name;
            })
            .join("; "),
      );
    }
    if (region === "usa") {
      var outside = matching.filter(function (r) {
        return r.country !== p.us && r.lat !== null;
      }).length;
      if (outside) {
        notes.push(outside + " matching site" + plural(outside) + " outside the USA not shown: choose World");
      }
    }
    var n_est = rows.filter(function (r) {
      return r.est;
    }).length;
    if (n_est) {
      notes.push(
        "≈ and hollow marker = approximate location: " +
          n_est +
          " of " +
          rows.length +
          " marker" +
          plural(rows.length) +
          " at a town, county or country centre",
      );
    }
    if (p.grid_note) notes.push(p.grid_note);
    var hidden = shown.filter(function (v) {
      return !v;
    }).length;
    if (hidden) notes.push(hidden + " crowded marker" + plural(hidden) + " unlabelled: hover, or choose USA");
    return notes;
  }

  function filter_words(p, s) {
    // the settings in words, for the empty map's message
    var words = [];
    var labels = s.statuses.map(function (k) {
      return p.statuses[k].label;
    });
    words.push("status: " + (labels.join(", ") || "none selected"));
    words.push("country: " + (s.countries.join(", ") || "none selected"));
    if (s.partner) words.push("partner: " + s.partner);
    if (s.program) words.push("programme: " + p.programs[s.program]);
    words.push("map: " + p.regions[s.region]);
    return words.join("; ");
  }

  function table_html(p, matching, sort) {
    // sites.site_table_html(rows matching the filters, sort)
    if (!matching.length) return p.table.empty;
    var order = p.table.orders[sort] || p.table.orders[p.table.default];
    var ids = {};
    matching.forEach(function (site) {
      ids[site.id] = true;
    });
    var body = order
      .filter(function (i) {
        return ids[p.sites[i].id];
      })
      .map(function (i) {
        return (
          "<tr>" +
          p.sites[i].tr
            .map(function (cell) {
              return p.table.td + cell + "</td>";
            })
            .join("") +
          "</tr>"
        );
      });
    return p.table.head + body.join("") + p.table.tail;
  }

  live.sites_map = function (p, state) {
    var s = state_of(p, state);
    var region = s.region;
    var matching = matching_sites(p, s);
    var rows = drawn_sites(p, matching, region);
    var extras = { table: table_html(p, matching, state?.sort || p.table.default) };
    var out = { rows: { columns: p.columns.slice(), data: [] }, extras: extras };
    var hoverAt = p.columns.indexOf("hover"); // its CSV cell holds the hover box

    if (!rows.length) {
      var message = "No site matches these filters (" + filter_words(p, s) + ")";
      var layout = copy(p.empty);
      layout.annotations.forEach(function (a) {
        if (a.name === "empty-message") a.text = esc(message + ". Widen the filters.");
      });
      out.data = [];
      out.layout = layout;
      out.takeaway = message + ".";
      out.alt = message + ".";
      return out;
    }

    var positions = label_positions(p, rows);
    var shown = label_visible(p, rows, region);
    rows.forEach(function (site, i) {
      out.rows.data.push(site.cells.concat([positions[i], shown[i] ? "true" : "false"]));
    });

    var data = [];
    for (var k = p.status_order.length - 1; k >= 0; k--) {
      var status = p.status_order[k],
        style = p.statuses[status];
      var idx = [];
      rows.forEach(function (site, i) {
        if (site.status === status) idx.push(i);
      });
      if (!idx.length) continue;
      var pick = function (f) {
        return idx.map(function (i) {
          return f(rows[i], i);
        });
      };
      data.push({
        type: "scattergeo",
        mode: "markers+text",
        lat: pick(function (r) {
          return r.lat;
        }),
        lon: pick(function (r) {
          return r.lon;
        }),
        name: style.label + " (" + idx.length + ")",
        legendgroup: status,
        legendrank: k + 1,
        text: pick(function (r, i) {
          return shown[i] ? r.label : "";
        }),
        textposition: pick(function (_r, i) {
          return positions[i];
        }),
        textfont: { size: 10, color: "#333333" },
        hovertext: pick(function (r) {
          return r.cells[hoverAt];
        }),
        hovertemplate: "%{hovertext}<extra></extra>",
        marker: {
          size: pick(function (r) {
            return r.px;
          }),
          color: style.colour,
          opacity: 0.9,
          symbol: pick(function (r) {
            return r.symbol;
          }),
          line: { width: 2, color: style.colour },
        },
        customdata: pick(function (r) {
          return r.id;
        }),
      });
    }

    var source = C.sourceLine(
      p.sources,
      rows.flatMap(function (site) {
        return site.src;
      }),
      p.source_limit,
    );
    var lay = copy(p.layouts[region]);
    lay.meta.source = source;
    lay.annotations[0].text = p.stamp + esc(source);
    var notes = notes_of(p, matching, rows, shown, region);
    if (notes.length) {
      var note = copy(p.notes_annotation);
      note.text = notes.map(esc).join("<br>");
      lay.annotations.push(note);
    }
    // on a phone: the markers without names, the notes a list under the map (sites.sites_map_figure)
    var unnamed = {};
    data.forEach(function (_t, i) {
      unnamed[i] = { mode: "markers" };
    });
    lay.meta.narrow = {
      annotations: notes.length ? { "map-notes": null } : {},
      traces: unnamed,
      layout: {},
      notes: [p.narrow_note].concat(notes.map(esc)),
    };
    out.data = data;
    out.layout = lay;

    // the takeaway and text alternative (sites.describe_sites_map at the defaults)
    var counts = [];
    p.status_order.forEach(function (st) {
      var n = rows.filter(function (r) {
        return r.status === st;
      }).length;
      if (n) counts.push(n + " " + p.statuses[st].lower);
    });
    var total = 0,
      n_gw = 0;
    rows.forEach(function (r) {
      if (r.gw !== null) {
        total += r.gw;
        n_gw += 1;
      }
    });
    var gw_text = n_gw
      ? "announced capacity adds up to " + num(total) + " GW across the " + n_gw + " that state one"
      : "none states a capacity in GW";
    if (n_gw && n_gw < rows.length) gw_text += " (" + (rows.length - n_gw) + " give no GW figure)";
    out.takeaway =
      rows.length +
      " site" +
      plural(rows.length) +
      " shown: " +
      counts.join(", ") +
      "; " +
      gw_text +
      ". Announced is not operating: see the operating figures below the map.";
    out.alt =
      p.regions[region] +
      " map with one marker per site, sized by announced gigawatts, coloured and " +
      "shaped by status. " +
      rows
        .map(function (r) {
          return r.alt;
        })
        .join(" ");
    return out;
  };

  live.sites_map.num = num; // for the tests of the number format
})();
