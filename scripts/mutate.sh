#!/usr/bin/env bash
# Mutation testing: plants each bug of scripts/mutants.txt, one at a time, in a
# scratch copy of the tree, runs the default tier of `swift test`, and records
# whether the suite noticed (killed) or not (survived), with the first failing
# test. Results: a Markdown table (default .build/mutation/results.md); the
# exit status is 0 only if every selected mutant was killed.
#
# Prerequisites: what `swift test` needs (Swift 6.1+, libgmp-dev, libmpfr-dev,
# pkg-config), python3 (3.8+), and git (optional: without it every file but .build/
# and .git/ is copied). Works from a fresh clone; no network beyond what the first
# `swift build` needs to resolve the package's dependencies.
#
# Run time (2 shared cores): the first run builds the scratch copy once (1–6 min)
# and runs the unmutated default tier as a baseline (1–5 min); each mutant then
# costs an incremental build (3–30 s: a body-only change recompiles one module and
# relinks) plus its test run, which stops at the first failure: the mutant's
# `killer` test is run first (seconds to a minute), the rest of the default tier
# only if it passes. The 45 mutants take about 45 minutes when every killer fails;
# later runs reuse the warm scratch build. `coreutils`' stdbuf, when present, keeps
# the runner's output line-buffered so the first failure is seen at once.
#
# Usage: scripts/mutate.sh [options]
#   --id ID[,ID…]     run only these mutants (repeatable); default: all
#   --list            print the mutants (id, module, bug) and exit
#   --check           only check the list (keys, ids, every search string found
#                     exactly once in its file) and exit; fast, no build
#   --mutants FILE    the mutant list (default scripts/mutants.txt)
#   --work DIR        scratch tree and build (default .build/mutation)
#   --results FILE    the Markdown table (default <work>/results.md)
#   --all-failures    run the whole default tier for each mutant and list every
#                     failing test (slow) instead of stopping at the first
#   --no-killer-first run the whole tier directly, not the killer test first
#   --no-baseline     skip the unmutated baseline run
#   --timeout SEC     per test run (default 1500); a run past it counts as killed
#                     (timeout) and is flagged in the table
#
# Mutant list format: see the header of scripts/mutants.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 - "$@" <<'PY'
import argparse, os, re, shutil, signal, subprocess, sys, time

ap = argparse.ArgumentParser(prog="scripts/mutate.sh")
ap.add_argument("--id", action="append", default=[])
ap.add_argument("--list", action="store_true")
ap.add_argument("--check", action="store_true")
ap.add_argument("--mutants", default="scripts/mutants.txt")
ap.add_argument("--work", default=".build/mutation")
ap.add_argument("--results")
ap.add_argument("--all-failures", action="store_true")
ap.add_argument("--no-killer-first", action="store_true")
ap.add_argument("--no-baseline", action="store_true")
ap.add_argument("--timeout", type=float, default=1500)
args = ap.parse_args(sys.argv[1:])
root = os.getcwd()
KEYS = ["id", "module", "file", "search", "replace", "bug", "killer"]

def unescape(s):
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), s)

def parse(path):
    mutants, block, problems = [], {}, []
    lines = open(path, encoding="utf-8").read().split("\n") + [""]
    for number, line in enumerate(lines, 1):
        if line.startswith("#"):
            continue
        if not line.strip():
            if block:
                mutants.append(block)
                block = {}
            continue
        key, sep, value = line.partition(": ")
        if not sep or key not in KEYS:
            problems.append(f"{path}:{number}: expected 'key: value' with key in {KEYS}, found {line!r}")
            continue
        if key in block:
            problems.append(f"{path}:{number}: duplicate key {key!r}")
        block[key] = unescape(value) if key in ("search", "replace") else value.strip()
        block.setdefault("line", number)
    return mutants, problems

def check(mutants, tree):
    problems, seen = [], set()
    for m in mutants:
        where = f"mutant {m.get('id', '?')} (line {m['line']})"
        for key in KEYS:
            if key not in m or (m[key] == "" and key != "replace"):
                problems.append(f"{where}: missing {key!r}")
        if "id" in m:
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", m["id"]):
                problems.append(f"{where}: id must be lower-case letters, digits and dashes")
            if m["id"] in seen:
                problems.append(f"{where}: duplicate id")
            seen.add(m["id"])
        if "file" in m and "search" in m:
            path = os.path.join(tree, m["file"])
            if not os.path.isfile(path):
                problems.append(f"{where}: no file {m['file']}")
                continue
            n = open(path, encoding="utf-8").read().count(m["search"])
            if n != 1:
                problems.append(f"{where}: search string found {n} times in {m['file']} (must be exactly once): {m['search']!r}")
            if m.get("search") == m.get("replace"):
                problems.append(f"{where}: replacement equals the search string")
    return problems

