/** Gantt task links survive build-time rendering as plain `<a>` elements. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linkGanttTasks } from '../../scripts/site/mermaid-config.ts';

const svg =
  '<svg id="m1"><rect id="m1-A_1" x="1" class="task"></rect><text id="m1-A_1-text" x="2">A-1 "Do" &amp; test</text>' +
  '<rect id="m1-B_1" x="3"></rect><text id="m1-B_1-text">B-1</text></svg>';

test('gantt click lines wrap the bar and the label of their task in a link', () => {
  const source = 'gantt\n  section S\n    A-1 Do :A_1, 2025-01-01 00:00, 2h\n  click A_1 href "/tickets/A-1/?a=1&b=<2>"';
  const out = linkGanttTasks(svg, source, 'm1');
  assert.ok(out.includes('<a href="/tickets/A-1/?a=1&amp;b=&lt;2>"><rect id="m1-A_1" x="1" class="task"></rect></a>'));
  assert.ok(out.includes('<a href="/tickets/A-1/?a=1&amp;b=&lt;2>"><text id="m1-A_1-text" x="2">A-1 "Do" &amp; test</text></a>'));
  assert.ok(out.includes('<rect id="m1-B_1" x="3"></rect><text id="m1-B_1-text">B-1</text>'), 'tasks without a click line stay as they are');
});

test('other diagrams are left alone', () => {
  assert.equal(linkGanttTasks(svg, 'flowchart LR\n  click A_1 href "/x/"', 'm1'), svg);
});
