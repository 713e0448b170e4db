/** The filter panel of the search box: a checkbox per value of each filter (here the page's kind), with result counts. */
import { el, SCOPE } from './dom.ts';
import type { FilterCounts, SelectedFilters } from './pagefind-api.ts';

const S = SCOPE.filters;

/** The filters panel; `update` refreshes its counts, `selected` reads the ticked values. */
export class FilterPanel {
  /** The panel's element, to place in the box. */
  readonly element = el('fieldset', S, 'filter-panel');
  private readonly labels: [filter: string, value: string, label: HTMLLabelElement][] = [];

  /**
   * @param filters every filter and value with its page count, as `pagefind.filters()` gives them
   * @param onChange called when a box is ticked or unticked
   */
  constructor(filters: FilterCounts, label: string, onChange: () => void) {
    this.element.append(el('legend', S, 'filter-panel-label', label));
    const entries = Object.entries(filters);
    for (const [filter, values] of entries) {
      const block = el('details', S, 'filter-block');
      // One filter of a few values is shown open, as Pagefind's UI does.
      block.open = entries.length === 1 && Object.keys(values).length <= 6;
      const group = el('fieldset', S, 'filter-group');
      group.append(el('legend', S, 'filter-group-label', filter));
      for (const value of Object.keys(values)) {
        const row = el('div', S, 'filter-value');
        const box = el('input', S, 'filter-checkbox');
        box.type = 'checkbox';
        box.id = `pagefind-ui-filter-${this.labels.length}`;
        box.name = filter;
        box.value = value;
        box.addEventListener('change', () => {
          row.classList.toggle('pagefind-ui__filter-value--checked', box.checked);
          onChange();
        });
        const text = el('label', S, 'filter-label');
        text.htmlFor = box.id;
        this.labels.push([filter, value, text]);
        row.append(box, text);
        group.append(row);
      }
      block.append(el('summary', S, 'filter-name', filter.replace(/^./, (c) => c.toLocaleUpperCase())), group);
      this.element.append(block);
    }
    this.update(filters);
  }

  /** Shows each value's count among the current results. */
  update(counts: FilterCounts): void {
    for (const [filter, value, label] of this.labels) label.textContent = `${value} (${counts[filter]?.[value] ?? 0})`;
  }

  /** The ticked values of each filter. */
  selected(): SelectedFilters {
    const out: SelectedFilters = {};
    for (const box of this.element.querySelectorAll<HTMLInputElement>('input:checked')) (out[box.name] ??= []).push(box.value);
    return out;
  }
}
