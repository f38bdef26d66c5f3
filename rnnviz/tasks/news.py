"""News task (word classifier): invented headlines in four topics, like the lesson's notebook.

A headline is ``[prefix :] SUBJECT VERB OBJECT [PLACE/TIME] [filler]``. The verbs, the
prefixes and the fillers are shared by all topics; the subject, object and tail come from
the topic's own phrase lists or from a shared pool of ambiguous phrases ("the deal",
"a strike", "in record time"). At least one slot always comes from the topic, so the
label is certain. Some topic phrases reuse a word of another topic ("the tennis star"
vs "a distant star", "the rocket launch" vs "a product launch", "the horse race" vs "the
election race"), so a word alone is not always enough: its neighbour decides.

Annotation ``topic_word``: 1 on the tokens of every slot filled from the topic's own
lists (the evidence for the label), 0 on verbs, fillers and shared phrases.
"""

from __future__ import annotations

import random

from .base import Builder, Example, TaskInfo, pick, words_of

LABELS = ["world", "sports", "business", "science/tech"]

INFO = TaskInfo(
    name="news",
    kind="classifier",
    tokenizer="word",
    labels=LABELS,
    properties=["topic_word"],
    description="Which section does this headline belong to: world, sports, business or tech?",
)

OPTIONS: dict[str, object] = {}

# Per topic: subjects, objects, tails. A trailing "*" marks a plural subject (verb without -s).
TOPICS = [
    (  # world
        ["the president", "the prime minister", "rebel leaders*", "the foreign minister",
         "border guards*", "the united nations", "peace envoys*", "the embassy",
         "the parliament", "protesters*", "the opposition leader", "election officials*"],
        ["peace talks", "a ceasefire", "new sanctions", "the treaty", "fresh elections",
         "a border deal", "refugee aid", "the summit", "a vote on reform", "military drills",
         "the election race", "a general strike", "the top court ruling"],
        ["in the capital", "near the border", "amid protests", "in the north",
         "after the vote", "at the summit"],
    ),
    (  # sports
        ["the striker", "the coach", "the champions*", "the home side", "the goalkeeper",
         "the captain", "the league leaders*", "the tennis star", "the sprinter",
         "the football club", "the fans*"],
        ["the final", "the title", "the cup", "a penalty", "the derby", "a gold medal",
         "the transfer", "a new contract", "the semifinal", "the season opener",
         "a world record", "the horse race"],
        ["at the stadium", "in extra time", "after the match", "before kickoff",
         "on the pitch", "on the court"],
    ),
    (  # business
        ["the central bank", "investors*", "the chief executive", "oil prices*",
         "the retailer", "the airline", "the carmaker", "shareholders*", "the tv network",
         "the trade union"],
        ["record profits", "a merger", "job cuts", "interest rates", "a takeover bid",
         "quarterly earnings", "the stock market", "new tariffs", "a profit warning",
         "a product launch", "a pay strike", "the bond market"],
        ["on the exchange", "after earnings", "amid inflation", "in early trading",
         "this quarter", "at the bank"],
    ),
    (  # science/tech
        ["researchers*", "the startup", "scientists*", "engineers*", "the space agency",
         "the chipmaker", "astronomers*", "doctors*", "the software giant", "the lab"],
        ["a new chip", "a vaccine", "the robot", "a telescope", "a software update",
         "the rocket launch", "a quantum computer", "a new battery", "a gene study",
         "the smartphone", "a distant star", "a faster network"],
        ["in a new study", "after tests", "in the lab", "in orbit", "online",
         "at the conference"],
    ),
]
SHARED_SUBJECTS = ["officials*", "experts*", "a new report", "critics*", "analysts*",
                   "local leaders*"]
SHARED_OBJECTS = ["the deal", "a record", "the crisis", "the report", "the plan",
                  "the new season", "the big launch", "a new star", "the network", "the race",
                  "a strike"]
SHARED_TAILS = ["in record time", "after the strike", "amid the crisis", "for the first time",
                "on monday", "this week"]
VERBS = [("wins", "win"), ("faces", "face"), ("announces", "announce"), ("rejects", "reject"),
         ("backs", "back"), ("delays", "delay"), ("plans", "plan"), ("unveils", "unveil"),
         ("signs", "sign"), ("tests", "test"), ("loses", "lose"), ("welcomes", "welcome"),
         ("questions", "question"), ("warns of", "warn of"), ("calls for", "call for"),
         ("praises", "praise")]
PREFIXES = ["breaking :", "update :", "live :", "exclusive :"]
FILLERS = ["again", "as expected", "sources say", "for now", "at last", "despite doubts"]
MIN_WORDS, MAX_WORDS = 8, 15

EXAMPLES = (
    "the striker wins the final in extra time",
    "the president signs the treaty near the border",
    "researchers test a new chip in the lab",
    "the central bank delays interest rates again",
    "the tennis star signs a new contract",
    "the airline signs the deal",
    "astronomers unveil a distant star",
    "officials question the deal in the capital",
)

VOCAB = words_of(
    *[[p.rstrip("*") for p in group] for topic in TOPICS for group in topic],
    [p.rstrip("*") for p in SHARED_SUBJECTS], SHARED_OBJECTS, SHARED_TAILS,
    [v for pair in VERBS for v in pair], PREFIXES, FILLERS,
)


def _headline(rng: random.Random, label: int) -> Example | None:
    subjects, objects, tails = TOPICS[label]
    # (phrase, from_topic) per slot; resampled below until at least one slot is topical.
    subj = (pick(rng, subjects), 1) if rng.random() < 0.75 else (pick(rng, SHARED_SUBJECTS), 0)
    obj = (pick(rng, objects), 1) if rng.random() < 0.7 else (pick(rng, SHARED_OBJECTS), 0)
    r = rng.random()
    tail = (pick(rng, tails), 1) if r < 0.5 else (pick(rng, SHARED_TAILS), 0) if r < 0.75 else None
    if not (subj[1] or obj[1] or (tail and tail[1])):
        return None

    plural = subj[0].endswith("*")
    verb = pick(rng, VERBS)[1 if plural else 0]
    parts = [(subj[0].rstrip("*"), subj[1]), (verb, 0), obj] + ([tail] if tail else [])
    if rng.random() < 0.2:
        parts.insert(0, (pick(rng, PREFIXES), 0))
    words = sum(len(p.split()) for p, _ in parts)
    fillers = rng.sample(FILLERS, len(FILLERS))
    # A random minimum length spreads headlines over 8-15 words instead of piling at 8.
    min_words = rng.randint(MIN_WORDS, MIN_WORDS + 4)
    while words < min_words:
        filler = fillers.pop()
        parts.append((filler, 0))
        words += len(filler.split())
    if words > MAX_WORDS:
        return None

    b = Builder(INFO.properties, "word")
    for phrase, topical in parts:
        b.add(phrase, topic_word=topical)
    return b.build(label)


def generate(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        label = rng.randrange(len(LABELS))
        ex = None
        while ex is None:
            ex = _headline(rng, label)
        out.append(ex)
    return out
