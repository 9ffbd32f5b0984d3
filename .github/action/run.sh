#!/usr/bin/env bash
# The check step of the GitHub Action (action.yml). It runs anywhere with the same variables:
#   INPUT_PATHS     files or directories, separated by spaces (default: .)
#   INPUT_BASE      the commit to compare with (--diff); fetched when a shallow clone lacks it
#   INPUT_BASELINE  a baseline file (optional)
#   INPUT_SARIF     where to write SARIF (optional)
#   INPUT_ARGS      more options for `consistency check`
# It prints GitHub annotations (--format github), which also appends a summary to
# $GITHUB_STEP_SUMMARY, writes `sarif` and `exit-code` to $GITHUB_OUTPUT, and exits with
# consistency's exit code (0 clean, 1 findings, 2 usage or input error).
set -uo pipefail

read -r -a paths <<< "${INPUT_PATHS:-.}"
[ ${#paths[@]} -gt 0 ] || paths=(.)
args=(check "${paths[@]}" --format github)

base="${INPUT_BASE:-}"
if [ -n "$base" ]; then
  if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
    echo "consistency: fetching the base commit $base" >&2
    if ! git fetch --no-tags --quiet --depth=1 origin "$base"; then
      echo "::error title=consistency::cannot fetch the base commit $base; check out with fetch-depth: 0"
      echo "exit-code=2" >> "${GITHUB_OUTPUT:-/dev/null}"
      exit 2
    fi
  fi
  args+=(--diff "$base")
fi
[ -n "${INPUT_BASELINE:-}" ] && args+=(--baseline "$INPUT_BASELINE")
[ -n "${INPUT_SARIF:-}" ] && args+=(--report "sarif:$INPUT_SARIF")
read -r -a extra <<< "${INPUT_ARGS:-}"
args+=(${extra[@]+"${extra[@]}"})

consistency "${args[@]}"
code=$?
if [ -n "${INPUT_SARIF:-}" ] && [ -f "$INPUT_SARIF" ]; then
  echo "sarif=$INPUT_SARIF" >> "${GITHUB_OUTPUT:-/dev/null}"
fi
echo "exit-code=$code" >> "${GITHUB_OUTPUT:-/dev/null}"
exit "$code"
