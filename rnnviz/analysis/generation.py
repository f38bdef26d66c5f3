"""Text generation from a language model, one token at a time, with the states recorded.

Sampling reads the model's next-token distribution, divides the logits by the
temperature (low: safe and repetitive; high: adventurous), and draws with a seeded
generator, so the same seed gives the same text. The returned Trace is
``rnnviz.tracing.text`` of prompt + generated text, so the states and the top choices shown at
every generated character are exactly those the model had when it chose it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from rnnviz.model import RNNModel
from rnnviz.tokenize import Vocab, tokenizer_from_config
from rnnviz.tracing.rnn import TraceInputError
from rnnviz.tracing.text import Trace, trace

MAX_NEW_TOKENS = 500


@dataclass
class Generation:
    prompt: str
    text: str  # prompt + generated
    new_tokens: list[str]
    temperature: float
    seed: int
    trace: Trace  # of the whole text
    prompt_length: int  # tokens of the prompt; generated ones follow
    chosen_prob: np.ndarray  # probability (at temperature) of each generated token


@torch.no_grad()
def generate(
    model: RNNModel,
    prompt: str,
    n: int = 80,
    temperature: float = 0.8,
    seed: int = 0,
    stop_at: str | None = None,
) -> Generation:
    """Write ``n`` tokens after ``prompt``; see the module docstring."""
    cfg = model.config
    if cfg.head != "lm":
        raise TraceInputError("only a language model can write text (this one is a classifier)")
    if not (0.05 <= temperature <= 5.0):
        raise TraceInputError("temperature must be between 0.05 and 5")
    if not (1 <= n <= MAX_NEW_TOKENS):
        raise TraceInputError(f"n must be between 1 and {MAX_NEW_TOKENS}")
    tok = tokenizer_from_config(cfg.tokenizer)
    vocab = Vocab(cfg.vocab)
    tokens = tok.tokenize(prompt)
    if not tokens:
        raise TraceInputError("type a prompt of at least one character")
    ids, _ = vocab.encode(tokens)
    banned = [vocab.index[s] for s in ("<pad>", "<unk>") if s in vocab.index]
    gen = torch.Generator().manual_seed(seed)
    model.eval()
    out, state = model.rnn(model.inputs(torch.tensor([ids], device=model.fc.weight.device)))
    new, probs = [], []
    for _ in range(n):
        logits = model.fc(out[0, -1]) / temperature
        logits[banned] = -float("inf")
        p = torch.softmax(logits.double(), -1)
        k = int(torch.multinomial(p, 1, generator=gen))
        new.append(vocab.tokens[k])
        probs.append(float(p[k]))
        if stop_at is not None and vocab.tokens[k] == stop_at:
            break
        out, state = model.rnn(
            model.inputs(torch.tensor([[k]], device=model.fc.weight.device)), state
        )
    text = tok.detokenize([*tokens, *new]) if tok.kind == "word" else prompt + "".join(new)
    return Generation(
        prompt, text, new, temperature, seed, trace(model, text), len(tokens), np.array(probs)
    )
