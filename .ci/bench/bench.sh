#!/usr/bin/env bash
# Benchmarks vpnform against a REAL neutron-server with VPNaaS (.ci/neutron), side by side with
# the reference tools, and checks the performance targets:
#
#   1. vpnform plan, 1 connection (by name, mtu differs)  vs  openstack ... site connection show <id>
#      target: vpnform <= 0.35 x openstackclient
#   2. vpnform plan, 1,000 connections (100 with a change) vs  one curl GET of the whole list
#      (JVM start-up measured separately as `vpnform --version`)
#      target: (plan - JVM start-up) <= 2 x curl
#   3. vpnform apply --auto-approve --parallelism 10, 100 changes
#      vs  a sequential loop of `openstack ... site connection set --mtu M <id>` over the same 100
#      vs  100 curl PUTs run by `xargs -P 10`
#      targets: vpnform >= 20 x faster than the openstack loop; vpnform <= 1.25 x the curl PUTs
#   4. vpnform plan --actual-file of 10,000 generated connections (offline: no server involved)
#      targets: (plan - JVM start-up) < 1 s; peak RSS of the process < 256 MB
#
# vpnform is the self-contained distribution's launcher (cli/target/vpnform-<version>/bin/vpnform,
# built by mvn package), as a user installs it.
#
# Repetitions are interleaved (A B C, A B C, ...) after one untimed warm-up of each command, so
# that load drifting over the run hits every contender alike. Every repetition is checked: the
# plans must report the expected change counts, and every apply-like run must really change the
# mtu of every connection it touched (flipped between 1400 and 1450, so there is always a change).
# See README.md next to this script for the method and the output format.
set -Eeuo pipefail
export LC_ALL=C                           # EPOCHREALTIME and printf use '.' as decimal separator

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
NEUTRON_CI=$ROOT/.ci/neutron
PY=/usr/bin/python3                       # Debian's python (a pyenv python3 comes first in PATH)

usage() {
    cat >&2 <<EOF
usage: $0 [options]
  --reps N           repetitions of sections 1 and 2 (default 5)
  --apply-reps N     repetitions of section 3 (default 3)
  --osc-reps N       run the openstack loop of section 3 in the first N apply repetitions only
                     (default: all of them)
  --quick            section 3: time the openstack loop over 10 connections and multiply by 10
  --sections LIST    comma-separated subset of 1,2,3,4 (default 1,2,3,4)
  --scale-count N    connections in the offline plan of section 4 (default 10000)
  --plan-count N     connections in the big plan of section 2 (default 1000)
  --changes N        connections changed by section 3 (default 100)
  --parallelism P    vpnform --parallelism and xargs -P of section 3 (default 10)
  --key name|id      how the generated YAML of sections 2 and 3 identifies connections (default name)
  --json FILE        also write the results as JSON to FILE
  --vpnform PATH     launcher to benchmark as is (default: a private copy of the distribution,
                     cli/target/vpnform-<version>/, with its ahead-of-time cache)
  --seed-api         seed bench connections through the REST API instead of SQL (slow)
  --stall-seconds S  a run in which one request got no answer within S seconds is discarded and
                     repeated (default 25; neutron's eventlet server drops a connection now and then)
  --keep             leave the neutron started by this script running
  --keep-tmp         keep the scratch directory (YAML, outputs, debug logs)
  -h, --help
Environment:
  VPNFORM_NEUTRON_URL   use this running noauth neutron (with >= max(plan-count, changes)
                        bench-NNNN connections) instead of starting one
  VPNFORM_NEUTRON_WORKDIR, VPNFORM_NEUTRON_PORT, VPNFORM_NEUTRON_KS_PORT, VPNFORM_KEYSTONE_PORT,
  VPNFORM_NEUTRON_DB_PORT   where the private instance runs (defaults: /tmp/vpnform-neutron-bench,
                        39696, 39697, 35000, 33307)
EOF
    exit 2
}

REPS=5
APPLY_REPS=3
OSC_REPS=""
QUICK=0
SECTIONS=1,2,3,4
SCALE_COUNT=10000
PLAN_COUNT=1000
CHANGES=100
PAR=10
KEY=name
JSON_OUT=""
VPNFORM_BIN=""
SEED_API=0
KEEP=0
KEEP_TMP=0
STALL_S=25
need_arg() { [ "$2" -ge 2 ] || usage; }
while [ $# -gt 0 ]; do
    case "$1" in
        --reps) need_arg "$1" $#; REPS=$2; shift 2 ;;
        --apply-reps) need_arg "$1" $#; APPLY_REPS=$2; shift 2 ;;
        --osc-reps) need_arg "$1" $#; OSC_REPS=$2; shift 2 ;;
        --quick) QUICK=1; shift ;;
        --sections) need_arg "$1" $#; SECTIONS=$2; shift 2 ;;
        --plan-count) need_arg "$1" $#; PLAN_COUNT=$2; shift 2 ;;
        --scale-count) need_arg "$1" $#; SCALE_COUNT=$2; shift 2 ;;
        --changes) need_arg "$1" $#; CHANGES=$2; shift 2 ;;
        --parallelism) need_arg "$1" $#; PAR=$2; shift 2 ;;
        --key) need_arg "$1" $#; KEY=$2; shift 2 ;;
        --json) need_arg "$1" $#; JSON_OUT=$2; shift 2 ;;
        --vpnform) need_arg "$1" $#; VPNFORM_BIN=$2; shift 2 ;;
        --seed-api) SEED_API=1; shift ;;
        --stall-seconds) need_arg "$1" $#; STALL_S=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        --keep-tmp) KEEP_TMP=1; shift ;;
        -h|--help) usage ;;
        *) echo "unknown option: $1" >&2; usage ;;
    esac
done
for v in REPS APPLY_REPS PLAN_COUNT SCALE_COUNT CHANGES PAR STALL_S; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "$v must be a positive integer" >&2; usage; }
done
OSC_REPS=${OSC_REPS:-$APPLY_REPS}
[[ "$OSC_REPS" =~ ^[0-9]+$ ]] || usage
[[ "$SECTIONS" =~ ^[1-4](,[1-4])*$ ]] || usage
[[ "$KEY" == name || "$KEY" == id ]] || usage
want() { [[ ",$SECTIONS," == *",$1,"* ]]; }
if [ "$QUICK" -eq 1 ]; then
    OSC_N=$(( CHANGES < 10 ? CHANGES : 10 ))
else
    OSC_N=$CHANGES
