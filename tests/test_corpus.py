"""The corpus and the unit explorer's analyses against ground truth: every text of a batched
corpus against ``rnnviz.trace`` of that text alone, match against a brute-force scan with
Python sets, top contexts and means against sorting by hand, the PCA against
``numpy.linalg.svd``, user-marked AUC against ``find_units`` and a pairwise count."""

from __future__ import annotations

import random

import numpy as np
import pytest
import torch

import rnnviz
from rnnviz.analysis import (
    check_texts,
    find_units,
    histogram,
    marked_units,
    match,
    mean_by_token,
    pca,
    read_texts,
    top_contexts,
    trace_corpus,
    units_on,
)
from rnnviz.analysis.corpus import MAX_BYTES, MAX_TEXT_CHARS
from rnnviz.model import ModelConfig, RNNModel

WORDS = ["a", "b", "c", "d", "e", "f", "g", "not", "good", "."]
VOCAB = ["<pad>", "<unk>", *WORDS]


def _model(cell: str, layers: int = 1, bidirectional: bool = False, **kw) -> RNNModel:
    torch.manual_seed(0)
    cfg = ModelConfig(
        cell=cell,
        vocab=VOCAB,
        hidden_size=6,
        embed_size=5,
        num_layers=layers,
        bidirectional=bidirectional,
        **{"labels": ["neg", "pos"], **kw},
    )
    return RNNModel(cfg).eval()


def _texts(n: int, seed: int = 0, max_len: int = 9) -> list[str]:
    rng = random.Random(seed)
    # an unknown word now and then, so <unk> is in the corpus too
    pool = [*WORDS, "zzz"]
    return [" ".join(rng.choice(pool) for _ in range(rng.randint(1, max_len))) for _ in range(n)]


CONFIGS = [
    ("rnn", 1, False, {}),
    ("lstm", 1, False, {}),
    ("gru", 1, False, {}),
    ("lstm", 2, False, {"readout": "mean"}),
    ("gru", 2, True, {}),
    ("lstm", 1, True, {}),
    ("rnn", 2, False, {"head": "lm", "labels": []}),
]


@pytest.mark.parametrize("cell,layers,bi,kw", CONFIGS)
def test_every_text_of_a_batched_corpus_equals_its_own_trace(cell, layers, bi, kw):
    m = _model(cell, layers, bi, **kw)
    texts = [*_texts(14), "   "]  # a text with no tokens is kept, with none
    # a small batch budget: many batches, padded ones (forward) and one length per batch
    corpus = trace_corpus(m, texts, dtype=np.float32, batch_tokens=20)
    assert corpus.offsets[-1] == len(corpus)
    assert corpus.offsets[-1] == corpus.offsets[-2]  # the blank text
    for d, text in enumerate(texts[:-1]):
        tr = rnnviz.trace(m, text)
        a, b = corpus.offsets[d], corpus.offsets[d + 1]
        assert corpus.tokens_of(d) == tr.tokens
        assert (corpus.pos[a:b] == np.arange(b - a)).all() and (corpus.doc[a:b] == d).all()
        for name in corpus.states:
            want = tr.state(name).transpose(2, 0, 1, 3).reshape(len(tr), -1)
            np.testing.assert_allclose(corpus.states[name][a:b], want, atol=2e-6)
        if not bi:
            assert (corpus.prediction[a:b] == tr.probs.argmax(1)).all()
            np.testing.assert_allclose(corpus.confidence[a:b], tr.probs.max(1), rtol=1e-3)
        else:
            assert corpus.prediction is None


def test_float16_storage_is_within_its_rounding():
    m = _model("lstm")
    texts = _texts(30, seed=1)
    c16, c32 = trace_corpus(m, texts), trace_corpus(m, texts, dtype=np.float32)
    assert c16.states["cell"].dtype == np.float16
    assert c16.nbytes < c32.nbytes
    x, y = c16.states["cell"].astype(np.float32), c32.states["cell"]
    assert np.all(np.abs(x - y) <= 2**-11 * np.abs(y) + 1e-7)


