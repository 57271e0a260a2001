// stargate/engine.py's Node.js engine: one JSON string of code a line on stdin, evaluated in the global
// scope (as a page's script: `window` is the global object); one line of JSON back, {value} or {error}.
"use strict";
const readline = require("node:readline");
const vm = require("node:vm");

globalThis.window = globalThis;
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  let answer;
  try {
    const value = vm.runInThisContext(JSON.parse(line));
    answer = { value: value === undefined ? null : value };
  } catch (e) {
    answer = { error: String(e?.stack || e) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
});
