"""The words the cell view (``app/components/cell_view``) shows, marked for translation.

The view's JavaScript writes each of these English templates through ``tr(template,
fields)``; :func:`payload.step_payload` sends their translations in the payload's ``words``
(only those that differ from the English), so the browser shows the session's language
with no catalog of its own. ``{fields}`` are filled in the browser, after translation.
The step walk (``app/components/step_walk``, which draws with the cell view's diagram) gets
``CELL_VIEW + STEP_WALK`` the same way, from :func:`walkthrough.step_walk`.
tests/test_view_words.py checks that every ``tr("…")`` in the JavaScript is listed here.
"""

from __future__ import annotations


def N_(message: str) -> str:  # marks a string for extraction (app/locale/README.md)
    return message


CELL_VIEW = (
    N_("tokens"),
    N_("unknown: «{token}» is not in the model's vocabulary"),
    N_("token {n}: «{token}»"),
    N_("token"),
    N_("◀ prev"),
    N_("previous token"),
    N_("previous token (←)"),
    N_("next ▶"),
    N_("next token"),
    N_("next token (→)"),
    N_("play (space)"),
    N_("play speed"),
    N_("backward ←"),
    N_("forward →"),
    N_("Bag of embeddings (no recurrence)"),
    N_("{kind} cell · layer {layer} (of {n})"),
    N_("{kind} cell · layer {layer}"),
    N_("mean over all {n} units"),
    N_("Swipe sideways to see the whole diagram."),
    N_("token {n} of {total}: {token}"),
    N_("⏸ Pause"),
    N_("▶ Play"),
    N_("pause"),
    N_("play"),
    N_("token {n} of {total}: «{token}»"),
    N_("(unknown to the model)"),
    N_("unit {unit}"),
    N_("× forget: f · cₜ₋₁ is what is kept"),
    N_("+ : kept part plus written part gives cₜ"),
    N_("× input: i · g is what is written"),
    N_("× output: o · tanh(cₜ) gives hₜ"),
    N_("× reset: r scales the old state's part of the candidate"),
    N_("× keep: z · hₜ₋₁ is what is kept"),
    N_("1 − z: how much of the candidate is taken"),
    N_("× take: (1 − z) · n"),
    N_("+ : kept part plus taken part gives hₜ"),
    N_("+ : the sum W_ih·xₜ + W_hh·hₜ₋₁ + b, before tanh squashes it (the sum before squashing)"),
    N_("× (t−1)/t: the old mean's weight"),
    N_("× 1/t: the new token's weight"),
    N_("+ : the running mean of the embeddings"),
    N_("{kind} cell diagram"),
    N_("forget gate f = {v}: keeps {v} of {c}"),
    N_("input gate i = {v}: writes {v} of the candidate g"),
    N_("candidate g = {v}: the value proposed for the cell"),
    N_("candidate n = {v}: the new value proposed"),
    N_("output gate o = {v}: shows {v} of tanh(cₜ) as hₜ"),
    N_("reset gate r = {v}: lets {v} of the old state into n"),
    N_("update gate z = {v}: keeps {v} of {h}, takes {rest} of n"),
    N_("hₜ = {f}(the sum before it) = {v}"),
    N_("(mean over {n} units)"),
    N_("kept f·c"),
    N_("kept {v}"),
    N_("wrote i·g"),
    N_("wrote {v}"),
    N_("kept z·h"),
    N_("took (1−z)·n"),
    N_("took {v}"),
    N_("W_hh: {shape} (hidden × hidden)"),
    N_("W_ih: {shape} (hidden × input)"),
    N_("|value| ≥ {t}"),
    N_("below {b} or above {a}"),
    N_("above {a}"),
    N_("below {b}"),
    N_("flags: one lamp per unit"),
    N_("Flags for «{prop}»: one lamp per unit"),
    N_("Flags: {state}, one lamp per unit"),
    N_(
        "Every other lamp is on when its unit is outside its usual range (its average ± "
        "1.5 spreads there)."
    ),
    N_(
        "A lamp is on when the unit's value is at least {t} from 0 (this model has no "
        "example sentences to measure each unit's own range on)."
    ),
    N_(
        "A lamp is on when its unit is outside its usual range (its average ± 1.5 "
        "spreads, measured on {samples} words of generated example sentences). The bar "
        "under a lamp is the unit's whole range there, shaded where it is on; the mark is"
        " the value now."
    ),
    N_("on, value above 0"),
    N_("on, value below 0"),
    N_("off"),
    N_("switched at this token"),
    N_("order: {order}"),
    N_("for {prop}"),
    N_("(usual range)"),
    N_(", switched on at this token"),
    N_(", switched off at this token"),
    N_("(was {v})"),
    N_("unit {unit}: {symbol} = {v}, lamp on{what}{switched}; on {where}, range {lo} to {hi}"),
    N_("unit {unit}: {symbol} = {v}, lamp off{what}{switched}; on {where}, range {lo} to {hi}"),
    N_("{lit} of {all} on · {n} switched at «{token}»"),
    N_("({on} on, {off} off, {flip} crossed to the other side)"),
    N_("({on} on, {off} off)"),
    N_("formula with real numbers"),
    N_("({g} gates × {h} units)"),
    N_("(hidden × input)"),
    N_("embedding size {n}"),
    N_("no embedding (one-hot input)"),
    N_("embedding size {n}; no weights between steps"),
    N_("(no unit chosen: showing unit 0)"),
    N_("Unit {unit} at token {n} «{token}» · layer {layer}"),
    N_("kept {kept}, wrote {wrote}"),
    N_("took {took} of the candidate, kept {kept}"),
    N_("b = b_ih + b_hh (the lesson writes σ; PyTorch's nn.RNN uses {f})"),
    N_("the mean does not depend on word order"),
    N_("xₜ that entered ({source}, {n} values): [{values}]"),
    N_("prediction at this step"),
    N_("If the text ended here: «{token}» (tokens 1–{n})"),
    N_("If the text ended here: «{token}» (token 1)"),
    N_("Next token after: «{token}» (tokens 1–{n})"),
    N_("Next token after: «{token}» (token 1)"),
)

