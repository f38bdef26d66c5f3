"""Saving and loading models: safetensors weights + a JSON config (+ a model card).

A checkpoint is a folder::

    sentiment-lstm/
        config.json          ModelConfig: cell, sizes, layers, directions, head, tokenizer,
                             vocabulary, labels
        weights.safetensors  the state dict (safetensors never runs code when loading)
        card.json            optional: how it was trained and what was measured
        CARD.md              optional: the same, for people

``load`` also takes a bare ``.safetensors`` / ``.pt`` / ``.pth`` file with its config
beside it (``model.json``, or ``config.json`` in the same folder), or a config passed in.
PyTorch files go through ``torch.load(weights_only=True)`` only: a pickle that carries
code is refused, never executed. Every mismatch between config and weights is reported
by name and shape.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from rnnviz.model import ModelConfig, RNNModel
from rnnviz.resources import assets_dir

MAX_CHECKPOINT_BYTES = 200 * 2**20  # our models are tiny; anything bigger is not one of them


class CheckpointError(ValueError):
    """A checkpoint cannot be loaded; the message says exactly why."""


def save(
    model: RNNModel, folder: str | Path, card: dict | None = None, card_md: str | None = None
) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(
        json.dumps(model.config.to_dict(), indent=1, ensure_ascii=False) + "\n"
    )
    tensors = {k: v.detach().contiguous().cpu() for k, v in model.state_dict().items()}
    save_file(tensors, str(folder / "weights.safetensors"))
    if card is not None:
        (folder / "card.json").write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n")
    if card_md is not None:
        (folder / "CARD.md").write_text(card_md)
    return folder


def model_dirs() -> list[Path]:
    """Where named models are looked up: ``assets/``, then each folder in RNNVIZ_MODELS."""
    extra = [Path(p) for p in os.environ.get("RNNVIZ_MODELS", "").split(os.pathsep) if p]
    return [assets_dir(), *extra]


def _named() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for d in model_dirs():
        if d.is_dir():
            for p in sorted(d.iterdir()):
                if (p / "config.json").is_file():
                    found.setdefault(p.name, p)  # the first folder wins a name
    return found


def list_models() -> list[str]:
    """Names of the shipped models (``assets/``) and of those in RNNVIZ_MODELS folders."""
    return sorted(_named())


def card(name_or_path: str | Path) -> dict:
    """The model card of a shipped model (or a checkpoint folder); {} if it has none."""
    folder = _resolve(name_or_path)
    f = folder / "card.json" if folder.is_dir() else folder.with_name("card.json")
    return json.loads(f.read_text()) if f.is_file() else {}


def _resolve(name_or_path: str | Path) -> Path:
    p = Path(name_or_path)
    if p.exists():
        return p
    if isinstance(name_or_path, str) and name_or_path in (named := _named()):
        return named[name_or_path]
    known = ", ".join(list_models()) or "none shipped"
    raise CheckpointError(f"no model or file named {str(name_or_path)!r} (shipped models: {known})")


def read_config(path: str | Path) -> ModelConfig:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CheckpointError(f"{Path(path).name} is not a JSON config: {e}") from None
    if not isinstance(raw, dict):
        raise CheckpointError(f"{Path(path).name} must hold a JSON object")
    try:
        return ModelConfig.from_dict(raw)
    except (TypeError, ValueError) as e:
        raise CheckpointError(f"{Path(path).name}: {e}") from None


def read_weights(path: str | Path) -> dict[str, torch.Tensor]:
    """A state dict from safetensors, or from a PyTorch file with ``weights_only=True``."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise CheckpointError(f"{path.name} is empty")
    if size > MAX_CHECKPOINT_BYTES:
        raise CheckpointError(
            f"{path.name} is {size / 2**20:.0f} MiB; the limit is "
            f"{MAX_CHECKPOINT_BYTES // 2**20} MiB"
        )
    if path.suffix == ".safetensors":
        try:
            return load_file(str(path))
        except (SafetensorError, OSError, ValueError) as e:
            raise CheckpointError(f"{path.name} is not a valid safetensors file ({e})") from None
    if path.suffix in (".pt", ".pth", ".bin"):
        try:
            obj = torch.load(path, map_location="cpu", weights_only=True)
        except (
            pickle.UnpicklingError,
            RuntimeError,
            EOFError,
            ValueError,
            AttributeError,
            TypeError,
        ) as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise CheckpointError(
                f"{path.name} was refused: only plain tensors can be loaded from a PyTorch file "
                f"(weights_only=True), and this one holds something else or is damaged. "
                f"Nothing in it was run. ({first[:200]})"
            ) from None
        if isinstance(obj, dict) and "state_dict" in obj and isinstance(obj["state_dict"], dict):
            obj = obj["state_dict"]
        if not (isinstance(obj, dict) and all(isinstance(v, torch.Tensor) for v in obj.values())):
            raise CheckpointError(f"{path.name} does not hold a state dict of tensors")
        return obj
    raise CheckpointError(
        f"{path.name}: unsupported file type {path.suffix!r}; use .safetensors (or a .pt/.pth "
        "state dict)"
    )


