#!/usr/bin/env python3
"""Cuts the native anchor's files for the job benchmark (called by run.sh): one CSV per fit of the job's plan.

cut_folds.py PLAN.json OUT_DIR

PLAN.json is written by JobBench: the row ranges of every fit, in the trainer's row order. The trainer sorts rows by
the time column, stably (rows sharing a time keep their file order); the data file is ordered by day only, so its
order differs. The rows are put in that same order here, and each range is written with the file's own text lines
(the same bytes LightGBM's parser reads in the anchor), header first: OUT_DIR/<fit>-train.csv and, for folds,
OUT_DIR/<fit>-test.csv and OUT_DIR/<fit>-heldout.csv (its validation rows, then its test rows: every row the trainer
scores for that fold). Every range is checked against the plan (row count, positives, first and last time), so a
cut that differs from the trainer's rows stops here.

The folds are also written to OUT_DIR/float32/ with every feature value as the trainer holds it: parsed to the
nearest float32 and written back as the shortest decimal of that float32's double, which LightGBM's double parser
reads back exactly. The trainer keeps features as float32; LightGBM's parser keeps doubles. Two values that differ
as doubles can be one float32, and a value next to a bin boundary can fall on the other side of it, so only these
files give the trainer's exact fits. Standard library only: numpy may be missing.
"""
import json
import os
import struct
import sys

FLOAT32 = struct.Struct("f")


def main(plan_file, out_dir):
    plan = json.load(open(plan_file))
    with open(plan["data"], encoding="utf-8") as fh:
        header = fh.readline()
        lines = [line if line.endswith("\n") else line + "\n" for line in fh if line.strip()]
    names = header.rstrip("\r\n").split(",")
    target = names.index(plan["target_column"])
    time_col = names.index(plan["time_column"])
    times = [int(float(line.split(",", time_col + 1)[time_col])) for line in lines]
    order = sorted(range(len(lines)), key=times.__getitem__)  # Python's sort is stable, like the trainer's
    if len(order) != plan["rows"]:
        sys.exit(f"cut_folds: {plan['data']} has {len(order)} rows, the plan {plan['rows']}")
    as_float32 = Float32Lines(lines, {target, time_col})
    os.makedirs(os.path.join(out_dir, "float32"), exist_ok=True)
    for fit in plan["fits"]:
        for part in ("train", "test"):
            if part in fit:
                rows = checked(order, fit[part], lines, times, target, f"{fit['name']} {part}")
                name = f"{fit['name']}-{part}.csv"
                write(os.path.join(out_dir, name), header, (lines[i] for i in rows))
                if "test" in fit:
                    write(os.path.join(out_dir, "float32", name), header, (as_float32[i] for i in rows))
        if "test" in fit:
            held = (checked(order, fit["validation"], lines, times, target, f"{fit['name']} validation")
                    + checked(order, fit["test"], lines, times, target, f"{fit['name']} test"))
            write(os.path.join(out_dir, f"{fit['name']}-heldout.csv"), header, (lines[i] for i in held))


def checked(order, rng, lines, times, target, what):
    rows = order[rng["from"]:rng["to"]]
    positives = sum(1 for i in rows if float(lines[i].split(",")[target]) == 1)
    got = (len(rows), positives, times[rows[0]], times[rows[-1]])
    want = (rng["to"] - rng["from"], rng["positives"], rng["first_time"], rng["last_time"])
    if got != want:
        sys.exit(f"cut_folds: {what}: (rows, positives, first time, last time) = {got}, the trainer's {want}")
    return rows


class Float32Lines:
    """Line i with its feature values rounded to float32 (kept columns and missing cells as they are), made once."""

    def __init__(self, lines, kept):
        self.lines, self.kept, self.made = lines, kept, {}

    def __getitem__(self, i):
        if i not in self.made:
            cells = self.lines[i].rstrip("\r\n").split(",")
            self.made[i] = ",".join(c if k in self.kept or not c or c.lower() in ("na", "nan", "null")
                                    else repr(FLOAT32.unpack(FLOAT32.pack(float(c)))[0])
                                    for k, c in enumerate(cells)) + "\n"
        return self.made[i]


def write(path, header, lines):
    with open(path, "w", encoding="utf-8") as out:
        out.write(header)
        out.writelines(lines)


if __name__ == "__main__":
    main(*sys.argv[1:3])
