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

import dataclasses
import io
import json
import os
import pickle
import re
from pathlib import Path

import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import load_file, save_file

from rnnviz.model import ModelConfig, RNNModel, summarise
from rnnviz.resources import assets_dir

MAX_CHECKPOINT_BYTES = 200 * 2**20  # our models are tiny; anything bigger is not one of them


class CheckpointError(ValueError):
    """A checkpoint cannot be loaded; the message says exactly why."""


def save(
    model: torch.nn.Module,
    folder: str | Path,
    card: dict | None = None,
    card_md: str | None = None,
    *,
    vocab: object = None,
    labels: list[str] | None = None,
    tokenizer: str | dict | object | None = None,
    readout: str | None = None,
) -> Path:
    """Write ``folder/config.json`` + ``weights.safetensors`` (+ the card).

    ``model`` is an ``RNNModel`` or any module built like the lesson's notebooks:
    submodules ``embedding`` (optional), ``rnn`` (nn.RNN/LSTM/GRU) and ``fc``; then give
    ``vocab`` (list index → token, or dict token → index), ``labels``, ``tokenizer``
    (a name in ``TOKENIZER_NAMES``) and, for a classifier, ``readout`` ('last' or 'mean').
    """
    folder = Path(folder)
    sd = {k: v.detach().contiguous().cpu() for k, v in model.state_dict().items()}
    given = dict(labels=labels, readout=readout)
    given = {k: v for k, v in given.items() if v is not None}
    if tokenizer is not None:
        given["tokenizer"] = tokenizer_config(tokenizer)
    if isinstance(model, RNNModel):
        if vocab is not None:
            given["vocab"] = vocab_list(vocab)
        try:
            config = dataclasses.replace(model.config, **given)
        except (TypeError, ValueError) as e:
            raise CheckpointError(str(e)) from None
    else:
        config = _config_of_module(model, sd, vocab, given)
    check_state_dict(config, sd)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(
        json.dumps(config.to_dict(), indent=1, ensure_ascii=False) + "\n"
    )
    save_file(sd, str(folder / "weights.safetensors"))
    if card is not None:
        (folder / "card.json").write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n")
    if card_md is not None:
        (folder / "CARD.md").write_text(card_md)
    return folder


def _config_of_module(model: torch.nn.Module, sd: dict, vocab: object, given: dict) -> ModelConfig:
    rnn = getattr(model, "rnn", None)
    if not (
        isinstance(rnn, torch.nn.RNNBase)
        and isinstance(getattr(model, "fc", None), torch.nn.Linear)
    ):
        names = ", ".join(n for n, _ in model.named_children()) or "none"
        raise CheckpointError(
            "rnnviz.save reads modules built like the lesson's: `embedding` (optional), `rnn` "
            f"(nn.RNN, nn.LSTM or nn.GRU) and `fc` (nn.Linear); this one has: {names}"
        )
    if getattr(rnn, "proj_size", 0) or not rnn.bias:
        raise CheckpointError("rnnviz reads recurrent layers with biases and no projection")
    if vocab is None:
        raise CheckpointError(
            "pass vocab=...: the list index → token (itos) or the dict token → index (stoi)"
        )
    if "tokenizer" not in given:  # a guess here changes predictions without a word
        raise CheckpointError(
            "pass tokenizer=...: how your notebook split the text: "
            + ", ".join(f"'{n}'" for n in TOKENIZER_NAMES)
            + " ('basic_english' is torchtext's, the lesson notebook's)"
        )
    extra = {}
    if isinstance(rnn, torch.nn.RNN):
        extra["nonlinearity"] = rnn.nonlinearity
    return infer_config(sd, vocab, **extra, **given)


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


def read_pytorch(source: str | Path | io.BytesIO, name: str) -> dict[str, torch.Tensor]:
    """The state dict in a PyTorch file (a path, or its bytes), read with
    ``weights_only=True``: a pickle that carries code is refused with one line, never run;
    training-checkpoint wrappers are unwrapped."""
    try:
        obj = torch.load(source, map_location="cpu", weights_only=True)
    except (
        pickle.UnpicklingError,
        RuntimeError,
        EOFError,
        ValueError,
        AttributeError,
        TypeError,
    ) as e:
        raise CheckpointError(refused_message(name, str(e))) from None
    return unwrap_state_dict(obj, name)


def read_weights(path: str | Path) -> dict[str, torch.Tensor]:
    """A state dict from safetensors, or from a PyTorch file with ``weights_only=True``.

    A training checkpoint ``{"state_dict": ...}`` / ``{"model_state_dict": ...}`` is
    unwrapped; a whole pickled model is refused (it would need its class, i.e. code).
    """
    path = Path(path)
    _check_size(path)
    if path.suffix == ".safetensors":
        try:
            return load_file(str(path))
        except (SafetensorError, OSError, ValueError) as e:
            raise CheckpointError(f"{path.name} is not a valid safetensors file ({e})") from None
    if path.suffix in (".pt", ".pth", ".bin"):
        return read_pytorch(path, path.name)
    raise CheckpointError(
        f"{path.name}: unsupported file type {path.suffix!r}; use .safetensors (or a .pt/.pth "
        "state dict)"
    )


