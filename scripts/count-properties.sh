#!/usr/bin/env bash
# Counts the test suite's two-route checks (README, "The test suite"):
#
# - properties: every `propertyCheck(` call under Tests/ whose enclosing `@Test` is not
#   tagged `.consistency`; its `count:` argument is the number of generated cases per run in
#   the default tier (for `Support.longTests ? 8 : 2` the value after the colon; without
#   `count:` PropertyBased's default of 100). A property inside a parameterized test
#   (`@Test(arguments: [...])`) runs once per argument; it is counted once (and reported).
# - consistency properties: the same, inside tests tagged `.consistency` (a route compared with
#   itself: one formula at two precisions, a round trip). Listed, not counted as properties.
# - statistical checks: `@Test`s tagged `.statistical` (Monte Carlo against an exact or
#   independent value, on fixed recorded seeds, no generated inputs), counted per test function.
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
test = re.compile(r"@Test\b")
per_file = {}
parameterized, consistency, statistical = [], [], []

def attribute(text, at):
    """The text of the @Test attribute that starts at `at`, up to its function's `func`."""
    end = text.find("func ", at)
    return text[at:end if end >= 0 else len(text)]

def cases(expr):
    expr = expr.strip()
    if "?" in expr and ":" in expr:
        expr = expr.rsplit(":", 1)[1]
    try:
        return int(expr.replace("_", "").strip())
    except ValueError:
        return None

for directory, _, files in os.walk(root):
    for name in sorted(files):
        if not name.endswith(".swift"):
            continue
        path = os.path.join(directory, name)
        text = open(path, encoding="utf-8").read()
        for m in test.finditer(text):
            head = attribute(text, m.start())
            if ".statistical" in head:
                fn = re.search(r"func\s+(\w+)", text[m.start():])
                statistical.append((path, fn.group(1) if fn else "?"))
        for m in call.finditer(text):
            if text[max(0, m.start() - 5):m.start()].endswith("func "):
                continue  # a definition, not a call
            n = cases(m.group("count") or "100")
            if n is None:
                print(f"warning: {path}: cannot read count '{m.group('count')}', counted as 0", file=sys.stderr)
                n = 0
            at = text.rfind("@Test", 0, m.start())
            head = attribute(text, at) if at >= 0 else ""
            if ".consistency" in head:
                consistency.append((path, n))
                continue
            props, total = per_file.get(path, (0, 0))
            per_file[path] = (props + 1, total + n)
            if "arguments:" in head:
                parameterized.append(path)

total_props = sum(p for p, _ in per_file.values())
total_cases = sum(c for _, c in per_file.values())
if by_file:
    for path in sorted(per_file):
        p, c = per_file[path]
        print(f"{p:4d} properties {c:7d} cases  {path}")
    for path, fn in statistical:
        print(f"   statistical        {path}: {fn}")
    for path, n in consistency:
        print(f"   consistency {n:7d} cases  {path}")
for path in sorted(set(parameterized)):
    print(f"note: {path} has a property inside a parameterized test (runs once per argument)")
print(f"{total_props} two-route properties, {total_cases} generated cases per run (default tier)")
print(f"{len(statistical)} statistical two-route tests on fixed seeds (tagged .statistical)")
print(f"{len(consistency)} consistency properties, {sum(n for _, n in consistency)} cases (tagged .consistency, not counted above)")
PY
