#!/bin/sh
# Builds the flake's documentation site into a folder for GitHub Pages (docs/ci/github-pages.yml).
# Run from the top of the flake's repository. Environment:
#   FLAKE_DOCS  the flake-docs command (default: flake-docs, as installed by the workflow)
#   FLAKE_DIR   the flake's folder in the repository (default: .)
#   OUT         where the site goes (default: public)
#   PAGES_URL   where Pages serves the site (actions/configure-pages' base_url); used for the site's
#               address and base path unless the repository has its own flake-docs.config.json
set -eu

FLAKE_DOCS=${FLAKE_DOCS:-flake-docs}
FLAKE_DIR=${FLAKE_DIR:-.}
OUT=${OUT:-public}
top=$(pwd)
case $FLAKE_DIR in /*) flake=$FLAKE_DIR ;; *) flake=$top/$FLAKE_DIR ;; esac
case $OUT in /*) out=$OUT ;; *) out=$top/$OUT ;; esac

if [ -n "${PAGES_URL:-}" ] && [ ! -e flake-docs.config.json ]; then
  # A project site is served under /<repository>/: the site needs that base path. Only a plain URL is taken.
  if ! printf '%s\n' "$PAGES_URL" | grep -Eq '^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~-]+)*/?$'; then
    echo "pages-build: PAGES_URL is not a plain http(s) URL: $PAGES_URL" >&2
    exit 2
  fi
  origin=$(printf '%s\n' "$PAGES_URL" | sed -E 's#^(https?://[^/]+).*#\1#')
  base=$(printf '%s\n' "$PAGES_URL" | sed -E 's#^https?://[^/]+##; s#/*$#/#')
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  printf '{ "site": "%s", "base": "%s" }\n' "$origin" "$base" >"$work/flake-docs.config.json"
  cd "$work"
fi

$FLAKE_DOCS build --flake "$flake" --out "$out" --quiet
# Pages serves the folder as it is: no Jekyll pass over files whose names start with _ (Astro's _astro/).
touch "$out/.nojekyll"
