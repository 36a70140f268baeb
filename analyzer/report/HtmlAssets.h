//===- report/HtmlAssets.h - The style and script every page carries ------===//
//
// Inline in every page: a report is read from a CI artifact or a file://
// folder, often offline, so it fetches nothing.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_REPORT_HTMLASSETS_H
#define LOCKCHECK_REPORT_HTMLASSETS_H

namespace lockcheck::report {

inline constexpr const char *HtmlStyle = R"css(
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em 2em; color: #1d1d1f; }
h1 { font-size: 1.35em; margin: 0 0 .3em; }
h2 { font-size: 1.1em; margin: 1.4em 0 .5em; }
code, pre, td.mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
a { color: #1f5fbf; }
p.summary { color: #555; }
table { border-collapse: collapse; width: 100%; }
th, td {
  text-align: left; padding: .35em .6em; border-bottom: 1px solid #ddd; vertical-align: top;
}
th button {
  font: inherit; font-weight: bold; border: 0; background: none; padding: 0; cursor: pointer;
}
th[aria-sort=ascending] button::after { content: " \25B2"; }
th[aria-sort=descending] button::after { content: " \25BC"; }
tbody tr:hover { background: #f4f7fc; }
dl.facts {
  display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em;
}
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
.graph { overflow-x: auto; border: 1px solid #ddd; padding: .5em; }
.graph svg { max-width: 100%; height: auto; }
ol.steps { padding-left: 1.8em; }
ol.steps li { margin-bottom: 1em; }
ol.steps li:target { outline: 2px solid #1f5fbf; outline-offset: 4px; }
.kind { display: inline-block; min-width: 7em; font-size: 12px; color: #555; }
.step-acquire .kind { color: #1f5fbf; font-weight: bold; }
.step-reacquire .kind { color: #b3261e; font-weight: bold; }
pre.source { background: #f7f7f7; padding: .4em 0; margin: .3em 0; overflow-x: auto; tab-size: 8; }
pre.source .line { display: block; padding: 0 .8em; }
pre.source .line.hit { background: #fff3c4; }
pre.source .ln { display: inline-block; width: 4em; color: #888; user-select: none; }
pre.source mark { background: #ffd75e; }
.nosource { color: #888; font-style: italic; }
)css";

/// Sorts a table.sortable by the column whose header button is clicked
/// (again: the other way); `#sort=COLUMN` or `#sort=-COLUMN` in the address
/// opens it sorted. Ties keep the report's order.
inline constexpr const char *HtmlSortScript = R"js(
(function () {
  'use strict';
  function key(row, column) {
    var cell = row.cells[column];
    return cell.hasAttribute('data-key') ? cell.getAttribute('data-key') : cell.textContent;
  }
  function sortTable(table, column, direction) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, column), y = key(b, column);
      if (x !== y)
        return (x < y ? -1 : 1) * direction;
      return Number(a.getAttribute('data-order')) - Number(b.getAttribute('data-order'));
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      if (i === column)
        th.setAttribute('aria-sort', direction > 0 ? 'ascending' : 'descending');
      else
        th.removeAttribute('aria-sort');
    });
  }
  function columnNamed(table, name) {
    var cells = table.tHead.rows[0].cells;
    for (var i = 0; i < cells.length; ++i)
      if (cells[i].getAttribute('data-column') === name)
        return i;
    return -1;
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var button = th.querySelector('button');
      if (!button)
        return;
      button.addEventListener('click', function () {
        sortTable(table, column, th.getAttribute('aria-sort') === 'ascending' ? -1 : 1);
      });
    });
    var asked = /(?:^#|&)sort=(-?)([a-z]+)/.exec(window.location.hash);
    if (asked) {
      var column = columnNamed(table, asked[2]);
      if (column >= 0)
        sortTable(table, column, asked[1] ? -1 : 1);
    }
  });
})();
)js";

} // namespace lockcheck::report

#endif // LOCKCHECK_REPORT_HTMLASSETS_H
