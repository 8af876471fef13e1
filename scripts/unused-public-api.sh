#!/usr/bin/env bash
# Lists the public symbols of each library module that no code outside the module
# names: not the other modules, not the command-line tool (Sources/tms), not the
# example packages (Examples/). Tests do not count. These are candidates to make
# internal; a person decides (a result field nobody reads yet may still be meant
# for users).
#
# How: `swift package dump-symbol-graph --minimum-access-level public` lists the
# public symbols; the sources outside each module, with comments stripped, are
# searched for each name — a type or free function by `\bName\b`, a member by
# `.name` (also `\.name`, `case .name`), an initializer by `Type(label:` or
# `.init(label:`. The search is textual, so a member whose name also belongs to
# another type counts as used (the list errs towards leaving things public).
# A symbol that the signature of a symbol staying public needs (parameter, result,
# conformance, generic constraint) stays public too.
# Not judged, and never listed: operators, subscripts, enum cases (they share their
# enum's access level), projected values (`$name`),
# and members that satisfy a protocol requirement (Equatable, Hashable,
# CustomStringConvertible, Error, literals, RawRepresentable, CaseIterable,
# Sequence, Codable, and the package's own protocols). An error type thrown
# untyped (`throws`) is not in any signature: it is listed if nobody names it.
#
# Usage: scripts/unused-public-api.sh [Module ...]   (default: every library product)
set -euo pipefail
cd "$(dirname "$0")/.."

# (It also tries the synthesized test-runner modules, fails on them and exits 1;
# the library modules' graphs are written all the same.)
output=$(swift package dump-symbol-graph --minimum-access-level public 2>&1 || true)
directory=$(grep '^Files written to ' <<<"$output" | sed 's/^Files written to //')
[[ -n "$directory" && -d "$directory" ]] || { echo "dump-symbol-graph failed:" >&2; echo "$output" >&2; exit 70; }

manifest=$(mktemp)
trap 'rm -f "$manifest"' EXIT
swift package dump-package > "$manifest"
python3 - "$manifest" "$directory" "$@" <<'PY'
import glob, json, os, re, sys

manifest, directory, wanted = sys.argv[1], sys.argv[2], sys.argv[3:]
package = json.load(open(manifest))
modules = []
for product in package["products"]:
    if "library" in product["type"]:
        modules += [t for t in product["targets"] if t not in modules]
if wanted:
    modules = [m for m in modules if m in wanted]

def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(re.sub(r"//.*$", "", line) for line in text.splitlines())

def sources(paths):
    files = []
    for path in paths:
        files += [f for f in glob.glob(os.path.join(path, "**", "*.swift"), recursive=True) if "/.build" not in f]
    return files

corpus_files = {}
for f in sources(["Sources", "Examples"]):
    corpus_files[f] = strip_comments(open(f, encoding="utf-8").read())

witness_names = {
    "description", "debugDescription", "hash(into:)", "hashValue", "rawValue", "init(rawValue:)",
    "allCases", "init(integerLiteral:)", "init(floatLiteral:)", "init(stringLiteral:)",
    "IntegerLiteralType", "FloatLiteralType", "StringLiteralType", "init(from:)", "encode(to:)",
    "errorDescription", "makeIterator()", "next()", "startIndex", "endIndex", "index(after:)",
    "index(before:)", "count", "isEmpty", "Element", "Index", "Iterator", "AllCases", "RawValue",
    "id", "ID", "magnitude", "Magnitude", "zero", "localizedDescription",
}

total = 0
for module in modules:
    graphs = [os.path.join(directory, f"{module}.symbols.json")] + glob.glob(os.path.join(directory, f"{module}@*.symbols.json"))
    symbols, relationships = {}, []
    for path in graphs:
        if not os.path.exists(path):
            continue
        graph = json.load(open(path))
        for s in graph["symbols"]:
            symbols[s["identifier"]["precise"]] = s
        relationships += graph["relationships"]
    # Members that satisfy a requirement of the package's own protocols.
    requirements = {symbols[r["source"]]["names"]["title"] for r in relationships
                    if r["kind"] in ("requirementOf", "optionalRequirementOf") and r["source"] in symbols}
    skip = {r["source"] for r in relationships if r["kind"] in ("requirementOf", "optionalRequirementOf", "defaultImplementationOf")}
    outside = {f: t for f, t in corpus_files.items() if not f.startswith(f"Sources/{module}/")}
    text = "\n".join(outside.values())

    def used(symbol):
        kind = symbol["kind"]["identifier"].removeprefix("swift.")
        path = symbol["pathComponents"]
        title = symbol["names"]["title"]
        name = re.sub(r"\(.*", "", path[-1])
        if kind in ("func.op", "subscript", "type.subscript", "enum.case") or path[-1] in witness_names or title in requirements \
                or name.startswith("$"):
            return None                     # not judged
        if kind == "init":
            owner = path[-2] if len(path) > 1 else ""
            labels = re.findall(r"(\w+|_):", path[-1])
            first = labels[0] if labels else None
            if first in (None, "_"):
                pattern = rf"(\b{re.escape(owner)}(<[^>]*>)?|\.init)\(\s*(?!\w+\s*:)"
            else:
                pattern = rf"(\b{re.escape(owner)}(<[^>]*>)?|\.init)\(\s*{re.escape(first)}\s*:"
            return re.search(pattern, text) is not None
        if len(path) == 1:
            return re.search(rf"\b{re.escape(name)}\b", text) is not None
        return re.search(rf"\.{re.escape(name)}\b", text) is not None

    # Judge every symbol, then keep public what the signature of a symbol that stays
    # public needs (a parameter, result, conformance or generic constraint), until
    # nothing changes.
    judged = {i: used(s) for i, s in symbols.items() if i not in skip}
    candidates = {i for i, result in judged.items() if result is False}
    by_path = {tuple(s["pathComponents"]): i for i, s in symbols.items()}
    def top(identifier):
        return by_path.get(tuple(symbols[identifier]["pathComponents"][:1]))
    def referenced(identifier):
        s = symbols[identifier]
        fragments = list(s.get("declarationFragments", []))
        signature = s.get("functionSignature", {})
        for parameter in signature.get("parameters", []):
            fragments += parameter.get("declarationFragments", [])
        fragments += signature.get("returns", [])
        return {f["preciseIdentifier"] for f in fragments if "preciseIdentifier" in f}
    conformances = [(r["source"], r["target"]) for r in relationships if r["kind"] in ("conformsTo", "inheritsFrom")]
    while True:
        public = [i for i in symbols if i not in candidates and top(i) not in candidates]
        needed = set().union(*(referenced(i) for i in public)) if public else set()
        needed |= {target for source, target in conformances if source in public}
        kept = candidates & needed
        if not kept:
            break
        candidates -= kept
    names = sorted("/".join(symbols[i]["pathComponents"]) for i in candidates
                   if top(i) not in candidates or len(symbols[i]["pathComponents"]) == 1)
    whole = {"/".join(symbols[i]["pathComponents"]) for i in candidates if len(symbols[i]["pathComponents"]) == 1}
    total += len(names)
    print(f"## {module}: {len(names)} of {len(symbols)} public symbols named nowhere outside the module")
    for n in names:
        print(f"  {n}{'  (the whole type)' if n in whole else ''}")
print(f"total: {total} candidates")
PY
