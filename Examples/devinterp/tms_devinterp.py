"""The toy model of superposition (TMS) as a devinterp 2.0.1 client.

Shared by `frozen_square.py` and `pentagon.py`. Conventions (model, input
names, β, χ) are those of Derivations/Conventions.md in the TMSPatterning
repository; this file only maps them onto devinterp's API.

devinterp 2.0.1 is written for language models: a data set is a HuggingFace
`Dataset` with an `input_ids` column of equal-length sequences (length ≥ 2),
and a custom `loss_fn(model, input_ids)` returns a per-token loss of shape
`(batch, length − 1)`. We encode one row of the TMS data set as the
two-token sequence `[code, 0]`, so every row has exactly one "token" loss:

    code  0…31   sampling row of input type t: loss  w_t · ℓ_t(W)   (w_t the row weight)
    code 32…63   probe row of input type t:    loss  ℓ_t(W)         (unweighted)
    code 64…     structural observable k:      value φ_k(W)

devinterp evaluates each "observable" data set at every draw and stores the
values, so the probe rows give the per-sample losses ℓ_x and the observable
rows give φ_k at every draw; χ is then reduced from the stored draws exactly as
devinterp's `compute_susceptibilities` does (see `chi_devinterp`).
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass

os.environ.setdefault("TQDM_DISABLE", "1")   # before tqdm is imported: no progress bars

import numpy as np
import torch
from datasets import Dataset

N_FEATURES = 5
N_TYPES = 32
PROBE = 32
OBSERVABLE = 64

# Input type t = Σ_j x_j 2^j; its name is the bit string in feature order 0…4.
X = torch.tensor([[(t >> j) & 1 for j in range(N_FEATURES)] for t in range(N_TYPES)], dtype=torch.float32)


def type_name(t: int) -> str:
    return "".join(str((t >> j) & 1) for j in range(N_FEATURES))


def type_index(name: str) -> int:
    return sum(int(b) << j for j, b in enumerate(name))


PAIRS = [(i, j) for i in range(N_FEATURES) for j in range(i + 1, N_FEATURES)]
STRUCTURAL = [f"dot({i},{j})" for i, j in PAIRS] + [f"norm({i})" for i in range(N_FEATURES)]
ORACLE_ROWS = STRUCTURAL + ["pos(4,x)", "pos(4,y)"]


def observables(W: torch.Tensor) -> torch.Tensor:
    """The 15 structural observables and pos(4,x), pos(4,y) of a 2×5 weight matrix, in ORACLE_ROWS order."""
    norms = W.norm(dim=0)
    dots = [W[:, i].dot(W[:, j]) / (norms[i] * norms[j]) for i, j in PAIRS]
    return torch.stack(dots + list(norms) + [W[0, 4], W[1, 4]])


def per_type_losses(W: torch.Tensor) -> torch.Tensor:
    """ℓ_t(W) = Σ_j (x_j − x̂_j)², x̂ = ReLU(WᵀW x), for the 32 input types t."""
    xhat = torch.relu(X.to(W.dtype) @ (W.T @ W))
    return ((X.to(W.dtype) - xhat) ** 2).sum(dim=1)


class FrozenSquare(torch.nn.Module):
    """W_0…W_3 the unit square (buffers, never sampled); the only parameter is W_4 ∈ ℝ², at 0."""

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("square", torch.tensor([[1.0, 0.0, -1.0, 0.0], [0.0, 1.0, 0.0, -1.0]]))
        self.w4 = torch.nn.Parameter(torch.zeros(2))

    def weights(self) -> torch.Tensor:
        return torch.cat([self.square, self.w4[:, None]], dim=1)


class FullModel(torch.nn.Module):
    """All 10 parameters free: W is 2×5, its columns are the feature vectors."""

    def __init__(self, W: np.ndarray) -> None:
        super().__init__()
        self.W = torch.nn.Parameter(torch.tensor(W, dtype=torch.float32))

    def weights(self) -> torch.Tensor:
        return self.W


def make_loss_fn(row_weights: np.ndarray):
    """devinterp's `loss_fn(model, input_ids) -> (batch, 1)` for the row codes above."""
    w = torch.tensor(row_weights, dtype=torch.float32)

    def loss_fn(model: torch.nn.Module, input_ids: torch.Tensor) -> torch.Tensor:
        W = model.weights()
        code = input_ids[:, 0]
        ell = per_type_losses(W)
        values = torch.cat([w * ell, ell])
        if bool((code >= OBSERVABLE).any()):
            # Observables are only ever evaluated at draws, under no_grad; keep them
            # out of autograd so a zero-norm W_4 at the start cannot produce NaN gradients.
            with torch.no_grad():
                values = torch.cat([values.detach(), observables(W)])
        return values[code].unsqueeze(1)

    return loss_fn


