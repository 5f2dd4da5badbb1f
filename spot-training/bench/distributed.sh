#!/usr/bin/env bash
# Multi-node benchmark (not a test): the trainer on a 1M x 28 CSV as one process x 2 threads, and as a multi-node job
# of 2 processes x 1 thread on this host (Batch's multi-node variables set by hand, as distributed.LocalNodes does),
# each `train --dry-run` (folds, final model, metrics; nothing written), the CSV served by the local stores' s3proxy
# (objects on disk; the request journal's front holds each body whole). The two configurations alternate, best of BENCH_REPS (2); wall time of the job,
# peak RSS of every process (/usr/bin/time), the stores' process included, and whether the 2-process model's test AUC
# is within 0.005 of the 1-process model's. Writes its section of bench/RESULTS.md (between the distributed.sh
# markers; bench/run.sh keeps it).
#   spot-training/bench/distributed.sh [ROWS]      (default 1000000; BENCH_DATA=path reuses a CSV of that shape,
#                                                  BENCH_FOLDS=n, BENCH_REPS=n, BENCH_JAR=path skips the build)
set -euo pipefail
MODULE="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$MODULE/.." && pwd)"
SHARED="${ZOO_SHARED:-$ROOT/../shared}"
ROWS="${1:-1000000}"
FOLDS="${BENCH_FOLDS:-3}"
REPS="${BENCH_REPS:-2}"
WORK="${BENCH_WORK:-/tmp/saturday-bench-distributed}"
OUT="$MODULE/bench/RESULTS.md"
mkdir -p "$WORK"

cd "$ROOT"
# the local runner's jar: the trainer and the local stores (a catalog dataset is an s3:// location: s3proxy serves it)
JAR="${BENCH_JAR:-$ROOT/local-runner/target/saturday.jar}"
[ -n "${BENCH_JAR:-}" ] || mvn -B -o -q -pl local-runner -am package -DskipTests # the reactor's jars, none installed
MALLOC_ARENA_MAX="$(sed -n 's/.*MALLOC_ARENA_MAX=\([0-9]*\).*/\1/p' "$MODULE/Dockerfile")"
export MALLOC_ARENA_MAX

DATA="${BENCH_DATA:-$WORK/big-$ROWS.csv}"
[ -f "$DATA" ] || python3 "$SHARED/bench/gen_data.py" "$ROWS" "$DATA"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" -cp "$JAR" "$MODULE/src/bench/java/io/saturdayzoo/training/distributed/BenchStores.java"
rm -f "$WORK/stores.in" && mkfifo "$WORK/stores.in"
rm -rf "$WORK/stores-data"
# The stores keep objects on disk, but the request journal's front holds each body whole while it passes (the CSV on
# upload, then once per downloading process): a capped heap of 1.5 GB holds three copies. Without a cap, G1 on a
# 23 GB host (6 GB max heap) let uncollected garbage take the process to about 3 GB of RSS.
/usr/bin/time -f '%M' -o "$WORK/stores.rss" java -Xmx1536m -cp "$WORK/classes:$JAR" \
  io.saturdayzoo.training.distributed.BenchStores "$DATA" "$WORK/stores-data" <"$WORK/stores.in" \
  >"$WORK/stores.out" 2>"$WORK/stores.err" &
STORES=$!
exec 3>"$WORK/stores.in" # the stores serve until this closes
trap 'exec 3>&- 2>/dev/null; wait "$STORES" 2>/dev/null || true' EXIT
t0=$(date +%s)
until grep -q '^READY$' "$WORK/stores.out" 2>/dev/null; do
  kill -0 "$STORES" 2>/dev/null || { cat "$WORK/stores.err" >&2; exit 1; }
  sleep 1
done
STORES_READY=$(( $(date +%s) - t0 ))
STORE_ENV=$(grep -v -e '^READY$' -e '^DATASET=' "$WORK/stores.out" | tr '\n' ' ')
DATASET=$(sed -n 's/^DATASET=//p' "$WORK/stores.out")

CATALOG="$WORK/catalog.json"
cat >"$CATALOG" <<EOF
{"zoo": "bench", "budget": 1, "specs": [{"id": "bench-gbdt", "kind": "lightgbm", "label": "bench",
  "dataset": {"uri": "$DATASET", "time_column": "ts", "target_column": "label"},
  "params": {"num_iterations": 100}, "nodes": 2, "status": "active"}]}
EOF
train=(env $STORE_ENV ZOO_CATALOG="$CATALOG" java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$JAR"
       io.saturdayzoo.training.cli.TrainerCli train --spec bench-gbdt --dry-run --execution-id bench --folds "$FOLDS")

