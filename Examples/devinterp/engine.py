"""The same cases with this package's engine (`tms sample`), for comparison. Standard library only.

Build the tool first (`swift build -c release` at the repository root), then

    python3 engine.py                       # ≈ 10 s
    python3 engine.py --tms /path/to/tms

Frozen square, β = 50: SGLD with the same chain law as devinterp's runs
(the engine's drift (ε/2) nβ ∇L with L the mean over 32 types equals
devinterp's (ε/2) nbeta ∇L with L the mean over 5 rows when both give β = 50),
the engine's defaults, and MALA (exact for every step size).
Pentagon (the centre trained by pentagon.py, results/pentagon-center.json),
S = 0.95, γ = 100: SGLD at devinterp's settings and MALA.

Writes results/engine-frozen-square.csv and results/engine-pentagon.csv
(AUDIT_RECORDS format) and prints the frozen square against the exact values.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import subprocess
import time

import exact

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.join(HERE, "results")
FIELDS = ["quantity", "config", "data", "beta", "observable", "input", "convention",
          "estimate", "standard_error", "localization", "estimator"]
ORACLE_ROWS = [f"dot({i},{j})" for i in range(5) for j in range(i + 1, 5)] + [f"norm({i})" for i in range(5)] \
    + ["pos(4,x)", "pos(4,y)"]
ORACLE_INPUTS = ["".join(str((t >> j) & 1) for j in range(5)) for t in range(16)] + ["00001"]

# name -> tms sample options. Frozen square: only W_4 free, one-hot data, no localization, β = 50.
FROZEN = ["--config", "square-dead", "--weights", "one-hot", "--free", "4", "--beta", "50",
          "--localization", "0", "--positions"]
FROZEN_CASES = {
    "sgld as devinterp issue": "--method sgld --step-size 1e-4 --chains 4 --burn-in 0 --draws 5000",
    "sgld as devinterp tuned": "--method sgld --step-size 2e-3 --chains 8 --burn-in 1000 --draws 2000 --thinning 5",
    "sgld tms defaults": "--method sgld --step-size 1e-4 --chains 4 --burn-in 1000 --draws 10000",
    "mala": "--method mala --step-size 0.0141 --chains 4 --burn-in 2000 --draws 100000",
}
# Pentagon: (β, options); SGLD at devinterp's settings (lr = 1e-4·100/β, and lr = 1e-4), MALA at acceptance ≈ 0.9.
PENTAGON_CASES = [
    (100, "--method sgld --step-size 1e-4 --chains 4 --burn-in 500 --draws 800 --thinning 5 --seed 1"),
    (1000, "--method sgld --step-size 1e-5 --chains 4 --burn-in 500 --draws 800 --thinning 5 --seed 2"),
    (10000, "--method sgld --step-size 1e-6 --chains 4 --burn-in 500 --draws 800 --thinning 5 --seed 3"),
    (1000, "--method sgld --step-size 1e-4 --chains 4 --burn-in 500 --draws 800 --thinning 5 --seed 4"),
    (10000, "--method sgld --step-size 1e-4 --chains 4 --burn-in 500 --draws 800 --thinning 5 --seed 5"),
    (100, "--method mala --step-size 3e-4 --chains 4 --burn-in 2000 --draws 100000 --seed 6"),
    (1000, "--method mala --step-size 3e-5 --chains 4 --burn-in 2000 --draws 100000 --seed 7"),
    (10000, "--method mala --step-size 3e-6 --chains 4 --burn-in 2000 --draws 100000 --seed 8"),
]


def sample(tms: str, options: list[str]) -> tuple[dict | None, str, float]:
    start = time.perf_counter()
    done = subprocess.run([tms, "sample", *options], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        return None, done.stderr.strip(), seconds
    return json.loads(done.stdout), "", seconds


def compact(options: str) -> str:
    """`--method sgld --step-size 1e-4 --chains 4` as `sgld step-size=1e-4 chains=4`, the records' estimator label."""
    words = options.split()
    pairs = dict(zip(words[0::2], words[1::2]))
    method = pairs.pop("--method")
    return " ".join([method] + [f"{k[2:]}={v}" for k, v in pairs.items()])


def records_from(report: dict, common: dict, rows: list[str], inputs: list[str]) -> list[dict]:
    llc = report["llc"]
    out = [dict(common, quantity="llc", estimate=llc["value"], standard_error=llc["standard_error"])]
    chi = report["chi_mean_preserving"]
    for k in rows:
        i = chi["rows"].index(k)
        for x in inputs:
            j = chi["columns"].index(x)
            out.append(dict(common, quantity="chi", observable=k, input=x, convention="mean-preserving",
                            estimate=chi["values"][i][j], standard_error=chi["standard_errors"][i][j]))
    return out


