#!/usr/bin/env python3
"""Cuts the native anchor's files for the job benchmark (called by run.sh): one CSV per fit of the job's plan.

cut_folds.py PLAN.json OUT_DIR

PLAN.json is written by JobBench: the row ranges of every fit, in the trainer's row order. The trainer sorts rows by
the time column, stably (rows sharing a time keep their file order); the data file is ordered by day only, so its
order differs. The rows are put in that same order here, and each range is written with the file's own text lines
(the same bytes LightGBM's parser reads in the anchor), header first: OUT_DIR/<fit>-train.csv and, for folds,
OUT_DIR/<fit>-test.csv. Every range is checked against the plan (row count, positives, first and last time), so a
cut that differs from the trainer's rows stops here. Standard library only: numpy may be missing.
"""
import json
import os
import sys


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
    os.makedirs(out_dir, exist_ok=True)
    for fit in plan["fits"]:
        for part in ("train", "test"):
            if part in fit:
                write(os.path.join(out_dir, f"{fit['name']}-{part}.csv"), header, lines, times, order, target,
                      fit[part], f"{fit['name']} {part}")


def write(path, header, lines, times, order, target, rng, what):
    rows = order[rng["from"]:rng["to"]]
    positives = sum(1 for i in rows if float(lines[i].split(",")[target]) == 1)
    got = (len(rows), positives, times[rows[0]], times[rows[-1]])
    want = (rng["to"] - rng["from"], rng["positives"], rng["first_time"], rng["last_time"])
    if got != want:
        sys.exit(f"cut_folds: {what}: (rows, positives, first time, last time) = {got}, the trainer's {want}")
    with open(path, "w", encoding="utf-8") as out:
        out.write(header)
        out.writelines(lines[i] for i in rows)


if __name__ == "__main__":
    main(*sys.argv[1:3])
