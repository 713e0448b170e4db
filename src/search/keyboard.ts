/** Moving through the search box with the arrow keys: from the input (-1) down the result links and back. */

/**
 * Where focus goes on `key`: the index of the result link, -1 for the input, or undefined when the key
 * does not move it (the last link stays put on ArrowDown).
 * @param current the focused link's index, -1 for the input
 * @param count how many result links there are
 */
export function nextFocus(key: string, current: number, count: number): number | undefined {
  if (key === 'ArrowDown') return count ? Math.min(current + 1, count - 1) : undefined;
  if (key === 'ArrowUp') return current >= 0 ? current - 1 : undefined;
  return undefined;
}