now() { date +%s.%N; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])')
node_env() { # index: node 0 is the main node, node 1 finds it on this host
  echo "AWS_BATCH_JOB_NUM_NODES=2 AWS_BATCH_JOB_NODE_INDEX=$1 AWS_BATCH_JOB_MAIN_NODE_INDEX=0" \
       "AWS_BATCH_JOB_MAIN_NODE_PRIVATE_IPV4_ADDRESS=127.0.0.1 ZOO_RENDEZVOUS_PORT=$PORT ZOO_NETWORK_PORT=0"
}
# every run leaves RUNS/<config>-<rep>.{wall,*.rss,*.json}
RUNS="$WORK/runs" && rm -rf "$RUNS" && mkdir -p "$RUNS"
for rep in $(seq 1 "$REPS"); do # alternating, so both configurations see the same shifts of the host's load
  t0=$(now)
  /usr/bin/time -f '%M' -o "$RUNS/alone-$rep.rss" "${train[@]}" --threads 2 >"$RUNS/alone-$rep.json" \
    2>"$RUNS/alone-$rep.err"
  python3 -c "print(round($(now) - $t0, 1))" >"$RUNS/alone-$rep.wall"

  t0=$(now)
  /usr/bin/time -f '%M' -o "$RUNS/nodes-$rep.node1.rss" env $(node_env 1) "${train[@]}" --threads 1 \
    >"$RUNS/nodes-$rep.node1.json" 2>"$RUNS/nodes-$rep.node1.err" &
  NODE1=$!
  /usr/bin/time -f '%M' -o "$RUNS/nodes-$rep.node0.rss" env $(node_env 0) "${train[@]}" --threads 1 \
    >"$RUNS/nodes-$rep.json" 2>"$RUNS/nodes-$rep.node0.err"
  wait "$NODE1"
  python3 -c "print(round($(now) - $t0, 1))" >"$RUNS/nodes-$rep.wall"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
exec 3>&- # the stores stop; their peak RSS is written when they exit
wait "$STORES" || true

python3 - "$OUT" "$RUNS" "$REPS" "$(basename "$DATA")" "$ROWS" "$FOLDS" "$(nproc)" "$(java -version 2>&1 | head -1)" \
  "$LOAD_BEFORE" "$LOAD_AFTER" "$(cat "$WORK/stores.rss" | tail -1)" "$STORES_READY" <<'PY'
import json, os, sys, time
out, runs, reps, data, rows, folds, cores, java, load_before, load_after, stores_kb, stores_ready = sys.argv[1:]
reps = int(reps)
def mb(path): return round(int(open(path).read().split()[-1]) / 1024)
def auc(path):  # the main node's stdout also holds LightGBM's "Listening..." line before the JSON
    text = open(path).read()
    m = json.loads(text[text.index("{"):])["manifest"]["metrics"]
    return m.get("test_auc_mean", m.get("auc"))
def best(config):  # the fastest rep, its memory and model
    walls = [(float(open(f"{runs}/{config}-{r}.wall").read()), r) for r in range(1, reps + 1)]
    return min(walls), sorted(w for w, _ in walls)
(alone_wall, a), alone_all = best("alone")
(nodes_wall, n), nodes_all = best("nodes")
alone_auc, nodes_auc = auc(f"{runs}/alone-{a}.json"), auc(f"{runs}/nodes-{n}.json")
diff = abs(alone_auc - nodes_auc)
section = [
    "<!-- distributed.sh -->",
    "## Multi-node: 2 processes x 1 thread against 1 process x 2 threads",
    "",
    f"Generated by `spot-training/bench/distributed.sh` on {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}, "
    f"{cores} cores, {java}. Data: {data} ({int(rows):,} rows x 28 features) served by the local stores' s3proxy, "
    f"`train --dry-run`, {folds} walk-forward folds + the final model, 100 iterations, LightGBM defaults otherwise. "
    f"The two configurations alternate, best of {reps} (wall from the fastest run; its memory and model). Both on the "
    "same host, so the two processes share its two cores and talk over loopback: this measures the cost of the "
    "distributed path (each node reads the table's index, then parses only its half of the rows; the socket "
    "network; the gathered scores), not the speed-up of real machines.",
    "",
    "| run | wall s (best; all) | peak RSS per process (MB) | test AUC (mean of folds) |",
    "|---|---|---|---|",
    f"| 1 process x 2 threads | {alone_wall} ({', '.join(map(str, alone_all))}) | {mb(f'{runs}/alone-{a}.rss')} "
    f"| {alone_auc:.6f} |",
    f"| 2 processes x 1 thread (`nodes`: 2) | {nodes_wall} ({', '.join(map(str, nodes_all))}) | node 0: "
    f"{mb(f'{runs}/nodes-{n}.node0.rss')}, node 1: {mb(f'{runs}/nodes-{n}.node1.rss')} | {nodes_auc:.6f} |",
    "",
    f"2-process AUC against 1-process: |{nodes_auc:.6f} - {alone_auc:.6f}| = {diff:.6f}, "
    f"{'within' if diff <= 0.005 else 'NOT within'} 0.005.",
    f"The stores' process (s3proxy and DynamoDB Local, objects on disk, each body held whole by the request journal's "
    f"front): peak RSS {round(int(stores_kb) / 1024)} MB, ready (the CSV uploaded) after {stores_ready} s.",
    f"Load average (1, 5, 15 min) before: {load_before}; after: {load_after} (the host is shared).",
    "<!-- /distributed.sh -->",
]
text = open(out).read() if os.path.exists(out) else "# Trainer benchmark results\n"
block = "\n".join(section)
if section[0] in text and section[-1] in text:
    text = text[:text.index(section[0])] + block + text[text.index(section[-1]) + len(section[-1]):]
else:
    text = text.rstrip("\n") + "\n\n" + block + "\n"
open(out, "w").write(text)
print(block)
if diff > 0.005:
    sys.exit(f"2-process AUC {nodes_auc} is not within 0.005 of 1-process {alone_auc}")
PY
