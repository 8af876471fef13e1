#!/usr/bin/env bash
# Builds the DocC documentation of every library product (swift-docc-plugin) into
# one combined archive, and fails if DocC prints any warning or error.
#
# The command it runs (the library targets are read from Package.swift):
#
#   swift package generate-documentation --enable-experimental-combined-documentation \
#       --target HighPrecision --target AnalyticOracle … --target Figures
#
# A bare `swift package generate-documentation` also documents the test-support
# target and the dependencies' modules (swift-property-based's own catalog warns);
# naming the library targets documents exactly what this package ships.
#
# Output: .build/plugins/Swift-DocC/outputs/TMSPatterning.doccarchive (all modules,
# with links between them) and one <Module>.doccarchive per module.
#
# Usage: scripts/docs.sh [--serve [PORT]]
#   --serve   afterwards, serve the combined archive on http://127.0.0.1:PORT/documentation/
#             (default port 8000; python3's http.server; Ctrl-C stops it)
set -euo pipefail
cd "$(dirname "$0")/.."

serve=0
port=8000
if [[ "${1:-}" == "--serve" ]]; then
    serve=1
    port="${2:-8000}"
fi

targets=$(swift package dump-package | python3 -c '
import json, sys
package = json.load(sys.stdin)
names = []
for product in package["products"]:
    if "library" in product["type"]:
        names += [t for t in product["targets"] if t not in names]
print(" ".join(names))
')
arguments=(--enable-experimental-combined-documentation)
for target in $targets; do arguments+=(--target "$target"); done

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "swift package generate-documentation ${arguments[*]}"
start=$SECONDS
status=0
swift package generate-documentation "${arguments[@]}" > "$log" 2>&1 || status=$?
grep -v '^\[' "$log" || true
warnings=$(grep -c '^warning:' "$log" || true)
errors=$(grep -c '^error:' "$log" || true)
echo "docs: $(echo $targets | wc -w) modules, $warnings warnings, $errors errors, $((SECONDS - start)) s"
if [[ "$status" -ne 0 || "$warnings" -ne 0 || "$errors" -ne 0 ]]; then
    echo "docs: FAILED (fix the doc comments or catalogs named above)" >&2
    exit 1
fi

archive=.build/plugins/Swift-DocC/outputs/TMSPatterning.doccarchive
if [[ "$serve" -eq 1 ]]; then
    echo "serving $archive on http://127.0.0.1:$port/documentation/"
    exec python3 -m http.server "$port" --bind 127.0.0.1 --directory "$archive"
fi