fi
if [ -n "$JSON_OUT" ]; then
    case "$JSON_OUT" in /*) ;; *) JSON_OUT=$(pwd)/$JSON_OUT ;; esac
fi

log() { echo "[bench] $*" >&2; }
die() { echo "[bench] ERROR: $*" >&2; exit 1; }

# Only this script's settings reach the tools: no OS_* variable from the caller's shell.
while read -r v; do unset "$v"; done < <(compgen -e | grep '^OS_' || true)

export VPNFORM_NEUTRON_WORKDIR=${VPNFORM_NEUTRON_WORKDIR:-/tmp/vpnform-neutron-bench}
export VPNFORM_NEUTRON_PORT=${VPNFORM_NEUTRON_PORT:-39696}
export VPNFORM_NEUTRON_KS_PORT=${VPNFORM_NEUTRON_KS_PORT:-39697}
export VPNFORM_KEYSTONE_PORT=${VPNFORM_KEYSTONE_PORT:-35000}
export VPNFORM_NEUTRON_DB_PORT=${VPNFORM_NEUTRON_DB_PORT:-33307}

TMP=$(mktemp -d /tmp/vpnform-bench.XXXXXX)
RES=$TMP/results
mkdir -p "$RES"
: > "$RES/samples.tsv"                     # section  key  seconds
: > "$RES/meta.tsv"                        # section  name  value (JSON)
: > "$RES/discarded.tsv"                   # section  key  seconds
STARTED=0

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ "$STARTED" -eq 1 ]; then
        if [ "$KEEP" -eq 1 ]; then
            log "neutron left running (--keep): . $VPNFORM_NEUTRON_WORKDIR/env.sh; stop it with $NEUTRON_CI/stop.sh"
        else
            log "stopping the neutron this script started ($VPNFORM_NEUTRON_WORKDIR)"
            bash "$NEUTRON_CI/stop.sh" >/dev/null 2>&1 || log "stop.sh failed; run it by hand"
        fi
    fi
    if [ "$KEEP_TMP" -eq 1 ] || [ "$rc" -ne 0 ]; then
        log "scratch files kept in $TMP"
    else
        rm -rf "$TMP"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'log "command failed (line $LINENO): $BASH_COMMAND"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

meta() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$RES/meta.tsv"; }   # section name json
jstr() { jq -Rn --arg s "$1" '$s'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
load_json() { cut -d' ' -f1-3 /proc/loadavg | jq -Rc 'split(" ") | map(tonumber)'; }

# ------------------------------------------------------------------------------------ timing
# timed CMD...: runs CMD with stdin /dev/null and stdout/stderr in $TMP/out and $TMP/err. Sets
# T (wall seconds, from bash's EPOCHREALTIME: no fork inside the measurement), CPU (user+sys
# seconds of the reaped children, from the `times` builtin run in this shell) and RC.
T=0; CPU=0; RC=0; STALLED=0
timed() {
    local t0 t1
    RC=0
    times > "$TMP/times0"
    t0=$EPOCHREALTIME
    "$@" < /dev/null > "$TMP/out" 2> "$TMP/err" || RC=$?
    t1=$EPOCHREALTIME
    times > "$TMP/times1"
    T=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
    CPU=$(awk 'FNR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/)
                          v[++n] = u[1] * 60 + u[2] + s[1] * 60 + s[2] }
               END { printf "%.3f", v[2] - v[1] }' "$TMP/times0" "$TMP/times1")
}
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$RES/samples.tsv"; }  # section key wall cpu
fail_run() {  # what: show the output of the failed run, then die
    log "---- stdout (tail)"; tail -n 15 "$TMP/out" >&2 || true
    log "---- stderr (tail)"; tail -n 15 "$TMP/err" >&2 || true
    die "$1"
}
slow() { awk -v t="$T" -v s="$STALL_S" 'BEGIN { exit !(t >= s) }'; }   # T >= the stall limit?
# attempt SECTION KEY RUN...: runs RUN (a run_* function, which sets STALLED=1 when a request got
# no answer) until a run without a hung request, at most 3 times, and records its T and CPU.
# A hung request is a server fault (see README: eventlet drops a connection now and then); the
# discarded runs are reported.
attempt() {
    local sec=$1 key=$2 try
    shift 2
    for try in 1 2 3; do
        STALLED=0
        "$@"
        if [ "$STALLED" -eq 0 ]; then
            record "$sec" "$key" "$T" "$CPU"
            return 0
        fi
        printf '%s\t%s\t%s\n' "$sec" "$key" "$T" >> "$RES/discarded.tsv"
        log "  $key: a request got no answer within ${STALL_S} s (run took ${T%.*} s): run discarded, repeating it"
    done
    die "$key: 3 runs in a row had a request without an answer; is neutron alive?"
}

# ------------------------------------------------------------------------------------ report
# report.py MODE: "section N" prints the figure lines of section N; "final" prints the tables
# and writes the JSON. Targets and ratios are computed here only.
report() {
    "$PY" - "$RES" "$@" <<'PY'
import json, statistics, sys, os
res, mode = sys.argv[1], sys.argv[2]
arg = sys.argv[3] if len(sys.argv) > 3 else None

samples = {}
for line in open(os.path.join(res, "samples.tsv")):
    sec, key, secs, cpu = line.rstrip("\n").split("\t")
    e = samples.setdefault(key, {"section": int(sec), "samples": [], "cpu": []})
    e["samples"].append(float(secs))
    e["cpu"].append(float(cpu))
discarded = []
for line in open(os.path.join(res, "discarded.tsv")):
    sec, key, secs = line.rstrip("\n").split("\t")
    discarded.append({"section": int(sec), "key": key, "seconds": float(secs)})
meta = {}
for line in open(os.path.join(res, "meta.tsv")):
    sec, name, val = line.rstrip("\n").split("\t", 2)
    meta.setdefault(sec, {})[name] = json.loads(val)
glob = meta.get("0", {})
scale = glob.get("osc_scale", 1)

LABELS = {
    "plan1": "vpnform plan, 1 connection",
    "osc_show": "openstack vpn ipsec site connection show <id>",
    "plan1000": "vpnform plan, %s connections" % glob.get("plan_count", "?"),
    "jvm": "vpnform --version (JVM start-up)",
    "curl_list": "curl GET list, all connections (1 request)",
    "curl_replay": "curl, vpnform's list requests replayed (1 process)",
    "plan1000_offline": "vpnform plan --actual-file (offline, same desired state)",
    "apply": "vpnform apply --auto-approve --parallelism %s, %s changes" % (glob.get("parallelism", "?"), glob.get("changes", "?")),
    "curl_put": "curl PUT x %s, xargs -P %s" % (glob.get("changes", "?"), glob.get("parallelism", "?")),
    "osc_loop": "openstack ... set --mtu, sequential loop x %s" % glob.get("changes", "?"),
    "scale_offline": "vpnform plan --actual-file, %s connections (offline)" % glob.get("scale_count", "?"),
}
ORDER = ["plan1", "osc_show", "jvm", "plan1000", "plan1000_offline", "curl_list", "curl_replay",
         "apply", "curl_put", "osc_loop", "scale_offline"]

def stats(key):
    s = samples.get(key)
    if not s:
        return None
    v, c = s["samples"], s["cpu"]
    f = scale if key == "osc_loop" else 1
    return {"label": LABELS[key], "section": s["section"], "n": len(v),
            "median": statistics.median(v) * f, "min": min(v) * f, "max": max(v) * f,
            "cpu_median": statistics.median(c) * f, "samples": v, "cpu_samples": c, "scale": f}

def target_rows():
    rows = []
    def add(sec, tid, what, num, den, op, limit, note=""):
        a, b = stats(num[0]), stats(den)
        if a is None or b is None:
            return
        sub = stats(num[1]) if len(num) > 1 else None
        if len(num) > 1 and sub is None:
            return
        def ratio(k):
            x = a[k] - (sub[k] if sub else 0)
            return x / b[k] if b[k] > 0 else float("inf")
        r_med, r_min = ratio("median"), ratio("min")
        ok = r_med <= limit if op == "<=" else r_med >= limit
        rows.append({"section": sec, "id": tid, "what": what, "ratio_median": r_med,
                     "ratio_min": r_min, "op": op, "target": limit, "pass": ok, "note": note})
    add(1, "T1", "vpnform plan (1) / openstack show", ["plan1"], "osc_show", "<=", 0.35)
    add(2, "T2", "(vpnform plan (%s) - JVM start-up) / curl GET list" % glob.get("plan_count", "?"),
        ["plan1000", "jvm"], "curl_list", "<=", 2.0)
    # T3a is a speed-up (osc / vpnform), so numerator and denominator are swapped.
    a, b = stats("osc_loop"), stats("apply")
    if a and b:
        r_med, r_min = a["median"] / b["median"], a["min"] / b["min"]
        rows.append({"section": 3, "id": "T3a", "what": "openstack set loop / vpnform apply (speed-up)",
                     "ratio_median": r_med, "ratio_min": r_min, "op": ">=", "target": 20.0,
                     "pass": r_med >= 20.0,
                     "note": "openstack loop extrapolated x%g" % scale if scale != 1 else ""})
    add(3, "T3b", "vpnform apply / curl PUTs (xargs -P)", ["apply"], "curl_put", "<=", 1.25,
        "i.e. vpnform speed >= 0.8 x curl")
    # Section 4: absolute targets (seconds, MB), not ratios.
    a, j = stats("scale_offline"), stats("jvm")
    if a and j:
        r_med, r_min = a["median"] - j["median"], a["min"] - j["min"]
        rows.append({"section": 4, "id": "T4a",
                     "what": "vpnform plan --actual-file (%s) - JVM start-up, seconds" % glob.get("scale_count", "?"),
                     "ratio_median": r_med, "ratio_min": r_min, "op": "<", "target": 1.0, "unit": " s",
                     "pass": r_med < 1.0, "note": "in-process work, cold (JMH singleShot measures it too)"})
    rss = meta.get("4", {}).get("rss_mb")
    if rss:
        rows.append({"section": 4, "id": "T4b",
                     "what": "peak RSS of vpnform plan --actual-file (%s), MB" % glob.get("scale_count", "?"),
                     "ratio_median": statistics.median(rss), "ratio_min": min(rss), "op": "<",
                     "target": 256.0, "unit": " MB", "pass": max(rss) < 256.0,
                     "note": "max over runs %.0f MB" % max(rss)})
    return rows

def info_rows():
    rows = []
    a, j, r = stats("plan1000"), stats("jvm"), stats("curl_replay")
    if a and j and r:
        rows.append("(vpnform plan (%s) - JVM) / curl replay of the same requests: %.2fx (medians), %.2fx (mins)"
                    % (glob.get("plan_count", "?"), (a["median"] - j["median"]) / r["median"],
                       (a["min"] - j["min"]) / r["min"]))
    o = stats("plan1000_offline")
    if a and j and o:
        rows.append("plan (%s) split, medians: JVM start-up %.3f s | offline load+plan+render (--actual-file) - JVM %.3f s | the rest (HTTP, JSON of the live list) %.3f s"
                    % (glob.get("plan_count", "?"), j["median"], o["median"] - j["median"],
                       a["median"] - o["median"]))
    p1 = stats("plan1")
    if p1 and j:
        rows.append("plan (1) - JVM start-up: %.3f s (medians)" % (p1["median"] - j["median"]))
    ap, cp = stats("apply"), stats("curl_put")
    if ap and j and cp:
        rows.append("apply - JVM start-up: %.3f s vs curl PUTs %.3f s (medians): %.2fx"
                    % (ap["median"] - j["median"], cp["median"], (ap["median"] - j["median"]) / cp["median"]))
    return rows

def fmt(x):
    return "%.3f" % x

def verdict(t):
    return "PASS" if t["pass"] else "FAIL"

if mode == "section":
    sec = int(arg)
    m = meta.get(str(sec), {})
    for key in ORDER:
        s = stats(key)
        if s and s["section"] == sec:
            extra = " (x%g extrapolated)" % s["scale"] if s["scale"] != 1 else ""
            print("  %-62s median %8s s  min %8s  max %8s  n=%d  (client CPU %s s)%s"
                  % (s["label"], fmt(s["median"]), fmt(s["min"]), fmt(s["max"]), s["n"],
                     fmt(s["cpu_median"]), extra))
    for t in target_rows():
        if t["section"] == sec:
            u = t.get("unit", "x")
            print("  %-4s %-56s %7.2f%s (mins: %.2f%s)  target %s %g%s  %s%s"
                  % (t["id"], t["what"], t["ratio_median"], u, t["ratio_min"], u, t["op"], t["target"], u,
                     verdict(t), ("  [" + t["note"] + "]") if t["note"] else ""))
    for k, v in sorted(m.items()):
        if k.startswith("obs_"):
            print("  note: %s" % v)
    d = [x for x in discarded if x["section"] == sec]
    if d:
        print("  note: %d run(s) discarded and repeated because a request got no answer in time: %s"
              % (len(d), ", ".join("%s (%.1f s)" % (x["key"], x["seconds"]) for x in d)))
    sys.exit(0)

# final
targets = target_rows()
print()
print("| # | measurement | n | median (s) | min (s) | max (s) | client CPU, median (s) |")
print("|---|---|---:|---:|---:|---:|---:|")
for key in ORDER:
    s = stats(key)
    if s:
        lab = s["label"] + (" (x%g extrapolated)" % s["scale"] if s["scale"] != 1 else "")
        print("| %d | %s | %d | %s | %s | %s | %s |" % (s["section"], lab, s["n"], fmt(s["median"]), fmt(s["min"]), fmt(s["max"]), fmt(s["cpu_median"])))
print()
print("| target | ratio or value (medians) | (mins) | required | result |")
print("|---|---:|---:|---:|---|")
OPS = {"<=": "&le;", ">=": "&ge;", "<": "&lt;"}
for t in targets:
    u = t.get("unit", "x")
    print("| %s %s%s | %.2f%s | %.2f%s | %s %g%s | %s |" % (t["id"], t["what"], (" (" + t["note"] + ")") if t["note"] else "",
          t["ratio_median"], u, t["ratio_min"], u, OPS[t["op"]], t["target"], u, verdict(t)))
print()
la = ", ".join("section %s: %s" % (k, " ".join("%.2f" % x for x in v.get("loadavg_before", [])))
               for k, v in sorted(meta.items()) if k != "0" and "loadavg_before" in v)
print("Machine: %s CPUs (%s); load average (1/5/15 min) at start %s; before %s."
      % (glob.get("nproc"), glob.get("cpu_model", "?"), " ".join("%.2f" % x for x in glob.get("loadavg_start", [])), la))
for line in info_rows():
    print("- " + line)
for k, v in sorted(meta.items()):
    for name, val in sorted(v.items()):
        if name.startswith("obs_"):
            print("- " + str(val))
if discarded:
    print("- %d run(s) discarded and repeated because a request got no answer in time: %s"
          % (len(discarded), ", ".join("%s (%.1f s)" % (x["key"], x["seconds"]) for x in discarded)))

out = os.environ.get("BENCH_JSON_OUT")
if out:
    doc = {
        "format": "vpnform-bench/1",
        "machine": {k: glob[k] for k in ("nproc", "cpu_model", "loadavg_start", "kernel") if k in glob},
        "software": glob.get("software", {}),
        "parameters": glob.get("parameters", {}),
        "neutron_url": glob.get("neutron_url"),
        "started_own_neutron": glob.get("started_own_neutron"),
        "started_at": glob.get("started_at"),
        "finished_at": glob.get("finished_at"),
        "sections": {k: {n: x for n, x in v.items()} for k, v in sorted(meta.items()) if k != "0"},
        "measurements": {k: stats(k) for k in ORDER if stats(k)},
        "targets": targets,
        "derived": info_rows(),
        "discarded_runs": discarded,
        "all_targets_met": all(t["pass"] for t in targets),
    }
    with open(out, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
PY
}

# ------------------------------------------------------------------------------------ neutron
if [ -n "${VPNFORM_NEUTRON_URL:-}" ]; then
    URL=${VPNFORM_NEUTRON_URL%/}
    URL=${URL%/v2.0}
    log "using the running neutron at $URL"
else
    [ "$(id -u)" -eq 0 ] || die "starting neutron needs root (install.sh); or set VPNFORM_NEUTRON_URL"
    log "installing/checking the Debian packages (.ci/neutron/install.sh)"
    bash "$NEUTRON_CI/install.sh" > "$TMP/install.log" 2>&1 || { tail -n 20 "$TMP/install.log" >&2; die "install.sh failed"; }
    log "starting a private neutron + keystone in $VPNFORM_NEUTRON_WORKDIR (port $VPNFORM_NEUTRON_PORT)"
    STARTED=1                                       # from here on the trap stops it
    bash "$NEUTRON_CI/start.sh" > "$TMP/start.log" 2>&1 || { tail -n 30 "$TMP/start.log" >&2; die "start.sh failed"; }
    need=$(( PLAN_COUNT > CHANGES ? PLAN_COUNT : CHANGES ))
    seed_opts=(--connections "$need")
    [ "$SEED_API" -eq 1 ] || seed_opts+=(--sql)
    log "seeding: seed.sh ${seed_opts[*]}"
    t0=$EPOCHREALTIME
    bash "$NEUTRON_CI/seed.sh" "${seed_opts[@]}" > "$TMP/seed.log" 2>&1 || { tail -n 30 "$TMP/seed.log" >&2; die "seed.sh failed"; }
    log "seeded in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s"
    URL=http://127.0.0.1:$VPNFORM_NEUTRON_PORT
fi
case "$URL" in
    http://127.0.0.1:*|http://localhost:*|http://\[::1\]:*) ;;
    *) die "VPNFORM_NEUTRON_URL must be a loopback URL, not $URL" ;;
esac
LIST_URL=$URL/v2.0/vpn/ipsec-site-connections
[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$LIST_URL?fields=id&name=-")" = 200 ] \
    || die "no noauth neutron answers on $URL"
OSC=(openstack --os-auth-type none --os-endpoint "$URL")

# bench_state [N]: "name id mtu status" of every bench-NNNN connection (or the first N), sorted
# by name. (No `| head` on a live pipe: with pipefail, the writer's SIGPIPE would fail the script.)
bench_state() {
    curl -sS --fail --max-time 60 "$LIST_URL?fields=id&fields=name&fields=mtu&fields=status" \
        | jq -r '.ipsec_site_connections[] | select(.name | test("^bench-[0-9]{4,}$"))
                 | [.name, .id, .mtu, .status] | @tsv' | sort > "$TMP/bench_state.tsv"
    if [ $# -gt 0 ]; then
        awk -v n="$1" 'NR <= n' "$TMP/bench_state.tsv"
    else
        cat "$TMP/bench_state.tsv"
    fi
}
# ensure_active FILE: every connection listed (name id mtu status) must be ACTIVE; PENDING_* ones
# are set ACTIVE in the DB when it is the private instance's (a PUT on them would get 400).
ensure_active() {
    local bad ids
    bad=$(awk '$4 != "ACTIVE"' "$1")
    [ -z "$bad" ] && return 0
    [ -S "$VPNFORM_NEUTRON_WORKDIR/mysql.sock" ] \
        || die "connections not ACTIVE and no DB to fix them: $(head -n 3 <<<"$bad")"
    ids=$(awk '$4 != "ACTIVE" { printf "%s\x27%s\x27", (n++ ? "," : ""), $2 }' "$1")
    log "setting $(wc -l <<<"$bad") connection(s) ACTIVE in the DB"
    bash "$NEUTRON_CI/db.sh" "UPDATE ipsec_site_connections SET status='ACTIVE' WHERE id IN ($ids)"
}
flip() { awk '{ print $1, $2, ($3 == 1400 ? 1450 : 1400) }'; }   # name id mtu -> name id new-mtu

# ------------------------------------------------------------------------------------ vpnform
if [ -n "$VPNFORM_BIN" ]; then
    [ -x "$VPNFORM_BIN" ] || die "--vpnform $VPNFORM_BIN is not executable"
    VF=$VPNFORM_BIN
else
    # A private copy of the distribution, so that a concurrent `mvn package` cannot swap the jar
    # or the cache in the middle of the run (the cache stays valid when its directory is copied
    # with the files' times).
    DIST=""
    for d in "$ROOT"/cli/target/vpnform-*/; do
        [ -x "$d/bin/vpnform" ] && DIST=${d%/}
    done
    [ -n "$DIST" ] \
        || die "the distribution cli/target/vpnform-<version>/ is missing; build it: cd $ROOT && mvn -q -o package -DskipTests"
    cp -a "$DIST" "$TMP/vpnform"
    VF_CACHE=$(ls "$TMP/vpnform/lib/" | grep -E '\.(aot|jsa)$' || echo none)
    VF_RUNTIME=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$TMP/vpnform/runtime/release")
    log "benchmarking a copy of $DIST (Java $VF_RUNTIME runtime, start-up cache: $VF_CACHE)"
    VF=$TMP/vpnform/bin/vpnform
