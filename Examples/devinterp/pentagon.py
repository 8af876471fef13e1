"""devinterp 2.0.1 on the trained pentagon, Bernoulli data S = 0.95.

The full model (W is 2×5, all 10 parameters free). The data set is the 32 input
types as 32 rows, row x carrying the weight h₀_x = 32 q(x) in its loss, full
batch (devinterp's default batch_size 32). devinterp's mean loss over the rows
is then L(w; h₀) = (1/32) Σ_x h₀_x ℓ_x, the population loss, so β = nbeta / 32
(Derivations/Conventions.md §4), and its susceptibility −Cov(φ, ℓ_x − L) is
χ^mp / β with the mean-preserving convention taken relative to h₀ (§6).

The centre is trained here: Adam then gradient descent in float64 from a
rotated regular pentagon, until the gradient is at rounding level. Under
Bernoulli data the minimum is displaced from the regular pentagon (|Σ_i W_i| ≈
1.5e-5 at S = 0.95): it sits next to the ReLU kink of input 11111.

Sampling uses devinterp's SGLD with localization γ = 100 (the value in
devinterp's examples) at β = 100, 1000, 10⁴, with lr scaled as 1e-4 · 100/β
(lr · nbeta = 0.32), and, to show what a fixed lr does, lr = 1e-4 at β = 1000
and 10⁴. No exact λ is known here yet; the script prints the quadratic
(Gaussian) prediction ½ Σ_i βh_i / K_i / (1 − εK_i/4), K_i = βh_i + γ, over the
Hessian eigenvalues h_i of Σ_x h₀_x ℓ_x (exact for a quadratic loss under
SGLD with step ε; it ignores the kink and higher-order terms).

    python pentagon.py            # ≈ 4 minutes on one core

Writes results/pentagon.csv (AUDIT_RECORDS format), results/pentagon-center.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
import warnings

import tms_devinterp as T  # first: sets TQDM_DISABLE before tqdm loads

import numpy as np
import torch
from devinterp.slt.llc import compute_llc
from devinterp.slt.sampling import sample

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.join(HERE, "results")

SPARSITY = 0.95
GAMMA = 100.0
INPUTS = [T.type_name(t) for t in range(1, T.N_TYPES)]     # the 31 inputs with ℓ_x ≢ 0
CODES = list(range(T.N_TYPES))

# (β, lr, chains, draws, steps between draws, burn-in, χ?, init_seed). Chain c of a run uses seed
# init_seed + c, so runs get seeds 1000 apart: with the default 100 everywhere, runs at β = 100, 1000, 10⁴
# with lr·nbeta fixed would replay the same noise on a rescaled landscape and not be independent.
SETTINGS = [
    dict(beta=100, lr=1e-4, chains=4, draws=800, thin=5, burnin=500, chi=True, seed=1000),
    dict(beta=1000, lr=1e-5, chains=4, draws=800, thin=5, burnin=500, chi=True, seed=2000),
    dict(beta=10000, lr=1e-6, chains=4, draws=800, thin=5, burnin=500, chi=True, seed=3000),
    dict(beta=1000, lr=1e-4, chains=4, draws=800, thin=5, burnin=500, chi=False, seed=4000),
    dict(beta=10000, lr=1e-4, chains=4, draws=800, thin=5, burnin=500, chi=False, seed=5000),
]


def natural_weights(sparsity: float) -> np.ndarray:
    """h₀_x = 32 q(x), q(x) = Π_j p^{x_j} (1 − p)^{1 − x_j}, p = 1 − S."""
    p = 1.0 - sparsity
    k = np.array([bin(t).count("1") for t in range(T.N_TYPES)])
    return T.N_TYPES * p ** k * (1.0 - p) ** (T.N_FEATURES - k)


def total_loss(W: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
    """E(w; h) = Σ_x h_x ℓ_x(w) (= 32 L)."""
    return (h * T.per_type_losses(W)).sum()


def train(h: np.ndarray) -> dict:
    """Adam from a rotated regular pentagon, then gradient descent, in float64."""
    ht = torch.tensor(h, dtype=torch.float64)
    angles = torch.arange(5, dtype=torch.float64) * 2 * math.pi / 5 + 0.3
    W = torch.stack([torch.cos(angles), torch.sin(angles)])
    W = (W + 0.01 * torch.randn(2, 5, dtype=torch.float64, generator=torch.Generator().manual_seed(0))).requires_grad_()
    adam = torch.optim.Adam([W], lr=1e-2)
    for _ in range(5000):
        adam.zero_grad()
        total_loss(W, ht).backward()
        adam.step()
    for _ in range(60000):
        W.grad = None
        total_loss(W, ht).backward()
        with torch.no_grad():
            W -= (0.5 / T.N_TYPES) * W.grad
    W.grad = None
    E = total_loss(W, ht)
    E.backward()
    E = E.detach()
    Wd = W.detach()
    hessian = torch.autograd.functional.hessian(lambda w: total_loss(w.reshape(2, 5), ht), Wd.reshape(-1))
    s = Wd.sum(dim=1)
    return dict(W=Wd.numpy().tolist(), w=Wd.T.reshape(-1).numpy().tolist(),
                mean_loss=float(E) / T.N_TYPES, gradient_norm_mean_loss=float(W.grad.norm()) / T.N_TYPES,
                sum_of_columns=float(s.norm()), norms=Wd.norm(dim=0).numpy().tolist(),
                preactivations_11111=(Wd.T @ s).numpy().tolist(),
                hessian_eigenvalues_total_loss=np.linalg.eigvalsh(hessian.numpy()).tolist())


def quadratic_llc(eigenvalues: list[float], beta: float, gamma: float, lr: float) -> float:
    """½ Σ_i βh_i / (K_i (1 − εK_i/4)), K_i = βh_i + γ: SGLD's expected LLC for a quadratic loss
    (the rotation direction, h_i = 0 to rounding, contributes 0)."""
    total, top = 0.0, max(eigenvalues)
    for h in eigenvalues:
        if h <= 1e-9 * top:
            continue
        K = beta * h + gamma
        total += 0.5 * beta * h / (K * (1.0 - lr * K / 4.0)) if lr * K < 4 else math.inf
    return total


def quadratic_chi(center: np.ndarray, h: np.ndarray, beta: float, gamma: float, lr: float) -> dict:
    """The Gaussian (delta-method) χ at the centre: −β ∇φ_k Σ ∇ℓ_xᵀ with Σ = V diag(1/(K_i(1 − εK_i/4))) Vᵀ,
    K_i = βh_i + γ, the stationary covariance of SGLD on the quadratic loss. The mean-preserving and the
    Jacobian convention agree here because ∇Σ h ℓ = 0 at the minimum. An approximation, not an oracle:
    it ignores higher-order terms (O(β^{-1/2}) relative) and the kink of input 11111."""
    W = torch.tensor(center, dtype=torch.float64)
    ht = torch.tensor(h, dtype=torch.float64)
    flat = W.reshape(-1)
    jac_phi = torch.autograd.functional.jacobian(lambda w: T.observables(w.reshape(2, 5))[:15], flat).numpy()
    jac_ell = torch.autograd.functional.jacobian(lambda w: T.per_type_losses(w.reshape(2, 5)), flat).numpy()
    hess = torch.autograd.functional.hessian(lambda w: total_loss(w.reshape(2, 5), ht), flat).numpy()
    vals, vecs = np.linalg.eigh(hess)
    K = beta * np.clip(vals, 0.0, None) + gamma
    cov = vecs @ np.diag(1.0 / (K * (1.0 - lr * K / 4.0))) @ vecs.T
    chi = -beta * jac_phi @ cov @ jac_ell.T
    return {(k, x): float(chi[i, T.type_index(x)]) for i, k in enumerate(T.STRUCTURAL) for x in INPUTS}


def label(s: dict) -> str:
    return (f"devinterp-2.0.1 lr={s['lr']:g} nbeta={32 * s['beta']} chains={s['chains']} "
            f"draws={s['draws']}x{s['thin']} burnin={s['burnin']} seed={s['seed']}")


def run(s: dict, center: np.ndarray, h: np.ndarray) -> tuple[list[dict], dict]:
    beta, n_beta = s["beta"], 32 * s["beta"]
    data, _ = T.rows_dataset(CODES, T.N_TYPES)
    observables = T.observable_sets(CODES, INPUTS, T.STRUCTURAL, T.N_TYPES) if s["chi"] else {}
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tree = sample(T.FullModel(center), data, observables, lr=s["lr"], n_beta=n_beta, localization=GAMMA,
                      num_chains=s["chains"], num_draws=s["draws"], num_steps_bw_draws=s["thin"],
                      num_burnin_steps=s["burnin"], init_seed=s["seed"], loss_fn=T.make_loss_fn(h))
        llc = compute_llc(tree)
    seconds = time.perf_counter() - start
    failures = sorted({str(w.message) for w in caught if "failed" in str(w.message)})
    sampled = T.reduce_tree(tree, with_probes=s["chi"])
    per_chain = [float(v) for v in llc.llc_per_chain.values]
    kept = T.llc_from_trace(sampled, skip=s["burnin"])
    common = dict(config="pentagon", data=f"bernoulli:{SPARSITY}", beta=str(beta), localization=f"{GAMMA:g}",
                  estimator=label(s))
    records = [
        dict(common, quantity="llc", estimate=float(llc.llc_mean), standard_error=T.standard_error(per_chain)),
        dict(common, quantity="llc", estimate=float(np.mean(kept)), standard_error=T.standard_error(kept),
             estimator=label(s) + " llc-after-burnin (from devinterp's loss_trace)"),
    ]
    info = dict(beta=beta, lr=s["lr"], seconds=seconds, steps=s["chains"] * (s["draws"] * s["thin"] + s["burnin"]),
                llc=float(llc.llc_mean), llc_se=T.standard_error(per_chain), llc_std_ddof0=float(llc.llc_std),
                llc_per_chain=per_chain, llc_after_burnin=float(np.mean(kept)),
                llc_after_burnin_se=T.standard_error(kept), failures=failures)
    if failures:   # a failed chain leaves inf/NaN in devinterp's arrays: nothing to record
        return [], info
    if s["chi"]:
        records += T.chi_records(sampled, beta, T.STRUCTURAL, INPUTS, common)
    return records, info


def compare_chi(chi: list[dict], approx: dict) -> None:
    """devinterp's χ against the Gaussian approximation: z-scores with the chains' SE (11111 apart: kink)."""
    z = {(r["observable"], r["input"]): (r["estimate"] - approx[(r["observable"], r["input"])]) / r["standard_error"]
         for r in chi}
    smooth = [v for (k, x), v in z.items() if x != "11111"]
    kink = [v for (k, x), v in z.items() if x == "11111"]
    rel = np.median([r["standard_error"] / abs(r["estimate"]) for r in chi if abs(r["estimate"]) > 0.05])
    print(f"   χ: {len(chi)} entries (15 × 31), median relative SE (|χ| > 0.05) {rel:.2f}; against the Gaussian "
          f"approximation: {sum(abs(v) <= 1.96 for v in smooth)}/{len(smooth)} within 1.96 SE, max |z| "
          f"{max(abs(v) for v in smooth):.2f} (input 11111: max |z| {max(abs(v) for v in kink):.2f})")
    print("   (the approximation itself holds only at β ≥ 1000 and not for 11111; engine.py compares with MALA)")
    for r in sorted(chi, key=lambda r: -abs(r["estimate"]))[:3]:
        a = approx[(r["observable"], r["input"])]
        print(f"   χ[{r['observable']},{r['input']}] = {r['estimate']:+.3f} ± {r['standard_error']:.3f}, Gaussian {a:+.3f}")


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    T.quiet()
    start = time.perf_counter()
    h = natural_weights(SPARSITY)
    c = train(h)
    print(f"trained centre: mean loss {c['mean_loss']!r}, |∇L| {c['gradient_norm_mean_loss']:.1e}, "
          f"|Σ W_i| {c['sum_of_columns']:.3e}, |W_i| {c['norms'][0]:.6f}  ({time.perf_counter() - start:.0f} s)")
    print("   pre-activations of 11111: " + " ".join(f"{v:+.2e}" for v in c["preactivations_11111"]))
    eig = c["hessian_eigenvalues_total_loss"]
    print("   Hessian of Σ h₀ ℓ (total loss): " + " ".join(f"{v:.4g}" for v in eig))
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "pentagon-center.json"), "w") as f:
        json.dump(c, f, indent=1)
    center = np.array(c["W"])
    all_records, infos = [], []
    for s in SETTINGS:
        records, info = run(s, center, h)
        all_records += records
        infos.append(info)
        q = quadratic_llc(eig, s["beta"], GAMMA, s["lr"])
        q0 = quadratic_llc(eig, s["beta"], 0.0, 0.0)
        print(f"\n== β = {s['beta']}, lr = {s['lr']:g}, γ = {GAMMA:g}  ({info['steps']} SGLD steps, {info['seconds']:.1f} s)")
        for failure in info["failures"]:
            print(f"   devinterp warned: {failure}")
        print(f"   LLC (devinterp llc_mean) {info['llc']:.4f}  SE {info['llc_se']:.4f}  llc_std (ddof 0) "
              f"{info['llc_std_ddof0']:.4f};  after burn-in {info['llc_after_burnin']:.4f}  SE {info['llc_after_burnin_se']:.4f}")
        print(f"   quadratic prediction with γ and this lr: {q:.4f};  with γ, lr → 0: "
              f"{quadratic_llc(eig, s['beta'], GAMMA, 0.0):.4f};  γ = 0, lr → 0: {q0:.4f}")
        chi = [r for r in records if r["quantity"] == "chi"]
        if chi:
            compare_chi(chi, quadratic_chi(center, h, s["beta"], GAMMA, s["lr"]))
    T.write_results(RESULTS, "pentagon", all_records, infos)
    print(f"\ntotal {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
