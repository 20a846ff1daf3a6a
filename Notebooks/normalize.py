#!/usr/bin/env python3
"""Makes an executed notebook byte-deterministic before it is committed: drops what changes
from one execution to the next (papermill's timings and paths, kernel timing metadata) and
keeps what a reader needs (code, printed output, figures, execution counts). Written in
nbformat's own layout (one-space indent, sorted keys), so an unchanged result gives an
unchanged file.

Usage: normalize.py EXECUTED.ipynb OUTPUT.ipynb
"""
import json
import os
import sys

VOLATILE_CELL_KEYS = ("papermill", "execution", "ExecuteTime")


def normalize(nb: dict) -> dict:
    nb.get("metadata", {}).pop("papermill", None)
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {})
        for key in VOLATILE_CELL_KEYS:
            meta.pop(key, None)
        cell.pop("id", None)
        if cell.get("cell_type") == "code":
            for output in cell.get("outputs", []):
                output.get("metadata", {}).pop("execution", None)
    nb["nbformat"], nb["nbformat_minor"] = 4, 4
    return nb


def main():
    source, target = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as f:
        nb = normalize(json.load(f))
    text = json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    tmp = target + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, target)


if __name__ == "__main__":
    main()