def test_progress_is_reported_up_to_the_total():
    seen = []
    c = trace_corpus(
        _model("gru"), _texts(20), batch_tokens=30, progress=lambda a, b: seen.append((a, b))
    )
    assert len(seen) > 1 and seen[-1] == (len(c), len(c))
    assert [a for a, _ in seen] == sorted(a for a, _ in seen)


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "no texts"),
        (b"\n  \n", "no texts"),
        (b"\x00\x01binary\x00", "binary"),
        ("caf\u00e9".encode("latin-1"), "not UTF-8"),
        (b"x" * (MAX_BYTES + 1), "cap"),
        (("word " * (MAX_TEXT_CHARS // 4)).encode(), "per text"),
    ],
)
def test_bad_corpus_input_is_one_clear_message(data, message):
    with pytest.raises(ValueError, match=message):
        read_texts(data)


def test_read_texts_per_line_or_whole():
    assert read_texts(b"one\r\n\r\ntwo\n") == ["one", "two"]
    assert read_texts("just one text") == ["just one text"]
    assert read_texts("a\nb", per_line=False) == ["a\nb"]
    with pytest.raises(ValueError, match="list of texts"):
        check_texts("not a list")
    with pytest.raises(ValueError, match="no tokens"):
        trace_corpus(_model("lstm"), [" ", "\t"])
    with pytest.raises(ValueError, match="bag"):
        trace_corpus(RNNModel(ModelConfig("bag", VOCAB, labels=["a", "b"])), ["a"])


@pytest.fixture(scope="module")
def corpus():
    m = _model("lstm", layers=2)
    return trace_corpus(m, _texts(300, seed=2, max_len=14))


def brute_matches(corpus, X, sel, thr):
    """Every maximal run where all of ``sel`` are on, scored with Python sets."""
    out = []
    for d in range(len(corpus.texts)):
        a, b = corpus.offsets[d], corpus.offsets[d + 1]
        on = [set(np.flatnonzero(X[i] >= thr).tolist()) for i in range(a, b)]
        p = 0
        while p < b - a:
            if set(sel) <= on[p]:
                q = p
                while q < b - a and set(sel) <= on[q]:
                    q += 1
                throughout = set.intersection(*on[p:q])
                iou = len(set(sel) & throughout) / len(set(sel) | throughout)
                out.append((d, p, q, iou, len(throughout)))
                p = q
            else:
                p += 1
    out.sort(key=lambda r: (-r[3], -(r[2] - r[1]), corpus.offsets[r[0]] + r[1]))
    return out


@pytest.mark.parametrize("layer,units,q", [(0, [1], 0.5), (1, [0, 3], 0.6), (0, [2, 4, 5], 0.8)])
def test_match_equals_a_brute_force_scan(corpus, layer, units, q):
    X = corpus.block("cell", layer)
    # a threshold that the selected units pass together at about 1 - q of the tokens
    thr = float(np.quantile(X[:, units].astype(np.float32).min(1), q))
    want = brute_matches(corpus, X, units, X.dtype.type(thr))
    got = match(corpus, units, thr, layer=layer, state="cell", k=1000)
    assert len(want) > 20
    assert layer == 1 or len({w[3] for w in want}) > 1  # ranked by IoU, not only length
    assert len(want) <= 1000
    assert [(g.doc, g.start, g.end, g.on_units) for g in got] == [(*w[:3], w[4]) for w in want]
    assert [g.iou for g in got] == pytest.approx([w[3] for w in want])


def test_match_top_k_and_min_length(corpus):
    full = match(corpus, [1], 0.1, k=1000)
    assert match(corpus, [1], 0.1, k=5) == full[:5]
    longer = match(corpus, [1], 0.1, k=1000, min_length=3)
    assert longer == [m for m in full if m.length >= 3]


def test_match_bad_selections_are_clear(corpus):
    with pytest.raises(ValueError, match="no units are selected"):
        match(corpus, [], 0.2)
    with pytest.raises(ValueError, match="all 6 units"):
        match(corpus, range(6), 0.2)
    with pytest.raises(ValueError, match="unit 9 is out of range"):
        match(corpus, [9], 0.2)
    with pytest.raises(ValueError, match="layer 2 is out of range"):
        match(corpus, [1], 0.2, layer=2)
    with pytest.raises(ValueError, match="unit 6 is out of range"):
        top_contexts(corpus, 6)


def test_units_on_equals_a_loop():
    rng = np.random.default_rng(0)
    s = rng.normal(size=(7, 10))
    for a, b, thr in [(0, 1, 0.0), (2, 5, -0.5), (0, 7, -1.0)]:
        want = [u for u in range(10) if all(s[t, u] >= thr for t in range(a, b))]
        assert units_on(s, (a, b), thr).tolist() == want
    with pytest.raises(ValueError, match="span"):
        units_on(s, (3, 3), 0.0)


def test_top_contexts_histogram_and_means_against_plain_python(corpus):
    v = corpus.states["cell"][:, corpus.column(4, 1)].astype(np.float32)
    order = sorted(range(len(v)), key=lambda i: (-v[i], i))[:7]
    top = top_contexts(corpus, 4, k=7, layer=1, width=2, state="cell")
    assert [c.index for c in top] == order
    c0 = top[0]
    toks = corpus.tokens_of(c0.doc)
    assert (list(c0.left), c0.token, list(c0.right)) == (
        toks[max(0, c0.pos - 2) : c0.pos],
        toks[c0.pos],
        toks[c0.pos + 1 : c0.pos + 3],
    )
    low = top_contexts(corpus, 4, k=3, layer=1, lowest=True, state="cell")
    assert [c.index for c in low] == sorted(range(len(v)), key=lambda i: (v[i], i))[:3]
    counts, edges = histogram(corpus, 4, bins=10, layer=1, state="cell")
    assert counts.sum() == len(corpus) and edges[0] == v.min() and edges[-1] == v.max()
    sums: dict[str, list[float]] = {}
    for i in range(len(v)):
        sums.setdefault(corpus.vocab[corpus.ids[i]], []).append(float(v[i]))
    got = mean_by_token(corpus, 4, layer=1, state="cell")
    assert {t: (m, n) for t, m, n in got} == {
        t: (pytest.approx(np.mean(x)), len(x)) for t, x in sums.items()
    }
    assert [m for _, m, _ in got] == sorted((m for _, m, _ in got), reverse=True)


def test_pca_equals_numpy_svd():
    m = _model("gru")
    corpus = trace_corpus(m, _texts(200, seed=3), dtype=np.float32)
    sp = pca(corpus, "hidden", k=3)
    X = corpus.block("hidden").astype(np.float64)
    Xc = X - X.mean(0)
    _, s, vt = np.linalg.svd(Xc, full_matrices=False)
    for k in range(3):
        assert abs(float(sp.components[k] @ vt[k])) == pytest.approx(1.0, abs=1e-8)
    np.testing.assert_allclose(sp.variance, s[:3] ** 2 / (len(X) - 1), rtol=1e-8)
    np.testing.assert_allclose(sp.explained, s[:3] ** 2 / (s**2).sum(), rtol=1e-8)
    np.testing.assert_allclose(np.abs(sp.project(X)), np.abs(Xc @ vt[:3].T), atol=1e-8)
    assert sp.sample == len(corpus)


def test_marked_units_equal_find_units_and_a_pairwise_count():
    m = _model("lstm")
    texts = ["a b not good c", "not good .", "a b c d", "good e not f"]
    marks = [[2, 3], [0, 1], [], [2]]
    got = marked_units(m, texts, marks)
    notes = [[int(i in mk) for i in range(len(t.split()))] for t, mk in zip(texts, marks)]
    assert got == find_units(m, texts, notes)
    # the best unit's AUC, counted pair by pair from the exact traces
    best = got[0]
    vals, ys = [], []
    for t, n in zip(texts, notes):
        vals += rnnviz.trace(m, t).cell[best.layer, best.direction, :, best.unit].tolist()
        ys += n
    pos = [v for v, y in zip(vals, ys) if y]
    neg = [v for v, y in zip(vals, ys) if not y]
    wins = sum((p > q) + 0.5 * (p == q) for p in pos for q in neg)
    assert best.auc == pytest.approx(wins / (len(pos) * len(neg)))
    with pytest.raises(ValueError, match="leave some unmarked"):
        marked_units(m, ["a b"], [[0, 1]])
    with pytest.raises(ValueError, match="outside sentence 0"):
        marked_units(m, ["a b"], [[5]])
