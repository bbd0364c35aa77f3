#!/usr/bin/env bash
# Checks a running, seeded environment (start.sh + seed.sh) end to end.
# Leaves the data as it found it (mtu / status changes are reverted).
set -euo pipefail
SCRIPT_NAME=selftest.sh
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$HERE/common.sh"

[ -f "$WORKDIR/env.sh" ] || die "no $WORKDIR/env.sh: run start.sh first"
[ -f "$WORKDIR/seed.json" ] || die "no $WORKDIR/seed.json: run seed.sh first"
# shellcheck source=/dev/null
. "$WORKDIR/env.sh"
export OS_CLIENT_CONFIG_FILE=$VPNFORM_CLOUDS_YAML
OSC=(openstack)
pass=0; fail=0
check() {  # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then pass=$((pass + 1)); log "ok   $1"
    else fail=$((fail + 1)); log "FAIL $1: expected [$2], got [$3]"; fi
}

CONN=$(jq -r '.connections["conn-legacy"]' "$VPNFORM_SEED_JSON")
URL=$VPNFORM_NEUTRON_URL/v2.0/vpn/ipsec-site-connections

n=$(curl -s "$URL" | jq '[.ipsec_site_connections[] | select(.name | startswith("bench-") | not)] | length')
check "noauth list has the 8 seeded connections" 8 "$n"
check "noauth PUT mtu on conn-legacy" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' -X PUT -d '{"ipsec_site_connection": {"mtu": 1400}}' "$URL/$CONN")"
check "mtu stored" 1400 "$(curl -s "$URL/$CONN" | jq .ipsec_site_connection.mtu)"
check "noauth PUT mtu back" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' -X PUT -d '{"ipsec_site_connection": {"mtu": 1500}}' "$URL/$CONN")"

check "9697 without token" 401 "$(http_code "$VPNFORM_NEUTRON_KS_URL/v2.0/vpn/ipsec-site-connections")"

names=$("${OSC[@]}" --os-cloud ks-admin vpn ipsec site connection list -f value -c Name | grep -vc '^bench-' || true)
check "openstack --os-cloud ks-admin list (keystone + 9697)" 8 "$names"
"${OSC[@]}" --os-cloud ks-admin vpn ipsec site connection set --mtu 1450 admin-conn-legacy
check "ks-admin set --mtu on admin-conn-legacy" 1450 \
    "$("${OSC[@]}" --os-cloud ks-admin vpn ipsec site connection show admin-conn-legacy -f value -c MTU)"
"${OSC[@]}" --os-cloud ks-admin vpn ipsec site connection set --mtu 1500 admin-conn-legacy
check "ks-demo sees no connection" 0 \
    "$("${OSC[@]}" --os-cloud ks-demo vpn ipsec site connection list -f value | wc -l)"
check "ks-admin-appcred list" 8 \
    "$("${OSC[@]}" --os-cloud ks-admin-appcred vpn ipsec site connection list -f value -c Name | grep -vc '^bench-' || true)"
check "openstack --os-cloud vpnform-noauth show conn-legacy" "$CONN" \
    "$("${OSC[@]}" --os-cloud vpnform-noauth vpn ipsec site connection show conn-legacy -f value -c ID)"

"$HERE/db.sh" "UPDATE ipsec_site_connections SET status='PENDING_UPDATE' WHERE id='$CONN'"
check "db.sh set PENDING_UPDATE" PENDING_UPDATE "$("$HERE/db.sh" -N "SELECT status FROM ipsec_site_connections WHERE id='$CONN'")"
check "PUT on PENDING_UPDATE refused" "400 VPNStateInvalidToUpdate" \
    "$(curl -s -w ' %{http_code}' -X PUT -d '{"ipsec_site_connection": {"mtu": 1300}}' "$URL/$CONN" \
       | awk '{code=$NF; $NF=""; print code, $0}' | { read -r c body; echo "$c $(jq -r .NeutronError.type <<<"$body")"; })"
"$HERE/db.sh" "UPDATE ipsec_site_connections SET status='ACTIVE' WHERE id='$CONN'"
check "PUT allowed again once ACTIVE" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' -X PUT -d '{"ipsec_site_connection": {}}' "$URL/$CONN")"

echo "selftest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
