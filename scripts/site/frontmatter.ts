/**
 * Reads a page's frontmatter. Generated pages write one `key: <JSON>` line per field (render/mdx.ts
 * `frontmatter`), which JSON.parse reads ten times faster than a YAML parser; YAML 1.2 reads JSON
 * values the same way, so anything else (hand-written pages) goes to the YAML parser.
 */
import { parse as parseYaml } from 'yaml';

const LINE = /^([A-Za-z_][\w-]*): (.*)$/;

/** The fields of a frontmatter block (without its `---` lines); `{}` for an empty one. */
export function parseFrontmatter(block: string): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const line of block.split('\n')) {
    const m = LINE.exec(line);
    if (!m || Object.hasOwn(data, m[1]!)) return readYaml(block);
    try {
      data[m[1]!] = JSON.parse(m[2]!);
    } catch {
      return readYaml(block);
    }
  }
  return data;
}

function readYaml(block: string): Record<string, unknown> {
  const data: unknown = parseYaml(block);
  return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
}