def rows_dataset(codes: list[int], multiple_of: int) -> tuple[Dataset, int]:
    """A devinterp data set of the given row codes, padded by repeating codes to a multiple of the
    batch size (devinterp evaluates an observable as `batches_per_draw` full batches).
    Returns the data set and its batches_per_draw."""
    padded = list(codes)
    while len(padded) % multiple_of:
        padded.append(codes[len(padded) % len(codes)])
    data = Dataset.from_dict({"input_ids": [[c, 0] for c in padded]}).with_format("torch")
    return data, len(padded) // multiple_of


@dataclass
class Sampled:
    """The stored draws of one devinterp `sample()` run, reduced to arrays (float64)."""

    n_beta: float
    init_loss: float
    loss_trace: np.ndarray          # (chains, steps): the sampling (batch) loss at every SGLD step
    train: np.ndarray               # (chains, draws): the data set's mean loss L at each draw
    ell: dict[str, np.ndarray]      # input name -> (chains, draws) ℓ_x at each draw
    phi: dict[str, np.ndarray]      # observable name -> (chains, draws) φ_k at each draw
    tree: object                    # devinterp's DataTree, for its own reductions


def _by_code(ds, obs_id: str) -> dict[int, np.ndarray]:
    values = ds[f"loss_{obs_id}"].values[..., 0].astype(np.float64)   # (chain, draw, batch)
    ids = ds[f"input_ids_{obs_id}"].values
    while ids.ndim > 2:
        ids = ids[0]
    out: dict[int, np.ndarray] = {}
    for b, code in enumerate(ids[:, 0].tolist()):
        out.setdefault(int(code), values[:, :, b])
    return out


def reduce_tree(tree, with_probes: bool) -> Sampled:
    ds = tree.dataset
    n_beta = float(ds.metadata["config"]["sampler"]["n_beta"])
    trace = ds.sampling_loss_micro.values.astype(np.float64).mean(axis=(2, 3))
    ell, phi = {}, {}
    if with_probes:
        for code, v in _by_code(ds, "inputs").items():
            ell[type_name(code - PROBE)] = v
        for code, v in _by_code(ds, "phi").items():
            phi[ORACLE_ROWS[code - OBSERVABLE]] = v
    train = ds["loss_train"].values.astype(np.float64).mean(axis=(2, 3)) if "loss_train" in ds else None
    return Sampled(n_beta=n_beta, init_loss=float(ds.init_loss.values.mean()), loss_trace=trace,
                   train=train, ell=ell, phi=phi, tree=tree)


def observable_sets(sampling_codes: list[int], probe_inputs: list[str], rows: list[str], batch_size: int):
    """devinterp observables: the sampling rows ("train", for L at each draw), the probe inputs, the φ rows."""
    train, bpd_train = rows_dataset(sampling_codes, batch_size)
    probes, bpd_probes = rows_dataset([PROBE + type_index(x) for x in probe_inputs], batch_size)
    phis, bpd_phis = rows_dataset([OBSERVABLE + ORACLE_ROWS.index(k) for k in rows], batch_size)
    return {"train": (train, bpd_train), "inputs": (probes, bpd_probes), "phi": (phis, bpd_phis)}


