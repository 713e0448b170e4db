/** Hand-written guides kept in the flake's configured `guides` folder: content, never code. */

/** One guide from the flake, checked free of JavaScript at extraction. */
export interface Guide {
  kind: 'guide';
  /** Path inside the guides folder without extension, lower-cased (`setup/laptop`): the stable id. */
  id: string;
  /** The source file, relative to the flake root. */
  file: string;
  format: 'md' | 'mdx';
  title: string;
  description: string | null;
  /** `sidebar.order` from the guide's frontmatter. */
  order: number | null;
  /** The Markdown after the frontmatter, or null when the guide was rejected (its diagnostics say why). */
  body: string | null;
  /** The line of the flake file where `body` starts (after the frontmatter). */
  bodyLine: number;
  /** Why the guide is not published, when `body` is null. */
  error: string | null;
  /**
   * Where it comes from, when not the configured guides folder: the flake's `README.md` (`readme`), a
   * Markdown file of its `docs/` folder (`docs`), or a README in a host's folder (`host`).
   */
  origin?: 'readme' | 'docs' | 'host';
  /** The host whose folder holds it (origin `host`). */
  host?: string;
}
