#!/usr/bin/env bash
# Cluster test: starts a single-node Slurm on this machine (munge, slurmctld, slurmd),
# submits the sbatch file `kscsim slurm` writes for a small sweep, waits for the array
# to finish, and checks the merged result equals a local run byte for byte. Stops the
# daemons it started, by pid. Runnable by hand as root: bash Tests/cluster/slurm-test.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
KSCSIM="$ROOT/.build/release/kscsim"
SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
WORK=$(mktemp -d /tmp/kscsim-slurm.XXXXXX)
PIDS=()

log() { echo "slurm-test: $*"; }

cleanup() {
    for pid in "${PIDS[@]}"; do $SUDO kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do $SUDO kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    $SUDO rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
    log "installing slurmctld slurmd slurm-client munge"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
fi
[ -x "$KSCSIM" ] || make -s release

# munge: a key, /run/munge, the daemon as user munge.
if [ ! -s /etc/munge/munge.key ]; then
    $SUDO mkdir -p /etc/munge
    $SUDO dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
    $SUDO chown munge:munge /etc/munge/munge.key && $SUDO chmod 400 /etc/munge/munge.key
fi
$SUDO mkdir -p /run/munge /var/log/munge /var/lib/munge
$SUDO chown munge:munge /run/munge /var/log/munge /var/lib/munge
if ! munge -n >/dev/null 2>&1 </dev/null; then
    $SUDO runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/kscsim-test.pid
    for _ in $(seq 50); do [ -s /run/munge/kscsim-test.pid ] && break; sleep 0.1; done
    PIDS+=("$($SUDO cat /run/munge/kscsim-test.pid)")
fi
munge -n </dev/null | unmunge >/dev/null
log "munge works"

# A one-node cluster on 127.0.0.1.
HOST=$(hostname -s)
CONF="$WORK/slurm.conf"
mkdir -p "$WORK/state" "$WORK/spool" "$WORK/log"
cat >"$CONF" <<CONFEOF
ClusterName=kscsimtest
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
NodeName=kscsimnode NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=kscsimnode Default=YES MaxTime=INFINITE State=UP
CONFEOF
export SLURM_CONF="$CONF"
$SUDO env SLURM_CONF="$CONF" slurmctld -i
for _ in $(seq 100); do [ -s "$WORK/slurmctld.pid" ] && break; sleep 0.1; done
PIDS+=("$(cat "$WORK/slurmctld.pid")")
$SUDO env SLURM_CONF="$CONF" slurmd -N kscsimnode
for _ in $(seq 100); do [ -s "$WORK/slurmd.pid" ] && break; sleep 0.1; done
PIDS+=("$(cat "$WORK/slurmd.pid")")
for _ in $(seq 150); do
    sinfo -h -N -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)' && break
    sleep 0.2
done
sinfo -N -o '%N %T %c' || { cat "$WORK/log/"*.log; exit 1; }

# The same sweep locally and on the cluster.
"$KSCSIM" sweep Tests/cluster/sweep.yaml --out "$WORK/local" --jobs 2 2>/dev/null
"$KSCSIM" merge "$WORK/local" >/dev/null
"$KSCSIM" slurm Tests/cluster/sweep.yaml --out "$WORK/cluster" --runs-per-task 3 --array-max 4 --time 00:10:00
JOB=$(sbatch --parsable "$WORK/cluster/sweep.sbatch")
log "submitted job array $JOB"
START=$(date +%s)
while [ -n "$(squeue -h -j "$JOB" 2>/dev/null)" ]; do
    if [ $(( $(date +%s) - START )) -gt 300 ]; then
        log "job $JOB still queued or running after 300 s"; squeue; cat "$WORK/log/"*.log | tail -50; exit 1
    fi
    sleep 1
done
log "job array finished in $(( $(date +%s) - START )) s"
if ! "$KSCSIM" sweep status "$WORK/cluster"; then
    cat "$WORK/cluster/logs/"* 2>/dev/null | tail -40; exit 1
fi
for f in sweep.csv aggregate.csv nodes.csv; do
    if ! cmp "$WORK/local/$f" "$WORK/cluster/$f"; then
        log "FAIL: $f from Slurm differs from the local run"; exit 1
    fi
done
log "sweep.csv, aggregate.csv and nodes.csv from Slurm equal the local run byte for byte"

# A sequential sweep (replications to a precision) in rounds: one job array per round,
# each round submitting the next, against the same sweep run locally.
PRECISION=(--set 'sweep.precision={targets: {within_900s: 0.01, delivered_latency_mean_s: "5%"}, minReplications: 3, roundSize: 2}' --set sweep.replications=40)
"$KSCSIM" sweep Tests/cluster/sweep.yaml "${PRECISION[@]}" --out "$WORK/local-precision" --jobs 2 >/dev/null 2>&1
"$KSCSIM" slurm Tests/cluster/sweep.yaml "${PRECISION[@]}" --out "$WORK/cluster-precision" --runs-per-task 2 --time 00:10:00 >/dev/null
JOB=$(sbatch --parsable "$WORK/cluster-precision/sweep.sbatch")
log "submitted round 1 of the precision sweep as job $JOB"
START=$(date +%s)
until "$KSCSIM" sweep status "$WORK/cluster-precision" --quiet 2>/dev/null && [ -z "$(squeue -h 2>/dev/null)" ]; do
    if [ $(( $(date +%s) - START )) -gt 600 ]; then
        log "the precision sweep has not finished after 600 s"; squeue; "$KSCSIM" sweep status "$WORK/cluster-precision" || true
        cat "$WORK/cluster-precision/logs/"* 2>/dev/null | tail -40; exit 1
    fi
    sleep 1
done
ROUNDS=$(ls "$WORK/cluster-precision/rounds/" | grep -c '\.csv$')
log "precision sweep finished through Slurm in $ROUNDS rounds, $(( $(date +%s) - START )) s"
[ "$ROUNDS" -ge 2 ] || { log "FAIL: expected several rounds, got $ROUNDS"; exit 1; }
for f in sweep.csv aggregate.csv nodes.csv; do
    if ! cmp "$WORK/local-precision/$f" "$WORK/cluster-precision/$f"; then
        log "FAIL: precision sweep $f from Slurm differs from the local run"; exit 1
    fi
done
log "the precision sweep's sweep.csv, aggregate.csv and nodes.csv from Slurm equal the local run byte for byte"
echo "slurm: 2 passed, 0 failed"
