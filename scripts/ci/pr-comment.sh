#!/bin/sh
# Creates or updates ONE comment on a pull request with what it does to the machines (the Markdown of
# `flake-docs diff`), found again by a marker on its first line (docs/ci/pr-comment.yml).
# Usage: pr-comment.sh DIFF_FILE
# Environment:
#   GH_API      a `gh api`-like command (default: gh api), given a REST path and gh's options
#   REPOSITORY  owner/name (default: GITHUB_REPOSITORY)
#   PR          the pull request's number
set -eu

diff_file=${1:?usage: pr-comment.sh DIFF_FILE}
GH_API=${GH_API:-gh api}
REPOSITORY=${REPOSITORY:-${GITHUB_REPOSITORY:?REPOSITORY or GITHUB_REPOSITORY is needed}}
PR=${PR:?PR, the pull request number, is needed}
MARKER='<!-- flake-docs: what this change does to the machines -->'
# GitHub refuses comments longer than 65,536 characters; `diff` keeps under it, the marker is extra.
LIMIT=65000

case $PR in *[!0-9]* | '') echo "pr-comment: PR must be a number, not $PR" >&2; exit 2 ;; esac
if ! printf '%s\n' "$REPOSITORY" | grep -Eq '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$'; then
  echo "pr-comment: REPOSITORY must be owner/name, not $REPOSITORY" >&2
  exit 2
fi

body=$(mktemp)
trap 'rm -f "$body"' EXIT
{
  printf '%s\n' "$MARKER"
  if [ "$(wc -c <"$diff_file")" -gt "$LIMIT" ]; then
    printf '%s\n' 'The summary of this change is too long for a comment: see the job log of the workflow run.'
  else
    cat "$diff_file"
  fi
} >"$body"

# The first comment of this pull request that starts with the marker: ours, from an earlier run.
id=$($GH_API --paginate "repos/$REPOSITORY/issues/$PR/comments" --jq ".[] | select(.body | startswith(\"$MARKER\")) | .id" | head -n 1)
if [ -n "$id" ]; then
  $GH_API --method PATCH "repos/$REPOSITORY/issues/comments/$id" -F "body=@$body" >/dev/null
  echo "pr-comment: updated comment $id"
else
  $GH_API --method POST "repos/$REPOSITORY/issues/$PR/comments" -F "body=@$body" >/dev/null
  echo "pr-comment: created a comment"
fi