mutants, problems = parse(args.mutants)
problems += check(mutants, root)
if problems:
    print("\n".join(problems), file=sys.stderr)
    print(f"error: {len(problems)} problem(s) in {args.mutants}; fix the list (a bug moved or changed?)", file=sys.stderr)
    sys.exit(2)
wanted = [i for item in args.id for i in item.split(",") if i]
unknown = [i for i in wanted if i not in {m["id"] for m in mutants}]
if unknown:
    sys.exit(f"error: unknown mutant id(s): {', '.join(unknown)}")
selected = [m for m in mutants if not wanted or m["id"] in wanted]
if args.list:
    for m in selected:
        print(f"{m['id']:32} {m['module']:15} {m['bug']}")
    sys.exit(0)
if args.check:
    print(f"{len(mutants)} mutants, every search string found exactly once; modules: "
          + ", ".join(sorted({m['module'] for m in mutants})))
    sys.exit(0)

work = os.path.abspath(args.work)
tree, scratch = os.path.join(work, "tree"), os.path.join(work, "scratch")
results = os.path.abspath(args.results or os.path.join(work, "results.md"))
logs = os.path.join(work, "logs")
os.makedirs(tree, exist_ok=True)
os.makedirs(logs, exist_ok=True)
env = {k: v for k, v in os.environ.items() if k != "TMS_LONG_TESTS"}

def source_files():
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             check=True, capture_output=True).stdout.decode()
        return sorted(p for p in out.split("\0") if p and os.path.isfile(p))
    except (OSError, subprocess.CalledProcessError):
        files = []
        for d, dirs, names in os.walk("."):
            dirs[:] = [x for x in dirs if x not in (".build", ".git", ".swiftpm")]
            files += [os.path.relpath(os.path.join(d, n)) for n in names]
        return sorted(files)

def sync():
    """Copies the source files into the scratch tree, touching only files whose content differs
    (so the scratch build stays incremental), and removes files that are gone."""
    wanted_files = set(source_files())
    changed = 0
    for rel in wanted_files:
        src, dst = os.path.join(root, rel), os.path.join(tree, rel)
        data = open(src, "rb").read()
        if os.path.isfile(dst) and open(dst, "rb").read() == data:
            continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        open(dst, "wb").write(data)
        changed += 1
    for d, dirs, names in os.walk(tree):
        dirs[:] = [x for x in dirs if x != ".build"]
        for n in names:
            rel = os.path.relpath(os.path.join(d, n), tree)
            if rel not in wanted_files:
                os.remove(os.path.join(d, n))
    return changed

def swift(*command):
    return ["swift", *command, "--package-path", tree, "--scratch-path", scratch]

# Line-buffered output (the test runner buffers a redirected stdout otherwise, which would hide the
# first failure until the end).
LINE_BUFFERED = ["stdbuf", "-oL", "-eL"] if shutil.which("stdbuf") else []

