/**
 * Starlight's search box, our own: the site's Vite config points `@pagefind/default-ui` here, so
 * Starlight's `Search.astro` constructs this `PagefindUI` as it would Pagefind's. It talks to Pagefind's
 * JS API directly and is a few KB where Pagefind's Svelte UI was 26 KB (gzip) on first use. Results
 * come as you type; each page's sections are ranked best first (`rankSections`); a kind filter narrows
 * them; five results at a time, each fragment fetched only when its result is shown; the arrow keys
 * move from the input through the result links and Enter opens the first result.
 */
import { el, SCOPE } from './dom.ts';
import { FilterPanel } from './filter-panel.ts';
import { nextFocus } from './keyboard.ts';
import { countMessage, message } from './messages.ts';
import type { PagefindApi, PagefindResult, ResultData } from './pagefind-api.ts';
import { rankSections } from './rank-sections.ts';
import { fillItem, placeholderItem } from './result-view.ts';

/** What Starlight (or a page) passes; keys not named here go to Pagefind's `options()` (`baseUrl`, `ranking` …). */
export interface PagefindUIOptions extends Record<string, unknown> {
  element?: string | HTMLElement;
  bundlePath?: string;
  pageSize?: number;
  showSubResults?: boolean;
  excerptLength?: number;
  debounceTimeoutMs?: number;
  translations?: Record<string, string>;
  mergeIndex?: ({ bundlePath: string } & Record<string, unknown>)[];
  processResult?: (result: ResultData) => ResultData | void;
  processTerm?: (term: string) => string;
}

/** Options of Pagefind's UI that this box takes but has no use for: it shows no images and always resets styles. */
const IGNORED = ['showImages', 'resetStyles', 'showEmptyFilters', 'openFilters', 'autofocus', 'focusOnSlash', 'sort'];

/** The search box; builds itself inside `options.element` (default `[data-pagefind-ui]`). */
export class PagefindUI {
  private readonly input = el('input', SCOPE.box, 'search-input');
  private readonly clear = el('button', SCOPE.box, 'search-clear suppressed');
  private readonly drawer = el('div', SCOPE.box, 'drawer hidden');
  private readonly status = el('p', SCOPE.box, 'message');
  private readonly list = el('ol', SCOPE.box, 'results');
  private readonly more = el('button', SCOPE.box, 'button hidden');
  private readonly area = el('div', SCOPE.box, 'results-area');
  private readonly t: Record<string, string>;
  private api?: Promise<PagefindApi>;
  private filters?: FilterPanel;
  private results: PagefindResult[] = [];
  private shown = 0;
  /** The term the listed results are for. */
  private listed = '';
  private searches = 0;
  private timer?: ReturnType<typeof setTimeout>;

  private readonly options: PagefindUIOptions;
  constructor(options: PagefindUIOptions) {
    this.options = options;
    const target = typeof options.element === 'object' ? options.element : document.querySelector(options.element ?? '[data-pagefind-ui]');
    this.t = options.translations ?? {};
    if (!target) throw new Error(`PagefindUI: no element ${String(options.element)}`);
    const root = document.createElement('div');
    root.className = `pagefind-ui pagefind-ui--reset ${SCOPE.box}`;
    const form = el('form', SCOPE.box, 'form');
    form.setAttribute('role', 'search');
    form.setAttribute('aria-label', message(this.t, 'search_label'));
    form.addEventListener('submit', (e) => e.preventDefault());
    const { input, clear, more } = this;
    input.type = 'text';
    input.placeholder = input.title = message(this.t, 'placeholder');
    input.autocapitalize = 'none';
    input.enterKeyHint = 'search';
    // Loading starts when the box is focused (the dialog opens); a failure is reported by the search that needs it.
    input.addEventListener('focus', () => void this.pagefind().catch(() => undefined));
    input.addEventListener('input', () => this.typed());
    input.addEventListener('keydown', (e) => this.inputKey(e));
    clear.type = more.type = 'button';
    clear.textContent = message(this.t, 'clear_search');
    clear.addEventListener('click', () => {
      input.value = '';
      this.typed();
      input.focus();
    });
    more.textContent = message(this.t, 'load_more');
    more.addEventListener('click', () => this.showMore());
    this.list.addEventListener('keydown', (e) => this.move(e));
    this.area.append(this.status, this.list, more);
    this.drawer.append(this.area);
    form.append(input, clear, this.drawer);
    root.append(form);
    target.replaceChildren(root);
  }

