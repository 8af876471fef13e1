"""The side measurements quoted in README.md, one command each.

    python studies.py defaults-fail     # devinterp's default batch sizes on the 5-row set       (≈ 10 s)
    python studies.py issue-spread      # issue 12's setting, 24 devinterp chains                 (131–289 s)
    python studies.py engine-issue      # the same chain law in the engine, 20 seeds × 100 chains  (40–150 s)
    python studies.py pentagon-seeds    # devinterp's χ at β = 1000 with init_seed 100 and 6 disjoint
                                        # seed sets, and the engine's SGLD over 20 seeds           (332 s)
    python studies.py mala-seeds        # the engine's MALA LLC at β = 1000 over 12 seeds          (63 s)
    python studies.py gaussian          # the Gaussian χ against MALA (needs engine.py's output)   (≈ 5 s)
    python studies.py planted           # conversion errors planted in the tuned χ file, audited   (≈ 1 s)

Times: one thread of the shared 2-core machine under load (load average 6–9).

Run after frozen_square.py, pentagon.py and engine.py (it reads their results);
the engine and the audit need `swift build -c release` (or `--tms PATH`).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess

import tms_devinterp as T  # first: sets TQDM_DISABLE before tqdm loads

import numpy as np

import engine
import pentagon as P

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.join(HERE, "results")
ONE_HOT = [1, 2, 4, 8, 16]
PICKS = [("dot(1,3)", "00101"), ("dot(1,3)", "00111"), ("norm(0)", "00111"), ("norm(0)", "11001")]


def trained_center() -> tuple[np.ndarray, np.ndarray]:
    """pentagon.py's trained centre (2×5) and the natural weights h₀ at S = 0.95."""
    with open(os.path.join(RESULTS, "pentagon-center.json")) as f:
        return np.array(json.load(f)["W"]), P.natural_weights(P.SPARSITY)


def center_options() -> list[str]:
    with open(os.path.join(RESULTS, "pentagon-center.json")) as f:
        w = json.load(f)["w"]
    return ["--w", ",".join(repr(v) for v in w), "--weights", "natural", "--sparsity", "0.95",
            "--beta", "1000", "--localization", "100"]


def defaults_fail(args) -> None:
    from devinterp.slt.llc import llc

    data, _ = T.rows_dataset(ONE_HOT, 5)
    loss_fn = T.make_loss_fn(np.ones(T.N_TYPES))
    for what, kwargs in [("batch_size default (32), no observables", dict(observables={})),
                         ("batch_size=5, observables={'train': data} (batches_per_draw default 3)",
                          dict(observables={"train": data}, batch_size=5))]:
        try:
            result = llc(T.FrozenSquare(), data, lr=1e-4, n_beta=250, loss_fn=loss_fn, **kwargs)
            print(f"{what}: llc_mean {float(result.llc_mean):.4f}")
        except BaseException as e:  # noqa: BLE001 — we report whatever devinterp raises
            print(f"{what}: {type(e).__name__}: {e}")


def issue_spread(args) -> None:
    from devinterp.slt.llc import llc

    data, _ = T.rows_dataset(ONE_HOT, 5)
    result = llc(T.FrozenSquare(), data, {}, lr=1e-4, n_beta=250, batch_size=5, num_chains=24, num_draws=5000,
                 loss_fn=T.make_loss_fn(np.ones(T.N_TYPES)))
    chains = result.llc_per_chain.values.astype(float)
    print(f"24 chains (seeds 100–123): mean {chains.mean():.4f} ± {T.standard_error(list(chains)):.4f}, "
          f"per-chain sd {chains.std(ddof=1):.3f}; per chain {np.round(chains, 3).tolist()}")


def engine_llc_over_seeds(args, options: list[str], seeds: range) -> tuple[float, float, float, float]:
    """The engine's LLC at each seed: (mean, its SE, seed-to-seed sd, mean reported SE)."""
    v = np.array([[r["llc"]["value"], r["llc"]["standard_error"]] for r in
                  (engine.sample(args.tms, options + ["--seed", str(seed)])[0] for seed in seeds)])
    sd = float(v[:, 0].std(ddof=1))
    return float(v[:, 0].mean()), sd / np.sqrt(len(v)), sd, float(v[:, 1].mean())


def engine_issue(args) -> None:
    mean, se, sd, reported = engine_llc_over_seeds(args, engine.FROZEN + [
        "--method", "sgld", "--step-size", "1e-4", "--chains", "100", "--burn-in", "0", "--draws", "5000"],
        range(101, 121))
    print(f"engine, ε = 1e-4, β = 50, no burn-in, 20 seeds × 100 chains: mean {mean:.4f} ± {se:.4f}; "
          f"sd of the 100-chain estimates {sd:.4f} (per-chain sd {10 * sd:.3f}); mean reported SE {reported:.4f}")


