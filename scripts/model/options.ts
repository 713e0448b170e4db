/** Options declared by the flake's own modules, as nixosOptionsDoc documents them. */
import type { SourceLocation } from '../diagnostics.ts';

/** A rendered default or example, as in options.json: Nix source text or Markdown. */
export interface LiteralText {
  _type: 'literalExpression' | 'literalMD';
  text: string;
}

/** The fields of an option whose value static analysis could not know (shown as source text). */
export type ComputedField = 'type' | 'description' | 'default' | 'example';

/** One documented option. */
export interface OptionDoc {
  kind: 'option';
  /** The dotted name, the stable id: `my.backup.paths`, `my.jobs.<name>.schedule`. */
  name: string;
  /** The attribute path, with `<name>` / `*` for submodule placeholders. */
  loc: string[];
  /** The type's description as `lib.types` phrases it (`list of string`). */
  type: string;
  /** The description (Markdown), or null when the option has none. */
  description: string | null;
  /** The default as nixosOptionsDoc renders it (`defaultText` when given); absent when there is none. */
  default?: LiteralText;
  /** The example as nixosOptionsDoc renders it; absent when there is none. */
  example?: LiteralText;
  readOnly: boolean;
  /** Flake-relative files declaring the option, in discovery order. */
  declarations: string[];
  /** Where the option is declared (the `name = mkOption …` binding) in its first declaration. */
  source: SourceLocation;
  /** `nixos`, `darwin` or `home`, then `/` and the module's path in its folder: `nixos/backup`. */
  group: string;
  /** Which fields contain values only known at evaluation time. */
  computed: ComputedField[];
}
