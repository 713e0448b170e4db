/**
 * Every diagnostic code, in one place: what it means, how to fix it, and how bad it is. The registry
 * decides the severity: an **error** means the host's build would fail in Nix, a **warning** is likely
 * a mistake, a **note** marks a limit of static reading (notes never fail `--strict`). The Diagnostics
 * page and the table of codes in docs/diagnostics.md are made from it; a unit test fails for a code used in
 * scripts/ that has no entry here.
 */
import type { Diagnostic, Severity } from './diagnostics.ts';

/** What the registry knows of one code. */
export interface CodeInfo {
  severity: Severity;
  /** One line: what the diagnostic means. */
  explain: string;
  /** One line: what to do about it. */
  fix: string;
}

/** The registry: code → severity, explanation and fix hint, sorted by code. */
export const DIAGNOSTIC_CODES: Readonly<Record<string, CodeInfo>> = {
  'guides/component': {
    severity: 'error',
    explain: 'A flake guide uses a component other than the live-data ones (HostLink, OptionLink, HostList…); flake guides are content, not code.',
    fix: "Write the content as Markdown or with a live-data component, or move the page into the site's own `content/` folder.",
  },
  'guides/duplicate': {
    severity: 'warning',
    explain: 'Two flake guides would be published at the same URL; both are, the second at the URL with `-2`.',
    fix: 'Rename one of the files to choose its URL.',
  },
  'guides/esm': {
    severity: 'error',
    explain: 'A flake guide has `import` or `export`: flake guides are content, not code, and are not published with it.',
    fix: 'Remove the `import`/`export` lines.',
  },
  'guides/expression': {
    severity: 'error',
    explain: 'A flake guide has a `{…}` expression or an attribute expression: JavaScript from the flake never runs at build time.',
    fix: 'Write the value as text; escape a literal brace as `\\{`.',
  },
  'guides/frontmatter': {
    severity: 'warning',
    explain: "A flake guide's frontmatter is not valid YAML and is ignored.",
    fix: 'Fix the YAML between the `---` lines.',
  },
  'guides/markup-in-title': {
    severity: 'warning',
    explain: "A flake guide's title or description holds HTML markup (`</title><script>`); it is shown as text, never read as HTML.",
    fix: 'Write the title as plain text.',
  },
  'guides/not-read': {
    severity: 'error',
    explain: 'A guide is not published: it is not a regular file inside the flake, or it is a secret (in a secrets folder, or holding key material or ciphertext), or the guides folder is inside `.git`.',
    fix: 'Keep guides as plain Markdown files in the guides folder, and keys out of them.',
  },
  'guides/outside-flake': {
    severity: 'error',
    explain: 'The configured guides folder resolves outside the flake: no guides are read from it.',
    fix: 'Point `guides` at a folder inside the flake.',
  },
  'guides/syntax': {
    severity: 'error',
    explain: 'A flake guide is not valid Markdown/MDX; the page shows why instead of its text.',
    fix: 'Fix the syntax at the reported line (an unclosed tag, a stray `<` or `{`).',
  },
  'guides/too-large': {
    severity: 'warning',
    explain: 'A flake guide is larger than 1 MB and is not published.',
    fix: 'Split it into several guides.',
  },
  'guides/unknown-ref': {
    severity: 'error',
    explain: 'A flake guide refers (`host:name`, `<HostLink name="…">`) to a host, option, secret, ticket or profile the flake does not have; the build fails.',
    fix: 'Use one of the names the message suggests, or update the guide after renaming the host, option or secret.',
  },
  'guides/unsafe': {
    severity: 'error',
    explain: 'A flake guide has more constructs that are not allowed than are listed one by one.',
    fix: 'Fix the reported ones first; the rest are of the same kinds.',
  },
  'guides/unsafe-diagram': {
    severity: 'error',
    explain: 'A diagram in a flake guide would run script or load a URL (a `javascript:` link, CSS settings, a `url()` style, an image, HTML in a label).',
    fix: 'Link to http(s) or site pages; drop CSS settings, images and HTML tags but <br> <b> <i> <em> <strong> <code> <span>.',
  },
  'guides/unsafe-html': {
    severity: 'error',
    explain: "A flake guide has HTML that could run code in the reader's browser (script, iframe, svg, style, an `on…` handler, `srcdoc`); it is not published.",
    fix: 'Remove the element or attribute; plain Markdown covers text, links, images and tables.',
  },
  'guides/unsafe-url': {
    severity: 'error',
    explain: 'A flake guide links to a URL that is not http(s) or mailto (a `javascript:` or `data:` URL runs code when clicked).',
    fix: 'Link to an http(s) page or a page of the site.',
  },
  'haumea/no-src': {
    severity: 'error',
    explain: '`haumea.lib.load` is called without `src`, which it requires: the call fails in Nix.',
    fix: 'Pass the folder to load: `haumea.lib.load { src = ./src; … }`.',
  },
  'hosts/deploy-unknown-host': {
    severity: 'warning',
    explain: 'A deploy tool (colmena, deploy-rs, clan) names a machine for which the flake defines no configuration.',
    fix: 'Rename the deploy node to match its `nixosConfigurations` entry, or remove the stale node.',
  },
  'hosts/module-unknown': {
    severity: 'info',
    explain: 'A module of a host could not be evaluated statically; its settings and imports are not shown.',
    fix: 'Nothing to fix; a module written as a literal attribute set or function can be followed.',
  },
  'hosts/not-a-system': {
    severity: 'info',
    explain: 'An entry of `nixosConfigurations` (or similar) is not recognisably a system configuration to static reading.',
    fix: 'Nothing to fix if Nix builds it; build hosts with `nixosSystem`/`darwinSystem` or a library flake-docs knows.',
  },
  'hosts/outputs-partial': {
    severity: 'info',
    explain: 'No host was found, but part of the outputs (a `//` operand) is only known at evaluation and may define hosts; the note says where evaluation stopped.',
    fix: 'Nothing to fix if the flake defines no hosts; otherwise define `nixosConfigurations` where it can be read without building packages, or report the library so it can be modelled.',
  },
  'hosts/outputs-unknown': {
    severity: 'info',
    explain: "The flake's outputs could not be evaluated statically, so no hosts are documented.",
    fix: 'Nothing to fix in the flake; see the other diagnostics of flake.nix for what stopped evaluation.',
  },
  'hosts/snowfall-image': {
    severity: 'info',
    explain: 'A Snowfall `systems/<format>/` folder is an image format, built as a package rather than a configuration.',
    fix: 'Nothing to fix; image builds are not listed as hosts.',
  },
  'hosts/unknown-set': {
    severity: 'info',
    explain: 'A set of configurations is computed in a way static reading cannot follow; its hosts are not listed.',
    fix: 'Nothing to fix if Nix builds it; a literal set or a `readDir`/`map` over names can be followed.',
  },
  'inputs/bad-lock': {
    severity: 'error',
    explain: '`flake.lock` is not a valid lock file: Nix refuses to use it.',
    fix: 'Regenerate it with `nix flake lock`.',
  },
  'inputs/no-lock': {
    severity: 'info',
    explain: 'There is no `flake.lock`: inputs are not pinned, so every build may fetch different versions.',
    fix: 'Run `nix flake lock` and commit `flake.lock`.',
  },
  'modules/conflict': {
    severity: 'error',
    explain: 'Two modules of a host give an option different values at the same priority (a `str`, `bool`, `int`… takes one value); Nix fails the evaluation with "conflicting definition values".',
    fix: 'Keep one definition, or give one of them a priority (`lib.mkDefault`, `lib.mkForce`).',
  },
  'names/collision': {
    severity: 'warning',
    explain: 'Two hosts, profiles or secrets would have the same URL, their names differing only in case, punctuation or invisible characters; the second has a numbered URL.',
    fix: 'Rename one of them so that their names differ in letters or digits.',
  },
  'names/confusable': {
    severity: 'warning',
    explain: 'Two names of one kind look alike: their Unicode confusable skeletons (UTS #39) are equal, as for `marshmallow` and `rnarshmallow`.',
    fix: 'Rename one of them, using only characters that cannot pass for others.',
  },
  'names/invisible': {
    severity: 'warning',
    explain: 'A name holds characters that show nothing or reorder text (zero-width spaces, bidi overrides); pages show each as a marker like `⟨U+200B⟩`.',
    fix: 'Remove the invisible characters from the name.',
  },
  'names/namesake': {
    severity: 'info',
    explain: 'Two things of one kind share a name (a NixOS and a home `laptop`, two `desktop.nix` profiles): the second has its class or folder in its URL.',
    fix: 'Nothing to fix; rename one if both should have plain URLs.',
  },
  'names/similar': {
    severity: 'warning',
    explain: 'A name with characters outside ASCII is one letter from another of its kind once accents are set aside (`marshmałow`, `marshmallow`): easy to misread.',
    fix: 'Rename one of them so that they differ in plain letters or digits.',
  },
  'nix/abort': {
    severity: 'warning',
    explain: 'Evaluation reached `abort`: the build fails if Nix evaluates this expression.',
    fix: 'Check the condition that leads to the abort, or the argument values that reach it.',
  },
  'nix/assert': {
    severity: 'warning',
    explain: 'An `assert` failed in static evaluation: the build fails if Nix takes the same path.',
    fix: 'Make the asserted condition hold, or correct the values it tests.',
  },
  'nix/budget': {
    severity: 'info',
    explain: 'Static evaluation stopped at its depth or step limit (deep recursion, huge lists); the rest is shown as computed.',
    fix: 'Nothing to fix unless Nix also loops; the values past the limit are shown as their source.',
  },
  'nix/duplicate-attribute': {
    severity: 'error',
    explain: 'The same attribute is defined twice in one attribute set (a leaf, a non-set value, or an inherited name): Nix rejects the file.',
    fix: 'Keep one definition; nested sets may be written in pieces (`a.b = { x = 1; }; a.b.y = 2;`), a leaf only once.',
  },
  'nix/encrypted': {
    severity: 'info',
    explain: 'The file is encrypted with git-crypt: it is not parsed, and whatever it defines is computed at evaluation, by someone holding the key.',
    fix: 'Nothing to fix; the site documents the rest of the flake.',
  },
  'nix/import': {
    severity: 'warning',
    explain: 'A file the code imports or reads does not exist (or cannot be read) inside the flake.',
    fix: 'Correct the path, or add the file to the repository (`git add`: flakes only see tracked files).',
  },
  'nix/internal-error': {
    severity: 'error',
    explain: 'Evaluating this file hit a bug in flake-docs itself; the file is left unevaluated and the rest of the flake is documented.',
    fix: 'Nothing in the flake to fix: report the message with the file to flake-docs.',
  },
  'nix/missing-argument': {
    severity: 'warning',
    explain: 'A function is called without an argument its pattern requires and has no default for.',
    fix: 'Pass the argument, give it a default (`name ? value`), or call the function with the arguments it names.',
  },
  'nix/missing-attribute': {
    severity: 'warning',
    explain: 'An attribute is selected from a set that does not have it (also an argument haumea takes from its `inputs`, when they lack it and the file uses it).',
    fix: 'Correct the attribute name, or use `a.b or default` where it may be missing.',
  },
  'nix/not-read': {
    severity: 'info',
    explain: 'A path the flake reads is not a regular file inside the flake (a FIFO, socket, device, or a symlink out of it), so it was not read.',
    fix: 'Nothing to fix if Nix never reads it here; otherwise make it a regular file inside the flake.',
  },
  'nix/syntax': {
    severity: 'error',
    explain: 'The file does not parse: Nix rejects it, and so does every host that imports it.',
    fix: 'Correct the syntax at the place shown (`nix-instantiate --parse FILE` shows Nix’s own message).',
  },
  'nix/syntax-unreached': {
    severity: 'info',
    explain: 'A `.nix` file does not parse, but nothing the flake evaluates imports it (an editor template, an example, a file left aside): Nix never reads it.',
    fix: 'Nothing to fix unless it is meant to be used: then correct its syntax (`nix-instantiate --parse FILE`).',
  },
  'nix/throw': {
    severity: 'warning',
    explain: 'Evaluation reached `throw`: the build fails if Nix evaluates this expression.',
    fix: 'Check the condition that leads to the throw, or the argument values that reach it.',
  },
  'nix/too-complex': {
    severity: 'error',
    explain: 'The file is nested deeper than 1,000 levels, or took longer than the parse time budget; it is left unevaluated.',
    fix: 'Split the expression; generated files of this size are better read with `builtins.fromJSON`.',
  },
  'nix/type-error': {
    severity: 'warning',
    explain: 'A value of the wrong type is used (a string added to a set, a list called as a function, a set given to `mkEnableOption`, which takes a name…).',
    fix: 'Correct the expression at the place shown; the message names both types.',
  },
  'nix/undefined-variable': {
    severity: 'warning',
    explain: 'A name is used that no `let`, argument, `with` or builtin defines.',
    fix: 'Define or pass the name, or correct its spelling.',
  },
  'nix/unexpected-argument': {
    severity: 'warning',
    explain: 'A function whose pattern has no `...` is called with an argument it does not name.',
    fix: 'Add the argument (or `...`) to the pattern, or stop passing it.',
  },
  'nix/untracked': {
    severity: 'info',
    explain: "The flake is a git checkout and these files are not in git's index: Nix's flake evaluation does not see them, so flake-docs neither reads nor publishes them.",
    fix: 'Nothing to fix if they are meant to stay local; `git add` them if the flake should use them.',
  },
  'options/computed': {
    severity: 'info',
    explain: 'A field of an option (default, example, type or description) is only known when Nix evaluates it; its source text is shown.',
    fix: 'Nothing to fix; add `defaultText = lib.literalExpression "…"` to control what the docs show.',
  },
  'options/evaluation-failed': {
    severity: 'info',
    explain: 'flake-docs failed while reading a module for options; its options may be missing from the docs.',
    fix: 'Nothing to fix in the flake; please report it with the module.',
  },
  'options/not-a-module': {
    severity: 'info',
    explain: 'A `.nix` file is not documented as a module: it is a package, a shell, a test, a helper or data, and nothing imports it as a module.',
    fix: 'Nothing to fix; import the file from a module or a host if it is meant to be one.',
  },
  'options/not-an-option': {
    severity: 'warning',
    explain: 'Something in an `options` tree is neither an option made with `mkOption` nor a set of options (often a bare type).',
    fix: 'Wrap it: `name = lib.mkOption { type = …; };`.',
  },
  'options/recursive-submodule': {
    severity: 'info',
    explain: 'Submodules nest too deeply to document (a recursive type); deeper options are left out.',
    fix: 'Nothing to fix if the type is meant to be recursive.',
  },
  'options/unknown-submodule': {
    severity: 'info',
    explain: "A submodule's modules are computed at evaluation time; its options are not documented.",
    fix: 'Nothing to fix; a literal module, path or let-bound function can be followed.',
  },
  'options/unknown-tree': {
    severity: 'info',
    explain: 'Part of an `options` tree is computed at evaluation time (or has a computed name); those options are not documented.',
    fix: 'Nothing to fix; literal option names can be documented.',
  },
  'secrets/age-not-encrypted': {
    severity: 'warning',
    explain: 'A `.age` file has no age header: its content is in the repository in plain text.',
    fix: 'Encrypt it with `agenix -e FILE` (and rotate the secret: it was published).',
  },
  'secrets/alias-bomb': {
    severity: 'error',
    explain: "A YAML alias in `.sops.yaml` expands to more than 10,000 entries (a “billion laughs”); the rule's recipients are not shown.",
    fix: 'Write the key groups out, or reference each key anchor once.',
  },
  'secrets/bad-path-regex': {
    severity: 'warning',
    explain: 'A `path_regex` of `.sops.yaml` is not a valid regular expression, so the rule matches nothing.',
    fix: 'Correct the expression (sops uses Go regular expressions).',
  },
  'secrets/bad-sops-yaml': {
    severity: 'warning',
    explain: '`.sops.yaml` cannot be read as YAML, so no creation rule applies.',
    fix: 'Correct the YAML at the place shown.',
  },
  'secrets/bad-yaml': {
    severity: 'warning',
    explain: 'A sops-encrypted file could not be parsed as YAML/JSON; its key names are not listed.',
    fix: 'Check it with `sops -d`; re-encrypt it if it is damaged.',
  },
  'secrets/computed-recipients': {
    severity: 'info',
    explain: "A secret's recipients are computed at evaluation time; who can decrypt it is not shown.",
    fix: 'Nothing to fix; lists of key names from `let` bindings or imported files can be followed.',
  },
  'secrets/key-in-source': {
    severity: 'warning',
    explain: 'A Nix file holds key material in plain text (a private key, an age identity, a WireGuard key): anyone who can read the repository or the Nix store has it.',
    fix: 'Move the key into an encrypted secret (agenix, sops) read at activation, and rotate it: it was published.',
  },
  'secrets/missing-file': {
    severity: 'warning',
    explain: '`secrets.nix` lists a secret whose `.age` file does not exist.',
    fix: 'Create it with `agenix -e NAME.age`, or remove the entry.',
  },
  'secrets/not-a-recipient': {
    severity: 'warning',
    explain: 'A host uses a secret that is not encrypted to any of its keys: decryption fails at activation.',
    fix: "Add the host's key to the secret's recipients and re-encrypt (`agenix -r`, `sops updatekeys`).",
  },
  'secrets/not-read': {
    severity: 'info',
    explain: 'A file that a `.sops.yaml` rule matches is not a regular file (a FIFO, socket or device), so it was not read.',
    fix: 'Nothing to fix unless it should be a secret file.',
  },
  'secrets/outside-flake': {
    severity: 'info',
    explain: 'A host reads a secret from a sops file outside the flake (`sops.defaultSopsFile` names a path on the machine), so the site cannot see which secrets that file holds.',
    fix: 'Nothing to fix if the file is deployed by other means; otherwise keep it in the flake, encrypted, and point `sopsFile` at it.',
  },
  'secrets/plain-file': {
    severity: 'warning',
    explain: 'A file that looks secret (a key, a certificate, a file in a secrets folder) is in the repository unencrypted.',
    fix: 'Encrypt it with agenix or sops, or keep it out of the repository; rotate it if it was ever pushed.',
  },
  'secrets/read-into-store': {
    severity: 'warning',
    explain: 'Nix code reads a secret file at evaluation time: its content is copied into the world-readable Nix store.',
    fix: 'Decrypt at activation instead: `age.secrets.<name>.file`, `sops.secrets.<name>`, or an option ending in `File`.',
  },
  'secrets/sops-not-encrypted': {
    severity: 'warning',
    explain: 'A file matches a `.sops.yaml` creation rule but is not sops-encrypted.',
    fix: 'Encrypt it in place with `sops -e -i FILE`.',
  },
  'secrets/sops-plain-value': {
    severity: 'warning',
    explain: 'A sops file holds values that sops did not encrypt (added after encryption, or excluded by a regex).',
    fix: 'Re-encrypt with `sops -e -i FILE`, or edit it with `sops FILE`.',
  },
  'secrets/sops-unreadable': {
    severity: 'info',
    explain: 'A file with sops metadata could not be parsed, so its values could not be checked.',
    fix: 'Nothing to fix if `sops -d` reads it.',
  },
  'secrets/undeclared': {
    severity: 'warning',
    explain: 'A host uses a secret that no `secrets.nix` entry or `.sops.yaml` rule provides.',
    fix: 'Declare the secret (agenix: an entry in `secrets.nix`; sops: a rule and an encrypted file).',
  },
  'secrets/unknown': {
    severity: 'info',
    explain: 'A secrets file could not be evaluated statically; its recipients are not shown.',
    fix: 'Nothing to fix if agenix reads it; see the other diagnostics of that file.',
  },
  'secrets/unused': {
    severity: 'info',
    explain: "No host's evaluated configuration declares the secret or uses its file (a script reading it is not seen); without hosts the check does not run.",
    fix: 'Check which host should use it; if one does, declare it there (`age.secrets`, `sops.secrets`).',
  },
  'site/markup-in-title': {
    severity: 'warning',
    explain: "The site's title or description (flake.nix `description`, or `title`/`description` of the settings) holds HTML markup; it is shown as text, never read as HTML.",
    fix: 'Write the description as plain text.',
  },
  'snowfall/no-src': {
    severity: 'error',
    explain: "`snowfall-lib.mkFlake` is called without `src`, which it requires: the call fails in Nix.",
    fix: 'Pass the flake folder: `src = ./.;`.',
  },
  'tickets/bad-dependency': {
    severity: 'warning',
    explain: 'A dependency line of a ticket holds something that is not a ticket id.',
    fix: 'Write ids separated by commas: `Depends on: INFRA-1, SEC-2`.',
  },
  'tickets/bad-effort': {
    severity: 'warning',
    explain: "A ticket's effort cannot be read as a duration.",
    fix: 'Write it as `Effort: 2h`, `3d` or `1w`.',
  },
  'tickets/bad-start-date': {
    severity: 'warning',
    explain: 'The roadmap start date cannot be read.',
    fix: 'Write it as YYYY-MM-DD.',
  },
  'tickets/cycle': {
    severity: 'error',
    explain: 'Tickets depend on each other in a cycle, so none of them can start.',
    fix: 'Remove one dependency of the cycle.',
  },
  'tickets/duplicate-id': {
    severity: 'error',
    explain: 'Two tickets have the same id; the second is ignored.',
    fix: 'Give one of them a new id.',
  },
  'tickets/graph-mismatch': {
    severity: 'warning',
    explain: "The roadmap's mermaid dependency graph disagrees with the tickets' dependency lines.",
    fix: 'Update the graph or the dependency lines so they name the same edges.',
  },
  'tickets/missing-effort': {
    severity: 'info',
    explain: 'A ticket has no effort, so the Gantt chart and critical path guess its length.',
    fix: 'Add a bullet such as `Effort: 2h`.',
  },
  'tickets/mojibake': {
    severity: 'info',
    explain: 'A line of a planning document was UTF-8 read as Mac Roman or Windows-1252 and saved again (`üó∫Ô∏è` for 🗺️); it is shown repaired.',
    fix: 'Re-save the file as UTF-8 with the repaired text.',
  },
  'tickets/no-document': {
    severity: 'warning',
    explain: 'A `roadmap` path, list entry or glob finds no planning document.',
    fix: 'Fix the path in the configuration, or remove the entry.',
  },
  'tickets/no-items': {
    severity: 'warning',
    explain: 'A planning document has no tickets, checkbox tasks or status lines, so it has no progress to show.',
    fix: 'Write items as `- [ ] task`, `✅ done` lines or `ID-1: title` tickets, or remove it from `roadmap`.',
  },
  'tickets/not-read': {
    severity: 'warning',
    explain: 'A roadmap entry names a file inside `.git`, or a secret (by its path, or by holding key material or ciphertext); it is not published.',
    fix: 'Point the `roadmap` setting at the planning documents only.',
  },
  'tickets/unknown-dependency': {
    severity: 'error',
    explain: 'A ticket depends on an id that no ticket has.',
    fix: 'Correct the id, or add the missing ticket.',
  },
  'tickets/unknown-priority': {
    severity: 'warning',
    explain: 'A ticket has a priority that is not one of the defined priorities.',
    fix: 'Use a defined priority, or define this one in the priorities list.',
  },
  'tickets/unreadable-priority': {
    severity: 'warning',
    explain: 'A priority definition cannot be read.',
    fix: 'Write it as `Name: meaning`.',
  },
  'tickets/unreadable-ticket': {
    severity: 'warning',
    explain: 'A task item in an epic does not start with a ticket id.',
    fix: 'Start the item with an id such as `INFRA-1:` and then the title.',
  },
};

/** The registry entry of a code, if it has one. */
export function codeInfo(code: string): CodeInfo | undefined {
  return Object.hasOwn(DIAGNOSTIC_CODES, code) ? DIAGNOSTIC_CODES[code] : undefined;
}

/**
 * A diagnostic with the severity its code has in the registry (a code without an entry keeps the
 * severity it was reported with).
 * @param d the diagnostic as an extractor reported it
 */
export function withRegistrySeverity(d: Diagnostic): Diagnostic {
  const info = codeInfo(d.code);
  return info && info.severity !== d.severity ? { ...d, severity: info.severity } : d;
}

const SEVERITY_WORD: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

/** The word a severity is shown as: `error`, `warning` or `note`. */
export function severityWord(severity: Severity): string {
  return SEVERITY_WORD[severity];
}

/** The table of codes of docs/diagnostics.md, made from the registry (one row per code). */
export function codesMarkdownTable(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = Object.entries(DIAGNOSTIC_CODES).map(([code, i]) => `| \`${code}\` | ${severityWord(i.severity)} | ${cell(i.explain)} | ${cell(i.fix)} |`);
  return ['| Code | Severity | What it means | How to fix it |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
