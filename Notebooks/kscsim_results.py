"""Helpers shared by the kscsim notebooks: read sweep results, plot means with
confidence intervals, save figures deterministically, write the answer."""
from __future__ import annotations

import os
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}


def seconds(text) -> float:
    """'15m' -> 900.0; plain numbers are seconds (kscsim's duration syntax)."""
    m = re.fullmatch(r"\s*([0-9.eE+-]+)\s*(ms|s|m|h|d)?\s*", str(text))
    if not m:
        raise ValueError(f"not a duration: {text!r}")
    return float(m.group(1)) * UNITS[m.group(2) or "s"]


def human(s: float) -> str:
    """A duration for reading: 40 ms, 12 s, 7.5 min, 2.3 h."""
    if s != s:
        return "n/a"
    if s < 1:
        return f"{s * 1000:.0f} ms"
    if s < 120:
        return f"{s:.0f} s" if s >= 10 else f"{s:.1f} s"
    if s < 7200:
        return f"{s / 60:.1f} min"
    return f"{s / 3600:.1f} h"


def load_aggregate(folder: str) -> tuple[pd.DataFrame, list[str]]:
    """aggregate.csv of a merged sweep, and the names of its varied columns."""
    df = pd.read_csv(os.path.join(folder, "aggregate.csv"), keep_default_na=False, na_values=["nan"])
    varied = list(df.columns[1 : df.columns.get_loc("replications")])
    return df, varied


def resolved_value(folder: str, key: str) -> str:
    """A top-level key of the folder's scenario.resolved.yaml (kscsim writes one `key: value` per line)."""
    with open(os.path.join(folder, "scenario.resolved.yaml"), encoding="utf-8") as f:
        for line in f:
            if line.startswith(f"{key}:"):
                return line.split(":", 1)[1].strip()
    raise KeyError(f"{key} not in {folder}/scenario.resolved.yaml")


def lines_with_ci(ax, df: pd.DataFrame, x: str, metric: str, group: str | None = None,
                  scale: float = 1.0, label_fmt: str = "{}", **kw) -> None:
    """Mean of `metric` against `x`, one line per value of `group`, with 95 % CI error bars."""
    groups = [(None, df)] if group is None else list(df.groupby(group, sort=False))
    for value, part in groups:
        part = part.sort_values(x)
        ax.errorbar(part[x], part[f"{metric}_mean"] * scale, yerr=part[f"{metric}_ci95"].fillna(0) * scale,
                    marker="o", capsize=3, label=None if group is None else label_fmt.format(value), **kw)


def save_figure(fig, folder: str, name: str = "figure.png") -> str:
    """Saves a PNG without a timestamp or version in its metadata (same data, same bytes)."""
    path = os.path.join(folder, name)
    fig.savefig(path, dpi=110, bbox_inches="tight", metadata={"Software": None})
    return path


def write_answer(folder: str, text: str) -> None:
    """Prints the answer and writes it to answer.md beside the results."""
    print(text)
    with open(os.path.join(folder, "answer.md"), "w", encoding="utf-8") as f:
        f.write(text.strip() + "\n")
