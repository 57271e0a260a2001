/* "Came due since the record ends": the promised deadlines that passed between the record's as-of date and
   the reader's own today, with no outcome in the record. The site builds assets/came-due.js from this file
   and the list it needs (stargate.ledger.came_due_data: every promise still pending when the record ends,
   with the last day of its deadline period), so a page built today is still right next year. Python's
   twin is stargate.promises.came_due (a test runs both on the same days).

   In a page: every element with class sg-came-due (beside each "Data as of" date) gets one line and a link
   to the list; the element with id sg-came-due-list (the site's index) marks the deadlines that passed. */
(function () {
  "use strict";

  // the reader's today as YYYY-MM-DD, in the reader's own time zone
  function isoDay(date) {
    var m = date.getMonth() + 1,
      d = date.getDate();
    return date.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (d < 10 ? "0" : "") + d;
  }

  // the pending promises whose deadline period ended on or after the as-of date and before today
  function cameDue(data, today) {
    return data.items
      .filter(function (item) {
        return item.end >= data.as_of && item.end < today;
      })
      .sort(function (a, b) {
        if (a.end !== b.end) return a.end < b.end ? -1 : 1;
        return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      });
  }

  function sentence(data, due) {
    var n = due.length;
    return (
      "Since the record ended (" +
      data.as_of_text +
      "), " +
      n +
      " promised deadline" +
      (n === 1 ? " has" : "s have") +
      " passed with no outcome in the record: "
    );
  }

  function render(doc, data, today) {
    var due = cameDue(data, today);
    var ids = {};
    due.forEach(function (item) {
      ids[item.id] = true;
    });
    Array.prototype.forEach.call(doc.querySelectorAll(".sg-came-due"), function (el) {
      el.textContent = "";
      if (!due.length) {
        el.textContent = data.none_text;
        return;
      }
      el.appendChild(doc.createTextNode(sentence(data, due)));
      var link = doc.createElement("a");
      link.href = el.getAttribute("data-href") || "index.html#came-due";
      link.textContent = "to check";
      link.style.textDecoration =
        "underline"; /* told apart by more than colour (stargate/ledger/__init__.py: LINK_STYLE) */
      el.appendChild(link);
      el.appendChild(doc.createTextNode("."));
      el.hidden = false;
    });
    var list = doc.getElementById("sg-came-due-list");
    if (list) {
      Array.prototype.forEach.call(list.querySelectorAll("li[data-id]"), function (li) {
        var passed = !!ids[li.getAttribute("data-id")];
        li.classList.toggle("sg-due", passed);
        var mark = li.querySelector(".sg-due-mark");
        if (mark) mark.textContent = passed ? "passed, to check: " : "";
      });
      var head = doc.getElementById("sg-came-due-summary");
      if (head) head.textContent = due.length ? sentence(data, due).replace(/: $/, ".") : data.none_text;
    }
    return due;
  }

  var api = { isoDay: isoDay, cameDue: cameDue, render: render };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof window !== "undefined") {
    window.__stargateCameDue = api;
    var data = window.__stargateCameDueData;
    if (data) {
      var run = function () {
        render(document, data, isoDay(new Date()));
      };
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
      else run();
    }
  }
})();
