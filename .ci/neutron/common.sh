# Shared settings and helpers for the .ci/neutron scripts. Sourced, not run.
# shellcheck shell=bash

WORKDIR=${VPNFORM_NEUTRON_WORKDIR:-/tmp/vpnform-neutron}
case "$WORKDIR" in
    /*) ;;
    *) WORKDIR="$(pwd)/$WORKDIR" ;;
esac
WORKDIR=${WORKDIR%/}
LOGDIR=$WORKDIR/log
PIDFILE=$WORKDIR/pids
MARKER=$WORKDIR/.vpnform-neutron-workdir
DB_SOCKET=$WORKDIR/mysql.sock

HOST=127.0.0.1
DB_PORT=${VPNFORM_NEUTRON_DB_PORT:-3307}
NEUTRON_PORT=${VPNFORM_NEUTRON_PORT:-9696}
NEUTRON_KS_PORT=${VPNFORM_NEUTRON_KS_PORT:-9697}
KEYSTONE_PORT=${VPNFORM_KEYSTONE_PORT:-5000}

NEUTRON_URL=http://$HOST:$NEUTRON_PORT
NEUTRON_KS_URL=http://$HOST:$NEUTRON_KS_PORT
KEYSTONE_URL=http://$HOST:$KEYSTONE_PORT/v3

# Fixed test-fixture credentials (loopback only).
ADMIN_PASSWORD=admin
NEUTRON_SERVICE_PASSWORD=neutron
DEMO_PASSWORD=demo
DB_NEUTRON_PASSWORD=neutron
DB_KEYSTONE_PASSWORD=keystone

PY=/usr/bin/python3

# SCRIPT_NAME must be set by the sourcing script.
log() { echo "[${SCRIPT_NAME:-neutron}] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# True when $1 is a PID whose command line mentions our WORKDIR
# (guards against PID reuse: we only ever signal our own processes).
is_ours() {
    local pid=$1 cmd
    [ -r "/proc/$pid/cmdline" ] || return 1
    cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || return 1
    [[ "$cmd" == *"$WORKDIR/"* ]]
}

# "pid ppid" for every process, read from /proc (no procps needed).
ppid_table() {
    local f s rest pid
    for f in /proc/[0-9]*/stat; do
        s=$(cat "$f" 2>/dev/null) || continue
        pid=${f#/proc/}; pid=${pid%/stat}
        rest=${s##*) }
        # rest = "state ppid pgrp ..."
        set -- $rest
        echo "$pid $2"
    done
}

# All descendants of the given PIDs (children, grandchildren, ...).
descendants() {
    local table frontier=("$@") next all=() p c
    table=$(ppid_table)
    while [ "${#frontier[@]}" -gt 0 ]; do
        next=()
        for p in "${frontier[@]}"; do
            for c in $(awk -v p="$p" '$2 == p {print $1}' <<<"$table"); do
                all+=("$c"); next+=("$c")
            done
        done
        frontier=("${next[@]+"${next[@]}"}")
    done
    echo "${all[@]+"${all[@]}"}"
}

# Stops every process recorded in $PIDFILE (each is the leader of its own
# session/process group, having been started with setsid) plus its
# descendants. Never touches anything else.
stop_recorded() {
    [ -f "$PIDFILE" ] || return 0
    local pid name targets=() leaders=() d alive i
    while read -r pid name; do
        [[ "$pid" =~ ^[0-9]+$ ]] || continue
        if is_ours "$pid"; then
            leaders+=("$pid")
            log "stopping ${name:-?} (pid $pid)"
        fi
    done < "$PIDFILE"
    if [ "${#leaders[@]}" -eq 0 ]; then
        rm -f "$PIDFILE"
        return 0
    fi
    targets=("${leaders[@]}")
    for d in $(descendants "${leaders[@]}"); do targets+=("$d"); done
    for pid in "${leaders[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
    for pid in "${targets[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for i in $(seq 1 100); do          # up to 10 s for a clean shutdown
        alive=0
        for pid in "${targets[@]}"; do
            if kill -0 "$pid" 2>/dev/null && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null; then
                alive=1; break
            fi
        done
        [ "$alive" -eq 0 ] && break
        sleep 0.1
    done
    if [ "$alive" -ne 0 ]; then
        log "some processes ignored SIGTERM, sending SIGKILL"
        for pid in "${leaders[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
        for pid in "${targets[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
        sleep 0.3
    fi
    rm -f "$PIDFILE"
}

# HTTP status code of a GET (000 when nothing answers).
http_code() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" 2>/dev/null || true
}

port_in_use() {
    (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}