fi
VF_VERSION=$("$VF" --version 2>/dev/null | sed -n 1p) || die "$VF --version failed"
VFN=("$VF")                                # vpnform + cloud options, as the user would type them
CLOUD=(--os-auth-type none --os-endpoint "$URL")

# ------------------------------------------------------------------------------------ facts
NPROC=$(nproc)
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
LOAD0=$(loadavg)
meta 0 nproc "$NPROC"
meta 0 cpu_model "$(jstr "${CPU_MODEL:-unknown}")"
meta 0 kernel "$(jstr "$(uname -r)")"
meta 0 loadavg_start "$(load_json)"
meta 0 started_at "$(jstr "$(date -u +%FT%TZ)")"
meta 0 neutron_url "$(jstr "$URL")"
meta 0 started_own_neutron "$([ "$STARTED" -eq 1 ] && echo true || echo false)"
meta 0 plan_count "$PLAN_COUNT"
meta 0 scale_count "$SCALE_COUNT"
meta 0 changes "$CHANGES"
meta 0 parallelism "$PAR"
meta 0 osc_scale "$(awk -v a="$CHANGES" -v b="$OSC_N" 'BEGIN { print a / b }')"
meta 0 parameters "$(jq -nc --argjson reps "$REPS" --argjson apply_reps "$APPLY_REPS" \
    --argjson osc_reps "$OSC_REPS" --argjson quick "$QUICK" --argjson osc_n "$OSC_N" \
    --argjson plan_count "$PLAN_COUNT" --argjson changes "$CHANGES" --argjson parallelism "$PAR" \
    --argjson stall_seconds "$STALL_S" --arg key "$KEY" --arg sections "$SECTIONS" '$ARGS.named')"
