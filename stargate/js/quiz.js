/* The no-code quiz (quiz.html, written by stargate/quiz.py): checks answers in the browser with the words
   of the code level's checkers (stargate/exercises.py), which the page carries as data computed from the
   record when the site was built. A number is read and judged as exercises.share_candidates / amount_bn and
   _judge_numeric do (a browser test compares the two); a choice carries the checker's verdict for every
   possible answer. Answers are kept in localStorage and nothing is sent anywhere; the hand-in file is made
   here (a download of a Blob) and the page prints with the score. window.__stargateQuiz exposes the state
   (tests). */
(function () {
  "use strict";
  var KEY = "stargate-quiz";
  var DATA = JSON.parse(document.getElementById("sg-quiz-data").textContent);
  var state = { name: "", answers: {} };
  var verdicts = {};
  var api = (window.__stargateQuiz = { data: DATA, verdicts: verdicts, state: state });

  /* ---- reading a number: exercises.share_candidates and exercises.amount_bn ------------------------- */
  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
  function toFloat(text) {
    var t = text.replace(/[,_]/g, "").trim();
    if (!NUMBER.test(t)) return null;
    var v = Number(t);
    return Number.isFinite(v) ? v : null;
  }
  function shareCandidates(text) {
    var t = text.trim();
    if (t.endsWith("%")) {
      var p = toFloat(t.slice(0, -1));
      return p === null ? null : [p / 100];
    }
    var v = toFloat(t);
    if (v === null) return null;
    return Math.abs(v) <= 1 ? [v, v / 100] : [v / 100];
  }
  function amountBn(text) {
    var t = text.trim().toLowerCase();
    var factor = /(trillion|tn)\b/.test(t) ? 1000 : 1;
    t = t.replace(/(trillion|tn)\b/g, "").replace(/(us\$|usd|\$|billions?|bn|b\b|dollars?)/gi, "");
    var v = toFloat(t);
    if (v === null) return null;
    v = v * factor;
    return Math.abs(v) >= 1e6 ? v / 1e9 : v;
  }

  /* ---- judging: exercises._judge_numeric, or the checker's verdicts carried by the page --------------- */
  function near(q, value, target, close) {
    var tol = q.unit === "share" ? (close ? q.close : q.tolerance) * Math.abs(target) : q.tolerance;
    return Math.abs(value - target) <= tol + 1e-12;
  }
  function judgeNumber(q, text) {
    var values =
      q.unit === "share" ? shareCandidates(text) : amountBn(text) === null ? null : [amountBn(text)];
    if (values === null) return { status: "unreadable", message: "Give a number. Accepted: " + q.form + "." };
    function any(target, close) {
      return values.some(function (v) {
        return near(q, v, target, close);
      });
    }
    if (any(q.right)) return q.correct;
    for (var i = 0; i < q.mistakes.length; i++) {
      if (any(q.mistakes[i].value)) return q.mistakes[i];
    }
    if (q.unit === "share" && any(q.right, true)) return { status: "wrong", message: q.closeMessage };
    return { status: "wrong", message: q.farMessage };
  }
  function judge(q, answer) {
    if (q.kind === "number") return judgeNumber(q, answer);
    if (q.kind === "choice") {
      var option = q.options.find(function (o) {
        return o.value === answer;
      });
      return option ? option : null;
    }
    if (answer.indexOf("") >= 0) return { status: "blank", message: "Choose a figure for every group." };
    var found = q.verdicts[answer.join("|")];
    return found ? { status: found[0], message: q.messages[found[1]] } : null;
  }
  function blank(q, answer) {
    if (q.kind === "groups")
      return answer.every(function (a) {
        return a === "";
      });
    return !answer?.trim();
  }

  /* ---- the page ----------------------------------------------------------------------------------------- */
  function field(q) {
    return document.getElementById(q.id + "-a");
  }
  function read(q) {
    if (q.kind === "groups")
      return q.groups.map(function (_, i) {
        return document.getElementById(q.id + "-a" + i).value;
      });
    return field(q).value;
  }
  function write(q, answer) {
    if (q.kind === "groups")
      q.groups.forEach(function (_, i) {
        var el = document.getElementById(q.id + "-a" + i);
        el.value = answer?.[i] || "";
      });
    else field(q).value = answer || "";
  }
  function show(q, verdict) {
    var out = document.getElementById(q.id + "-v");
    if (!verdict) {
      delete verdicts[q.id];
      out.textContent = "";
      out.removeAttribute("data-status");
    } else {
      verdicts[q.id] = verdict;
      out.textContent = DATA.prefix[verdict.status] + verdict.message;
      out.setAttribute("data-status", verdict.status);
    }
  }
  function check(q) {
    var answer = read(q);
    state.answers[q.id] = answer;
    save();
    if (blank(q, answer)) show(q, { status: "blank", message: "Give your answer, then press Check." });
    else show(q, judge(q, answer));
    score();
  }
  function scored() {
    return DATA.questions.filter(function (q) {
      return q.kind !== "text";
    });
  }
  function correct() {
    return scored().filter(function (q) {
      return verdicts[q.id] && verdicts[q.id].status === "correct";
    }).length;
  }
  function score() {
    var done = scored().filter(function (q) {
      return verdicts[q.id] && verdicts[q.id].status !== "blank";
    }).length;
    document.getElementById("sg-quiz-score").textContent =
      "Score: " + correct() + " of " + scored().length + " correct (" + done + " checked).";
  }
  function save() {
    try {
      localStorage.setItem(KEY, JSON.stringify(state));
    } catch (_e) {
      /* storage off (private window): the answers last as long as the page */
    }
  }
  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(KEY) || "null");
      if (saved && typeof saved === "object") {
        state.name = typeof saved.name === "string" ? saved.name : "";
        state.answers = saved.answers && typeof saved.answers === "object" ? saved.answers : {};
      }
    } catch (_e) {
      /* unreadable: start afresh */
    }
  }

  /* ---- the file to hand in ------------------------------------------------------------------------------ */
  function cell(text) {
    return String(text).replace(/\|/g, "\\|").replace(/\$/g, "\\$").replace(/\s+/g, " ").trim() || "—";
  }
  function shown(q) {
    var answer = state.answers[q.id];
    if (answer === undefined) return "";
    if (q.kind === "groups")
      return q.groups
        .map(function (g, i) {
          return answer[i] ? g.name + ": " + answer[i] : "";
        })
        .filter(Boolean)
        .join(", ");
    if (q.kind === "choice") {
      var option = q.options.find(function (o) {
        return o.value === answer;
      });
      return option ? option.label : "";
    }
    return answer;
  }
  function handIn() {
    var lines = [
      "# Quiz hand-in: reading the record (no code)",
      "",
      "- Name: " + (state.name.trim() || "not given"),
      "- Data version: " + DATA.version + ", as of " + DATA.asOf,
      "- Score: " + correct() + " of " + scored().length + " correct",
      "",
      "| Question | State | Your answer | Check |",
      "|---|---|---|---|",
    ];
    DATA.questions.forEach(function (q) {
      var v = verdicts[q.id];
      var status = q.kind === "text" ? "written" : !v || v.status === "blank" ? "open" : v.status;
      lines.push(
        "| " + q.number + " | " + status + " | " + cell(shown(q)) + " | " + cell(v ? v.message : "") + " |",
      );
    });
    return lines.join("\n") + "\n";
  }
  api.handIn = handIn;
  function download() {
    var url = URL.createObjectURL(new Blob([handIn()], { type: "text/markdown" }));
    var a = document.createElement("a");
    a.href = url;
    a.download = DATA.handIn;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 1000);
  }

  /* ---- wiring ------------------------------------------------------------------------------------------- */
  load();
  var name = document.getElementById("sg-quiz-name");
  name.value = state.name;
  name.addEventListener("input", function () {
    state.name = name.value;
    save();
  });
  DATA.questions.forEach(function (q) {
    var answer = state.answers[q.id];
    if (answer !== undefined) {
      write(q, answer);
      if (q.kind !== "text" && !blank(q, answer)) show(q, judge(q, answer));
    }
    var section = document.getElementById(q.id);
    section.addEventListener("input", function () {
      state.answers[q.id] = read(q);
      save();
    });
    var button = section.querySelector(".sg-q-check");
    if (button) button.addEventListener("click", () => check(q));
    if (q.kind === "number")
      field(q).addEventListener("keydown", function (event) {
        if (event.key === "Enter") check(q);
      });
  });
  document.getElementById("sg-quiz-download").addEventListener("click", download);
  document.getElementById("sg-quiz-print").addEventListener("click", function () {
    window.print();
  });
  document.getElementById("sg-quiz-clear").addEventListener("click", function () {
    if (!window.confirm("Clear every answer on this device?")) return;
    state.name = "";
    state.answers = {};
    save();
    name.value = "";
    DATA.questions.forEach(function (q) {
      write(q, "");
      show(q, null);
    });
    score();
  });
  score();
})();
