"""Training: the seeded loop, built-in tasks, your own text or CSV, held-out measurements.

- :mod:`~rnnviz.training.loop`: ``fit``, ``build_model``, ``deterministic``, ``pad_batch``.
- :mod:`~rnnviz.training.tasks`: ``train_task`` on a built-in task (``rnnviz.tasks``).
- :mod:`~rnnviz.training.userdata`: ``train_text`` / ``train_csv`` on a user's file.
- :mod:`~rnnviz.training.evaluate`: accuracy, flags and findings on fresh held-out data.
- :mod:`~rnnviz.training.realtext` / :mod:`~rnnviz.training.realmodels`: readers for the real
  data sets (AG News, SST-2, Alice) and the ``agnews-*``, ``reviews-*``, ``alice-*`` models.
- :mod:`~rnnviz.training.watch`: ``train_watched``, training that reports every batch and
  epoch, with the best flag unit's AUC per property after each epoch.
- :mod:`~rnnviz.training.cli`: the ``rnnviz train`` command.
"""

from rnnviz.training.loop import Data, TrainResult, build_model, deterministic, fit, pad_batch
from rnnviz.training.realmodels import train_agnews, train_alice, train_reviews
from rnnviz.training.realtext import read_agnews, read_alice, read_sst2
from rnnviz.training.tasks import train_task
from rnnviz.training.userdata import DataFileError, csv_columns, train_csv, train_text
from rnnviz.training.watch import train_watched

__all__ = [
    "Data",
    "DataFileError",
    "TrainResult",
    "build_model",
    "csv_columns",
    "deterministic",
    "fit",
    "pad_batch",
    "read_agnews",
    "read_alice",
    "read_sst2",
    "train_agnews",
    "train_alice",
    "train_csv",
    "train_reviews",
    "train_task",
    "train_text",
    "train_watched",
]