OSC_VERSION=$(openstack --version 2>&1 | sed -n 1p)
meta 0 software "$(jq -nc --arg vpnform "$VF_VERSION" --arg vpnform_launcher "$VF" \
    --arg java "$(java -version 2>&1 | sed -n 1p)" --arg openstackclient "$OSC_VERSION" \
    --arg neutron "$(dpkg-query -W -f '${Version}' python3-neutron 2>/dev/null || echo unknown)" \
    --arg neutron_vpnaas "$(dpkg-query -W -f '${Version}' python3-neutron-vpnaas 2>/dev/null || echo unknown)" \
    --arg vpnform_jar_sha256 "$(sha256sum "$(dirname "$VF")/../lib/vpnform.jar" 2>/dev/null | cut -c1-64)" \
    --arg vpnform_runtime "${VF_RUNTIME:-unknown}" --arg vpnform_cache "${VF_CACHE:-unknown}" \
    --arg curl "$(curl --version | sed -n 1p | cut -d' ' -f1-2)" \
    --arg git "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo '+dirty')" \
    '$ARGS.named')"

echo "# vpnform benchmark against a real neutron-server (VPNaaS) at $URL"
echo
echo "- machine: $NPROC CPUs (${CPU_MODEL:-unknown}), load average at start: $LOAD0"
echo "- $VF_VERSION ($VF; Java ${VF_RUNTIME:-?} runtime, cache ${VF_CACHE:-?}); $OSC_VERSION; neutron $(dpkg-query -W -f '${Version}' python3-neutron 2>/dev/null || echo '?')"
echo "- repetitions: $REPS (sections 1-2), $APPLY_REPS (section 3; openstack loop in $OSC_REPS of them, over $OSC_N connection(s)$([ "$OSC_N" -ne "$CHANGES" ] && echo ", x$((CHANGES / OSC_N)) extrapolated")), interleaved, after one untimed warm-up each"
if awk -v l="${LOAD0%% *}" 'BEGIN { exit !(l > 1.5) }'; then
    echo "- WARNING: load average ${LOAD0%% *} > 1.5 at the start: other work competes for the $NPROC CPUs, the figures are pessimistic"
    log "WARNING: load average ${LOAD0%% *} > 1.5 at the start; the figures will be pessimistic"
