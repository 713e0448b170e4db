/**
 * Markdown parsing in linear time. micromark (under remark, MDX and Astro) moves the exits of a
 * closed list item or block quote with an `EditMap`, whose `consume` rebuilds the whole event list of
 * the document for an edit near its end: a list of n items costs O(n²) (10,000 roadmap tickets took a
 * minute, a 1 MB guide of list items six). This module replaces `consume` with one that applies the
 * same edits, in the same order, rebuilding only the events from the first edit on. Importing it once
 * (for its effect) is enough: micromark shares the one `EditMap` class of its package.
 */
import { EditMap } from 'micromark-util-edit-map';

type Event = unknown;
/** The fields `consume` works on (typed here: the package declares them on the instance). */
interface EditMapState {
  map: [number, number, Event[]][];
  index: Map<number, unknown>;
}

/** Applies the sorted edits to `events` in place, copying only the tail from the first edit. */
function consume(this: EditMapState, events: Event[]): undefined {
  this.map.sort((a, b) => a[0] - b[0]);
  if (this.map.length === 0) return;
  const first = this.map[0]![0];
  const tail = events.slice(first);
  events.length = first;
  // Each edit keeps the original events from the end of the previous edit's removal up to its index.
  let from = first;
  for (const [at, remove, add] of this.map) {
    for (let i = from; i < at; i++) events.push(tail[i - first]!);
    for (const e of add) events.push(e);
    from = at + remove;
  }
  for (let i = from; i < first + tail.length; i++) events.push(tail[i - first]!);
  this.map.length = 0;
  this.index.clear();
}

(EditMap.prototype as unknown as { consume: typeof consume }).consume = consume;
