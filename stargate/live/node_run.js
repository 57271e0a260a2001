// Runs live renderers in Node for the tests: node node_run.js RENDERER.js < {"payload":…, "states":[…], "chart":…}
// prints [answer, …] (one per state) as JSON. No DOM: renderers must not touch the document.
"use strict";
const fs = require("node:fs");
global.window = global;
// biome-ignore lint/security/noGlobalEval: the renderers are classic scripts that set window.__stargateLive
for (const file of process.argv.slice(2)) eval(fs.readFileSync(file, "utf8"));
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const render = window.__stargateLive[input.chart];
const out = input.states.map((s) => {
  try {
    return render(input.payload, s);
  } catch (e) {
    return { error: String(e?.stack || e) };
  }
});
process.stdout.write(JSON.stringify(out));