def check_state_dict(model: torch.nn.Module, sd: dict[str, torch.Tensor]) -> None:
    """Raise a CheckpointError naming every missing, unexpected or mis-shaped tensor."""
    want = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    got = {k: tuple(v.shape) for k, v in sd.items()}
    problems = []
    missing = [k for k in want if k not in got]
    unexpected = [k for k in got if k not in want]
    if missing:
        problems.append("missing tensors: " + ", ".join(missing))
    if unexpected:
        problems.append("unexpected tensors: " + ", ".join(unexpected))
    for k in want.keys() & got.keys():
        if want[k] != got[k]:
            problems.append(f"{k} has shape {list(got[k])} but the config needs {list(want[k])}")
    if problems:
        raise CheckpointError("the weights do not match the config: " + "; ".join(sorted(problems)))


def infer_config(sd: dict[str, torch.Tensor], vocab: list[str], **overrides) -> ModelConfig:
    """Guess a config from a state dict laid out as ``embedding`` / ``rnn`` / ``fc``.

    The gate count in ``rnn.weight_hh_l0`` gives the cell (4·H rows: LSTM, 3·H: GRU,
    H: RNN); layers and directions come from the tensor names. ``overrides`` set the
    rest (``labels``, ``head``, ``readout``, ``tokenizer``...).
    """
    try:
        rows, H = sd["rnn.weight_hh_l0"].shape
        fc_out = sd["fc.weight"].shape[0]
    except KeyError as e:
        raise CheckpointError(f"cannot infer the model: no tensor named {e.args[0]!r}") from None
    cell = {4: "lstm", 3: "gru", 1: "rnn"}.get(rows // H)
    if cell is None or rows % H:
        raise CheckpointError(f"rnn.weight_hh_l0 has shape {[rows, H]}: not an RNN, LSTM or GRU")
    layers = 1 + max(int(k.split("_l")[1].split("_")[0]) for k in sd if k.startswith("rnn.weight_"))
    cfg = dict(
        cell=cell,
        vocab=list(vocab),
        hidden_size=int(H),
        num_layers=layers,
        bidirectional=any(k.endswith("_reverse") for k in sd),
        embed_size=int(sd["embedding.weight"].shape[1]) if "embedding.weight" in sd else 0,
        head="lm" if fc_out == len(vocab) and "labels" not in overrides else "classifier",
    )
    if cfg["head"] == "classifier" and "labels" not in overrides:
        cfg["labels"] = [f"class {i}" for i in range(fc_out)]
    cfg.update(overrides)
    try:
        return ModelConfig(**cfg)
    except (TypeError, ValueError) as e:
        raise CheckpointError(str(e)) from None


def load(name_or_path: str | Path, config: ModelConfig | dict | None = None) -> RNNModel:
    """Load a shipped model by name, a checkpoint folder, or a weights file (eval mode)."""
    p = _resolve(name_or_path)
    if p.is_dir():
        weights = next(
            (p / n for n in ("weights.safetensors", "model.safetensors") if (p / n).is_file()), None
        )
        if weights is None:
            raise CheckpointError(f"{p.name}/ has no weights.safetensors")
        cfg_path = p / "config.json"
    else:
        weights = p
        cfg_path = next(
            (c for c in (p.with_suffix(".json"), p.with_name("config.json")) if c.is_file()), None
        )
    if isinstance(config, dict):
        try:
            config = ModelConfig.from_dict(config)
        except (TypeError, ValueError) as e:
            raise CheckpointError(str(e)) from None
    if config is None:
        if cfg_path is None or not cfg_path.is_file():
            raise CheckpointError(
                f"no config found for {p.name} (expected {p.stem}.json or config.json beside it)"
            )
        config = read_config(cfg_path)
    sd = read_weights(weights)
    model = RNNModel(config)
    check_state_dict(model, sd)
    model.load_state_dict({k: v.to(model.fc.weight.dtype) for k, v in sd.items()})
    model.name = p.name if p.is_dir() else p.stem
    return model.eval()
