/** Counts in words, for pages and log lines alike. */

/**
 * `1 profile`, `3 profiles`: a count with its noun in the number it needs.
 * @param n the count
 * @param one the noun for one
 * @param many the noun for any other count (`one` + `s` unless given)
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
