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
from rnnviz.messages import N_, Message, MessageError
from rnnviz.resources import assets_dir

MAX_CHECKPOINT_BYTES = 200 * 2**20  # our models are tiny; anything bigger is not one of them


class CheckpointError(MessageError):
    """A checkpoint cannot be loaded; the message says exactly why (``err.message``: the
    same in any language, see :mod:`rnnviz.messages`)."""


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
    known = ", ".join(list_models()) or "-"
    raise CheckpointError(
        N_("no model or file named {name} (shipped models: {known})"),
        name=repr(str(name_or_path)),
        known=known,
    )


def read_config(path: str | Path) -> ModelConfig:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CheckpointError(not_json(Path(path).name, e)) from None
    if not isinstance(raw, dict):
        raise CheckpointError(N_("{name} must hold a JSON object"), name=Path(path).name)
    try:
        return ModelConfig.from_dict(raw)
    except (TypeError, ValueError) as e:
        raise CheckpointError(in_file(Path(path).name, e)) from None


def not_json(name: str, e: ValueError) -> Message:
    """“name is not a JSON config (line, column)”: where, not the parser's English words."""
    if isinstance(e, json.JSONDecodeError):
        return Message(
            N_("{name} is not a JSON config (error at line {line}, column {column})"),
            name=name,
            line=str(e.lineno),
            column=str(e.colno),
        )
    return Message(N_("{name} is not a JSON config (not UTF-8 text)"), name=name)


def in_file(name: str, e: Exception) -> Message:
    """“name: what is wrong”, keeping the problem's own Message."""
    return Message(N_("{name}: {problem}"), name=name, problem=e)


def check_file(path: Path, limit: int, error: type[Exception] = CheckpointError, hint: str = ""):
    """A file that exists, is not empty and is at most ``limit`` bytes, else ``error`` with
    one line naming which (``hint``: what to do about a file over the limit)."""
    if not path.is_file():
        raise error(N_("{path}: no such file"), path=str(path))
    size = path.stat().st_size
    if size == 0:
        raise error(N_("{name} is empty"), name=path.name)
    if size > limit:
        raise error(
            N_("{name} is {size} MiB; the limit is {limit} MiB{hint}"),
            name=path.name,
            size=round(size / 2**20, 1),
            limit=limit // 2**20,
            hint=hint,
        )


def _check_size(path: Path) -> None:
    check_file(path, MAX_CHECKPOINT_BYTES)


FLOAT_DTYPES = ("F16", "BF16", "F32", "F64")
BAD_HEADER_LENGTH = N_("{name} is not a valid safetensors file (bad header length)")


def header_shapes(data: bytes, name: str) -> dict[str, tuple[tuple[int, ...], str]]:
    """Name → (shape, dtype) from a safetensors file's start: 8 bytes giving the header's
    length, then the header (JSON); no tensor is read."""
    n = int.from_bytes(data[:8], "little") if len(data) >= 8 else -1
    if not 2 <= n <= len(data) - 8:
        raise CheckpointError(BAD_HEADER_LENGTH, name=name)
    try:
        head = json.loads(data[8 : 8 + n])
        return {
            k: (tuple(int(x) for x in v["shape"]), str(v["dtype"]))
            for k, v in head.items()
            if k != "__metadata__"
        }
    except (ValueError, TypeError, KeyError, AttributeError):
        raise CheckpointError(
            N_("{name} is not a valid safetensors file (bad header)"), name=name
        ) from None


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
            raise CheckpointError(BAD_HEADER_LENGTH, name=path.name)
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
        problems.append(Message(N_("missing tensors: {names}"), names=", ".join(missing[:4])))
    if unexpected:
        problems.append(Message(N_("unexpected tensors: {names}"), names=", ".join(unexpected[:4])))
    for k in sorted(want.keys() & got.keys()):
        shape, dtype = got[k]
        if tuple(want[k]) != tuple(shape):
            problems.append(
                Message(
                    N_("{tensor} has shape {shape} but the config needs {needed}"),
                    tensor=k,
                    shape=str(list(shape)),
                    needed=str(list(want[k])),
                )
            )
        if dtype not in FLOAT_DTYPES:
            problems.append(
                Message(N_("{tensor} is {dtype}, not floating point"), tensor=k, dtype=dtype)
            )
    if problems:
        raise CheckpointError(
            summarise(Message(N_("the weights do not match the config")), problems)
        )


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
            raise CheckpointError(e) from None
    if config is None:
        if cfg_path is None or not cfg_path.is_file():
            raise CheckpointError(
                N_("no config found for {name} (expected {stem}.json or config.json beside it)"),
                name=p.name,
                stem=p.stem,
            )
        check_file(cfg_path, MAX_VOCAB_FILE_BYTES)  # a config is mostly its vocabulary
        config = read_config(cfg_path)
    if weights is None:
        raise CheckpointError(
            N_("{name}/ has no weights file (one of {files})"),
            name=p.name,
            files=", ".join(WEIGHT_FILES),
        )
    check_file(weights, MAX_CHECKPOINT_BYTES)
    # the weights must match before anything is built: the config alone could ask for GBs
    if weights.suffix == ".safetensors":
        check_shapes(expected_shapes(config), weight_shapes(weights))
    return config, weights