STEP_WALK = (
    N_("shapes"),
    N_("{n} more"),
    N_("{n} numbers"),
    N_("range {lo} … {hi}"),
    N_("other {n}"),
    N_("sum of the smaller terms"),
    N_("the sum"),
    N_("From the input xₜ: row {unit} of {w} × xₜ ({n} terms, the {k} largest)"),
    N_("From the memory {prev}: row {unit} of {w} × {prev}, scaled by r ({n} terms)"),
    N_("From the memory {prev}: row {unit} of {w} × {prev} ({n} terms)"),
    N_("bias"),
    N_("which numbers pushed {what} up or down"),
    N_("= sum"),
    N_("the sum before squashing: everything above added up"),
    N_("sum"),
    N_("kept old: {v}"),
    N_("was {name} = {v}"),
    N_("i input"),
    N_("f forget"),
    N_("g candidate"),
    N_("n candidate"),
    N_("o output"),
    N_("r reset"),
    N_("z keep old"),
    N_("cₜ cell"),
    N_("hₜ output"),
    N_("sₜ mean"),
    N_("all {n} units at this step"),
    N_("xₜ: {n} numbers"),
    N_("sum = {v}"),
    N_("Bag of embeddings"),
    N_("{kind} cell"),
    N_("token {n} of {total}"),
    N_("layer {layer} of {layers}"),
    N_("layer {layer}"),
    N_("unit {unit} of {units}"),
    N_("Inside one step:"),
    N_("unknown word"),
    N_("Where it happens (unit {unit})"),
    N_("The whole layer at this step: all {n} units"),
    N_(
        "One cell per unit, the chosen one framed; click a unit to look inside it. Gates:"
        " dark = closed (0), yellow = open (1). States: orange above 0, blue below 0 (as "
        "in every chart)."
    ),
    N_("◀ previous"),
    N_("previous operation"),
    N_("previous operation (←)"),
    N_("next operation"),
    N_("next operation (→)"),
    N_("operations of this step"),
    N_("Which numbers pushed it up or down"),
    N_("pushes up (+)"),
    N_("pushes down (−)"),
    N_("each term is weight × value"),
    N_(
        "The strips on the left are this: every gate of every unit at this token, computed at once."
    ),
    N_("operation {n} of {total}"),
)
