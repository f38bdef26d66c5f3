"""Tests of the synthetic task generators (rnnviz.tasks): shape, determinism, ground truth.

Where it is cheap, the ground truth (labels, annotations, targets) is re-derived here by
an independent little parser instead of trusting the generator's own bookkeeping.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz import tasks
from rnnviz.tasks import long_range, sentiment

NAMES = ["agreement", "brackets", "long_range", "long_range_far", "news", "sentiment", "stories"]
SAMPLE = 200


@pytest.fixture(scope="module")
def samples() -> dict[str, list[tasks.Example]]:
    return {name: tasks.generate(name, SAMPLE, seed=7) for name in NAMES}


def test_names() -> None:
    langs = [f"agreement_{x}" for x in ("bg", "lt", "ro", "sr", "uk")]  # test_tasks_langs.py
    assert tasks.names() == sorted(NAMES + langs)


@pytest.mark.parametrize("name", NAMES)
def test_info(name: str) -> None:
    info = tasks.info(name)
    assert info.name == name
    assert info.kind in ("classifier", "lm")
    assert info.tokenizer in ("word", "char")
    assert (info.labels is None) == (info.kind == "lm")
    assert info.properties and info.description
    assert 5 <= len(tasks.examples(name)) <= 10


@pytest.mark.parametrize("name", NAMES)
def test_deterministic_and_seed_dependent(name: str) -> None:
    a = tasks.generate(name, 20, seed=1)
    assert a == tasks.generate(name, 20, seed=1)
    assert a != tasks.generate(name, 20, seed=2)
    assert a != tasks.generate(name, 20, seed=-1)  # random.Random(-1) == Random(1); not here
    assert tasks.generate(name, 5, seed=1) == a[:5]  # longer runs extend shorter ones
    assert tasks.generate(name, 0, seed=1) == []


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(-(2**63), 2**63))
def test_deterministic_any_seed(seed: int) -> None:
    for name in NAMES:
        assert tasks.generate(name, 3, seed) == tasks.generate(name, 3, seed)


@pytest.mark.parametrize("name", NAMES)
def test_examples_are_well_formed(name: str, samples) -> None:
    info = tasks.info(name)
    tok = tasks.tokenizer(name)
    vocab = set(tasks.vocabulary(name))
    for ex in samples[name]:
        assert ex.tokens == tok.tokenize(ex.text)
        assert set(ex.tokens) <= vocab
        assert list(ex.annotations) == info.properties
        for values in ex.annotations.values():
            assert len(values) == len(ex.tokens)
            assert set(values) <= {0, 1}
        if info.kind == "lm":
            assert ex.label is None
        else:
            assert 0 <= ex.label < len(info.labels)
            assert ex.targets == ()
        for i, correct, wrong in ex.targets:
            # never index 0: a scorer reads the prediction for token i at position i - 1
            assert 1 <= i < len(ex.tokens) and ex.tokens[i] == correct and wrong != correct
    if info.labels:
        assert Counter(ex.label for ex in samples[name]).keys() == set(range(len(info.labels)))
    for demo in tasks.examples(name):
        assert set(tok.tokenize(demo)) <= vocab, demo


def test_example_is_frozen(samples) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        samples["news"][0].label = 3


# ---- sentiment -------------------------------------------------------------------------

NEGATORS = {"not", "never", "no", "didn't", "isn't", "wasn't", "doesn't"}
BOUNDARIES = {",", "but", "and", "."}
POLARITY = {w: 1 for w in sentiment.POSITIVE} | {w: -1 for w in sentiment.NEGATIVE}
for _base, _past in sentiment.LIKE_VERBS:
    POLARITY[_base] = POLARITY[_past] = 1
for _base, _past in sentiment.HATE_VERBS:
    POLARITY[_base] = POLARITY[_past] = -1


def _clauses(tokens: list[str]) -> list[list[int]]:
    """Token indices of each clause (boundary tokens belong to none)."""
    out: list[list[int]] = [[]]
    for i, t in enumerate(tokens):
        if t in BOUNDARIES:
            out.append([])
        else:
            out[-1].append(i)
    return [c for c in out if c]


def _check_sentiment(ex: tasks.Example) -> None:
    negated = [0] * len(ex.tokens)
    polarities = []
    for clause in _clauses(ex.tokens):
        words = [ex.tokens[i] for i in clause]
        negs = [k for k, w in enumerate(words) if w in NEGATORS]
        assert len(negs) <= 1, ex.text
        for k in range(negs[0] + 1 if negs else len(words), len(words)):
            negated[clause[k]] = 1
        polar = [POLARITY[w] for w in words if w in POLARITY]
        assert len(polar) == 1, ex.text
        polarities.append(-polar[0] if negs else polar[0])
    assert ex.annotations["negated"] == negated, ex.text
    assert ex.label == (1 if polarities[-1] > 0 else 0), ex.text


def test_sentiment_labels_and_negation_scope(samples) -> None:
    for ex in samples["sentiment"] + tasks.generate("sentiment", 100, 3, pairs=True):
        _check_sentiment(ex)


def test_sentiment_scope_example() -> None:
    ex = next(e for e in tasks.generate("sentiment", 500, 0) if "didn't" in e.tokens)
    i = ex.tokens.index("didn't")
    assert ex.annotations["negated"][i] == 0 and ex.annotations["negated"][i + 1] == 1


def test_sentiment_pairs_have_same_bag_and_opposite_labels() -> None:
    data = tasks.generate("sentiment", 60, seed=5, pairs=True)
    for a, b in zip(data[::2], data[1::2]):
        assert Counter(a.tokens) == Counter(b.tokens)
        assert a.tokens != b.tokens and a.label != b.label


# ---- agreement -------------------------------------------------------------------------

PLURAL_FORMS = {"are", "were", "have", "they", "their"}
SINGULAR_FORMS = {"is", "was", "has", "she", "he", "her", "his"}


def test_agreement_targets_match_annotations(samples) -> None:
    counts: Counter[str] = Counter()
    for ex in samples["agreement"]:
        assert ex.targets, ex.text
        plural, female = ex.annotations["plural_subject"], ex.annotations["female_subject"]
        for i, correct, wrong in ex.targets:
            assert plural[i - 1] == (correct in PLURAL_FORMS), ex.text
            assert correct in PLURAL_FORMS | SINGULAR_FORMS
            assert wrong in PLURAL_FORMS | SINGULAR_FORMS
            if correct in ("she", "her"):
                assert female[i - 1] == 1, ex.text
            if correct in ("he", "his"):
                assert female[i - 1] == 0, ex.text
            counts[correct] += 1
        # once known, the subject's flags hold to the end of the sentence
        assert plural[-1] == max(plural) and plural == sorted(plural)
    assert {"is", "are", "was", "were", "she", "he", "they", "her", "his", "their"} <= set(counts)


def test_agreement_flag_points() -> None:
    data = tasks.generate("agreement", 300, seed=2)
    coord = next(
        e for e in data if e.tokens[1:2] == ["and"] and e.tokens[0] in tasks.agreement.FEMALE_NAMES
    )
    assert coord.annotations["female_subject"][:2] == [1, 0]
    assert coord.annotations["plural_subject"][:2] == [0, 1]


# ---- brackets --------------------------------------------------------------------------


def test_brackets_rederived_by_parser(samples) -> None:
    cases = [(ex, 3) for ex in samples["brackets"]]
    cases += [(ex, 1) for ex in tasks.generate("brackets", 50, 1, max_depth=1)]
    for ex, max_depth in cases:
        depth, quoted, seen_depth = 0, False, 0
        want = {"inside_quotes": [], "depth_ge_1": [], "depth_ge_2": []}
        legal_before = []  # (may end, may close) in the state before each char
        for k, ch in enumerate(ex.tokens):
            legal_before.append((depth == 0 and not quoted, depth > 0 and not quoted))
            if ch == '"':
                quoted = not quoted
            elif ch in "().":
                assert not quoted, ex.text
                depth += {"(": 1, ")": -1, ".": 0}[ch]
                assert depth >= 0 and (ch != "." or k == len(ex.tokens) - 1)
            else:
                assert ch == " " or ch.islower()
            seen_depth = max(seen_depth, depth)
            want["inside_quotes"].append(int(quoted))
            want["depth_ge_1"].append(int(depth >= 1))
            want["depth_ge_2"].append(int(depth >= 2))
        assert ex.tokens[-1] == "." and depth == 0 and not quoted
        assert seen_depth <= max_depth
        assert ex.annotations == want
        for i, _correct, wrong in ex.targets:
            may_end, may_close = legal_before[i]
            assert not (may_end if wrong == "." else may_close), (ex.text, i, wrong)
        closers = sum(
            1
            for k, ch in enumerate(ex.tokens)
            if ch == ")" or (ch == '"' and not want["inside_quotes"][k])
        )
        assert len(ex.targets) == closers + 1


def test_brackets_max_depth_option() -> None:
    for ex in tasks.generate("brackets", 100, 4, max_depth=1):
        assert not any(ex.annotations["depth_ge_2"])
    assert any(any(e.annotations["depth_ge_2"]) for e in tasks.generate("brackets", 100, 4))


# ---- long_range ------------------------------------------------------------------------


@pytest.mark.parametrize("distance", [0, 2, 5, 10, 20, 40])
def test_long_range_distance(distance: int) -> None:
    for ex in tasks.generate("long_range", 50, 0, distance=distance):
        assert len(ex.tokens) == distance + 1
        assert ex.annotations["key"] == [1] + [0] * distance
        assert ex.tokens[0] in long_range.KEYS[ex.label]
        assert not set(ex.tokens[1:]) & set(long_range.KEYS[0] + long_range.KEYS[1])


def test_long_range_default_distance(samples) -> None:
    lengths = {len(ex.tokens) - 1 for ex in samples["long_range"]}
    assert min(lengths) >= 1 and max(lengths) <= 80 and len(lengths) > 40
    long = {len(e.tokens) - 1 for e in tasks.generate("long_range", 2000, 0)}
    assert {1, 2, 5, 10, 20, 40, 80} <= long and max(long) == 80
    lengths = {
        len(e.tokens) - 1
        for e in tasks.generate("long_range", 100, 0, min_distance=1, max_distance=3)
    }
    assert lengths == {1, 2, 3}


def test_long_range_decoys_do_not_decide() -> None:
    keys = set(long_range.KEYS[0] + long_range.KEYS[1])
    data = tasks.generate("long_range", 100, 0, distance=20, decoys=0.5)
    assert sum(t in keys for ex in data for t in ex.tokens[1:]) > 500
    for ex in data:
        assert ex.tokens[0] in long_range.KEYS[ex.label] and ex.annotations["key"][1:] == [0] * 20


# ---- stories ---------------------------------------------------------------------------


def test_stories_quotes_and_sentences(samples) -> None:
    for ex in samples["stories"]:
        quoted, want = False, []
        for ch in ex.tokens:
            quoted ^= ch == '"'
            want.append(int(quoted))
        assert ex.annotations["inside_quotes"] == want and not quoted
        starts = [i for i, s in enumerate(ex.annotations["sentence_start"]) if s]
        assert starts[0] == 0 and 2 <= len(starts) <= 4
        assert all(ex.tokens[i - 1] == " " and ex.tokens[i - 2] in '.!?"' for i in starts[1:])


# ---- argument checking -----------------------------------------------------------------


def test_unknown_task_lists_valid_names() -> None:
    with pytest.raises(ValueError) as err:
        tasks.generate("imdb", 10, 0)
    assert all(name in str(err.value) for name in NAMES)
    with pytest.raises(ValueError):
        tasks.info("imdb")


@pytest.mark.parametrize(
    ("name", "n", "opts"),
    [
        ("news", -1, {}),
        ("news", 2.5, {}),
        ("news", 3, {"pairs": True}),
        ("sentiment", 3, {"pair": True}),
        ("sentiment", 3, {"pairs": "yes"}),
        ("long_range", 3, {"distance": -1}),
        ("long_range", 3, {"min_distance": 9, "max_distance": 2}),
        ("long_range", 3, {"decoys": 1.5}),
        ("brackets", 3, {"max_depth": "3"}),
    ],
)
def test_bad_arguments(name: str, n, opts: dict) -> None:
    with pytest.raises(ValueError):
        tasks.generate(name, n, 0, **opts)


def test_unknown_option_message_lists_valid_options() -> None:
    with pytest.raises(ValueError, match="distance"):
        tasks.generate("long_range", 3, 0, distanse=4)
    assert tasks.options("long_range")["max_distance"] == 80
