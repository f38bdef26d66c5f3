"""A model folder, read without PyTorch: where named models are, their cards and configs,
and the weights' header checked against the config.

``find`` runs every check that needs no tensor (the config's types and caps, the weights
file's presence and size, a safetensors header's names, shapes and dtypes against what the
config implies), so a hostile folder is refused in milliseconds, before torch is imported
or anything is allocated; the CLI runs it first. ``rnnviz.checkpoint`` loads what passes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from rnnviz.config import ModelConfig, expected_shapes, summarise
from rnnviz.resources import assets_dir

MAX_CHECKPOINT_BYTES = 200 * 2**20  # our models are tiny; anything bigger is not one of them


class CheckpointError(ValueError):
    """A checkpoint cannot be loaded; the message says exactly why."""


MAX_VOCAB_FILE_BYTES = 50 * 2**20


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
    folder = resolve(name_or_path)
    f = folder / "card.json" if folder.is_dir() else folder.with_name("card.json")
    return json.loads(f.read_text()) if f.is_file() else {}


def resolve(name_or_path: str | Path) -> Path:
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


def check_file(path: Path, limit: int, error: type[Exception] = CheckpointError, hint: str = ""):
    """A file that exists, is not empty and is at most ``limit`` bytes, else ``error`` with
    one line naming which (``hint``: what to do about a file over the limit)."""
    if not path.is_file():
        raise error(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise error(f"{path.name} is empty")
    if size > limit:
        raise error(
            f"{path.name} is {size / 2**20:.1f} MiB; the limit is {limit // 2**20} MiB" + hint
        )


def _check_size(path: Path) -> None:
    check_file(path, MAX_CHECKPOINT_BYTES)


FLOAT_DTYPES = ("F16", "BF16", "F32", "F64")


def header_shapes(data: bytes, name: str) -> dict[str, tuple[tuple[int, ...], str]]:
    """Name → (shape, dtype) from a safetensors file's start: 8 bytes giving the header's
    length, then the header (JSON); no tensor is read."""
    n = int.from_bytes(data[:8], "little") if len(data) >= 8 else -1
    if not 2 <= n <= len(data) - 8:
        raise CheckpointError(f"{name} is not a valid safetensors file (bad header length)")
    try:
        head = json.loads(data[8 : 8 + n])
        return {
            k: (tuple(int(x) for x in v["shape"]), str(v["dtype"]))
            for k, v in head.items()
            if k != "__metadata__"
        }
    except (ValueError, TypeError, KeyError, AttributeError):
        raise CheckpointError(f"{name} is not a valid safetensors file (bad header)") from None


def weight_shapes(path: str | Path) -> dict[str, tuple[tuple[int, ...], str]]:
    """Name → (shape, dtype) of a safetensors file, read from its header (no tensor loaded)."""
    path = Path(path)
    check_file(path, MAX_CHECKPOINT_BYTES)
    with path.open("rb") as f:
        start = f.read(8)
        n = int.from_bytes(start, "little") if len(start) == 8 else -1
        # the header can be no longer than the file: a length that says otherwise is refused
        # before it is read, so a damaged file cannot ask for gigabytes
        if not 2 <= n <= path.stat().st_size - 8:
            raise CheckpointError(
                f"{path.name} is not a valid safetensors file (bad header length)"
            )
        return header_shapes(start + f.read(n), path.name)


def check_shapes(
    want: dict[str, tuple[int, ...]], got: dict[str, tuple[tuple[int, ...], str]]
) -> None:
    """Raise a CheckpointError naming the first missing, unexpected, mis-shaped or
    non-float tensors (and counting the rest)."""
    problems = []
    missing = [k for k in want if k not in got]
    unexpected = [k for k in got if k not in want]
    if missing:
        problems.append("missing tensors: " + ", ".join(missing[:4]))
    if unexpected:
        problems.append("unexpected tensors: " + ", ".join(unexpected[:4]))
    for k in sorted(want.keys() & got.keys()):
        shape, dtype = got[k]
        if tuple(want[k]) != tuple(shape):
            problems.append(f"{k} has shape {list(shape)} but the config needs {list(want[k])}")
        if dtype not in FLOAT_DTYPES:
            problems.append(f"{k} is {dtype}, not floating point")
    if problems:
        raise CheckpointError(summarise("the weights do not match the config", problems))


# a notebook's state_dict (read with weights_only=True) may sit beside a config too
WEIGHT_FILES = ("weights.safetensors", "model.safetensors", "weights.pt", "model.pt", "model.pth")


def find(
    name_or_path: str | Path, config: ModelConfig | dict | None = None
) -> tuple[ModelConfig, Path]:
    """The config and weights file of a model, after every check that needs no PyTorch.

    The config is parsed and checked (types, caps), the weights file found and its size
    checked, and a safetensors header's names, shapes and dtypes compared with the config's
    (a ``.pt``/``.pth`` file needs torch to be read: ``rnnviz.checkpoint.checked`` compares
    it). Raises CheckpointError with one line saying what is wrong.
    """
    p = resolve(name_or_path)
    if p.is_dir():
        weights = next((p / n for n in WEIGHT_FILES if (p / n).is_file()), None)
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
        check_file(cfg_path, MAX_VOCAB_FILE_BYTES)  # a config is mostly its vocabulary
        config = read_config(cfg_path)
    if weights is None:
        raise CheckpointError(f"{p.name}/ has no weights file (one of {', '.join(WEIGHT_FILES)})")
    check_file(weights, MAX_CHECKPOINT_BYTES)
    # the weights must match before anything is built: the config alone could ask for GBs
    if weights.suffix == ".safetensors":
        check_shapes(expected_shapes(config), weight_shapes(weights))
    return config, weights
