/* The static site's live charts: a small generic runtime driven by each view's spec (stargate/specs.py).

   The page carries, for each live chart, its controls as HTML (written by stargate/site.py from the spec, so
   nothing moves when this script arrives) and the spec as JSON; assets/live/CHART.js carries the chart's
   renderer and the data the module prepared (stargate/live). This script wires the controls: on every change
   it asks the renderer for the figure, takeaway, text description, rows and any HTML beside the chart, redraws
   (Plotly.react), rewrites the rows table (the CSV download is made when the reader reaches for it), and
   writes the settings into the address (?CHART.CONTROL=VALUE, only what differs from the defaults: the
   format of stargate/specs.py, which a browser test checks against this one). Opening such an address
   restores the view. "Copy link" and "Embed" sit under each chart. window.__stargateLiveSite.views exposes
   the views (tests and the benchmark drive them).

   A view is an instance, new api.View(root, host): the host (api.siteHost, or the widget's: its fields are
   listed in stargate/js/live_widget.js) says what differs between the surfaces. */
(function () {
  "use strict";
  var LIVE = (window.__stargateLive = window.__stargateLive || {});
  var DATA = (window.__stargateLiveData = window.__stargateLiveData || {});
  var api = (window.__stargateLiveSite = window.__stargateLiveSite || { views: {}, times: [] });

  /* ---- the link format (stargate/specs.py: Control.encode/decode/check) ---------------------------- */
  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  function values(c) {
    return (c.options || []).map(function (o) {
      return o[1];
    });
  }
  function valued(spec) {
    return spec.controls.filter(function (c) {
      return c.kind !== "button" && c.kind !== "note";
    });
  }
  function indexOf(c, v) {
    var vs = values(c);
    for (var i = 0; i < vs.length; i++) if (same(vs[i], v)) return i;
    return -1;
  }
  function round10(x) {
    return parseFloat(x.toFixed(10));
  }
  function snap(v, lo, step) {
    return round10(lo + Math.round((v - lo) / step) * step);
  }
  function numText(x) {
    return String(Number(x));
  }

  function checkValue(c, v) {
    var where = c.label + " (" + c.name + ")";
    var vs = values(c);
    if (c.kind === "multi") {
      if (!Array.isArray(v)) return [c.default, where + ": a list of choices"];
      var bad = v.filter(function (x) {
        return indexOf(c, x) < 0;
      });
      if (bad.length) return [c.default, where + ": unknown choice(s) " + bad.join(", ")];
      return [
        vs.filter(function (x) {
          return v.some(function (y) {
            return same(x, y);
          });
        }),
        null,
      ];
    }
    if (c.kind === "select" || c.kind === "toggle" || c.kind === "slider") {
      return indexOf(c, v) < 0 ? [c.default, where + ": unknown choice " + v] : [v, null];
    }
    if (c.kind === "range") {
      if (!Array.isArray(v) || v.length !== 2 || indexOf(c, v[0]) < 0 || indexOf(c, v[1]) < 0)
        return [c.default, where + ": two of the choices (first, last)"];
      if (indexOf(c, v[0]) > indexOf(c, v[1]))
        return [c.default, where + ": the first choice comes after the last"];
      return [[v[0], v[1]], null];
    }
    if (c.kind === "number") {
      if (!Number.isFinite(v)) return [c.default, where + ": a number"];
      if (v < c.min || v > c.max)
        return [c.default, where + ": " + v + " is outside " + numText(c.min) + "–" + numText(c.max)];
      if (c.integer && !Number.isInteger(v)) return [c.default, where + ": a whole number"];
      var s = snap(v, c.min, c.step);
      return [c.integer ? Math.round(s) : s, null];
    }
    return [null, null];
  }
  function encodeValue(c, v) {
    if (c.kind === "multi" || c.kind === "range")
      return v
        .map(function (x) {
          return encodeURIComponent(String(x));
        })
        .join(",");
    if (c.kind === "number") return numText(v);
    return encodeURIComponent(String(v));
  }
  function option(c, text) {
    var vs = values(c);
    for (var i = 0; i < vs.length; i++) if (String(vs[i]) === text) return vs[i];
    return text;
  }
  function decodeValue(c, text) {
    if (c.kind === "multi" || c.kind === "range")
      return text === ""
        ? []
        : text.split(",").map(function (t) {
            return option(c, safeDecode(t));
          });
    if (c.kind === "number") {
      var x = Number(text);
      return text.trim() === "" || Number.isNaN(x) ? text : x;
    }
    return option(c, safeDecode(text));
  }
  function safeDecode(t) {
    try {
      return decodeURIComponent(t);
    } catch (_e) {
      return t;
    }
  }
  function defaults(spec) {
    var out = {};
    valued(spec).forEach(function (c) {
      out[c.name] = c.default;
    });
    return out;
  }
  function control(spec, name) {
    for (var i = 0; i < spec.controls.length; i++)
      if (spec.controls[i].name === name) return spec.controls[i];
    return null;
  }
  function checkState(spec, state) {
    var out = defaults(spec),
      problems = [];
    Object.keys(state).forEach(function (k) {
      var c = control(spec, k);
      if (!c || c.kind === "button" || c.kind === "note") {
        problems.push(spec.name + " has no setting " + k);
        return;
      }
      var r = checkValue(c, state[k]);
      out[k] = r[0];
      if (r[1]) problems.push(r[1]);
    });
    return { state: out, problems: problems };
  }
  function encodeState(spec, state) {
    var full = checkState(spec, state).state;
    var parts = valued(spec)
      .filter(function (c) {
        return !same(full[c.name], c.default);
      })
      .map(function (c) {
        return spec.name + "." + c.name + "=" + encodeValue(c, full[c.name]);
      });
    var version = spec.links ? spec.links.version : 1;
    if (parts.length && version > 1) parts.unshift("v=" + version);
    return parts.join("&");
  }
  /* a link's (key, text) pairs read at the current version, and problems (stargate/specs.py: migrate; the
     table of migrations comes with the spec) */
  function migrate(spec, pairs) {
    var links = spec.links || { version: 1, migrations: {} },
      current = links.version,
      version = 1,
      problems = [];
    var texts = pairs.filter(function (p) {
      return p[0] === "v";
    });
    pairs = pairs.filter(function (p) {
      return p[0] !== "v";
    });
    if (texts.length) {
      var text = texts[texts.length - 1][1];
      if (!/^[0-9]+$/.test(text) || Number(text) < 1)
        problems.push("the link's version v=" + text + " is not a version (1, 2, ...): read as version 1");
      else if (Number(text) > current) {
        problems.push(
          "the link is from a newer version of this site (v=" +
            text +
            "; this one reads v=" +
            current +
            "): settings it does not know are left at their defaults",
        );
        version = current;
      } else version = Number(text);
    }
    for (var step = version; step < current; step++)
      (links.migrations[String(step)] || []).forEach(function (change) {
        var renames = change.rename || {},
          vals = change.values || {};
        pairs = pairs.map(function (p) {
          var key = Object.hasOwn(renames, p[0]) ? renames[p[0]] : p[0];
          var map = Object.hasOwn(vals, key) ? vals[key] : null;
          var text = map
            ? p[1]
                .split(",")
                .map(function (item) {
                  return Object.hasOwn(map, item) ? map[item] : item;
                })
                .join(",")
            : p[1];
          return [key, text];
        });
      });
    return { pairs: pairs, problems: problems };
  }
  function decodeState(spec, query) {
    query = String(query).split("#")[0];
    if (query.indexOf("?") >= 0) query = query.slice(query.indexOf("?") + 1);
    var pairs = query
      .split("&")
      .filter(function (part) {
        return part;
      })
      .map(function (part) {
        var eq = part.indexOf("=");
        return [safeDecode(eq < 0 ? part : part.slice(0, eq)), eq < 0 ? "" : part.slice(eq + 1)];
      });
    var migrated = migrate(spec, pairs),
      raw = {},
      problems = migrated.problems;
    migrated.pairs.forEach(function (pair) {
      var key = pair[0],
        text = pair[1];
      var dot = key.indexOf(".");
      if (dot < 0 || key.slice(0, dot) !== spec.name) return;
      var c = control(spec, key.slice(dot + 1));
      if (!c) {
        problems.push(spec.name + " has no setting " + key.slice(dot + 1));
        return;
      }
      raw[c.name] = decodeValue(c, text);
    });
    var checked = checkState(spec, raw);
    return { state: checked.state, problems: problems.concat(checked.problems) };
  }
  /* ---- the settings as a file (spec.file: the what-if's scenario file, stargate/scenario.py) ------------ */
  /* the file's text for a state: as Python's json.dumps(body, indent=1) + "\n" (stargate/scenario.py: dumps),
     whole numbers written without a decimal point */
  function settingsFileText(spec, state) {
    var full = checkState(spec, state).state,
      body = {};
    body[spec.file.key] = spec.file.version;
    valued(spec).forEach(function (c) {
      body[c.name] = full[c.name];
    });
    return JSON.stringify(body, null, 1) + "\n";
  }
  /* a file's text -> {state, problems, fatal}: read as stargate/scenario.py's load reads it (not JSON, not an
     object, no format key or another version: fatal, nothing used; else every value checked as a link's) */
  function readSettingsFile(spec, text) {
    var f = spec.file,
      raw;
    function fatal(problem) {
      return { state: defaults(spec), problems: [problem], fatal: true };
    }
    try {
      raw = JSON.parse(text);
    } catch (e) {
      return fatal("not valid JSON (" + e.message + ")");
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw))
      return fatal(
        "a " +
          f.noun +
          ' is a JSON object ({"' +
          f.key +
          '": ' +
          f.version +
          ", ...}), not " +
          JSON.stringify(raw),
      );
    if (!Object.hasOwn(raw, f.key)) return fatal("not a " + f.noun + ' file (no "' + f.key + '" key)');
    if (raw[f.key] !== f.version)
      return fatal(
        f.key +
          ": this version reads " +
          f.noun +
          " format " +
          f.version +
          " (got " +
          JSON.stringify(raw[f.key]) +
          ")",
      );
    var rest = {};
    Object.keys(raw).forEach(function (k) {
      if (k !== f.key) rest[k] = raw[k];
    });
    var checked = checkState(spec, rest);
    return { state: checked.state, problems: checked.problems, fatal: false };
  }
  api.settingsFileText = settingsFileText;
  api.readSettingsFile = readSettingsFile;
  api.encodeState = encodeState;
  api.decodeState = decodeState;
  api.checkState = checkState;

  /* ---- CSV and the rows table (stargate/export.py's rules: cells come as the CSV holds them) ---------- */
  function csvField(cell) {
    return /[",\r\n]/.test(cell) ? '"' + cell.replace(/"/g, '""') + '"' : cell;
  }
  function csvText(rows) {
    var lines = [rows.columns].concat(rows.data).map(function (r) {
      return r.length === 1 && r[0] === "" ? '""' : r.map(csvField).join(",");
    });
    return lines.join("\r\n") + "\r\n";
  }
  api.csvText = csvText;
  function esc(t) {
    return String(t)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }
  function tableHtml(rows) {
    var keep = [];
    rows.columns.forEach(function (c, i) {
      if (c !== "hover") keep.push(i);
    });
    var head = keep
      .map(function (i) {
        return '<th scope="col">' + esc(rows.columns[i]) + "</th>";
      })
      .join("");
    var body = rows.data
      .map(function (r) {
        return (
          "<tr>" +
          keep
            .map(function (i) {
              return "<td>" + esc(r[i]) + "</td>";
            })
            .join("") +
          "</tr>"
        );
      })
      .join("");
    return '<table class="sg-data"><thead><tr>' + head + "</tr></thead><tbody>" + body + "</tbody></table>";
  }

  /* ---- structural sharing: ``next`` with every part deep-equal to ``prev`` replaced by ``prev``'s --------- */
  function share(prev, next) {
    if (prev === next || next === null || typeof next !== "object") return next;
    if (prev === null || typeof prev !== "object" || Array.isArray(prev) !== Array.isArray(next)) return next;
    var same = true,
      out;
    if (Array.isArray(next)) {
      if (prev.length !== next.length) same = false;
      out = next.map(function (x, i) {
        var y = share(prev[i], x);
        if (y !== prev[i]) same = false;
        return y;
      });
    } else {
      var keys = Object.keys(next);
      if (keys.length !== Object.keys(prev).length) same = false;
      out = {};
      keys.forEach(function (k) {
        out[k] = share(prev[k], next[k]);
        if (out[k] !== prev[k]) same = false;
      });
    }
    return same ? prev : out;
  }
  api.share = share;

  /* ---- number readouts (the spec's Python format: ".0f", ".2f", ",d", "d") ------------------------ */
  function readout(c, v) {
    var f = c.fmt || "";
    var m = /^(,)?(?:\.(\d+))?([fd])$/.exec(f);
    if (!m) return numText(v);
    var text = m[3] === "d" ? String(Math.round(v)) : Number(v).toFixed(Number(m[2] || 0));
    if (m[1]) text = text.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return text;
  }

  /* ---- one live chart ------------------------------------------------------------------------------ */
  /* the site's host: settings from the address, written back to it; renderers and data from the page's scripts */
  var siteHost = {
    initial: function (spec) {
      return decodeState(spec, window.location.search);
    },
    address: true,
    onState: function () {},
    renderer: function (name) {
      return LIVE[name];
    },
    payload: function (name) {
      return DATA[name];
    },
    template: function () {
      return window.__stargateTemplate;
    },
    config: function () {
      return window.__stargateConfig || {};
    },
    register: true,
  };
  api.siteHost = siteHost;

  function View(root, host) {
    var self = this;
    this.root = root;
    this.host = host || siteHost;
    this.spec = this.host.spec || JSON.parse(root.querySelector("script.sg-spec").textContent);
    this.name = this.spec.name;
    this.chapter = root.getAttribute("data-chapter");
    this.embed = root.hasAttribute("data-embed");
    this.plot = root.querySelector(".sg-plot");
    this.form = root.querySelector("form.sg-live-controls");
    this.message = root.querySelector(".sg-live-message");
    var decoded = this.host.initial(this.spec);
    this.state = decoded.state;
    this.problems = decoded.problems;
    this.inputs = {};
    this.visible = false; /* the plot is drawn once its box comes near the viewport (site.js) */
    this.extraParams = {}; /* page-only settings the renderer takes (the sites table's sort) */
    if (this.form) this.wire();
    Array.prototype.forEach.call(root.querySelectorAll("select[data-extra-param]"), function (sel) {
      var key = sel.getAttribute("data-extra-param");
      self.extraParams[key] = sel.value;
      /* such a setting changes only its block (the sites table's order), not the chart: the renderer's
         answer fills the extras, the plot is not redrawn */
      sel.addEventListener("change", function () {
        self.extraParams[key] = sel.value;
        self.fillExtras(self.answer());
      });
    });
    this.say(
      this.problems.length
        ? "This link's settings could not all be used (defaults kept for those): " +
            this.problems.join("; ") +
            "."
        : "",
    );
    var details = root.querySelector("details.sg-rows");
    if (details)
      details.addEventListener("toggle", function () {
        if (details.open) self.fillTable();
      });
    /* the CSV download is made when the reader reaches for it (not on every move): its address is the
       page's static file for the settings the page opened with, a blob of the rows shown once they changed */
    var csv = root.querySelector("a.sg-csv");
    if (csv)
      ["pointerdown", "focus", "contextmenu", "click"].forEach(function (type) {
        csv.addEventListener(type, function () {
          self.makeCsv(csv);
        });
      });
    var copy = root.querySelector("button.sg-copy-link");
    if (copy)
      copy.addEventListener("click", function () {
        self.copyLink(copy);
      });
    if (this.spec.file && this.form) this.wireFile();
    var citation = root.querySelector("details.sg-cite");
    if (citation && window.__stargateCite?.bind) window.__stargateCite.bind(citation);
    if (this.host.register) api.views[this.name] = this;
  }
  /* Save: the settings as a file, downloaded; Load: a file chosen, read and checked (readSettingsFile), its
     problems in the message line */
  View.prototype.wireFile = function () {
    var self = this,
      save = this.form.querySelector("button.sg-file-save"),
      load = this.form.querySelector(".sg-file-load input[type=file]");
    if (save)
      save.addEventListener("click", function () {
        var url = URL.createObjectURL(
          new Blob([settingsFileText(self.spec, self.state)], { type: "application/json" }),
        );
        var a = document.createElement("a");
        a.href = url;
        a.download = self.spec.file.name;
        a.hidden = true;
        self.root.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () {
          URL.revokeObjectURL(url);
        }, 1000);
      });
    if (load)
      load.addEventListener("change", function () {
        var file = load.files ? load.files[0] : null;
        if (!file) return;
        file.text().then(function (text) {
          self.loadFile(file.name, text);
          load.value = ""; /* the same file chosen again is read again */
        });
      });
  };
  View.prototype.loadFile = function (name, text) {
    var read = readSettingsFile(this.spec, text);
    if (read.fatal) {
      this.say(name + ": " + read.problems.join("; ") + ". Nothing was changed.");
      return Promise.resolve(this.last);
    }
    var done = this.set(read.state);
    this.say(
      read.problems.length
        ? name +
            ": loaded, but these could not be used (defaults kept for those): " +
            read.problems.join("; ") +
            "."
        : "Loaded " + name + ".",
    );
    return done;
  };
  View.prototype.say = function (text) {
    if (!this.message) return;
    this.message.textContent = text;
    this.message.hidden = !text;
  };
  View.prototype.wire = function () {
    var self = this,
      form = this.form;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
    });
    this.spec.controls.forEach(function (c) {
      var box = form.querySelector("[data-control='" + c.name + "']");
      if (!box) return;
      if (c.kind === "button") {
        box.addEventListener("click", function () {
          self.set(c.sets);
        });
        return;
      }
      if (c.kind === "note") return;
      var io = (self.inputs[c.name] = self.io(c, box));
      io.put(self.state[c.name]);
      io.on(function () {
        var next = {};
        next[c.name] = io.get();
        self.set(next, c.name);
      });
    });
  };
  /* get/put/on for one control's HTML (its option values are indexes into the spec's options) */
  View.prototype.io = function (c, box) {
    var vs = values(c);
    function listen(els, type, fn) {
      els.forEach(function (el) {
        el.addEventListener(type, fn);
      });
    }
    if (c.kind === "multi") {
      var boxes = Array.prototype.slice.call(box.querySelectorAll("input[type=checkbox]"));
      var io = {
        get: function () {
          return boxes
            .filter(function (b) {
              return b.checked;
            })
            .map(function (b) {
              return vs[+b.value];
            });
        },
        put: function (v) {
          boxes.forEach(function (b) {
            b.checked = v.some(function (x) {
              return same(x, vs[+b.value]);
            });
          });
        },
        on: function (fn) {
          listen(boxes, "change", fn);
          Array.prototype.forEach.call(
            box.querySelectorAll("button[data-all],button[data-none]"),
            function (b) {
              b.addEventListener("click", function () {
                io.put(b.hasAttribute("data-all") ? vs : []);
                fn();
              });
            },
          );
        },
      };
      return io;
    }
    if (c.kind === "toggle") {
      var radios = Array.prototype.slice.call(box.querySelectorAll("input[type=radio]"));
      return {
        get: function () {
          var r = radios.filter(function (x) {
            return x.checked;
          })[0];
          return r ? vs[+r.value] : c.default;
        },
        put: function (v) {
          radios.forEach(function (r) {
            r.checked = same(vs[+r.value], v);
          });
        },
        on: function (fn) {
          listen(radios, "change", fn);
        },
      };
    }
    if (c.kind === "select") {
      var sel = box.querySelector("select");
      return {
        get: function () {
          return vs[+sel.value];
        },
        put: function (v) {
          sel.value = String(indexOf(c, v));
        },
        on: function (fn) {
          listen([sel], "change", fn);
        },
      };
    }
    if (c.kind === "range") {
      var ends = Array.prototype.slice.call(box.querySelectorAll("select"));
      return {
        get: function () {
          var i = +ends[0].value,
            j = +ends[1].value;
          if (i > j) {
            if (document.activeElement === ends[0]) j = i;
            else i = j;
          }
          return [vs[i], vs[j]];
        },
        put: function (v) {
          ends[0].value = String(indexOf(c, v[0]));
          ends[1].value = String(indexOf(c, v[1]));
        },
        on: function (fn) {
          listen(ends, "change", fn);
        },
      };
    }
    var input = box.querySelector("input[type=range]"),
      out = box.querySelector("output");
    if (c.kind === "slider") {
      var show = function () {
        var label = c.options[+input.value][0];
        out.textContent = label;
        input.setAttribute("aria-valuetext", label);
      };
      return {
        get: function () {
          return vs[+input.value];
        },
        put: function (v) {
          input.value = String(indexOf(c, v));
          show();
        },
        on: function (fn) {
          listen([input], "input", function () {
            show();
            fn();
          });
        },
      };
    }
    /* number */
    var showNum = function () {
      var text = readout(c, Number(input.value));
      out.textContent = text;
      input.setAttribute("aria-valuetext", text);
    };
    return {
      get: function () {
        var x = Number(input.value);
        return c.integer ? Math.round(x) : x;
      },
      put: function (v) {
        input.value = String(v);
        showNum();
      },
      on: function (fn) {
        listen([input], "input", function () {
          showNum();
          fn();
        });
      },
    };
  };
  /* new settings (from a control, a button or a test): checked, shown in the controls, drawn, linked */
  View.prototype.set = function (values, from) {
    var next = Object.assign({}, this.state, values);
    var checked = checkState(this.spec, next);
    this.state = checked.state;
    var self = this;
    Object.keys(this.inputs).forEach(function (k) {
      if (k !== from) self.inputs[k].put(self.state[k]);
    });
    this.say("");
    this.host.onState(this);
    return this.render();
  };
  View.prototype.query = function () {
    return encodeState(this.spec, this.state);
  };
  View.prototype.link = function (embed) {
    var base = this.root.getAttribute(embed ? "data-embed-url" : "data-page-url") || "";
    try {
      base = new URL(base, window.location.href).href;
    } catch (_e) {
      /* keep it relative */
    }
    var q = this.query();
    return base + (q ? "?" + q : "") + (embed ? "" : "#chart-" + this.name);
  };
  /* the address keeps other charts' settings; this chart's are replaced */
  View.prototype.writeAddress = function () {
    var prefix = this.name + ".";
    var kept = window.location.search
      .replace(/^\?/, "")
      .split("&")
      .filter(function (p) {
        var key = safeDecode(p.split("=")[0]);
        return p && key !== "v" && key.indexOf(prefix) !== 0;
      });
    /* one version for the whole address: this chart's query writes it when the format has one */
    var own = this.query().replace(/^v=[0-9]+(&|$)/, ""),
      version = this.spec.links ? this.spec.links.version : 1;
    var parts = kept.concat(own ? [own] : []);
    if (parts.length && version > 1) parts.unshift("v=" + version);
    var q = parts.join("&");
    try {
      window.history.replaceState(
        null,
        "",
        window.location.pathname + (q ? "?" + q : "") + window.location.hash,
      );
    } catch (_e) {
      /* a file:// page in some browsers: the link fields below still show it */
    }
  };
  View.prototype.writeLink = function () {
    if (this.host.address) this.writeAddress();
    var linkField = this.root.querySelector("input.sg-link-field");
    if (linkField) linkField.value = this.link(false);
    var snippet = this.root.querySelector("textarea.sg-embed-code");
    if (snippet) snippet.value = this.embedCode();
    /* its citation (stargate/js/cite.js), and an embed's link to it */
    var citation = this.root.querySelector("details.sg-cite");
    if (citation && window.__stargateCite) window.__stargateCite.update(citation, this.link(false));
    var citeLink = this.root.querySelector("a.sg-cite-link");
    if (citeLink) citeLink.href = this.link(false).replace(/#.*$/, "") + "#cite-" + this.name;
    /* the factual-error form, its "where" field naming the chart as set (stargate/cite.py: report_url) */
    var report = this.root.querySelector("a.sg-report-link");
    if (report)
      report.href = report
        .getAttribute("data-template")
        .replace(encodeURIComponent("{{url}}"), encodeURIComponent(this.link(false)));
  };
  /* the snippet written under the chart (stargate/site.py: embed_snippet), its frame's address as set */
  View.prototype.embedCode = function () {
    var snippet = this.root.querySelector("textarea.sg-embed-code");
    var code = snippet ? snippet.defaultValue : "";
    return code.replace(/ src="[^"]*"/, ' src="' + esc(this.link(true)) + '"');
  };
  View.prototype.copyLink = function (button) {
    var text = this.link(false),
      done = function (ok) {
        var old = button.getAttribute("data-label") || button.textContent;
        button.setAttribute("data-label", old);
        button.textContent = ok ? "Link copied" : "Select the link and copy it";
        setTimeout(function () {
          button.textContent = old;
        }, 2500);
      };
    var field = this.root.querySelector("input.sg-link-field");
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () {
          done(true);
        },
        function () {
          if (field) field.select();
          done(false);
        },
      );
    } else {
      if (field) {
        field.focus();
        field.select();
      }
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (_e) {
        ok = false;
      }
      done(ok);
    }
  };
  /* the renderer's answer for the current settings, drawn */
  View.prototype.answer = function () {
    var render = this.host.renderer(this.name),
      data = this.host.payload(this.name);
    if (!render || !data) throw new Error("no renderer for " + this.name);
    return render(data, Object.assign({}, this.state, this.extraParams));
  };
  View.prototype.render = function () {
    var t0 = performance.now(),
      self = this;
    var out = this.answer();
    this.last = out;
    /* plotly.js writes into what it draws (autorange, types): it gets its own copy, the answer stays as given;
       parts equal to what is drawn keep their identity, so plotly.js recomputes only what changed */
    var drawn = JSON.parse(JSON.stringify({ data: out.data, layout: out.layout }));
    drawn.layout.template = this.host.template();
    if (this.drawn)
      drawn = { data: share(this.drawn.data, drawn.data), layout: share(this.drawn.layout, drawn.layout) };
    this.drawn = drawn;
    if (!this.plot || !window.Plotly || !this.visible) {
      this.fill(out);
      return Promise.resolve(out);
    }
    var config = Object.assign({}, this.host.config(), {
      toImageButtonOptions: { format: "png", scale: 2, filename: this.name },
    });
    return Promise.resolve(
      window.__stargateDraw(window.Plotly, this.plot, drawn.data, drawn.layout, config),
    ).then(function () {
      var ms = performance.now() - t0;
      /* the draw is complete: tests and benchmarks time a redraw to the next frame (tests/browser/latency.py) */
      self.plot.setAttribute("data-render-ms", ms.toFixed(1));
      api.times.push(ms);
      if (self.last === out) self.fill(out);
      return out;
    });
  };
  /* what follows the chart, once it is redrawn (the page is not laid out twice for one move): the takeaway,
     the text description, the HTML beside it, the rows (their table when it is open: a closed one is filled
     when opened), the address */
  View.prototype.fill = function (out) {
    var root = this.root;
    var text = function (sel, value) {
      var el = root.querySelector(sel);
      if (el) el.textContent = value;
    };
    text(".sg-takeaway-text", out.takeaway);
    text(".sg-alt-text", out.alt);
    root.setAttribute("data-state", this.query());
    this.writeLink();
    this.fillExtras(out);
    if (!out.rows) return;
    var count = root.querySelector(".sg-rows-count");
    if (count) count.textContent = String(out.rows.data.length);
    this.rows = out.rows;
    var details = root.querySelector("details.sg-rows");
    if (!details || details.open) this.fillTable();
  };
  /* the HTML blocks beside the chart (the renderer's extras), written and escaped by the module (stargate/live) */
  View.prototype.fillExtras = function (out) {
    var root = this.root;
    Object.keys(out.extras || {}).forEach(function (k) {
      var el = root.querySelector("[data-extra='" + k + "']");
      if (el) el.innerHTML = out.extras[k];
    });
  };
  View.prototype.makeCsv = function (a) {
    if (!this.rows || this.csvRows === this.rows) return;
    if (this.csvUrl) URL.revokeObjectURL(this.csvUrl);
    this.csvUrl = URL.createObjectURL(new Blob([csvText(this.rows)], { type: "text/csv" }));
    this.csvRows = this.rows;
    a.href = this.csvUrl;
  };
  View.prototype.fillTable = function () {
    if (!this.rows || this.tableRows === this.rows) return;
    var table = this.root.querySelector(".sg-rows-table");
    if (table) table.innerHTML = tableHtml(this.rows);
    this.tableRows = this.rows;
  };

  api.View = View;

  /* wire every live chart of the page; a link with settings updates the texts at once (the plot when seen) */
  api.start = function () {
    Array.prototype.forEach.call(document.querySelectorAll(".sg-live[data-live]"), function (root) {
      if (api.views[root.getAttribute("data-live")]) return;
      var view = new View(root);
      if (view.query()) view.render();
    });
    return api.views;
  };
  /* draw a live chart (site.js calls this when its box comes near the viewport) */
  api.show = function (name) {
    var view = api.views[name];
    if (!view || view.visible) return Promise.resolve();
    view.visible = true;
    return view.render();
  };
})();
