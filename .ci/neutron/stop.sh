#!/usr/bin/env bash
# Stops the processes that start.sh recorded in $WORKDIR/pids (and their
# children). Nothing else is ever signalled. WORKDIR (logs, DB files) is kept.
set -euo pipefail
SCRIPT_NAME=stop.sh
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$HERE/common.sh"

if [ ! -f "$PIDFILE" ]; then
    log "nothing recorded in $PIDFILE, nothing to stop"
    exit 0
fi
stop_recorded
log "stopped"
