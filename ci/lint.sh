#!/usr/bin/env bash
# The action's lint step (action.yml): ONE `vaultcheck lint` run gives the report in the log
# (annotations), the SARIF file and the counts in the job summary. Its inputs arrive as VC_*
# environment variables, never pasted into the script.
set -euo pipefail

paths=()
while IFS= read -r line || [ -n "$line" ]; do
  line=${line%$'\r'}
  if [ -n "$line" ]; then paths+=("$line"); fi
done <<< "$VC_PATHS"
if [ ${#paths[@]} -eq 0 ]; then paths=(.); fi
extra=()
read -r -a extra <<< "$VC_ARGS" || true

report="${RUNNER_TEMP:-/tmp}/vaultcheck-$$.json"
args=(--output-format "$VC_FORMAT" --also-write "json:$report")
if [ -n "$VC_SARIF" ]; then args+=(--also-write "sarif:$VC_SARIF"); fi
if [ "$VC_CACHE" = true ]; then args+=(--cache-dir .vaultcheck_cache); fi

# On a pull request: only what it changes, and the notes whose links it breaks.
scope="the whole vault"
if [ "$VC_CHANGED" != false ] && [ -n "${VC_BASE:-}" ]; then
  if git cat-file -e "$VC_BASE^{commit}" 2>/dev/null; then
    args+=(--changed --since "$VC_BASE")
    scope="the notes this pull request changes (since ${VC_BASE:0:12}) and the notes whose links it breaks"
  else
    echo "::warning title=vaultcheck::the pull request's base commit is not checked out" \
      "(actions/checkout with fetch-depth: 0); checking the whole vault"
  fi
fi

set +e
vaultcheck lint "${paths[@]}" "${args[@]}" "${extra[@]}"
status=$?
set -e
echo "exit-code=$status" >> "$GITHUB_OUTPUT"

{
  echo "## vaultcheck"
  echo
  if [ -f "$report" ]; then
    python3 - "$report" "$scope" <<'PY'
import json, sys
from collections import Counter

problems = json.load(open(sys.argv[1], encoding="utf-8"))
print(f"Checked {sys.argv[2]}.\n")
if not problems:
    print("No problems.")
else:
    by_rule = Counter((p["code"], p["name"]) for p in problems)
    levels = Counter(p["severity"] for p in problems)
    plural = {"error": "errors", "warning": "warnings", "info": "info"}
    shown = ", ".join(
        f"{n} {level if n == 1 else plural[level]}" for level, n in sorted(levels.items())
    )
    noun = "problem" if len(problems) == 1 else "problems"
    print(f"{len(problems)} {noun} ({shown}).\n")
    print("| count | rule | name |\n|---:|---|---|")
    for (code, name), n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"| {n} | {code} | {name} |")
PY
    rm -f "$report"
  else
    echo "vaultcheck could not run (exit code $status); the log says why."
  fi
} >> "$GITHUB_STEP_SUMMARY"
exit "$status"
