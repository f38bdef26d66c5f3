"""The guided tour: the lesson's ideas in order, each a page, a model, a sentence and a step.

Plain data (no Streamlit): the app turns each stop into a button that opens ``page``
with ``params`` in the URL, and a teacher can link straight to a stop (``?stop=N``).
The numbering follows shared/LESSON.md's table of what a student must be able to see.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def N_(message: str) -> str:  # i18n.N_ without importing Streamlit: marks, translates nothing
    return message


@dataclass(frozen=True)
class Stop:
    title: str  # marked N_(): shown as _(stop.title), in the session's language
    text: str  # one or two sentences a student can follow (marked N_() too)
    page: str  # the page's url path
    params: dict = field(default_factory=dict)
    # per interface language: parameters that replace ``params`` (that language's model and
    # sentence), e.g. {"uk": {"model": "agreement_uk-lstm", ...}}
    in_language: dict = field(default_factory=dict)

    def params_for(self, lang: str) -> dict:
        """What the stop opens when the interface is in ``lang``."""
        return {**self.params, **self.in_language.get(lang, {})}


# The flag stop in the lesson's languages: the character-level agreement LSTM of that
# language, on "Alice and Tom …" (the plural flag, whose lamp sits first). The step is the
# last letter of Tom's name: by then the "and Tom" has been read. Serbian: the last letter
# of «су», right after it, where that LSTM's plural unit switches on (it carries gender
# too, and commits to the plural only once «су» is read; its catalog says so).
_PLURAL = {  # the sentence, and where the step is in it (Tom's name)
    "uk": ("Аліса і Том пішли додому.", "Том"),
    "sr": ("Алиса и Том су отишли кући.", "Том су"),
    "bg": ("Алис и Том бяха уморени.", "Том"),
    "ro": ("Alice și Tom au fost obosiți.", "Tom"),
    "lt": ("Alisa ir Tomas buvo pavargę.", "Tomas"),
}


def _flag_stop_params(lang: str, text: str, name: str) -> dict:
    step = text.index(name) + len(name)  # 1-based: the name's last letter
    return {
        "model": f"agreement_{lang}-lstm",
        "text": text,
        "step": str(step),
        "order": "flag",
        "property": "plural_subject",
    }


FLAG_STOP_IN = {lang: _flag_stop_params(lang, *sentence) for lang, sentence in _PLURAL.items()}


STOPS: tuple[Stop, ...] = (
    Stop(
        N_("Word order matters"),
        N_(
            "A bag of embeddings averages the words' numbers and ignores their order, so "
            "“good, not bad” and “bad, not good” look the same to it. A recurrent network "
            "reads one word at a time and tells them apart."
        ),
        "order",
        {"a": "the film was good, not bad", "b": "the film was bad, not good"},
    ),
    Stop(
        N_("One state, passed along"),
        N_(
            "The RNN keeps a memory, a list of numbers called the state, and updates it after "
            "every word; the answer is read from the last one. Step through the sentence and "
            "watch the state and the answer change."
        ),
        "explorer",
        {"model": "sentiment-rnn", "text": "the film was not good", "step": "5", "show": "hidden"},
    ),
    Stop(
        N_("“not” flips the meaning"),
        N_(
            "Compare two sentences that differ by one word. The units that change most at “not” "
            "carry the negation, and the answer flips with them."
        ),
        "pairs",
        {"model": "sentiment-lstm", "a": "the film was good", "b": "the film was not good"},
    ),
    Stop(
        N_("Inside one step of a simple RNN"),
        N_(
            r"$h_t = \tanh(W_{ih}\,x_t + W_{hh}\,h_{t-1} + b)$: the word's numbers $x_t$ come "
            "in, are mixed with the memory from the step before ($h_{t-1}$), and squashed between "
            "−1 and +1. Here with the real numbers of one unit."
        ),
        "inside",
        {"model": "sentiment-rnn", "text": "the film was not good", "step": "4"},
    ),
    Stop(
        N_("Vanishing gradients"),
        N_(
            "How much does the answer still feel the first word? For a plain RNN the feeling fades "
            "at every step back, to 1 part in billions; trained without short sentences it never "
            "learns to remember, while the LSTM and GRU, whose gates keep a path open, do."
        ),
        "gradients",
        {
            "task": "long_range",
            "text": "good the table near the window and a blue cup on the shelf by the door",
        },
    ),
    Stop(
        N_("The LSTM's gates"),
        N_(
            "An LSTM keeps a second memory, the cell state c. Its gates are dials from 0 (shut) "
            "to 1 (open): the forget gate decides how much of c to keep, the input gate how "
            "much new content to write, the output gate how much of it to show as h."
        ),
        "explorer",
        {"model": "sentiment-lstm", "text": "the film was not good", "step": "4", "show": "forget"},
    ),
    Stop(
        N_("Cell-state flags"),
        N_(
            "Some units of c behave like flags. The first lamp is the unit that best shows a "
            "plural subject: off at “alice”, on at “tom”, and on until “they were” agree with it. "
            "Step back to “alice”, or try “alice went home and she was tired.”: it stays off."
        ),
        "explorer",
        {
            "model": "agreement-lstm",
            "text": "alice and tom went home and they were tired.",
            "step": "3",
            "order": "flag",
            "property": "plural_subject",
        },
        in_language=FLAG_STOP_IN,
    ),
    Stop(
        N_("Switch off the negation unit"),
        N_(
            "The flag finder's best unit for negation in the sentiment LSTM is unit 8 of c. Open "
            "this stop with it set to 0 from the first token and watch «the film was not good»: "
            "it stays negative (about 99.7% before and after). The unit goes with negation, but "
            "the answer does not rest on it alone: other units carry negation too. The heatmaps "
            "show what the edit changed in c and h."
        ),
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
        N_("The GRU, side by side"),
        N_(
            "The GRU is the other gated cell: it has a reset gate and an update gate, and no "
            "separate cell state. See the same sentence through an RNN, an LSTM and a GRU side by "
            "side."
        ),
        "compare",
        {"task": "sentiment", "text": "the acting was bad but the music was really great"},
    ),
    Stop(
        N_("Two directions"),
        N_(
            "A bidirectional network reads the sentence forwards and backwards and keeps a memory "
            "for each; the answer is read from both ends."
        ),
        "layers",
        {"model": "sentiment-bilstm", "text": "the film was bad, not good"},
    ),
    Stop(
        N_("Layers on layers"),
        N_("In a stacked network each layer reads, word by word, the memory of the layer below."),
        "layers",
        {"model": "sentiment-lstm2", "text": "the film was good, not bad"},
    ),
    Stop(
        N_("The lesson's own classifier, on real news"),
        N_(
            "The notebook's model (each word turned into 64 numbers → an LSTM with 32 units → one "
            "layer that scores the topics from the last memory) trained on real AG News stories. "
            "Type a headline of your own: it answers World, Sports, Business or Sci/Tech, and you "
            "can watch the answer settle word by word."
        ),
        "explorer",
        {
            "model": "agnews-lstm",
            "text": "Chip maker unveils a faster processor for laptops and phones",
            "step": "4",
        },
    ),
    Stop(
        N_("Writing text"),
        N_(
            "A character-level LSTM guesses the next character; drawing from its guesses, one "
            "character at a time, writes text. Turn the temperature down for safe text, up for "
            "surprises."
        ),
        "generate",
        {"model": "stories-lstm", "prompt": "once upon a time, ", "temperature": "0.7"},
    ),
)
