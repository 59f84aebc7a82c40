#!/usr/bin/env bash
# Rebuild src/vaultcheck/graph/vendor/graphviewer.min.js, the graph viewer that `graph export -f html`
# inlines into its page: sigma.js (WebGL drawing), graphology (the graph) and ForceAtlas2 (the
# layout, in a Web Worker), at the exact versions in package.json, bundled and minified by esbuild.
# Needs node and npm; installs into tools/graphviewer/node_modules (git-ignored).
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --silent 2>/dev/null || npm install --no-audit --no-fund --silent
vendor=../../src/vaultcheck/graph/vendor
mkdir -p "$vendor"
node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --target=es2019 \
  --legal-comments=none --outfile="$vendor/graphviewer.min.js"
{
  echo "src/vaultcheck/graph/vendor/graphviewer.min.js bundles the following packages, each under the"
  echo "MIT licence reproduced with it below. Rebuilt by tools/graphviewer/build.sh."
  for pkg in sigma graphology graphology-utils graphology-layout-forceatlas2 events; do
    version=$(node -p "require('./node_modules/$pkg/package.json').version")
    licence=$(ls node_modules/$pkg | grep -i -m1 '^licen[cs]e')
    echo
    echo "==== $pkg $version ===="
    cat "node_modules/$pkg/$licence"
  done
} > "$vendor/LICENSE.graphviewer.txt"
wc -c "$vendor/graphviewer.min.js"