def write_csv(path: str, records: list[dict]) -> None:
    with open(path, "w", newline="") as f:
        out = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        out.writeheader()
        for r in records:
            out.writerow({k: (f"{v + 0.0:.9g}" if isinstance(v, float) else v) for k, v in
                          ((k, r.get(k, "")) for k in FIELDS)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tms", default=os.path.join(HERE, "..", "..", ".build", "release", "tms"))
    args = parser.parse_args()

    frozen = []
    for name, options in FROZEN_CASES.items():
        report, error, seconds = sample(args.tms, FROZEN + options.split())
        label = f"tms-sample {name}: {compact(options)}"
        common = dict(config="frozen-square", data="one-hot", beta="50", localization=0, estimator=label)
        records = records_from(report, common, ORACLE_ROWS, ORACLE_INPUTS)
        frozen += records
        print(f"\n== engine, frozen square, {name} ({seconds:.2f} s): {options}")
        if "acceptance_rates" in report:
            print(f"   acceptance {sum(report['acceptance_rates']) / len(report['acceptance_rates']):.3f}")
        print(f"   LLC R-hat {report['llc']['r_hat']:.3f}, ESS {report['llc']['effective_sample_size']:.0f}")
        for line in exact.summarize(records):
            print("   " + line)
    write_csv(os.path.join(RESULTS, "engine-frozen-square.csv"), frozen)

    with open(os.path.join(RESULTS, "pentagon-center.json")) as f:
        center = json.load(f)["w"]
    pentagon = []
    print("\n== engine, pentagon (trained centre), S = 0.95, γ = 100")
    for beta, options in PENTAGON_CASES:
        base = ["--w", ",".join(repr(v) for v in center), "--weights", "natural", "--sparsity", "0.95",
                "--beta", str(beta), "--localization", "100"]
        report, error, seconds = sample(args.tms, base + options.split())
        if report is None:
            print(f"   β = {beta:>5}  {options}: failed ({seconds:.2f} s): {error.splitlines()[-1]}")
            continue
        common = dict(config="pentagon", data="bernoulli:0.95", beta=str(beta), localization=100,
                      estimator=f"tms-sample {compact(options)}")
        inputs = ["".join(str((t >> j) & 1) for j in range(5)) for t in range(1, 32)]
        rows = [r for r in ORACLE_ROWS if not r.startswith("pos")]
        pentagon += records_from(report, common, rows, inputs)
        llc = report["llc"]
        acc = report.get("acceptance_rates")
        print(f"   β = {beta:>5}  {options}: LLC {llc['value']:.4f} ± {llc['standard_error']:.4f}"
              + (f", acceptance {sum(acc) / len(acc):.3f}" if acc else "") + f" ({seconds:.2f} s)")
    write_csv(os.path.join(RESULTS, "engine-pentagon.csv"), pentagon)
    devinterp = os.path.join(RESULTS, "pentagon.csv")
    if os.path.exists(devinterp):
        with open(devinterp) as f:
            theirs = [dict(r, estimate=float(r["estimate"]), standard_error=float(r["standard_error"]))
                      for r in csv.DictReader(f)]
        compare_with_mala(pentagon + theirs)


def compare_with_mala(records: list[dict]) -> None:
    """Each pentagon estimator against MALA at the same β and γ (MALA samples the localized posterior
    exactly for every step size, so its value is the target up to its standard error)."""
    print("\n== pentagon: each estimator against MALA at the same β, γ = 100 (z with both SEs)")
    for beta in sorted({r["beta"] for r in records}, key=float):
        here = [r for r in records if r["beta"] == beta]
        mala_label = next((r["estimator"] for r in here if "mala" in r["estimator"]), None)
        if mala_label is None:
            continue
        ref = {(r["quantity"], r.get("observable", ""), r.get("input", "")): r for r in here if r["estimator"] == mala_label}
        ref_llc = ref[("llc", "", "")]
        print(f"   β = {beta}: MALA LLC {ref_llc['estimate']:.4f} ± {ref_llc['standard_error']:.4f}")
        for label in dict.fromkeys(r["estimator"] for r in here if r["estimator"] != mala_label):
            mine = [r for r in here if r["estimator"] == label]
            line = f"      {label[:110]}"
            for r in mine:
                if r["quantity"] == "llc":
                    se = math.hypot(r["standard_error"], ref_llc["standard_error"])
                    line += f"\n         LLC {r['estimate']:.4f} ± {r['standard_error']:.4f}, minus MALA {r['estimate'] - ref_llc['estimate']:+.4f}, z {(r['estimate'] - ref_llc['estimate']) / se:+.2f}"
            chi = [(r, ref[("chi", r["observable"], r["input"])]) for r in mine if r["quantity"] == "chi"]
            if chi:
                z = [(r["estimate"] - m["estimate"]) / math.hypot(r["standard_error"], m["standard_error"]) for r, m in chi]
                ratios = sorted(r["estimate"] / m["estimate"] for r, m in chi if abs(m["estimate"]) > 0.1)
                line += (f"\n         χ: {sum(abs(v) <= 1.96 for v in z)}/{len(z)} within 1.96 SE of MALA, max |z| "
                         f"{max(abs(v) for v in z):.2f}, χ / χ_MALA median {ratios[len(ratios) // 2]:.3f} "
                         f"over {len(ratios)} entries with |χ_MALA| > 0.1")
            print(line)


if __name__ == "__main__":
    main()
