"""Checkpoints held in memory: the checks of ``rnnviz.checkpoint``, on bytes, writing no file.

For anything that has a checkpoint as bytes rather than a folder: an upload form (the app's
"Your model" page keeps uploads in the user's session), an archive read in a notebook. A ``.zip``
checkpoint folder (config.json + weights.safetensors) has its config checked against the
safetensors header before any tensor is read; a ``.pt``/``.pth`` state dict goes through
``torch.load(weights_only=True)`` only, so a pickle that carries code is refused unrun.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from safetensors import SafetensorError
from safetensors.torch import load as safetensors_load

from rnnviz.checkpoint import (
    MAX_CHECKPOINT_BYTES,
    MAX_VOCAB_FILE_BYTES,
    NOT_SAFETENSORS,
    CheckpointError,
    check_shapes,
    check_state_dict,
    expected_shapes,
    read_pytorch,
)
from rnnviz.folders import header_shapes, in_file, not_json
from rnnviz.messages import N_
from rnnviz.model import ModelConfig, RNNModel


def weights_from_bytes(data: bytes, name: str, config: ModelConfig | None = None) -> dict:
    """A state dict from an uploaded ``.safetensors`` or ``.pt``/``.pth`` file's bytes.

    With ``config``, a safetensors header is checked against it before any tensor is read.
    """
    if not data:
        raise CheckpointError(N_("{name} is empty"), name=name)
    if len(data) > MAX_CHECKPOINT_BYTES:
        raise CheckpointError(
            N_("{name} is over {limit} MiB"), name=name, limit=MAX_CHECKPOINT_BYTES // 2**20
        )
    suffix = Path(name).suffix.lower()
    if suffix == ".safetensors":
        shapes = header_shapes(data, name)
        if config is not None:
            check_shapes(expected_shapes(config), shapes)
        try:
            return safetensors_load(data)
        except (SafetensorError, ValueError) as e:
            raise CheckpointError(NOT_SAFETENSORS, name=name, detail=str(e)) from None
    if suffix in (".pt", ".pth", ".bin"):
        return read_pytorch(io.BytesIO(data), name)
    raise CheckpointError(N_("{name}: give a .safetensors, .pt or .pth file"), name=name)


def model_from_state_dict(config: ModelConfig, sd: dict, name: str = "model") -> RNNModel:
    """An ``RNNModel`` holding ``sd``, once its shapes match ``config`` (checked first)."""
    check_state_dict(config, sd)
    model = RNNModel(config)
    model.load_state_dict({k: v.to(model.fc.weight.dtype) for k, v in sd.items()})
    model.name = name
    return model.eval()


MAX_ZIP_ENTRIES = 64


def load_zip(data: bytes, name: str) -> RNNModel:
    """A checkpoint folder uploaded as a ``.zip`` (config.json + weights.safetensors)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise CheckpointError(N_("{name} is not a zip file"), name=name) from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise CheckpointError(
            N_("{name} holds {n} files; a checkpoint holds a few"), name=name, n=len(infos)
        )
    by_name = {Path(i.filename).name: i for i in infos if not i.is_dir()}
    missing = [n for n in ("config.json", "weights.safetensors") if n not in by_name]
    if missing:
        raise CheckpointError(
            N_(
                "{name} has no {files} (a checkpoint folder, as `rnnviz.save` or "
                "`rnnviz convert` writes it, zipped)"
            ),
            name=name,
            files=" / ".join(missing),
        )
    cfg_i, w_i = by_name["config.json"], by_name["weights.safetensors"]
    # sizes as the zip declares them, checked before inflating anything (zip bombs)
    if cfg_i.file_size > MAX_VOCAB_FILE_BYTES or w_i.file_size > MAX_CHECKPOINT_BYTES:
        raise CheckpointError(
            N_("{name}: its files are too big for a model rnnviz can show"), name=name
        )
    try:
        raw = json.loads(zf.read(cfg_i).decode("utf-8"))
        config = ModelConfig.from_dict(raw) if isinstance(raw, dict) else None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CheckpointError(not_json("config.json", e)) from None
    except (TypeError, ValueError) as e:
        raise CheckpointError(in_file("config.json", e)) from None
    if config is None:
        raise CheckpointError(N_("{name} must hold a JSON object"), name="config.json")
    sd = weights_from_bytes(zf.read(w_i), "weights.safetensors", config)
    return model_from_state_dict(config, sd, Path(name).stem)
