#!/usr/bin/env bash
# Counts the property-based checks of the test suite: every `propertyCheck(` call
# under Tests/ is one property, and its `count:` argument is the number of generated
# cases per run in the default tier. Where the count is an expression such as
# `Support.longTests ? 8 : 2`, the default-tier value (after the colon) is used;
# a call without `count:` uses PropertyBased's default of 100. A property inside a
# parameterized test (`@Test(arguments: [...])`) runs once per argument; the script
# counts it once (it reports such calls so they can be checked by hand).
#
# Usage: scripts/count-properties.sh [--by-file] [directory (default Tests)]
set -euo pipefail
by_file=0
if [[ "${1:-}" == "--by-file" ]]; then by_file=1; shift; fi
root="${1:-Tests}"
cd "$(dirname "$0")/.."

python3 - "$root" "$by_file" <<'PY'
import os, re, sys
root, by_file = sys.argv[1], sys.argv[2] == "1"
call = re.compile(r"propertyCheck\(\s*(count:\s*(?P<count>[^,]+?)\s*,)?", re.S)
per_file = {}
parameterized = []
for directory, _, files in os.walk(root):
    for name in sorted(files):
        if not name.endswith(".swift"):
            continue
        path = os.path.join(directory, name)
        text = open(path, encoding="utf-8").read()
        for m in call.finditer(text):
            if text[max(0, m.start() - 5):m.start()].endswith("func "):
                continue  # a definition, not a call
            expr = (m.group("count") or "100").strip()
            if "?" in expr and ":" in expr:
                expr = expr.rsplit(":", 1)[1]
            try:
                n = int(expr.replace("_", "").strip())
            except ValueError:
                print(f"warning: {path}: cannot read count '{expr}', counted as 0", file=sys.stderr)
                n = 0
            props, cases = per_file.get(path, (0, 0))
            per_file[path] = (props + 1, cases + n)
            # Is the enclosing @Test parameterized?
            head = text[:m.start()]
            test = head.rfind("@Test")
            if test >= 0 and "arguments:" in head[test:head.find("\n", test) + 400 if head.find("\n", test) >= 0 else len(head)]:
                parameterized.append(path)
total_props = sum(p for p, _ in per_file.values())
total_cases = sum(c for _, c in per_file.values())
if by_file:
    for path in sorted(per_file):
        p, c = per_file[path]
        print(f"{p:4d} properties {c:7d} cases  {path}")
for path in sorted(set(parameterized)):
    print(f"note: {path} has a property inside a parameterized test (runs once per argument)")
print(f"{total_props} properties, {total_cases} generated cases per run (default tier)")
PY
