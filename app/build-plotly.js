// Builds plotly.js (the npm package pinned in package.json: the version the Python plotly package bundles)
// into one minified bundle holding only the trace types in app/plotly-bundle.json, the way plotly.js's own
// custom bundles are made (its lib/ modules registered on lib/core, esbuild, CSS inlined).
// Output: build/plotly/plotly-NAME.min.js, with a banner naming the version (stargate.webassets reads it).
// Run by make (npm run build-plotly); deterministic: the same inputs give the same bytes.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");
const InlineCSSPlugin = require("esbuild-plugin-inline-css");

const root = path.resolve(__dirname, "..");
const spec = JSON.parse(fs.readFileSync(path.join(__dirname, "plotly-bundle.json"), "utf8"));
const version = require("plotly.js/package.json").version;
const modules = [...spec.traces, ...(spec.components || [])];
const entry = [
  "var Plotly = require('plotly.js/lib/core');",
  "Plotly.register([" + modules.map((m) => `require('plotly.js/lib/${m}')`).join(", ") + "]);",
  "module.exports = Plotly;",
].join("\n");
const outfile = path.join(root, "build", "plotly", `plotly-${spec.name}.min.js`);

esbuild
  .build({
    stdin: { contents: entry, resolveDir: root, sourcefile: "stargate-plotly-entry.js" },
    bundle: true,
    minify: true,
    format: "iife",
    globalName: "Plotly",
    target: "es2016",
    outfile,
    plugins: [InlineCSSPlugin()],
    define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
    banner: {
      js:
        `/**\n* plotly.js (${spec.name}: ${spec.traces.join(", ")}) v${version}\n` +
        "* Copyright 2012-2026, Plotly, Inc. Licensed under the MIT license\n*/",
    },
    footer: { js: "window.Plotly = Plotly;" },
    legalComments: "none",
    logLevel: "warning",
  })
  .then(() => {
    console.log(
      `plotly.js ${version} (${spec.traces.join(", ")}): ${path.relative(root, outfile)} ` +
        `${fs.statSync(outfile).size} bytes`,
    );
  })
  .catch(() => process.exit(1));