def chi_devinterp(s: Sampled, observable: str, x: str, chain: int | None = None) -> float:
    """devinterp 2.0.1's susceptibility of φ to input x from the stored draws:

        χ^devinterp = E[φ L] − E[φ ℓ_x] − E[φ] (E[L] − E[ℓ_x]) = −Cov(φ, ℓ_x − L),

    means over chains and draws (one chain if `chain` is given), L the data set's
    mean loss at the same draw. This is `compute_susceptibilities` with the
    restricted loss φ replaced by a structural observable and the "full" run the
    same run (written in centred form, so a constant φ gives exactly 0).
    """
    phi, d = s.phi[observable], s.ell[x] - s.train
    if chain is not None:
        phi, d = phi[chain], d[chain]
    return -float(np.mean((phi - phi.mean()) * (d - d.mean())))


def chi_records(s: Sampled, beta: float, rows: list[str], inputs: list[str], common: dict) -> list[dict]:
    """χ^mp = β · χ^devinterp for every (observable, input), with SE = std across chains / √chains."""
    chains = s.loss_trace.shape[0]
    return [dict(common, quantity="chi", observable=k, input=x, convention="mean-preserving",
                 estimate=beta * chi_devinterp(s, k, x),
                 standard_error=standard_error([beta * chi_devinterp(s, k, x, c) for c in range(chains)]))
            for k in rows for x in inputs]


def check_against_compute_susceptibilities(s: Sampled) -> float:
    """Max |difference| between devinterp's own `compute_susceptibilities` (φ = the sampling loss
    minus the initial loss, its only observable) and `chi_devinterp`'s reduction with that φ."""
    from devinterp.slt.susceptibilities import compute_susceptibilities

    out = compute_susceptibilities({"full": s.tree, "all": s.tree}, "train")["susceptibilities"]
    sus = out["sus"].values[:, 0]
    names = out.attrs["dataset_id_to_name"]
    ids = out["dataset_id"].values
    batch = out["batch"].values
    codes = _probe_codes(s.tree.dataset)
    mine = Sampled(**{**s.__dict__, "phi": {"loss": s.train - s.init_loss}})
    diff = 0.0
    for value, i, b in zip(sus, ids, batch):
        if names[i] != "inputs":
            continue
        x = type_name(codes[b] - PROBE)
        diff = max(diff, abs(float(value) - chi_devinterp(mine, "loss", x)))
    return diff


def _probe_codes(ds) -> list[int]:
    ids = ds["input_ids_inputs"].values
    while ids.ndim > 2:
        ids = ids[0]
    return [int(c) for c in ids[:, 0]]


def standard_error(per_chain: list[float]) -> float:
    """Standard deviation across chains (ddof = 1) divided by √chains (NaN if a chain failed)."""
    if not np.all(np.isfinite(per_chain)):
        return math.nan
    return float(np.std(per_chain, ddof=1) / math.sqrt(len(per_chain)))


def llc_from_trace(s: Sampled, skip: int = 0) -> list[float]:
    """Per-chain nβ (mean loss − initial loss) over the SGLD steps after the first `skip`."""
    with np.errstate(invalid="ignore"):
        return [s.n_beta * (float(row[skip:].mean()) - s.init_loss) for row in s.loss_trace]


FIELDS = ["quantity", "config", "data", "beta", "observable", "input", "convention",
          "estimate", "standard_error", "localization", "estimator"]


def write_csv(path: str, records: list[dict]) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", newline="") as f:
        out = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        out.writeheader()
        for r in records:
            out.writerow({k: _fmt(r.get(k, "")) for k in FIELDS})


def write_results(directory: str, stem: str, records: list[dict], runs: list[dict]) -> None:
    """`<stem>.csv` (the audit records) and `<stem>-runs.json` (per-run details) in `directory`."""
    import json

    write_csv(os.path.join(directory, f"{stem}.csv"), records)
    with open(os.path.join(directory, f"{stem}-runs.json"), "w") as f:
        json.dump(runs, f, indent=1)


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v + 0.0:.9g}" if math.isfinite(v) else str(v)   # + 0.0: no "-0.0"
    return str(v)


def quiet() -> None:
    """One thread (the example's timing is for one core) and no progress bars or temp-dir warnings."""
    import warnings

    torch.set_num_threads(1)
    warnings.filterwarnings("ignore", message="Sampling without output_path")
