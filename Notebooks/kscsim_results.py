"""Helpers shared by the kscsim notebooks: read sweep results, plot means with
confidence intervals (markers and small offsets so that no line hides another),
readable log axes and labelled reference lines, save figures deterministically, write
the answer, and run kscsim for files a notebook needs that are not committed. An empty
cell in kscsim's CSV is an unknown value: it reads as NaN and plots as a gap.

Figures show inline when a person runs a notebook in Jupyter (the kernel's inline backend,
which papermill also uses, so executed notebooks keep their figures); a plain Python process
without a display falls back to matplotlib's headless Agg backend by itself."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import matplotlib.pyplot as plt
import pandas as pd

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


MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
LINESTYLES = ["-", "--", "-.", ":"]


def load_aggregate(folder: str) -> tuple[pd.DataFrame, list[str]]:
    """aggregate.csv of a merged sweep, with every metric (constant ones restored from sweep.csv),
    and the names of its varied columns (empty cells: NaN)."""
    df = pd.read_csv(os.path.join(folder, "aggregate.csv"), keep_default_na=False, na_values=["", "nan"])
    varied = list(df.columns[1 : df.columns.get_loc("replications")])
    # kscsim merge leaves out a metric whose value is the same in every run (--all-columns keeps
    # it): put it back from sweep.csv, mean that value, sd and half-width 0.
    sweep_path = os.path.join(folder, "sweep.csv")
    if os.path.exists(sweep_path):
        sweep = pd.read_csv(sweep_path, keep_default_na=False, na_values=["", "nan"])
        start = sweep.columns.get_loc("scenario")
        restored = {}
        for name in sweep.columns[start:]:
            if name in ("scenario", "replication", "seed") or f"{name}_mean" in df.columns:
                continue
            value = pd.to_numeric(sweep[name].iloc[0], errors="coerce")
            spread = [0.0 if n >= 2 else float("nan") for n in df["replications"]]
            restored[f"{name}_mean"] = [value] * len(df)
            restored[f"{name}_sd"] = spread
            restored[f"{name}_ci95"] = spread
        if restored:
            df = pd.concat([df, pd.DataFrame(restored, index=df.index)], axis=1)
    return df, varied


T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228}


def load_nodes(folder: str) -> pd.DataFrame:
    """nodes.csv of a merged sweep, averaged over each point's replications: one row per
    (point, node) with its kind and server, and for every figure its mean (`X_mean`) and the
    half-width of its 95% Student-t interval (`X_ci95`, NaN below two replications)."""
    df = pd.read_csv(os.path.join(folder, "nodes.csv"), keep_default_na=False, na_values=[""])
    figures = ["devices", "utilization", "sync_wait_mean_s", "sync_wait_p99_s", "connections_refused",
               "utilization_peak_1m", "utilization_peak_15m", "time_saturated_share",
               "slots_held_mean", "slots_held_max", "wake_sent", "wake_lost"]
    rows = []
    for (point, name), part in df.groupby(["point", "name"], sort=False):
        row = {"point": point, "name": name, "kind": part["kind"].iloc[0], "server": part["server"].iloc[0]}
        n = len(part)
        for f in figures:
            values = part[f].astype(float)
            row[f + "_mean"] = values.mean()
            row[f + "_ci95"] = T975.get(n - 1, 1.96) * values.std(ddof=1) / n ** 0.5 if n > 1 else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)


def resolved_value(folder: str, key: str) -> str:
    """A key of the folder's scenario.resolved.yaml: `warmup`, or one level down, `server.syncWorkers`
    (kscsim writes one `key: value` per line, sections indented by two spaces)."""
    section, _, name = key.rpartition(".")
    inside = section == ""
    with open(os.path.join(folder, "scenario.resolved.yaml"), encoding="utf-8") as f:
        for line in f:
            if section and line.rstrip() == f"{section}:":
                inside = True
                continue
            if inside and section and not line.startswith("  "):
                inside = False
            prefix = f"  {name}:" if section else f"{name}:"
            if inside and line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    raise KeyError(f"{key} not in {folder}/scenario.resolved.yaml")


def lines_with_ci(ax, df: pd.DataFrame, x: str, metric: str, group: str | None = None,
                  scale: float = 1.0, label_fmt: str = "{}", offset: float = 0.0, log_x: bool = False, **kw) -> None:
    """Mean of `metric` against `x`, one line per value of `group`, with 95 % CI error bars.
    Each group has its own marker and line style and is shifted by `offset` (in x units, or
    as a factor on a log x axis) so that equal values stay visible. Unknown means are gaps."""
    groups = [(None, df)] if group is None else list(df.groupby(group, sort=False))
    n = len(groups)
    for i, (value, part) in enumerate(groups):
        part = part.sort_values(x)
        shift = (i - (n - 1) / 2) * offset
        xs = part[x].astype(float) * (1 + shift) if log_x else part[x].astype(float) + shift
        ax.errorbar(xs, part[f"{metric}_mean"] * scale, yerr=part[f"{metric}_ci95"].fillna(0) * scale,
                    marker=MARKERS[i % len(MARKERS)], linestyle=LINESTYLES[i % len(LINESTYLES)], capsize=3,
                    label=None if group is None else label_fmt.format(value), **kw)


def readable_log_axis(ax, axis: str = "y") -> None:
    """Ticks written as plain numbers (0.5, 2, 50, 200): at 1, 2 and 5 times powers of ten
    over up to three decades, at powers of ten beyond. Call it after plotting the data."""
    import math
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
    target = ax.yaxis if axis == "y" else ax.xaxis
    lo, hi = ax.get_ylim() if axis == "y" else ax.get_xlim()
    decades = math.log10(hi / lo) if lo > 0 and hi > lo else 1
    target.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0) if decades <= 3 else (1.0,)))
    target.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    target.set_minor_formatter(NullFormatter())


def reference_line(ax, value: float, label: str, axis: str = "h", color: str = "grey") -> None:
    """A dotted reference line with its label written beside it (not in the legend)."""
    if axis == "h":
        ax.axhline(value, color=color, ls=":", lw=1.2, label="_nolegend_")
        ax.annotate(label, xy=(1, value), xycoords=("axes fraction", "data"), xytext=(-4, 3),
                    textcoords="offset points", ha="right", va="bottom", fontsize=8, color=color)
    else:
        ax.axvline(value, color=color, ls=":", lw=1.2, label="_nolegend_")
        ax.annotate(label, xy=(value, 1), xycoords=("data", "axes fraction"), xytext=(3, -4),
                    textcoords="offset points", ha="left", va="top", fontsize=8, color=color, rotation=90)


def undelivered_note(df: pd.DataFrame) -> str:
    """One sentence on the pairs still undelivered at the horizon, over every point of a sweep."""
    share = df["undelivered_share_mean"].fillna(0)
    if share.max() == 0:
        return "Every (task, device) pair launched after the warm-up was delivered before the horizon at every point."
    return (f"At the horizon {share.min():.2%} to {share.max():.2%} of the (task, device) pairs launched after the warm-up "
            f"were still undelivered (they count in every figure; a quantile whose rank falls among them is unknown).")


def uncompleted_note(df: pd.DataFrame) -> str:
    """One sentence on the pairs not finished (delivered and downloaded) at the horizon."""
    share = df["uncompleted_share_mean"].fillna(0)
    if share.max() == 0:
        return "Every (task, device) pair launched after the warm-up had its payload on the device before the horizon at every point."
    return (f"At the horizon {share.min():.2%} to {share.max():.2%} of the (task, device) pairs were not finished "
            f"(undelivered, or the download not done); they count in every completion figure, and a quantile whose "
            f"rank falls among them is unknown.")


def save_figure(fig, folder: str, name: str = "figure.png") -> str:
    """Saves a PNG without a timestamp or version in its metadata (same data, same bytes)."""
    path = os.path.join(folder, name)
    fig.savefig(path, dpi=110, bbox_inches="tight", metadata={"Software": None})
    return path


def kscsim_binary() -> str:
    """The kscsim to run: $KSCSIM, the repository's release build (built with make when
    missing), or one on PATH (e.g. from the release tarball)."""
    if os.environ.get("KSCSIM"):
        return os.environ["KSCSIM"]
    here = os.path.dirname(os.path.abspath(__file__))
    built = os.path.join(here, "..", ".build", "release", "kscsim")
    if not os.path.exists(built) and shutil.which("kscsim"):
        return shutil.which("kscsim")
    if not os.path.exists(built):
        print("building kscsim (make release, a few minutes the first time) ...")
        subprocess.run(["make", "-C", os.path.join(here, ".."), "release"], check=True, stdout=subprocess.DEVNULL)
    return built


def ensure_run(folder: str, needs: list[str], generated: str, scenario: str, args: list[str]) -> str:
    """The folder holding every file in `needs`: `folder` when it has them, else `generated`,
    which is filled by running `kscsim run scenario --out generated *args` when it lacks them
    (files like deliveries.csv are too large to commit)."""
    for candidate in (folder, generated):
        if all(os.path.exists(os.path.join(candidate, n)) for n in needs):
            return candidate
    command = [kscsim_binary(), "run", scenario, "--out", generated, *args]
    print(f"{folder} lacks {', '.join(n for n in needs if not os.path.exists(os.path.join(folder, n)))}; running:")
    print("  " + " ".join(command))
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return generated


def write_answer(folder: str, text: str) -> None:
    """Prints the answer and writes it to answer.md beside the results."""
    print(text)
    with open(os.path.join(folder, "answer.md"), "w", encoding="utf-8") as f:
        f.write(text.strip() + "\n")
