#!/usr/bin/env bash
# Runs SQL on the neutron database of the private MariaDB started by start.sh.
#   db.sh "UPDATE ipsec_site_connections SET status='PENDING_UPDATE' WHERE name='conn-legacy'"
#   db.sh -N "SELECT status FROM ipsec_site_connections WHERE name='conn-legacy'"   # no header
#   echo "SELECT 1" | db.sh
# Options before the SQL are passed to the mariadb client (-N, -B, -E, ...).
# VPNFORM_NEUTRON_DB=keystone selects another database.
set -euo pipefail
SCRIPT_NAME=db.sh
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$HERE/common.sh"

[ -S "$DB_SOCKET" ] || die "no MariaDB socket at $DB_SOCKET: run $HERE/start.sh first"
DB=${VPNFORM_NEUTRON_DB:-neutron}
MYSQL=(/usr/bin/mariadb --no-defaults --socket="$DB_SOCKET" -uroot --batch "$DB")

if [ $# -eq 0 ]; then
    exec "${MYSQL[@]}"            # SQL from stdin
fi
sql=${*: -1}
opts=("${@:1:$#-1}")
exec "${MYSQL[@]}" "${opts[@]+"${opts[@]}"}" -e "$sql"
