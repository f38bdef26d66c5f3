"""The guided tour: the lesson's ideas in order, each a page, a model, a sentence and a step.

Plain data (no Streamlit): the app turns each stop into a button that opens ``page``
with ``params`` in the URL, and a teacher can link straight to a stop (``?stop=N``).
The numbering follows shared/LESSON.md's table of what a student must be able to see.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Stop:
    title: str
    text: str  # one or two sentences a student can follow
    page: str  # the page's url path
    params: dict = field(default_factory=dict)


STOPS: tuple[Stop, ...] = (
    Stop(
        "Word order matters",
        "A bag of embeddings averages the word vectors, so “good, not bad” and “bad, not good” "
        "look the same to it. A recurrent network reads one word at a time and tells them apart.",
        "order",
        {"a": "the film was good, not bad", "b": "the film was bad, not good"},
    ),
    Stop(
        "One state, passed along",
        "The RNN keeps a state vector and updates it after every word; the classifier reads the "
        "last one. Step through the sentence and watch the state and the answer change.",
        "explorer",
        {"model": "sentiment-rnn", "text": "the film was not good", "step": "5", "show": "hidden"},
    ),
    Stop(
        "“not” flips the meaning",
        "Compare two sentences that differ by one word. The units that change most at “not” "
        "carry the negation, and the prediction flips with them.",
        "pairs",
        {"model": "sentiment-lstm", "a": "the film was good", "b": "the film was not good"},
    ),
    Stop(
        "Inside one step of a simple RNN",
        "hₜ = tanh(W_ih·xₜ + W_hh·hₜ₋₁ + b): the embedding of the word comes in, is mixed with "
        "the previous state, and squashed. Here with the real numbers of one unit.",
        "inside",
        {"model": "sentiment-rnn", "text": "the film was not good", "step": "4"},
    ),
    Stop(
        "Vanishing gradients",
        "How much does the final answer depend on each earlier word? For a plain RNN the "
        "influence of early words fades fast; gated cells keep it alive over long gaps.",
        "gradients",
        {
            "task": "long_range",
            "text": "good the table near the window and a blue cup on the shelf by the door",
        },
    ),
    Stop(
        "The LSTM's gates",
        "An LSTM keeps a cell state c. The forget gate decides how much of c to keep, the input "
        "gate how much new content to write, the output gate how much of it to show as h.",
        "explorer",
        {"model": "sentiment-lstm", "text": "the film was not good", "step": "4", "show": "forget"},
    ),
    Stop(
        "Cell-state flags",
        "Some units of c behave like flags. The first lamp is the unit that best shows a "
        "plural subject: off at “alice”, on at “tom”, and on until “they were” agree with it. "
        "Step back to “alice”, or try “alice went home and she was tired.”: it stays off.",
        "explorer",
        {
            "model": "agreement-lstm",
            "text": "alice and tom went home and they were tired.",
            "step": "3",
            "order": "flag",
            "property": "plural_subject",
        },
    ),
    Stop(
        "Switch off the negation unit",
        "The flag finder's best unit for negation in the sentiment LSTM is unit 8 of c. Open "
        "this stop with it set to 0 from the first token and watch «the film was not good»: "
        "it stays negative (about 99.7% before and after). The unit goes with negation, but "
        "the answer does not rest on it alone: other units carry negation too. The heatmaps "
        "show what the edit changed in c and h.",
        "units",
        {
            "model": "sentiment-lstm",
            "text": "the film was not good",
            "state": "cell",
            "action": "zero",
            "edit": "8",
            "from": "1",
        },
    ),
    Stop(
        "The GRU, side by side",
        "The GRU is the other gated cell: a reset gate and an update gate, no separate cell "
        "state. See the same sentence through an RNN, an LSTM and a GRU under one cursor.",
        "compare",
        {"task": "sentiment", "text": "the acting was bad but the music was really great"},
    ),
    Stop(
        "Two directions",
        "A bidirectional network reads the sentence forwards and backwards and keeps a state for "
        "each; the classifier reads both ends.",
        "layers",
        {"model": "sentiment-bilstm", "text": "the film was bad, not good"},
    ),
    Stop(
        "Layers on layers",
        "In a stacked network each layer reads the outputs of the layer below.",
        "layers",
        {"model": "sentiment-lstm2", "text": "the film was good, not bad"},
    ),
    Stop(
        "The lesson's own classifier, on real news",
        "The notebook's model (embedding 64 → LSTM 32 → linear on the last state) trained on "
        "real AG News stories. Type a headline of your own: it answers World, Sports, Business "
        "or Sci/Tech, and you can watch the answer settle word by word.",
        "explorer",
        {
            "model": "agnews-lstm",
            "text": "Chip maker unveils a faster processor for laptops and phones",
            "step": "4",
        },
    ),
    Stop(
        "Writing text",
        "A character-level LSTM predicts the next character; sampling from it writes text. "
        "Turn the temperature down for safe text, up for surprises.",
        "generate",
        {"model": "stories-lstm", "prompt": "once upon a time, ", "temperature": "0.7"},
    ),
)