def refused_message(name: str, err: str) -> str:
    # torch names the first class it would have had to import; a whole pickled model
    # (torch.save(model)) shows up as the model's own class or a torch.nn module.
    m = re.search(r"GLOBAL ([\w.]+)", err)
    what = f" (it needs the class {m.group(1)})" if m else ""
    return (
        f"{name} was refused: it holds more than plain tensors{what} or is damaged, and "
        "reading it could run code. Nothing in it was run. If it is a whole model saved with "
        "torch.save(model, ...), save `model.state_dict()` instead."
    )


WRAPPERS = ("state_dict", "model_state_dict", "model")


def unwrap_state_dict(obj: object, name: str) -> dict[str, torch.Tensor]:
    """The state dict inside ``obj``: itself, or under a usual training-checkpoint key."""
    if isinstance(obj, dict):
        for key in WRAPPERS:
            if isinstance(obj.get(key), dict):
                obj = obj[key]
                break
        # DataParallel / DistributedDataParallel save every name under "module."
        if obj and all(isinstance(k, str) and k.startswith("module.") for k in obj):
            obj = {k[len("module.") :]: v for k, v in obj.items()}
    if not (
        isinstance(obj, dict)
        and obj
        and all(isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in obj.items())
    ):
        keys = list(obj)[:5] if isinstance(obj, dict) else []
        raise CheckpointError(
            f"{name} does not hold a state dict of tensors"
            + (f" (its keys: {', '.join(map(str, keys))[:120]})" if keys else "")
            + "; save `model.state_dict()`"
        )
    return obj


def expected_shapes(config: ModelConfig) -> dict[str, tuple[int, ...]]:
    """The state dict's names and shapes for ``config``, computed without building anything."""
    c = config
    V, H, E = len(c.vocab), c.hidden_size, c.embed_size
    D = 2 if c.bidirectional else 1
    want: dict[str, tuple[int, ...]] = {}
    if E:
        want["embedding.weight"] = (V, E)
    if c.cell == "bag":
        fc_in = E
    else:
        G = {"rnn": 1, "gru": 3, "lstm": 4}[c.cell] * H
        for k in range(c.num_layers):
            for sfx in ("", "_reverse")[:D]:
                want[f"rnn.weight_ih_l{k}{sfx}"] = (G, (E or V) if k == 0 else H * D)
                want[f"rnn.weight_hh_l{k}{sfx}"] = (G, H)
                want[f"rnn.bias_ih_l{k}{sfx}"] = (G,)
                want[f"rnn.bias_hh_l{k}{sfx}"] = (G,)
        fc_in = H * D
    want["fc.weight"] = (c.num_outputs, fc_in)
    want["fc.bias"] = (c.num_outputs,)
    return want


FLOAT_DTYPES = ("F16", "BF16", "F32", "F64")


def weight_shapes(path: str | Path) -> dict[str, tuple[tuple[int, ...], str]]:
    """Name → (shape, dtype) of a safetensors file, read from its header (no tensor loaded)."""
    path = Path(path)
    _check_size(path)
    try:
        with safe_open(str(path), framework="pt") as f:
            out = {}
            for k in f.keys():  # noqa: SIM118 - safe_open is not a dict
                sl = f.get_slice(k)
                out[k] = (tuple(sl.get_shape()), sl.get_dtype())
            return out
    except (SafetensorError, OSError, ValueError) as e:
        raise CheckpointError(f"{path.name} is not a valid safetensors file ({e})") from None


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


def _tensor_shapes(sd: dict[str, torch.Tensor]) -> dict[str, tuple[tuple[int, ...], str]]:
    return {
        k: (tuple(v.shape), "F32" if v.is_floating_point() else str(v.dtype)) for k, v in sd.items()
    }


def check_state_dict(model_or_config, sd: dict[str, torch.Tensor]) -> None:
    """Raise a CheckpointError naming missing, unexpected or mis-shaped tensors."""
    cfg = getattr(model_or_config, "config", model_or_config)
    check_shapes(expected_shapes(cfg), _tensor_shapes(sd))


TOKENIZER_NAMES = {
    "word": {"kind": "word", "lowercase": True},  # rnnviz's words, punctuation apart
    "whitespace": {"kind": "whitespace", "lowercase": False},  # text.split()
    "char": {"kind": "char"},  # one token per character
    "basic_english": {"kind": "basic_english"},  # torchtext's, as in the lesson's notebook
}