fi

bench_state > "$TMP/state.tsv"
NB=$(wc -l < "$TMP/state.tsv")
need=$(( PLAN_COUNT > CHANGES ? PLAN_COUNT : CHANGES ))
[ "$NB" -ge "$need" ] || die "only $NB bench-NNNN connections at $URL, $need needed: .ci/neutron/seed.sh --connections $((need - NB)) --sql"
log "$NB bench connections found"

section_header() {  # N title
    local l
    l=$(loadavg)
    meta "$1" loadavg_before "$(load_json)"
    meta "$1" title "$(jstr "$2")"
    echo
    echo "## $1. $2"
    echo "load average before: $l ($NPROC CPUs)"
    log "section $1: $2 (load $l)"
}

# debug_summary SECTION TAG FILE WHAT: counts the requests in a --debug log and sums the
# server-side times that vpnform reports ("DEBUG < 200 OK (57 ms)").
debug_summary() {
    local s
    s=$(awk '
        /^DEBUG > (GET|PUT|POST|DELETE) / { n[$3]++; total++ }
        /^DEBUG < [0-9]+ .*\([0-9]+ ms\)$/ { v = $(NF-1); gsub(/[^0-9]/, "", v); ms += v }
        END {
            out = ""
            for (m in n) out = out (out == "" ? "" : ", ") n[m] " " m
            printf "%d HTTP requests (%s), sum of their times %.2f s", total, out, ms / 1000
        }' "$3")
    meta "$1" "obs_requests_$2" "$(jstr "$4: $s")"
    meta "$1" "requests_$2" "$(grep -cE '^DEBUG > (GET|PUT|POST|DELETE) ' "$3" || true)"
}

# class_timeline SECTION NAME WHAT ARGS...: one untimed vpnform run with -Xlog:class+load and
# JVM-uptime stamps; the first load of a few marker classes shows where the time goes.
class_timeline() {
    local sec=$1 name=$2 what=$3 log="$TMP/classload.$2.log" t0 wall line
    shift 3
    rm -f "$log"
    t0=$EPOCHREALTIME
    VPNFORM_JAVA_OPTS="${VPNFORM_JAVA_OPTS:-} -Xlog:class+load=info:file=$log:uptime" \
        "${VFN[@]}" "$@" < /dev/null > /dev/null 2>&1 || true
    wall=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
    [ -s "$log" ] || { log "no class-load log for $name"; return 0; }
    line=$(awk -v wall="$wall" '
        function at(c) { return (c in first) ? sprintf("%.2f", first[c]) : "?" }
        { t = substr($1, 2); sub(/s\]$/, "", t); t += 0; last = t; n++
          if (!($2 in first)) first[$2] = t
          if ($0 !~ /source: shared/) unshared++ }
        END {
            tls = ("jdk.internal.net.http.HttpClientImpl$DefaultThreadFactory" in first && "jdk.internal.net.http.HttpClientImpl" in first) \
                ? sprintf("%.2f", first["jdk.internal.net.http.HttpClientImpl$DefaultThreadFactory"] - first["jdk.internal.net.http.HttpClientImpl"]) : "?"
            printf "JVM uptime (s) at: vpnform main class %s, YAML loading %s, HttpClient build %s (its default SSLContext, i.e. the JDK trust store, took %s s although the endpoint is http://), first HTTP exchange %s, Jackson ObjectMapper %s, Planner %s, rendering %s, last class %.2f; wall %s s; %d classes loaded, %d not from the CDS archive",
                at("dev.vpnform.cli.Main"), at("dev.vpnform.config.ConfigLoader"),
                at("jdk.internal.net.http.HttpClientImpl"), tls, at("jdk.internal.net.http.Http1Exchange"),
                at("com.fasterxml.jackson.databind.ObjectMapper"), at("dev.vpnform.plan.Planner"),
                at("dev.vpnform.cli.render.PlanRenderer"), last, wall, n, unshared
        }' "$log")
    meta "$sec" "obs_timeline_$name" "$(jstr "$what, class-load timeline: $line")"
}

# ==================================================================================== section 1
if want 1; then
    section_header 1 "plan of 1 connection vs openstack show"
    read -r NAME1 ID1 MTU1 _ < <(head -n 1 "$TMP/state.tsv")
    head -n 1 "$TMP/state.tsv" > "$TMP/s1.state"
    ensure_active "$TMP/s1.state"
    NEW1=$(( MTU1 == 1400 ? 1450 : 1400 ))
    mkdir -p "$TMP/s1"
    printf 'connections:\n  - name: %s\n    mtu: %s\n' "$NAME1" "$NEW1" > "$TMP/s1/one.yaml"
    meta 1 connection "$(jq -nc --arg name "$NAME1" --arg id "$ID1" --argjson mtu "$MTU1" --argjson desired "$NEW1" '$ARGS.named')"
    echo "connection $NAME1 ($ID1): mtu $MTU1 live, $NEW1 desired"

    run_plan1() {
        timed "${VFN[@]}" plan --detailed-exitcode "${CLOUD[@]}" "$TMP/s1/one.yaml"
        if slow; then STALLED=1; return 0; fi
        [ "$RC" -eq 2 ] && grep -q '^Plan: 0 to add, 1 to change, 0 to destroy' "$TMP/out" \
            && grep -q "mtu: $MTU1 -> $NEW1" "$TMP/out" \
            || fail_run "vpnform plan of 1 did not report exactly the 1 expected change (exit $RC)"
    }
    run_show() {
        timed timeout -k 5 "$STALL_S" "${OSC[@]}" vpn ipsec site connection show "$ID1"
        if [ "$RC" -eq 124 ] || [ "$RC" -eq 137 ]; then STALLED=1; return 0; fi
        [ "$RC" -eq 0 ] && grep -q "$ID1" "$TMP/out" && grep -qE "\| *MTU *\| *$MTU1 " "$TMP/out" \
            || fail_run "openstack show $ID1 failed (exit $RC)"
    }
    # warm-up (untimed), with --debug to count vpnform's requests
    "${VFN[@]}" plan --debug "${CLOUD[@]}" "$TMP/s1/one.yaml" > /dev/null 2> "$TMP/s1/debug.log" || true
    debug_summary 1 plan1 "$TMP/s1/debug.log" "vpnform plan (1), --debug warm-up"
    run_plan1; run_show
    for r in $(seq 1 "$REPS"); do
        attempt 1 plan1 run_plan1
        attempt 1 osc_show run_show
        log "  rep $r/$REPS done"
    done
    class_timeline 1 plan1 "vpnform plan (1)" plan "${CLOUD[@]}" "$TMP/s1/one.yaml"
    report section 1
fi

# ==================================================================================== section 2
if want 2; then
    section_header 2 "plan of $PLAN_COUNT connections vs curl list"
    mkdir -p "$TMP/s2"
    bench_state "$PLAN_COUNT" > "$TMP/s2/state.tsv"
    ensure_active "$TMP/s2/state.tsv"
    # Every 10th connection gets the other mtu, the rest their live one.
    awk -v key="$KEY" 'BEGIN { print "connections:" }
        { m = (NR % 10 == 1) ? ($3 == 1400 ? 1450 : 1400) : $3
          if (key == "id") printf "  - id: %s\n    mtu: %s\n", $2, m
          else printf "  - name: %s\n    mtu: %s\n", $1, m
          if (NR % 10 == 1) ch++ }
        END { print ch > "/dev/stderr" }' "$TMP/s2/state.tsv" > "$TMP/s2/plan.yaml" 2> "$TMP/s2/changes"
    CH2=$(cat "$TMP/s2/changes")
    NOOP2=$(( PLAN_COUNT - CH2 ))
    SUMMARY2="Plan: 0 to add, $CH2 to change, 0 to destroy. $NOOP2 unchanged."
    meta 2 desired "$(jq -nc --argjson connections "$PLAN_COUNT" --argjson changes "$CH2" --arg key "$KEY" '$ARGS.named')"
    echo "desired state: $PLAN_COUNT connections by $KEY, $CH2 with an mtu change; expected: \"$SUMMARY2\""

    # warm-up with --debug: request count, and the exact URLs to replay with curl
    "${VFN[@]}" plan --debug "${CLOUD[@]}" "$TMP/s2/plan.yaml" > /dev/null 2> "$TMP/s2/debug.log" || true
    debug_summary 2 plan1000 "$TMP/s2/debug.log" "vpnform plan ($PLAN_COUNT), --debug warm-up"
    mapfile -t REPLAY < <(awk '/^DEBUG > GET / { print $4 }' "$TMP/s2/debug.log")
    [ "${#REPLAY[@]}" -gt 0 ] || fail_run "no request found in vpnform plan --debug"
    REPLAY_ARGS=()
    for u in "${REPLAY[@]}"; do REPLAY_ARGS+=(-o /dev/null "$u"); done
    meta 2 replayed_urls "$(printf '%s\n' "${REPLAY[@]}" | jq -Rsc 'split("\n") | map(select(length > 0) | .[0:160] + (if length > 160 then "..." else "" end))')"
    # the offline variant plans against the curl list body (the live state, all fields)
    curl -sS --fail --max-time 60 -o "$TMP/s2/actual.json" "$LIST_URL"

    run_plan1000() {
        timed "${VFN[@]}" plan --detailed-exitcode "${CLOUD[@]}" "$TMP/s2/plan.yaml"
        if slow; then STALLED=1; return 0; fi
        [ "$RC" -eq 2 ] && grep -qxF "$SUMMARY2" "$TMP/out" \
            || fail_run "vpnform plan of $PLAN_COUNT did not report \"$SUMMARY2\" (exit $RC)"
    }
    run_offline() {
        timed "${VFN[@]}" plan --detailed-exitcode --actual-file "$TMP/s2/actual.json" "$TMP/s2/plan.yaml"
        [ "$RC" -eq 2 ] && grep -qxF "$SUMMARY2" "$TMP/out" \
            || fail_run "vpnform plan --actual-file did not report \"$SUMMARY2\" (exit $RC)"
    }
    run_jvm() {
        timed "${VFN[@]}" --version
        [ "$RC" -eq 0 ] && grep -q '^vpnform ' "$TMP/out" || fail_run "vpnform --version failed"
    }
    run_curl_list() {
        timed curl -sS --max-time "$STALL_S" -o "$TMP/s2/list.json" -w '%{http_code}' "$LIST_URL"
        if [ "$RC" -eq 28 ]; then STALLED=1; return 0; fi
        [ "$RC" -eq 0 ] && [ "$(cat "$TMP/out")" = 200 ] \
            && [ "$(jq '.ipsec_site_connections | length' "$TMP/s2/list.json")" -ge "$PLAN_COUNT" ] \
            || fail_run "curl GET of the list failed (exit $RC)"
    }
    run_curl_replay() {
        timed curl -sS --max-time "$STALL_S" -w '%{http_code}\n' "${REPLAY_ARGS[@]}"
        if [ "$RC" -eq 28 ]; then STALLED=1; return 0; fi
        [ "$RC" -eq 0 ] && [ "$(grep -c '^200$' "$TMP/out")" -eq "${#REPLAY[@]}" ] \
            || fail_run "curl replay of vpnform's requests failed (exit $RC)"
    }
    run_plan1000; run_offline; run_jvm; run_curl_list; run_curl_replay
    for r in $(seq 1 "$REPS"); do
        attempt 2 plan1000 run_plan1000
        attempt 2 jvm run_jvm
        attempt 2 plan1000_offline run_offline
        attempt 2 curl_list run_curl_list
        attempt 2 curl_replay run_curl_replay
        log "  rep $r/$REPS done"
    done
    class_timeline 2 plan1000 "vpnform plan ($PLAN_COUNT)" plan "${CLOUD[@]}" "$TMP/s2/plan.yaml"
    report section 2
fi

# ==================================================================================== section 3
if want 3; then
    section_header 3 "apply of $CHANGES changes vs openstack set loop vs parallel curl PUTs"
    mkdir -p "$TMP/s3"
    : > "$TMP/s3/apply_ms"; : > "$TMP/s3/curl_ms"
    # prepare3 N: the first N of the CHANGES connections, ACTIVE, with their flipped mtu in
    # $TMP/s3/target.tsv (name id new-mtu). Read before every run, so that a run that was
    # discarded halfway leaves no wrong expectation behind.
    prepare3() {
        bench_state "$CHANGES" > "$TMP/s3/live.tsv"
        ensure_active "$TMP/s3/live.tsv"
        awk -v n="$1" 'NR <= n' "$TMP/s3/live.tsv" | flip > "$TMP/s3/target.tsv"
    }
    # verify3 N WHAT: all of the first N now have their target mtu (one GET, untimed)
    verify3() {
        local got
        bench_state "$1" | awk '{ print $1, $2, $3 }' > "$TMP/s3/after.tsv"
        got=$(join <(sort "$TMP/s3/target.tsv") <(sort "$TMP/s3/after.tsv") | awk '$3 == $5' | wc -l)
        [ "$got" -eq "$1" ] || fail_run "$2: only $got of $1 connections have the new mtu"
    }
    run_apply() {  # [--debug]
        prepare3 "$CHANGES"
        awk -v key="$KEY" 'BEGIN { print "connections:" }
            { if (key == "id") printf "  - id: %s\n    mtu: %s\n", $2, $3
              else printf "  - name: %s\n    mtu: %s\n", $1, $3 }' "$TMP/s3/target.tsv" > "$TMP/s3/apply.yaml"
        timed "${VFN[@]}" apply --auto-approve --parallelism "$PAR" "$@" "${CLOUD[@]}" "$TMP/s3/apply.yaml"
        # per-connection time (GET + PUT) as vpnform reports it: "updated mtu in 909 ms"
        sed -n 's/.*: updated .* in \([0-9][0-9]*\) ms; status .*/\1/p' "$TMP/out" > "$TMP/s3/apply_ms.last"
        # vpnform repeats a request after its 30 s timeout: that shows as one slow connection
        if awk -v s="$STALL_S" '$1 >= s * 1000 { f = 1 } END { exit !f }' "$TMP/s3/apply_ms.last" \
            || { [ "$RC" -ne 0 ] && grep -qi 'timed out' "$TMP/out" "$TMP/err"; }; then
            STALLED=1; return 0
        fi
        [ "$RC" -eq 0 ] && grep -q "^Apply complete! Resources: 0 added, $CHANGES changed, 0 destroyed\." "$TMP/out" \
            || fail_run "vpnform apply did not report \"Apply complete! Resources: 0 added, $CHANGES changed, 0 destroyed.\" (exit $RC)"
        verify3 "$CHANGES" "vpnform apply"
    }
    curl_puts() {
        xargs -d '\n' -n 2 -P "$PAR" curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' \
            --max-time "$STALL_S" -X PUT -H 'Content-Type: application/json' -H 'Accept: application/json' \
            -d < "$TMP/s3/puts.txt"
    }
    run_curl_put() {
        prepare3 "$CHANGES"
        awk -v u="$LIST_URL" '{ printf "{\"ipsec_site_connection\": {\"mtu\": %s}}\n%s/%s\n", $3, u, $2 }' \
            "$TMP/s3/target.tsv" > "$TMP/s3/puts.txt"
        timed curl_puts
        if grep -q '^000 ' "$TMP/out"; then STALLED=1; return 0; fi
        [ "$RC" -eq 0 ] && [ "$(grep -c '^200 ' "$TMP/out")" -eq "$CHANGES" ] \
            || fail_run "parallel curl PUTs: $(grep -c '^200 ' "$TMP/out" || true) of $CHANGES answered 200 (exit $RC)"
        verify3 "$CHANGES" "parallel curl PUTs"
        awk '{ printf "%d\n", $2 * 1000 }' "$TMP/out" > "$TMP/s3/curl_ms.last"
    }
    osc_loop() {  # returns 124 when one call got no answer in time (neutronclient has no timeout)
        local name id mtu rc
        while read -r name id mtu; do
            rc=0
            timeout -k 5 "$STALL_S" "${OSC[@]}" vpn ipsec site connection set --mtu "$mtu" "$id" < /dev/null || rc=$?
            case $rc in
                0) ;;
                124|137) return 124 ;;
                *) return "$rc" ;;
            esac
        done < "$TMP/s3/target.tsv"
    }
    run_osc_loop() {
        prepare3 "$OSC_N"
        timed osc_loop
        if [ "$RC" -eq 124 ]; then STALLED=1; return 0; fi
        [ "$RC" -eq 0 ] || fail_run "openstack set loop failed (exit $RC)"
        verify3 "$OSC_N" "openstack set loop"
    }
    log "  warm-up: vpnform apply --debug, curl PUTs"
    run_apply --debug
    cp "$TMP/err" "$TMP/s3/debug.log"
    debug_summary 3 apply "$TMP/s3/debug.log" "vpnform apply ($CHANGES), --debug warm-up"
    run_curl_put
    for r in $(seq 1 "$APPLY_REPS"); do
        attempt 3 apply run_apply
        cat "$TMP/s3/apply_ms.last" >> "$TMP/s3/apply_ms"
        attempt 3 curl_put run_curl_put
        cat "$TMP/s3/curl_ms.last" >> "$TMP/s3/curl_ms"
        if [ "$r" -le "$OSC_REPS" ]; then
            log "  openstack set loop over $OSC_N connection(s) (slow)"
            attempt 3 osc_loop run_osc_loop
        fi
        log "  rep $r/$APPLY_REPS done"
    done
    meta 3 obs_per_connection "$(jstr "$(sort -n "$TMP/s3/apply_ms" | awk '{ a[NR] = $1 } END { printf "per connection at parallelism '"$PAR"', over all timed reps: vpnform GET+PUT median %d ms (n=%d)", a[int((NR + 1) / 2)], NR }'); $(sort -n "$TMP/s3/curl_ms" | awk '{ a[NR] = $1 } END { printf "one curl PUT median %d ms (n=%d)", a[int((NR + 1) / 2)], NR }')")"
    report section 3
