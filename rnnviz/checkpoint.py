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
import pickle
import re
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from rnnviz.config import ModelConfig, expected_shapes
from rnnviz.folders import (  # the checks that need no torch; their names stay importable here
    MAX_CHECKPOINT_BYTES,
    MAX_VOCAB_FILE_BYTES,
    CheckpointError,
    check_file,
    check_shapes,
    find,
    resolve,
)
from rnnviz.messages import N_, Message
from rnnviz.model import RNNModel
from rnnviz.tokenize import TOKENIZER_NAMES


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
            raise CheckpointError(e) from None
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
    check_file(path, MAX_CHECKPOINT_BYTES)
    if path.suffix == ".safetensors":
        try:
            return load_file(str(path))
        except (SafetensorError, OSError, ValueError) as e:
            raise CheckpointError(NOT_SAFETENSORS, name=path.name, detail=str(e)) from None
    if path.suffix in (".pt", ".pth", ".bin"):
        return read_pytorch(path, path.name)
    raise CheckpointError(
        N_("{name}: unsupported file type {suffix}; use .safetensors (or a .pt/.pth state dict)"),
        name=path.name,
        suffix=repr(path.suffix),
    )


NOT_SAFETENSORS = N_("{name} is not a valid safetensors file ({detail})")


def refused_message(name: str, err: str) -> Message:
    # torch names the first class it would have had to import; a whole pickled model
    # (torch.save(model)) shows up as the model's own class or a torch.nn module.
    m = re.search(r"GLOBAL ([\w.]+)", err)
    if m:
        return Message(
            N_(
                "{name} was refused: it holds more than plain tensors (it needs the class "
                "{cls}) or is damaged, and reading it could run code. Nothing in it was run. "
                "If it is a whole model saved with torch.save(model, ...), save "
                "`model.state_dict()` instead."
            ),
            name=name,
            cls=m.group(1),
        )
    return Message(
        N_(
            "{name} was refused: it holds more than plain tensors or is damaged, and reading "
            "it could run code. Nothing in it was run. If it is a whole model saved with "
            "torch.save(model, ...), save `model.state_dict()` instead."
        ),
        name=name,
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
        if keys:
            raise CheckpointError(
                N_(
                    "{name} does not hold a state dict of tensors (its keys: {keys}); "
                    "save `model.state_dict()`"
                ),
                name=name,
                keys=", ".join(map(str, keys))[:120],
            )
        raise CheckpointError(
            N_("{name} does not hold a state dict of tensors; save `model.state_dict()`"),
            name=name,
        )
    return obj


def _tensor_shapes(sd: dict[str, torch.Tensor]) -> dict[str, tuple[tuple[int, ...], str]]:
    return {
        k: (tuple(v.shape), "F32" if v.is_floating_point() else str(v.dtype)) for k, v in sd.items()
    }


def check_state_dict(model_or_config, sd: dict[str, torch.Tensor]) -> None:
    """Raise a CheckpointError naming missing, unexpected or mis-shaped tensors."""
    cfg = getattr(model_or_config, "config", model_or_config)
    check_shapes(expected_shapes(cfg), _tensor_shapes(sd))


def tokenizer_config(tokenizer: str | dict | object) -> dict:
    """A tokenizer config from a name (``TOKENIZER_NAMES``), a config dict or a tokenizer."""
    if isinstance(tokenizer, str):
        if tokenizer not in TOKENIZER_NAMES:
            raise CheckpointError(
                N_("unknown tokenizer {name}; choose one of {names}"),
                name=repr(tokenizer[:40]),
                names=", ".join(TOKENIZER_NAMES),
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
                N_("a vocabulary dict maps tokens (strings) to ids (integers); got {item}"),
                item=repr(bad[0])[:80],
            )
        ids = sorted(i for _, i in items)
        if ids != list(range(len(ids))):
            if len(set(ids)) != len(ids):
                raise CheckpointError(
                    N_(
                        "the vocabulary dict's ids must be 0, 1, ..., n-1, each once; "
                        "some id is used twice"
                    )
                )
            raise CheckpointError(
                N_(
                    "the vocabulary dict's ids must be 0, 1, ..., n-1, each once; they run from "
                    "{first} to {last}"
                ),
                first=ids[0],
                last=ids[-1],
            )
        return [t for t, _ in sorted(items, key=lambda ti: ti[1])]
    if isinstance(vocab, (list, tuple)) and all(isinstance(t, str) for t in vocab):
        return list(vocab)
    raise CheckpointError(
        N_(
            "the vocabulary must be a list of tokens (index → token) or a dict token → index, "
            "got {type}"
        ),
        type=type(vocab).__name__,
    )


def read_vocab(path: str | Path) -> list[str]:
    """A vocabulary file: a JSON list, a JSON dict token → index, or one token per line."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(N_("{path}: no such file"), path=str(path))
    if path.stat().st_size > MAX_VOCAB_FILE_BYTES:
        raise CheckpointError(OVER, name=path.name, limit=MAX_VOCAB_FILE_BYTES // 2**20)
    return vocab_from_bytes(path.read_bytes(), path.name)


def vocab_from_bytes(data: bytes, name: str) -> list[str]:
    """``read_vocab`` for a file's contents (an upload)."""
    if len(data) > MAX_VOCAB_FILE_BYTES:
        raise CheckpointError(OVER, name=name, limit=MAX_VOCAB_FILE_BYTES // 2**20)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CheckpointError(
            N_("{name} is not UTF-8 text (byte {byte})"), name=name, byte=e.start
        ) from None
    if text.lstrip()[:1] in ("[", "{"):
        try:
            return vocab_list(json.loads(text))
        except json.JSONDecodeError as e:
            raise CheckpointError(
                N_("{name} is not valid JSON (error at line {line}, column {column})"),
                name=name,
                line=str(e.lineno),
                column=str(e.colno),
            ) from None
    # one token per line; split("\n") only: a token may be any other character
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [ln.removesuffix("\r") for ln in lines]


OVER = N_("{name} is over {limit} MiB")
READOUT_HELP = N_(
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
            N_(
                "cannot infer the model: no tensor named {name} (rnnviz reads modules built as "
                "`embedding` (optional) → `rnn` (nn.RNN/LSTM/GRU) → `fc` (nn.Linear))"
            ),
            name=repr(e.args[0]),
        ) from None
    except (ValueError, IndexError):
        raise CheckpointError(N_("rnn.weight_hh_l0 / fc.weight are not matrices")) from None
    cell = {4: "lstm", 3: "gru", 1: "rnn"}.get(rows // H) if H else None
    if cell is None or rows % H:
        raise CheckpointError(
            N_("rnn.weight_hh_l0 has shape {shape}: not an RNN, LSTM or GRU"),
            shape=str([rows, H]),
        )
    layer_ids = [int(m.group(1)) for k in sd if (m := re.match(r"rnn\.weight_ih_l(\d+)", k))]
    V = len(vocab)
    emb = sd.get("embedding.weight")
    rows_in = int(emb.shape[0]) if emb is not None else in0
    if rows_in != V:
        if emb is not None:
            raise CheckpointError(
                N_(
                    "the vocabulary has {n} tokens but the embedding has {rows}: it is not this "
                    "model's vocabulary (or it was cut or extended)"
                ),
                n=V,
                rows=rows_in,
            )
        raise CheckpointError(
            N_(
                "the vocabulary has {n} tokens but the one-hot input (rnn.weight_ih_l0) has "
                "{rows}: it is not this model's vocabulary (or it was cut or extended)"
            ),
            n=V,
            rows=rows_in,
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
            raise CheckpointError(
                N_("fc has {outputs} outputs but {n} labels were given"),
                outputs=fc_out,
                n=len(labels),
            )
        cfg.update(readout=readout, labels=labels)
    cfg.update(overrides)
    try:
        config = ModelConfig(**cfg)
    except (TypeError, ValueError) as e:
        raise CheckpointError(e) from None
    check_state_dict(config, sd)
    return config


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
    config, weights = find(name_or_path, config)
    if weights.suffix != ".safetensors":  # a safetensors header was compared by find()
        check_shapes(expected_shapes(config), _pt_shapes(weights))
    return config, weights


def _pt_shapes(path: Path) -> dict[str, tuple[tuple[int, ...], str]]:
    """Name → (shape, dtype) of a PyTorch state dict file, memory-mapped: the pickle is
    read (``weights_only``: never code), the tensor data is not."""
    check_file(path, MAX_CHECKPOINT_BYTES)
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
    p = resolve(name_or_path)
    model.name = p.name if p.is_dir() else p.stem
    return model.eval()