def tokenizer_config(tokenizer: str | dict | object) -> dict:
    """A tokenizer config from a name (``TOKENIZER_NAMES``), a config dict or a tokenizer."""
    if isinstance(tokenizer, str):
        if tokenizer not in TOKENIZER_NAMES:
            raise CheckpointError(
                f"unknown tokenizer {tokenizer[:40]!r}; choose one of {', '.join(TOKENIZER_NAMES)}"
            )
        return dict(TOKENIZER_NAMES[tokenizer])
    if isinstance(tokenizer, dict):
        return dict(tokenizer)
    if hasattr(tokenizer, "to_config"):
        return tokenizer.to_config()
    raise CheckpointError(f"tokenizer must be a name or a config dict, got {type(tokenizer)}")


def vocab_list(vocab: object) -> list[str]:
    """Index → token from a list, a token → index dict (``stoi``) or a torchtext Vocab.

    A dict is put in INDEX order, not in its own order: a ``stoi`` built by counting is
    rarely in index order, and reading it in its own order would give every token a
    wrong id while every token still looks known.
    """
    if hasattr(vocab, "get_itos"):  # torchtext.vocab.Vocab
        vocab = vocab.get_itos()
    if isinstance(vocab, dict):
        items = list(vocab.items())
        bad = [(t, i) for t, i in items if not isinstance(t, str) or type(i) is not int]
        if bad:
            raise CheckpointError(
                f"a vocabulary dict maps tokens (strings) to ids (integers); got {bad[0]!r}"
            )
        ids = sorted(i for _, i in items)
        if ids != list(range(len(ids))):
            dup = len(set(ids)) != len(ids)
            raise CheckpointError(
                "the vocabulary dict's ids must be 0, 1, ..., n-1, each once; "
                + ("some id is used twice" if dup else f"they run from {ids[0]} to {ids[-1]}")
            )
        return [t for t, _ in sorted(items, key=lambda ti: ti[1])]
    if isinstance(vocab, (list, tuple)) and all(isinstance(t, str) for t in vocab):
        return list(vocab)
    raise CheckpointError(
        "the vocabulary must be a list of tokens (index → token) or a dict token → index, "
        f"got {type(vocab).__name__}"
    )


MAX_VOCAB_FILE_BYTES = 50 * 2**20