fi

# ==================================================================================== section 4
if want 4; then
    section_header 4 "offline plan of $SCALE_COUNT connections (--actual-file)"
    mkdir -p "$TMP/s4"
    # A generated fleet, as core/bench's JMH benchmark makes it: name, mtu, peer_cidrs and part of
    # dpd per connection; every 10th mtu differs from the actual one.
    "$PY" - "$SCALE_COUNT" "$TMP/s4" <<'GEN'
import json, sys
n, out = int(sys.argv[1]), sys.argv[2]
conns = []
with open(out + "/desired.yaml", "w") as y:
    y.write("connections:\n")
    for i in range(n):
        name, cidr = "scale-%05d" % i, "10.%d.%d.0/24" % ((i // 250) % 250, i % 250)
        peer = "198.51.%d.%d" % ((i // 250) % 250, i % 250 + 1)
        y.write("  - name: %s\n    mtu: %d\n    peer_cidrs: [%s]\n    dpd: {action: hold, interval: 30}\n"
                % (name, 1450 if i % 10 == 0 else 1400, cidr))
        conns.append({"id": "70000000-0000-4000-8000-%012d" % i, "tenant_id": "p", "project_id": "p",
                      "name": name, "description": "", "peer_address": peer, "peer_id": peer,
                      "local_id": "", "route_mode": "static", "mtu": 1400, "auth_mode": "psk",
                      "psk": "bench-psk", "initiator": "bi-directional",
                      "dpd": {"action": "hold", "interval": 30, "timeout": 120},
                      "admin_state_up": True, "status": "ACTIVE",
                      "vpnservice_id": "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                      "ikepolicy_id": "53e5303b-8c7d-4f2a-9b1e-0a1b2c3d4e5f",
                      "ipsecpolicy_id": "5eb1cdb3-9d8e-4a3b-8c2d-1b2c3d4e5f60",
                      "peer_cidrs": [cidr], "local_ep_group_id": None, "peer_ep_group_id": None})
json.dump({"ipsec_site_connections": conns}, open(out + "/actual.json", "w"))
GEN
    CH4=$(( (SCALE_COUNT + 9) / 10 ))
    SUMMARY4="Plan: 0 to add, $CH4 to change, 0 to destroy. $(( SCALE_COUNT - CH4 )) unchanged."
    : > "$TMP/s4/rss_kb"
    run_scale() {
        timed /usr/bin/time -f '%M' -o "$TMP/s4/rss.last" "${VFN[@]}" plan --detailed-exitcode \
            --actual-file "$TMP/s4/actual.json" "$TMP/s4/desired.yaml"
        [ "$RC" -eq 2 ] && grep -qxF "$SUMMARY4" "$TMP/out" \
            || fail_run "vpnform plan --actual-file of $SCALE_COUNT did not report \"$SUMMARY4\" (exit $RC)"
    }
    run_jvm4() {
        timed "${VFN[@]}" --version
        [ "$RC" -eq 0 ] && grep -q '^vpnform ' "$TMP/out" || fail_run "vpnform --version failed"
    }
    run_scale; run_jvm4
    for r in $(seq 1 "$REPS"); do
        attempt 4 scale_offline run_scale
        tail -n 1 "$TMP/s4/rss.last" >> "$TMP/s4/rss_kb"
        attempt 4 jvm run_jvm4
        log "  rep $r/$REPS done"
    done
    meta 4 rss_mb "$(awk '{ printf "%s%.1f", (NR > 1 ? "," : "["), $1 / 1024 } END { print "]" }' "$TMP/s4/rss_kb")"
    report section 4
fi

# ==================================================================================== summary
meta 0 finished_at "$(jstr "$(date -u +%FT%TZ)")"
echo
echo "## Results (load average at the end: $(loadavg))"
BENCH_JSON_OUT=$JSON_OUT report final
[ -z "$JSON_OUT" ] || log "JSON written to $JSON_OUT"