  /** Pagefind's API, loaded, configured and initialised once (on the input's first focus or search), with the filter panel built from it. */
  private pagefind(): Promise<PagefindApi> {
    return (this.api ??= (async () => {
      const { element, bundlePath = '/pagefind/', pageSize, showSubResults, debounceTimeoutMs, translations, mergeIndex = [], processResult, processTerm, excerptLength, ...rest } = this.options;
      for (const key of IGNORED) delete rest[key];
      const api = (await import(/* @vite-ignore */ `${bundlePath}pagefind.js`)) as PagefindApi;
      // No web worker: searching one index chunk is quick on the page's own thread, and the worker
      // costs a second copy of Pagefind's script (12 KB gzip) on first use.
      await api.options({ noWorker: true, ...rest, excerptLength: excerptLength ?? (showSubResults ? 12 : 30) });
      for (const { bundlePath: path, ...index } of mergeIndex) await api.mergeIndex(path, index);
      await api.init();
      const filters = await api.filters();
      if (Object.keys(filters).length) {
        this.filters = new FilterPanel(filters, message(this.t, 'filters_label'), () => this.search(0));
        this.drawer.prepend(this.filters.element);
      }
      return api;
    })());
  }

  /** After each keystroke: the clear button shows with text, and a search follows once typing pauses. */
  private typed(): void {
    const { input, clear } = this;
    clear.classList.toggle('pagefind-ui__suppressed', !input.value);
    if (clear.offsetWidth) input.style.paddingRight = `${clear.offsetWidth + 2}px`;
    this.search(this.options.debounceTimeoutMs ?? 300);
  }

  /** Searches for the input's text after `delay` ms, unless more typing comes first; hides the results for no text. */
  private search(delay: number): void {
    clearTimeout(this.timer);
    const term = this.input.value.trim();
    const id = ++this.searches;
    if (!term) {
      this.drawer.classList.add('pagefind-ui__hidden');
      this.listed = '';
      return;
    }
    this.timer = setTimeout(async () => {
      this.drawer.classList.remove('pagefind-ui__hidden');
      this.status.textContent = message(this.t, 'searching', term);
      let found;
      try {
        const api = await this.pagefind();
        found = await api.search(this.options.processTerm?.(term) ?? term, { filters: this.filters?.selected() ?? {} });
      } catch (error) {
        // Pagefind could not be loaded (offline, a wrong bundlePath): say so, and load it again next time.
        console.error(`Pagefind couldn't be loaded from ${this.options.bundlePath ?? '/pagefind/'}pagefind.js`, error);
        this.api = undefined;
        return;
      }
      if (!found || id !== this.searches) return;
      if (Object.keys(found.filters).length) this.filters?.update(found.filters);
      this.results = found.results;
      this.shown = 0;
      this.listed = term;
      this.status.textContent = countMessage(this.t, term, found.results.length);
      this.list.replaceChildren();
      this.showMore();
    }, delay);
  }

  /** Lists the next page of results, each a placeholder until its fragment (fetched now, and only now) arrives. */
  private showMore(): void {
    const next = this.results.slice(this.shown, this.shown + (this.options.pageSize ?? 5));
    this.shown += next.length;
    for (const result of next) {
      const li = placeholderItem();
      this.list.append(li);
      void result.data().then((data) => {
        const own = this.options.processResult?.(data) ?? data;
        fillItem(li, this.options.showSubResults ? (rankSections(own) as ResultData) : own, !!this.options.showSubResults);
      });
    }
    this.more.classList.toggle('pagefind-ui__hidden', this.shown >= this.results.length);
  }

  /** The result links, in order. */
  private links(): HTMLAnchorElement[] {
    return [...this.list.querySelectorAll<HTMLAnchorElement>('a.pagefind-ui__result-link')];
  }

  /** Keys in the input: Escape clears it, Enter opens the first result of what is typed, ArrowDown goes to the results. */
  private inputKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      this.input.value = '';
      this.typed();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (this.listed === this.input.value.trim()) this.links()[0]?.click();
    } else this.move(e);
  }

  /** Arrow keys move focus between the input and the result links. */
  private move(e: KeyboardEvent): void {
    const links = this.links();
    const to = nextFocus(e.key, links.indexOf(document.activeElement as HTMLAnchorElement), links.length);
    if (to === undefined) return;
    e.preventDefault();
    (to < 0 ? this.input : links[to]!).focus();
  }
}