def descendants(pid):
    """The process ids below `pid` (the test runner puts itself in its own process group)."""
    children = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if entry.isdigit():
            try:
                parent = int(open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found

def stop(process):
    """Kills the test run we started: its process group and every process below it."""
    for pid in [process.pid] + descendants(process.pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()

FAIL = re.compile(r"✘ Test (?!run with )(.+?) (?:recorded an issue(?: with .+?)? at ([^\s:]+\.swift):(\d+)|failed after)")
CRASH = re.compile(r"(Fatal error: .*|error: Exited with unexpected signal code \d+|Exited with signal code \d+)")

def run_tests(label, filter_pattern=None, stop_at_first=True):
    """Runs the default tier (or the tests matching filter_pattern); returns (status, failures, seconds, log)."""
    log = os.path.join(logs, f"{label}.log")
    command = LINE_BUFFERED + swift("test", "--skip-build") + (["--filter", filter_pattern] if filter_pattern else [])
    start = time.time()
    with open(log, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tree, start_new_session=True)
        status = None
        while status is None:
            time.sleep(1)
            status = process.poll()
            if status is not None:
                break
            if time.time() - start > args.timeout:
                stop(process)
                return "timeout", [f"timeout after {args.timeout:.0f} s"], time.time() - start, log
            if stop_at_first and FAIL.search(open(log, encoding="utf-8", errors="replace").read()):
                time.sleep(2)  # let the failure's message be written
                stop(process)
                status = "stopped"
    text = open(log, encoding="utf-8", errors="replace").read()
    failures = []
    for m in FAIL.finditer(text):
        test = re.sub(r" with \d+ test cases?$", "", m.group(1))  # a parameterized test's summary line
        name = f"{os.path.splitext(m.group(2))[0]}/{test}" if m.group(2) else test
        if name not in failures and not any(f.endswith("/" + test) for f in failures):
            failures.append(name)
    if not failures and status not in (0, "stopped"):
        crash = CRASH.search(text)
        failures.append(f"crash: {crash.group(1)}" if crash else f"swift test exited with {status}")
    if status == 0 and failures:
        status = 1
    if status == 0 and "passed after" not in text:
        return "no-tests", ["no test ran (filter matched nothing?)"], time.time() - start, log
    return status, failures, time.time() - start, log

def build(label):
    log = os.path.join(logs, f"{label}.build.log")
    start = time.time()
    with open(log, "w") as out:
        ok = subprocess.run(swift("build", "--build-tests"), stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tree).returncode == 0
    return ok, time.time() - start, log

print(f"syncing the tree into {tree} …", flush=True)
print(f"  {sync()} file(s) updated", flush=True)
problems = check(selected, tree)
if problems:
    sys.exit("\n".join(problems))
ok, seconds, log = build("baseline")
print(f"baseline build: {'ok' if ok else 'FAILED'} ({seconds:.0f} s)", flush=True)
if not ok:
    sys.exit(f"error: the unmutated tree does not build; see {log}")
if not args.no_baseline:
    status, failures, seconds, log = run_tests("baseline", stop_at_first=True)
    print(f"baseline default tier: {'passed' if status == 0 else 'FAILED'} ({seconds:.0f} s)", flush=True)
    if status != 0:
        sys.exit(f"error: the unmutated default tier fails ({', '.join(failures)}); see {log}")

def cell(text):
    return text.replace("|", "\\|").replace("\n", " ")

def write_table(rows, complete):
    killed = sum(1 for r in rows if r[1].startswith("killed"))
    with open(results, "w", encoding="utf-8") as out:
        out.write(f"{killed} of {len(rows)} mutants killed by the default tier"
                  + ("" if complete else f" (run in progress: {len(rows)} of {len(selected)} done)")
                  + f" ({time.strftime('%Y-%m-%d %H:%M')}, `scripts/mutate.sh{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}`).\n\n")
        out.write("| id | module | bug | result | killed by (first failing test) | s |\n|---|---|---|---|---|---|\n")
        for m, result, failures, note, seconds in rows:
            # The first failure; with --all-failures, every one.
            shown = failures if args.all_failures else failures[:1]
            by = "; ".join(f"`{f}`" for f in shown) + (f" (and {len(failures) - len(shown)} more)" if len(failures) > len(shown) else "")
            if note:
                by += f" — {note}"
            out.write(f"| {m['id']} | {m['module']} | {cell(m['bug'])} | **{result}** | {cell(by)} | {seconds:.0f} |\n")
    return killed

rows = []
for index, m in enumerate(selected, 1):
    path = os.path.join(tree, m["file"])
    original = open(path, encoding="utf-8").read()
    print(f"[{index}/{len(selected)}] {m['id']} ({m['module']}): {m['bug']}", flush=True)
    started = time.time()
    try:
        open(path, "w", encoding="utf-8").write(original.replace(m["search"], m["replace"], 1))
        ok, build_seconds, log = build(m["id"])
        if not ok:
            result, failures, note = "does not compile", [f"see {os.path.relpath(log, root)}"], ""
        else:
            result, failures, note = None, [], ""
            if m["killer"] != "-" and not args.no_killer_first and not args.all_failures:
                status, failures, _, log = run_tests(m["id"] + ".killer", m["killer"])
                if status == "no-tests":
                    note = f"killer filter `{m['killer']}` matched no test"
                elif status != 0:
                    result = "killed (timeout)" if status == "timeout" else "killed"
                else:
                    note = f"its killer (`{m['killer']}`) passed"
            if result is None:
                status, failures, _, log = run_tests(m["id"], stop_at_first=not args.all_failures)
                result = "survived" if status == 0 else ("killed (timeout)" if status == "timeout" else "killed")
                if status == 0:
                    failures = []
    finally:
        open(path, "w", encoding="utf-8").write(original)
    seconds = time.time() - started
    print(f"    {result}{': ' + failures[0] if failures else ''} ({seconds:.0f} s){' — ' + note if note else ''}", flush=True)
    rows.append((m, result, failures, note, seconds))
    write_table(rows, complete=False)

killed = write_table(rows, complete=True)
print(f"{killed} of {len(rows)} killed; table in {os.path.relpath(results, root)}")
sys.exit(0 if killed == len(rows) else 1)
PY