def pentagon_seeds(args) -> None:
    from devinterp.slt.sampling import sample

    center, h = trained_center()
    data, _ = T.rows_dataset(P.CODES, T.N_TYPES)
    observables = T.observable_sets(P.CODES, P.INPUTS, T.STRUCTURAL, T.N_TYPES)
    print("devinterp, β = 1000, lr = 1e-5, γ = 100, 4 chains × (500 + 800 × 5) steps; χ^mp of " + str(PICKS))
    rows = []
    for seed in (100, 200, 300, 400, 500, 600, 700):
        tree = sample(T.FullModel(center), data, observables, lr=1e-5, n_beta=32000, localization=P.GAMMA,
                      num_chains=4, num_draws=800, num_steps_bw_draws=5, num_burnin_steps=500, init_seed=seed,
                      loss_fn=T.make_loss_fn(h))
        s = T.reduce_tree(tree, with_probes=True)
        row = [1000 * T.chi_devinterp(s, k, x) for k, x in PICKS]
        ses = [T.standard_error([1000 * T.chi_devinterp(s, k, x, c) for c in range(4)]) for k, x in PICKS]
        print(f"   init_seed {seed}: " + ", ".join(f"{v:+.4f} ± {e:.4f}" for v, e in zip(row, ses)), flush=True)
        if seed != 100:
            rows.append(row)
    r = np.array(rows)
    print(f"   seeds 200–700: mean {np.round(r.mean(0), 4).tolist()}, run-to-run sd {np.round(r.std(0, ddof=1), 4).tolist()}")
    values = []
    for seed in range(1, 21):
        report, _, _ = engine.sample(args.tms, center_options() + [
            "--method", "sgld", "--step-size", "1e-5", "--chains", "4", "--burn-in", "500", "--draws", "800",
            "--thinning", "5", "--seed", str(seed)])
        chi = report["chi_mean_preserving"]
        values.append([chi["values"][chi["rows"].index(k)][chi["columns"].index(x)] for k, x in PICKS]
                      + [report["llc"]["value"]])
    v = np.array(values)
    print(f"engine SGLD, same settings, seeds 1–20: χ mean {np.round(v[:, :4].mean(0), 4).tolist()}, "
          f"sd {np.round(v[:, :4].std(0, ddof=1), 4).tolist()}; LLC mean {v[:, 4].mean():.4f}, sd {v[:, 4].std(ddof=1):.4f}")


def mala_seeds(args) -> None:
    mean, se, sd, reported = engine_llc_over_seeds(args, center_options() + [
        "--method", "mala", "--step-size", "3e-5", "--chains", "4", "--burn-in", "2000", "--draws", "100000"],
        range(11, 23))
    print(f"engine MALA, β = 1000, γ = 100, seeds 11–22: LLC {mean:.4f} ± {se:.4f}, run-to-run sd {sd:.4f}, "
          f"mean reported SE {reported:.4f}")


def gaussian(args) -> None:
    center, h = trained_center()
    with open(os.path.join(RESULTS, "engine-pentagon.csv")) as f:
        records = list(csv.DictReader(f))
    for beta in (100, 1000, 10000):
        approx = P.quadratic_chi(center, h, beta, P.GAMMA, 0.0)
        mala = {(r["observable"], r["input"]): (float(r["estimate"]), float(r["standard_error"])) for r in records
                if r["quantity"] == "chi" and r["beta"] == str(beta) and r["estimator"].startswith("tms-sample mala")}
        z = [(m - approx[k]) / se for k, (m, se) in mala.items() if k[1] != "11111"]
        kink = [(abs(approx[k]), abs(m)) for k, (m, _) in mala.items() if k[1] == "11111"]
        print(f"β = {beta}: 30 smooth inputs: {sum(abs(v) <= 1.96 for v in z)}/{len(z)} within 1.96 SE of MALA, "
              f"max |z| {max(abs(v) for v in z):.1f}; input 11111: max |Gaussian| {max(a for a, _ in kink):.3f}, "
              f"max |MALA| {max(m for _, m in kink):.3f}")


def planted(args) -> None:
    with open(os.path.join(RESULTS, "frozen-square-chi-tuned.csv")) as f:
        rows = list(csv.DictReader(f))
    path = os.path.join(RESULTS, ".planted.csv")
    for name, factor in [("β as nbeta/32 (× 5/32)", 5 / 32), ("β factor forgotten (× 1/50)", 1 / 50),
                         ("sign flipped", -1.0), ("5% scale", 1.05), ("2% scale", 1.02)]:
        with open(path, "w", newline="") as f:
            out = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            out.writeheader()
            for r in rows:
                out.writerow(dict(r, estimate=repr(float(r["estimate"]) * factor),
                                  standard_error=repr(abs(float(r["standard_error"]) * factor))))
        done = subprocess.run([args.tms, "audit", "--from-file", path, "--format", "table"], capture_output=True, text=True)
        overall = next(line for line in done.stdout.splitlines() if line.startswith("overall"))
        print(f"{name}: exit {done.returncode}; {overall}")
    os.remove(path)


STUDIES = {"defaults-fail": defaults_fail, "issue-spread": issue_spread, "engine-issue": engine_issue,
           "pentagon-seeds": pentagon_seeds, "mala-seeds": mala_seeds, "gaussian": gaussian, "planted": planted}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("study", choices=list(STUDIES))
    parser.add_argument("--tms", default=os.path.join(HERE, "..", "..", ".build", "release", "tms"))
    args = parser.parse_args()
    T.quiet()
    STUDIES[args.study](args)


if __name__ == "__main__":
    main()
