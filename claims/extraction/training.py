"""Training the cue finder: annotated texts in, a spaCy pipeline directory out.

The cue finder is a span categoriser (spaCy's ``spancat``) over single tokens: it marks the
word that carries an attribution, the head of the cue ("accused", "warned", "criticism",
"according"), and writes it to ``doc.spans["cues"]``. It reads a small encoder of its own
(``attribution_tok2vec``, a spaCy ``tok2vec``) that embeds each word's form together with the
part-of-speech tag and dependency label the base pipeline gave it: whether a word introduces
reported speech is as much its place in the parse ("accused" with an object and an "of"
clause) as the word. The base pipeline's tagger, parser and NER stay frozen and run first, so
the parse the rules read is unchanged. The rules then find the content and the source around
each cue.

Training uses spaCy's own machinery: the annotated texts become ``DocBin`` files, a config is
written beside them, and ``spacy.cli.train`` trains, printing the dev scores as it goes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from .quotes.learned import CUE_KEY

CUE_COMPONENT = "cue_finder"
CUE_LABEL = "CUE"
# The cue finder's own encoder. Listening to the base pipeline's frozen tok2vec instead (the
# first design) saw neither tags nor the parse and found fewer cues: trained on the same 142
# articles, cue recall on 40 other annotated articles 0.45 against 0.54, precision 0.78 both.
# Two layers of 32 (a window of two tokens each side, on top of what the parse already says
# about the sentence): trained on the same 740 articles, 64 wide found no more (quote F1 0.713
# against 0.712 on dev, 0.687 against 0.688 on 100 other annotated articles) at twice its cost.
ENCODER_COMPONENT = "attribution_tok2vec"
ENCODER_WIDTH = 32
ENCODER_DEPTH = 2
# The base pipeline's components the rules read; copied unchanged into the trained directory.
BASE_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "ner")
# A share of the training documents held out to score and pick the model when no dev file is
# given (a twentieth of train.jsonl is 42 articles, about 1,000 cues).
DEV_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class Annotated:
    """A text and the character spans of its attribution cues.

    `partial` texts (from the desk's decisions) are annotated only where someone decided:
    only their sentences holding a cue or a refused cue (`not_cues`) and no undecided one
    (`unsure`) are trained on, because elsewhere an unmarked word may still be a cue.
    """

    text: str
    cues: tuple[tuple[int, int], ...]
    not_cues: tuple[tuple[int, int], ...] = ()
    unsure: tuple[tuple[int, int], ...] = ()
    partial: bool = False


def cue_heads(doc: Doc, spans: Iterable[tuple[int, int]]) -> list[int]:
    """The token carrying each cue: the syntactic root of its span ("has said" -> "said",
    "said in a statement" -> "said", "is a critic of" -> "critic" or "is", as parsed)."""
    heads: list[int] = []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        heads.append(span.root.i if doc.has_annotation("DEP") else span[0].i)
    return heads


def training_docs(nlp: Language, texts: Iterable[Annotated]) -> Iterator[Doc]:
    """Docs with their cue heads in ``doc.spans["cues"]``, ready for a DocBin. `nlp` parses,
    to find each cue's head word; the Docs carry only tokens and cue spans."""
    items = list(texts)
    parsed = nlp.pipe((item.text for item in items), batch_size=16)
    for item, doc in zip(items, parsed, strict=True):
        if not item.partial:
            yield _tokens_with_cues(doc, cue_heads(doc, item.cues))
            continue
        positive = set(cue_heads(doc, item.cues))
        negative = set(cue_heads(doc, item.not_cues))
        unsure = set(cue_heads(doc, item.unsure)) - positive - negative
        for sent in doc.sents:
            here = range(sent.start, sent.end)
            if any(i in unsure for i in here) or not any(
                i in positive or i in negative for i in here
            ):
                continue
            piece = sent.as_doc()
            heads = [i - sent.start for i in here if i in positive]
            yield _tokens_with_cues(piece, heads)


def _tokens_with_cues(parsed: Doc, heads: Iterable[int]) -> Doc:
    doc = Doc(
        parsed.vocab, words=[t.text for t in parsed], spaces=[bool(t.whitespace_) for t in parsed]
    )
    doc.spans[CUE_KEY] = [Span(doc, i, i + 1, label=CUE_LABEL) for i in sorted(set(heads))]
    return doc


def write_docbin(docs: Iterable[Doc], path: Path) -> int:
    """Save `docs` as one DocBin file; returns how many."""
    docbin = DocBin(attrs=["ORTH"], store_user_data=False)
    count = 0
    for doc in docs:
        docbin.add(doc)
        count += 1
    docbin.to_disk(path)
    return count


CONFIG = """
[paths]
train = null
dev = null

[system]
seed = 0
gpu_allocator = null

[nlp]
lang = "en"
pipeline = {pipeline}
batch_size = 256
tokenizer = {{"@tokenizers":"spacy.Tokenizer.v1"}}

[components]
{sourced}

[components.{encoder}]
factory = "tok2vec"

[components.{encoder}.model]
@architectures = "spacy.Tok2Vec.v2"

[components.{encoder}.model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = {width}
attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "TAG", "DEP"]
rows = [5000, 1000, 2500, 1000, 100, 100]
include_static_vectors = false

[components.{encoder}.model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = {width}
window_size = 1
maxout_pieces = 3
depth = {depth}

[components.{component}]
factory = "spancat"
spans_key = "{key}"
threshold = {threshold}
max_positive = 1

[components.{component}.model]
@architectures = "spacy.SpanCategorizer.v1"

[components.{component}.model.reducer]
@layers = "spacy.mean_max_reducer.v1"
hidden_size = {hidden}

[components.{component}.model.scorer]
@layers = "spacy.LinearLogistic.v1"
nO = null
nI = null

[components.{component}.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = {width}
upstream = "{encoder}"

[components.{component}.suggester]
@misc = "spacy.ngram_suggester.v1"
sizes = [1]

[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${{paths.train}}

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${{paths.dev}}

[training]
seed = ${{system.seed}}
gpu_allocator = null
train_corpus = "corpora.train"
dev_corpus = "corpora.dev"
dropout = 0.1
patience = {patience}
max_epochs = {epochs}
max_steps = 0
eval_frequency = {eval_frequency}
frozen_components = {frozen}
annotating_components = ["tok2vec", "tagger", "parser"]

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2

[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1000
compound = 1.001

[training.optimizer]
@optimizers = "Adam.v1"
learn_rate = 0.001

[training.score_weights]
spans_{key}_f = 1.0
spans_{key}_p = 0.0
spans_{key}_r = 0.0
{hidden_scores}

[initialize]

[initialize.before_init]
@callbacks = "spacy.copy_from_base_model.v1"
tokenizer = "{base}"
vocab = "{base}"
"""


# Scores of the frozen components (and spancat's default key), left out of the table that
# training prints: the training texts carry cues only, so those would read 0.
HIDDEN_SCORES = [
    "tag_acc",
    "pos_acc",
    "dep_uas",
    "dep_las",
    "dep_las_per_type",
    "sents_p",
    "sents_r",
    "sents_f",
    "ents_f",
    "ents_p",
    "ents_r",
    "ents_per_type",
    "spans_sc_f",
    "spans_sc_p",
    "spans_sc_r",
]


def training_config(
    base: str,
    *,
    epochs: int,
    eval_frequency: int = 200,
    patience: int = 1600,
    threshold: float = 0.5,
    hidden: int = 128,
) -> str:
    """The spaCy config that adds the cue finder to the base pipeline `base` (an installed
    package name or a directory) and trains only it."""
    sourced = "\n".join(f'[components.{name}]\nsource = "{base}"\n' for name in BASE_COMPONENTS)
    pipeline = list(BASE_COMPONENTS) + [ENCODER_COMPONENT, CUE_COMPONENT]
    return CONFIG.format(
        pipeline=_toml_list(pipeline),
        sourced=sourced,
        component=CUE_COMPONENT,
        key=CUE_KEY,
        encoder=ENCODER_COMPONENT,
        width=ENCODER_WIDTH,
        depth=ENCODER_DEPTH,
        threshold=threshold,
        hidden=hidden,
        patience=patience,
        epochs=epochs,
        eval_frequency=eval_frequency,
        frozen=_toml_list(BASE_COMPONENTS),
        base=base,
        hidden_scores="\n".join(f"{name} = null" for name in HIDDEN_SCORES),
    )


def _toml_list(items: Iterable[str]) -> str:
    return "[" + ",".join(f'"{item}"' for item in items) + "]"


def train_cue_finder(
    train: list[Annotated],
    out: Path,
    *,
    dev: list[Annotated] | None = None,
    base: str,
    epochs: int = 4,
    eval_frequency: int = 200,
) -> dict[str, float]:
    """Train the cue finder on `train` (scored on `dev`, else on a share held out of `train`)
    and save the better of the last and the best pipeline to `out`. Returns how many training
    and dev texts were used and the saved model's cue precision, recall and F on dev."""
    from spacy.cli.train import train as spacy_train

    # Only the parse is needed, to find each cue's head word.
    parser = spacy.load(base, exclude=["lemmatizer", "ner", "tagger", "attribute_ruler"])
    if dev is None:
        held = max(1, round(len(train) * DEV_SHARE)) if len(train) > 1 else 0
        train, dev = train[held:], train[:held] or train
    with tempfile.TemporaryDirectory(prefix="cue-finder-") as tmp:
        work = Path(tmp)
        n_train = write_docbin(training_docs(parser, train), work / "train.spacy")
        n_dev = write_docbin(training_docs(parser, dev), work / "dev.spacy")
        if n_train == 0:
            raise ValueError("no training sentence holds a cue")
        config = work / "config.cfg"
        config.write_text(
            training_config(base, epochs=epochs, eval_frequency=eval_frequency), encoding="utf-8"
        )
        overrides = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy")}
        spacy_train(config, work / "output", use_gpu=-1, overrides=overrides)
        best, scores = _better(work / "output", work / "dev.spacy")
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(best, out)
    return {"train_docs": n_train, "dev_docs": n_dev} | {f"cue_{k}": v for k, v in scores.items()}


def cue_scores(model: Path | str, dev: Path) -> dict[str, float]:
    """Precision, recall and F of the cue finder in `model` on the DocBin `dev`."""
    from spacy.training import Corpus

    nlp = spacy.load(model)
    examples = list(Corpus(dev)(nlp))
    with nlp.select_pipes(enable=[*BASE_COMPONENTS, ENCODER_COMPONENT, CUE_COMPONENT]):
        scores = nlp.evaluate(examples)
    return {k: float(scores.get(f"spans_{CUE_KEY}_{k}") or 0.0) for k in ("p", "r", "f")}


def _better(output: Path, dev: Path) -> tuple[Path, dict[str, float]]:
    """The saved model that finds cues better on `dev`, and its scores: the last one, or the
    best one spaCy kept at an evaluation (spaCy does not evaluate at the end of training)."""
    candidates = [output / "model-last", output / "model-best"]
    scored = [(cue_scores(path, dev), path) for path in candidates if path.is_dir()]
    scores, path = max(scored, key=lambda pair: pair[0]["f"])
    return path, scores


def model_tag(nlp: Language) -> str | None:
    """A short name for the trained cue finder in `nlp` (a hash of its weights), or None
    when `nlp` has none: extraction then uses the rules alone."""
    if CUE_COMPONENT not in nlp.pipe_names:
        return None
    digest = hashlib.sha256()
    for name in (ENCODER_COMPONENT, CUE_COMPONENT):
        if name in nlp.pipe_names:  # models trained before the cue finder had its own encoder
            digest.update(nlp.get_pipe(name).model.to_bytes())
    return digest.hexdigest()[:8]


class AnnotationError(ValueError):
    """An annotated file that cannot be read; the message names the file and line."""


def read_annotated_jsonl(path: Path) -> list[Annotated]:
    """The documents of a JSON-lines file in the evaluation format: one object per line with
    "text" and "quotes" (each with "cue_start" and "cue_end"). Documents whose quotes are not
    annotated ("quotes_annotated": false) are left out."""
    out: list[Annotated] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise AnnotationError(f"cannot read {path}: {exc}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AnnotationError(f"{path}:{number}: not JSON ({exc.msg})") from None
        document = _annotated(record)
        if isinstance(document, str):
            raise AnnotationError(f"{path}:{number}: {document}")
        if document is not None:
            out.append(document)
    return out


def _annotated(record: object) -> Annotated | str | None:
    """The Annotated document of one record, None when it annotates no quotes, or what is
    wrong with it."""
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return 'expected an object with a string "text"'
    if record.get("quotes_annotated") is False:
        return None
    quotes = record.get("quotes", [])
    if not isinstance(quotes, list):
        return '"quotes" must be a list'
    text = record["text"]
    cues: list[tuple[int, int]] = []
    for quote in quotes:
        if not isinstance(quote, dict):
            return "each quote must be an object"
        start, end = quote.get("cue_start"), quote.get("cue_end")
        if start is None and end is None:
            continue
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            return f"cue offsets {start!r}, {end!r} are not a span of the text"
        cues.append((start, end))
    return Annotated(text, tuple(cues))