def read_vocab(path: str | Path) -> list[str]:
    """A vocabulary file: a JSON list, a JSON dict token → index, or one token per line."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"{path}: no such file")
    if path.stat().st_size > MAX_VOCAB_FILE_BYTES:
        raise CheckpointError(f"{path.name} is over {MAX_VOCAB_FILE_BYTES // 2**20} MiB")
    return vocab_from_bytes(path.read_bytes(), path.name)


def vocab_from_bytes(data: bytes, name: str) -> list[str]:
    """``read_vocab`` for a file's contents (an upload)."""
    if len(data) > MAX_VOCAB_FILE_BYTES:
        raise CheckpointError(f"{name} is over {MAX_VOCAB_FILE_BYTES // 2**20} MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CheckpointError(f"{name} is not UTF-8 text (byte {e.start})") from None
    if text.lstrip()[:1] in ("[", "{"):
        try:
            return vocab_list(json.loads(text))
        except json.JSONDecodeError as e:
            raise CheckpointError(f"{name} is not valid JSON ({e})") from None
    # one token per line; split("\n") only: a token may be any other character
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [ln.removesuffix("\r") for ln in lines]


READOUT_HELP = (
    "say how your classifier reads the sequence: readout='last' (the final hidden state "
    "h_n, e.g. fc(h_n[-1]) or fc(out[:, -1])) or readout='mean' (the mean of the outputs "
    "of all steps, e.g. fc(out.mean(1)))"
)


def infer_config(
    sd: dict[str, torch.Tensor],
    vocab: object,
    *,
    readout: str | None = None,
    tokenizer: str | dict | object | None = None,
    labels: list[str] | None = None,
    **overrides,
) -> ModelConfig:
    """A config for a state dict laid out as ``embedding`` / ``rnn`` / ``fc``.

    The gate count in ``rnn.weight_hh_l0`` gives the cell (4·H rows: LSTM, 3·H: GRU,
    H: RNN); layers and directions come from the tensor names. The head is a language
    model when ``fc`` has one output per token and no ``labels`` are given. A classifier
    needs ``readout`` (nothing in the weights says whether the notebook read the last
    state or the mean; guessing wrong silently changes predictions). ``overrides`` set
    the rest (``nonlinearity``, ``task``...).
    """
    vocab = vocab_list(vocab)
    try:
        rows, H = (int(n) for n in sd["rnn.weight_hh_l0"].shape)
        fc_out = int(sd["fc.weight"].shape[0])
        in0 = int(sd["rnn.weight_ih_l0"].shape[1])
    except KeyError as e:
        raise CheckpointError(
            f"cannot infer the model: no tensor named {e.args[0]!r} (rnnviz reads modules "
            "built as `embedding` (optional) → `rnn` (nn.RNN/LSTM/GRU) → `fc` (nn.Linear))"
        ) from None
    except (ValueError, IndexError):
        raise CheckpointError("rnn.weight_hh_l0 / fc.weight are not matrices") from None
    cell = {4: "lstm", 3: "gru", 1: "rnn"}.get(rows // H) if H else None
    if cell is None or rows % H:
        raise CheckpointError(f"rnn.weight_hh_l0 has shape {[rows, H]}: not an RNN, LSTM or GRU")
    layer_ids = [int(m.group(1)) for k in sd if (m := re.match(r"rnn\.weight_ih_l(\d+)", k))]
    V = len(vocab)
    emb = sd.get("embedding.weight")
    rows_in = int(emb.shape[0]) if emb is not None else in0
    if rows_in != V:
        where = (
            "the embedding has" if emb is not None else "the one-hot input (rnn.weight_ih_l0) has"
        )
        raise CheckpointError(
            f"the vocabulary has {V:,} tokens but {where} {rows_in:,}: it is not this "
            "model's vocabulary (or it was cut or extended)"
        )
    head = "lm" if fc_out == V and labels is None else "classifier"
    cfg = dict(
        cell=cell,
        vocab=vocab,
        hidden_size=H,
        num_layers=1 + max(layer_ids, default=0),
        bidirectional=any(k.endswith("_reverse") for k in sd),
        embed_size=int(emb.shape[1]) if emb is not None else 0,
        head=head,
        tokenizer=tokenizer_config(tokenizer if tokenizer is not None else "word"),
    )
    if head == "classifier":
        if readout is None:
            raise CheckpointError(READOUT_HELP)
        if labels is None:
            labels = [f"class {i}" for i in range(fc_out)]
        if len(labels) != fc_out:
            raise CheckpointError(f"fc has {fc_out} outputs but {len(labels)} labels were given")
        cfg.update(readout=readout, labels=labels)
    cfg.update(overrides)
    try:
        config = ModelConfig(**cfg)
    except (TypeError, ValueError) as e:
        raise CheckpointError(str(e)) from None
    check_state_dict(config, sd)
    return config


# a notebook's state_dict (read with weights_only=True) may sit beside a config too
WEIGHT_FILES = ("weights.safetensors", "model.safetensors", "weights.pt", "model.pt", "model.pth")


def checked(
    name_or_path: str | Path, config: ModelConfig | dict | None = None
) -> tuple[ModelConfig, Path]:
    """The config and weights file of a model, after every check that reads no tensor.

    The config is parsed and checked (types, caps), the weights file found and its size
    checked, and the tensors' names, shapes and dtypes compared with the config's: cheap
    enough to run over every folder a listing shows, so a broken one is marked before
    anyone picks it. A safetensors header is read as JSON; a ``.pt``/``.pth`` file is
    unpickled with ``weights_only=True`` (never code) and memory-mapped, so no tensor data
    is read. Raises CheckpointError with one line saying what is wrong.
    """
    p = _resolve(name_or_path)
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
    # the weights must match before anything is built: the config alone could ask for GBs
    if weights.suffix == ".safetensors":
        check_shapes(expected_shapes(config), weight_shapes(weights))
    else:
        check_shapes(expected_shapes(config), _pt_shapes(weights))
    return config, weights


def _pt_shapes(path: Path) -> dict[str, tuple[tuple[int, ...], str]]:
    """Name → (shape, dtype) of a PyTorch state dict file, memory-mapped: the pickle is
    read (``weights_only``: never code), the tensor data is not."""
    _check_size(path)
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True, mmap=True)
    except RuntimeError:  # the legacy (non-zip) format cannot be memory-mapped; it is small
        return _tensor_shapes(read_weights(path))
    except (pickle.UnpicklingError, EOFError, ValueError, AttributeError, TypeError) as e:
        raise CheckpointError(refused_message(path.name, str(e))) from None
    return _tensor_shapes(unwrap_state_dict(obj, path.name))


def load(name_or_path: str | Path, config: ModelConfig | dict | None = None) -> RNNModel:
    """Load a shipped model by name, a checkpoint folder, or a weights file (eval mode)."""
    config, weights = checked(name_or_path, config)
    sd = read_weights(weights)
    check_shapes(expected_shapes(config), _tensor_shapes(sd))
    model = RNNModel(config)
    model.load_state_dict({k: v.to(model.fc.weight.dtype) for k, v in sd.items()})
    p = _resolve(name_or_path)
    model.name = p.name if p.is_dir() else p.stem
    return model.eval()
