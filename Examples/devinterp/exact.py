"""The frozen square's exact values and a comparison of audit records with them (standard library only).

LLC = 1/2 at every β (Derivations/QuarticPosterior.md). χ in the mean-preserving
convention from the certified fixtures Fixtures/chi-no-f4.json and
Fixtures/chi-one-hot.json (17 observables × the 17 inputs without feature 4
and 00001). `tms audit --from-file` does the same comparison for χ; this module
lets the example print it without the Swift tool and adds the LLC.
"""

from __future__ import annotations

import json
import os
import statistics

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Fixtures")
LLC = 0.5


def chi_mean_preserving(beta: str) -> dict[tuple[str, str], float]:
    """χ^mp at the given β (a fixture β-grid string such as "50"): (observable, input) -> value."""
    out = {}
    for name in ("chi-no-f4.json", "chi-one-hot.json"):
        with open(os.path.join(FIXTURES, name)) as f:
            cases = json.load(f)["values"]["cases"]
        case = next(c for c in cases if c["beta"] == beta)
        for k, row in zip(case["observables"], case["chi_mean_preserving"]):
            for x, v in zip(case["inputs"], row):
                out[(k, x)] = float(v)
    return out


def summarize(records: list[dict], beta: str = "50") -> list[str]:
    """Lines comparing one case's records (LLC and χ^mp of the frozen square at β) with the exact values."""
    lines = []
    for r in records:
        if r["quantity"] == "llc":
            se = r["standard_error"]
            z = (r["estimate"] - LLC) / se if se > 0 else float("nan")
            what = "LLC after burn-in" if "after-burnin" in r["estimator"] else "LLC"
            lines.append(f"{what} {r['estimate']:.4f} ± {se:.4f}  bias {r['estimate'] - LLC:+.4f}  z {z:+.2f}")
    chi = [r for r in records if r["quantity"] == "chi"]
    if not chi:
        return lines
    truth = chi_mean_preserving(beta)
    scored = [(r, truth[(r["observable"], r["input"])]) for r in chi]
    stochastic = [(r, t, (r["estimate"] - t) / r["standard_error"]) for r, t in scored if r["standard_error"] > 0]
    exact = [abs(r["estimate"] - t) for r, t in scored if r["standard_error"] == 0]
    covered = sum(abs(z) <= 1.96 for _, _, z in stochastic)
    lines.append(f"χ: {len(stochastic)} entries with an SE: coverage of nominal 95% {covered}/{len(stochastic)} = "
                 f"{covered / len(stochastic):.3f}, max |z| {max(abs(z) for _, _, z in stochastic):.2f}"
                 + (f"; {len(exact)} entries with SE 0 (constant φ), max |error| {max(exact):.1e}" if exact else ""))
    ratios = [r["estimate"] / t for r, t, _ in stochastic if abs(t) > 0.1]
    lines.append(f"χ / oracle over the {len(ratios)} entries with |oracle| > 0.1: median {statistics.median(ratios):.3f}, "
                 f"range {min(ratios):.3f} to {max(ratios):.3f}")
    for r, t, z in sorted(stochastic, key=lambda p: -abs(p[2]))[:3]:
        lines.append(f"worst: χ[{r['observable']}, {r['input']}] = {r['estimate']:+.4f} ± {r['standard_error']:.4f}, "
                     f"oracle {t:+.4f}, z {z:+.2f}")
    return lines
