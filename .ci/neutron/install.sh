#!/usr/bin/env bash
# Installs, from Debian's archive, everything needed to run a real Neutron
# server with VPNaaS and a real Keystone on loopback (see start.sh).
# Safe to re-run: it returns at once when every package is already installed.
# Package postinst scripts are prevented from starting services.
set -euo pipefail

log() { echo "[install.sh] $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
    log "must run as root (apt-get install)"
    exit 1
fi

PACKAGES=(
    python3-neutron
    python3-neutron-vpnaas
    python3-keystone
    python3-keystonemiddleware
    python3-openstackclient
    python3-neutronclient
    python3-pymysql
    mariadb-server
    mariadb-client
    curl
    jq
)

missing=()
for p in "${PACKAGES[@]}"; do
    st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    if [ "$st" != "installed" ]; then
        missing+=("$p")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    log "all ${#PACKAGES[@]} packages already installed, nothing to do"
    exit 0
fi

log "missing: ${missing[*]}"
start=$(date +%s)

# Keep package install scripts from starting services. An existing
# policy-rc.d (Docker images ship one) is kept and restored afterwards.
POLICY=/usr/sbin/policy-rc.d
POLICY_BACKUP=""
if [ -e "$POLICY" ]; then
    POLICY_BACKUP=$(mktemp /tmp/policy-rc.d.XXXXXX)
    cp -p "$POLICY" "$POLICY_BACKUP"
fi
restore_policy() {
    if [ -n "$POLICY_BACKUP" ]; then
        cp -p "$POLICY_BACKUP" "$POLICY" && rm -f "$POLICY_BACKUP"
    else
        rm -f "$POLICY"
    fi
}
trap restore_policy EXIT
printf '#!/bin/sh\n# written by vpnform .ci/neutron/install.sh\nexit 101\n' > "$POLICY"
chmod 755 "$POLICY"

export DEBIAN_FRONTEND=noninteractive
export NEEDRESTART_MODE=a
APT_OPTS=(-y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold
          -o Dpkg::Use-Pty=0)

log "apt-get update"
apt-get update -q </dev/null >&2
log "apt-get install ${#missing[@]} package(s) (with dependencies)"
apt-get install "${APT_OPTS[@]}" --no-install-recommends "${missing[@]}" </dev/null >&2

# Sanity check: the Python entry points start.sh relies on.
/usr/bin/python3 - <<'EOF'
import neutron.cmd.eventlet.server  # noqa: F401
import neutron.db.migration.cli  # noqa: F401
import neutron_vpnaas.services.vpn.plugin  # noqa: F401
import keystone.server.wsgi  # noqa: F401
import keystonemiddleware.auth_token  # noqa: F401
import pymysql  # noqa: F401
EOF
for b in mariadbd mariadb-install-db mariadb keystone-manage keystone-wsgi-public openstack; do
    command -v "$b" >/dev/null || [ -x "/usr/sbin/$b" ] || [ -x "/usr/bin/$b" ] || {
        log "expected program $b is missing after install"; exit 1; }
done

log "done in $(( $(date +%s) - start )) s"
