"""The library's error messages as templates, so an app can show them in its reader's language.

A notebook or the command line sees plain English: ``str(err)`` is one line, as always. An
error raised for bad input (a damaged checkpoint, a config of the wrong shape, a CSV without
a text column) also carries what that line was made of: ``err.message``, a :class:`Message`
holding an English template marked with :func:`N_` (so Babel extracts it, see
``app/locale/README.md``) and its parameters. An app renders it in its own language:

    try:
        rnnviz.load(path)
    except rnnviz.CheckpointError as err:
        show(rnnviz.messages.text(err, catalog.gettext))

A parameter may itself be a Message (a problem inside a summary), a list of them (joined by
``"; "``) or a number (written by ``numeral``, so an app can use its language's digits).
Pure standard library: importing it imports no torch.
"""

from __future__ import annotations

from collections.abc import Callable

Translate = Callable[[str], str]


def N_(template: str) -> str:
    """Mark ``template`` for extraction without translating it (the message stays English)."""
    return template


def _identity(message: str) -> str:
    return message


def english_numeral(x: int | float) -> str:
    """A number as the English messages write it: thousands with commas (1,000,000)."""
    return f"{x:,}"


class Message:
    """An English ``str.format`` template and its parameters; ``str()`` is the English line."""

    def __init__(self, template: str, /, **params: object) -> None:
        self.template = template
        self.params = params

    def render(self, translate: Translate | None = None, numeral=None) -> str:
        """The message with ``translate`` applied to its template and to every Message among
        its parameters; numbers written by ``numeral`` (default: :func:`english_numeral`)."""
        translate = translate or _identity
        said = translate(self.template) if self.template else ""  # gettext("") is a header
        if not self.params:  # a template without fields is shown as it is ({ } included)
            return said
        values = {k: text(v, translate, numeral) for k, v in self.params.items()}
        try:
            return said.format(**values)
        except (KeyError, IndexError, ValueError):  # a broken translation: the English
            return self.template.format(**values)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Message({self.template!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Message)
            and other.template == self.template
            and other.params == self.params
        )

    __hash__ = None  # type: ignore[assignment]  # params may be lists


def text(value: object, translate: Translate | None = None, numeral=None) -> str:
    """``value`` as shown in a message in ``translate``'s language: a Message rendered, an
    error's message (its Message when it has one, else ``str``), a list of those joined by
    ``"; "``, a number by ``numeral``, anything else as ``str``."""
    if isinstance(value, Message):
        return value.render(translate, numeral)
    said = getattr(value, "message", None)  # an error's, or a Said's
    if isinstance(said, Message):
        return said.render(translate, numeral)
    if isinstance(value, (list, tuple)):
        return "; ".join(text(v, translate, numeral) for v in value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (numeral or english_numeral)(value)
    return str(value)


def message_of(value: object) -> Message:
    """The Message of an error (or of a Message, or of any text: as written, untranslated)."""
    if isinstance(value, Message):
        return value
    said = getattr(value, "message", None)
    return said if isinstance(said, Message) else Message(str(value))


class MessageError(ValueError):
    """Bad input, said in one line: ``MessageError(N_("{name} is empty"), name=...)``.

    ``str(err)`` is the English line; ``err.message`` the :class:`Message` it was made of
    (given a Message or another error instead of a template, it keeps that one's Message)."""

    def __init__(self, template: str | Message | BaseException, /, **params: object) -> None:
        if isinstance(template, str):
            self.message = Message(template, **params)
        else:
            self.message = message_of(template)
        super().__init__(str(self.message))

    def __reduce__(self):  # pickled with its Message (a training job sends it to the app)
        return (type(self), (self.message,))


class Said(str):
    """English text that keeps the :class:`Message` it was made of (``.message``): for a
    result that reports problems as strings (e.g. the files a corpus folder left out)."""

    message: Message

    def __new__(cls, value: object) -> Said:
        said = message_of(value)
        self = super().__new__(cls, str(said))
        self.message = said
        return self
