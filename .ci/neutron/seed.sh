#!/usr/bin/env bash
# Seeds the running neutron (started by start.sh) through its REST API:
#   - base set owned by tenant "demo-project": external network "public",
#     internal network with two IPv4 subnets + one IPv6 subnet, a router,
#     IKE/IPsec policies, a legacy and an endpoint-group VPN service,
#     4 endpoint groups, connections conn-legacy, conn-legacy-2, conn-epg, conn-epg-2
#   - an equivalent set owned by keystone's "admin" project (names prefixed
#     "admin-"), created through the keystone-mode server with an admin token
#   - with --connections N: N more legacy connections bench-0000, bench-0001, ...
# Every PENDING_* connection/vpnservice is then set ACTIVE in the database.
# Writes $WORKDIR/seed.json (ids by role). Running it again reuses the
# existing base set and only adds the requested bench connections.
set -euo pipefail
SCRIPT_NAME=seed.sh
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$HERE/common.sh"

usage() { echo "usage: $0 [--connections N] [--parallel P] [--sql]" >&2; exit 2; }
BENCH=0
BENCH_SQL=0
PARALLEL=${VPNFORM_SEED_PARALLEL:-8}
while [ $# -gt 0 ]; do
    case "$1" in
        --connections) [ $# -ge 2 ] || usage; BENCH=$2; shift 2 ;;
        --connections=*) BENCH=${1#*=}; shift ;;
        --parallel) [ $# -ge 2 ] || usage; PARALLEL=$2; shift 2 ;;
        --sql) BENCH_SQL=1; shift ;;
        -h|--help) usage ;;
        *) usage ;;
    esac
done
[[ "$BENCH" =~ ^[0-9]+$ ]] || usage
[[ "$PARALLEL" =~ ^[1-9][0-9]*$ ]] || usage

SEED_JSON=$WORKDIR/seed.json
T0=$(date +%s.%N)
elapsed() { awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'; }

[ "$(http_code "$NEUTRON_URL/v2.0/vpn/ipsec-site-connections?fields=id&name=-")" = 200 ] \
    || die "neutron (noauth) does not answer on $NEUTRON_URL: run $HERE/start.sh first"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# api METHOD PATH [JSON] -> body on stdout; dies (with the server's error) on HTTP >= 400.
# Talks to $API_URL (default: the noauth server), with X-Auth-Token $API_TOKEN if set.
API_URL=$NEUTRON_URL
API_TOKEN=""
api() {
    local method=$1 path=$2 body=${3:-} code out="$TMP/body.$BASHPID"
    local args=(-sS -o "$out" -w '%{http_code}' --max-time 60 -X "$method" -H 'Accept: application/json')
    [ -n "$body" ] && args+=(-H 'Content-Type: application/json' -d "$body")
    [ -n "$API_TOKEN" ] && args+=(-H "X-Auth-Token: $API_TOKEN")
    code=$(curl "${args[@]}" "$API_URL/v2.0/$path") || die "curl $method $API_URL/v2.0/$path failed"
    if [ "$code" -ge 400 ]; then
        die "$method $API_URL/v2.0/$path -> HTTP $code: $(cat "$out")"
    fi
    cat "$out"
}
# create COLLECTION_PATH RESOURCE_KEY JSON_OBJECT -> prints the new id
create() {
    api POST "$1" "{\"$2\": $3}" | jq -er ".$2.id"
}

MYSQL=(/usr/bin/mariadb --no-defaults --socket="$DB_SOCKET" -uroot neutron)

activate() {
    "${MYSQL[@]}" -N -e "
        UPDATE vpnservices SET status='ACTIVE' WHERE status LIKE 'PENDING%';
        UPDATE ipsec_site_connections SET status='ACTIVE' WHERE status LIKE 'PENDING%';
        SELECT ROW_COUNT();"
}

# seed_set PREFIX TENANT NET_OCTET PEER_OCTET PUBLIC_NET_ID -> JSON object on stdout
# PREFIX "" gives the base names (conn-legacy, ...), "admin-" the admin ones.
seed_set() {
    local P=$1 T=$2 N=$3 Q=$4 PUB=$5
    local net sa sb s6 r ike ipsec vl ve la lb pa pb c1 c2 c3 c4
    net=$(create networks network "$(jq -n --arg n "${P}private" --arg t "$T" \
        '{name: $n, tenant_id: $t}')")
    sa=$(create subnets subnet "$(jq -n --arg n "${P}private-a" --arg t "$T" --arg net "$net" --arg c "10.$N.0.0/24" \
        '{name: $n, tenant_id: $t, network_id: $net, ip_version: 4, cidr: $c, enable_dhcp: false}')")
    sb=$(create subnets subnet "$(jq -n --arg n "${P}private-b" --arg t "$T" --arg net "$net" --arg c "10.$N.1.0/24" \
        '{name: $n, tenant_id: $t, network_id: $net, ip_version: 4, cidr: $c, enable_dhcp: false}')")
    s6=$(create subnets subnet "$(jq -n --arg n "${P}private-v6" --arg t "$T" --arg net "$net" --arg c "fd00:$N::/64" \
        '{name: $n, tenant_id: $t, network_id: $net, ip_version: 6, cidr: $c, enable_dhcp: false}')")
    r=$(create routers router "$(jq -n --arg n "${P}router" --arg t "$T" --arg pub "$PUB" \
        '{name: $n, tenant_id: $t, external_gateway_info: {network_id: $pub}}')")
    api PUT "routers/$r/add_router_interface" "{\"subnet_id\": \"$sa\"}" >/dev/null
    api PUT "routers/$r/add_router_interface" "{\"subnet_id\": \"$sb\"}" >/dev/null
    # router operations cost ~0.8 s each here: the IPv6 interface only on the base set
    if [ -z "$P" ]; then
        api PUT "routers/$r/add_router_interface" "{\"subnet_id\": \"$s6\"}" >/dev/null
    fi
    ike=$(create vpn/ikepolicies ikepolicy "$(jq -n --arg n "${P}ike-1" --arg t "$T" \
        '{name: $n, tenant_id: $t}')")
    ipsec=$(create vpn/ipsecpolicies ipsecpolicy "$(jq -n --arg n "${P}ipsec-1" --arg t "$T" \
        '{name: $n, tenant_id: $t}')")
    vl=$(create vpn/vpnservices vpnservice "$(jq -n --arg n "${P}vpn-legacy" --arg t "$T" --arg r "$r" --arg s "$sa" \
        '{name: $n, tenant_id: $t, router_id: $r, subnet_id: $s}')")
    ve=$(create vpn/vpnservices vpnservice "$(jq -n --arg n "${P}vpn-epg" --arg t "$T" --arg r "$r" \
        '{name: $n, tenant_id: $t, router_id: $r}')")
    la=$(create vpn/endpoint-groups endpoint_group "$(jq -n --arg n "${P}local-a" --arg t "$T" --arg s "$sa" \
        '{name: $n, tenant_id: $t, type: "subnet", endpoints: [$s]}')")
    lb=$(create vpn/endpoint-groups endpoint_group "$(jq -n --arg n "${P}local-b" --arg t "$T" --arg s "$sb" \
        '{name: $n, tenant_id: $t, type: "subnet", endpoints: [$s]}')")
    pa=$(create vpn/endpoint-groups endpoint_group "$(jq -n --arg n "${P}peer-a" --arg t "$T" --arg c "192.168.$Q.0/24" \
        '{name: $n, tenant_id: $t, type: "cidr", endpoints: [$c]}')")
    pb=$(create vpn/endpoint-groups endpoint_group "$(jq -n --arg n "${P}peer-b" --arg t "$T" --arg c "192.168.$((Q + 1)).0/24" \
        '{name: $n, tenant_id: $t, type: "cidr", endpoints: [$c]}')")
    c1=$(create vpn/ipsec-site-connections ipsec_site_connection "$(jq -n \
        --arg n "${P}conn-legacy" --arg t "$T" --arg v "$vl" --arg ike "$ike" --arg ips "$ipsec" --arg psk "${P}secret-legacy" \
        --arg c1 "192.168.$((Q - 20)).0/24" --arg c2 "192.168.$((Q - 19)).0/24" \
        '{name: $n, tenant_id: $t, vpnservice_id: $v, ikepolicy_id: $ike, ipsecpolicy_id: $ips,
          peer_address: "198.51.100.1", peer_id: "198.51.100.1", peer_cidrs: [$c1, $c2], psk: $psk}')")
    c2=$(create vpn/ipsec-site-connections ipsec_site_connection "$(jq -n \
        --arg n "${P}conn-legacy-2" --arg t "$T" --arg v "$vl" --arg ike "$ike" --arg ips "$ipsec" --arg psk "${P}secret-legacy-2" \
        --arg c1 "192.168.$((Q - 18)).0/24" \
        '{name: $n, tenant_id: $t, vpnservice_id: $v, ikepolicy_id: $ike, ipsecpolicy_id: $ips,
          peer_address: "198.51.100.2", peer_id: "198.51.100.2", peer_cidrs: [$c1], psk: $psk}')")
    c3=$(create vpn/ipsec-site-connections ipsec_site_connection "$(jq -n \
        --arg n "${P}conn-epg" --arg t "$T" --arg v "$ve" --arg ike "$ike" --arg ips "$ipsec" --arg psk "${P}secret-epg" \
        --arg l "$la" --arg p "$pa" \
        '{name: $n, tenant_id: $t, vpnservice_id: $v, ikepolicy_id: $ike, ipsecpolicy_id: $ips,
          peer_address: "198.51.100.10", peer_id: "198.51.100.10", local_ep_group_id: $l, peer_ep_group_id: $p, psk: $psk}')")
    c4=$(create vpn/ipsec-site-connections ipsec_site_connection "$(jq -n \
        --arg n "${P}conn-epg-2" --arg t "$T" --arg v "$ve" --arg ike "$ike" --arg ips "$ipsec" --arg psk "${P}secret-epg-2" \
        --arg l "$lb" --arg p "$pb" \
        '{name: $n, tenant_id: $t, vpnservice_id: $v, ikepolicy_id: $ike, ipsecpolicy_id: $ips,
          peer_address: "198.51.100.11", peer_id: "198.51.100.11", local_ep_group_id: $l, peer_ep_group_id: $p, psk: $psk}')")
    jq -n --arg T "$T" --arg net "$net" --arg sa "$sa" --arg sb "$sb" --arg s6 "$s6" --arg r "$r" \
        --arg ike "$ike" --arg ipsec "$ipsec" --arg vl "$vl" --arg ve "$ve" \
        --arg la "$la" --arg lb "$lb" --arg pa "$pa" --arg pb "$pb" \
        --arg n1 "${P}conn-legacy" --arg c1 "$c1" --arg n2 "${P}conn-legacy-2" --arg c2 "$c2" \
        --arg n3 "${P}conn-epg" --arg c3 "$c3" --arg n4 "${P}conn-epg-2" --arg c4 "$c4" '{
        tenant_id: $T,
        network: $net,
        subnets: {a: $sa, b: $sb, v6: $s6},
        router: $r,
        ikepolicy: $ike,
        ipsecpolicy: $ipsec,
        vpnservice_legacy: $vl,
        vpnservice_epg: $ve,
        endpoint_groups: {local_a: $la, local_b: $lb, peer_a: $pa, peer_b: $pb},
        connections: {($n1): $c1, ($n2): $c2, ($n3): $c3, ($n4): $c4}
    }'
}

# ---------------------------------------------------------------- base + admin sets
# keystone's admin project id, and an admin token for the keystone-mode server
curl -sS --max-time 30 -D "$TMP/ks.headers" -o "$TMP/ks.body" -H 'Content-Type: application/json' \
    -d "$(jq -n --arg p "$ADMIN_PASSWORD" '{auth: {
          identity: {methods: ["password"], password: {user: {name: "admin", domain: {id: "default"}, password: $p}}},
          scope: {project: {name: "admin", domain: {id: "default"}}}}}')" \
    "$KEYSTONE_URL/auth/tokens" || die "keystone at $KEYSTONE_URL does not answer"
ADMIN_PROJECT_ID=$(jq -er '.token.project.id' "$TMP/ks.body") \
    || die "could not get the admin project id from keystone: $(cat "$TMP/ks.body")"
ADMIN_TOKEN=$(awk 'tolower($1) == "x-subject-token:" {print $2}' "$TMP/ks.headers" | tr -d '\r')

existing=$(api GET "vpn/ipsec-site-connections?name=conn-legacy&fields=id" | jq '.ipsec_site_connections | length')
if [ "$existing" -gt 0 ] && [ -s "$SEED_JSON" ]; then
    log "base set already seeded (conn-legacy exists), reusing $SEED_JSON"
    cp "$SEED_JSON" "$TMP/seed.json"
elif [ "$existing" -gt 0 ]; then
    die "conn-legacy exists but $SEED_JSON is missing: restart with start.sh for a clean database"
else
    PUB=$(create networks network '{"name": "public", "tenant_id": "demo-project", "router:external": true,
        "provider:network_type": "flat", "provider:physical_network": "public"}')
    PUB_SUBNET=$(create subnets subnet "$(jq -n --arg net "$PUB" '{name: "public-subnet", tenant_id: "demo-project",
        network_id: $net, ip_version: 4, cidr: "203.0.113.0/24", gateway_ip: "203.0.113.1", enable_dhcp: false}')")
    # The two sets are independent: the base set goes through the noauth server
    # and, at the same time, the admin set through the keystone-mode server
    # (admin token), which also exercises that server end to end.
    seed_set "" demo-project 1 70 "$PUB" > "$TMP/base.json" &
    base_pid=$!
    ( API_URL=$NEUTRON_KS_URL API_TOKEN=$ADMIN_TOKEN
      seed_set "admin-" "$ADMIN_PROJECT_ID" 2 80 "$PUB" ) > "$TMP/admin.json" &
    admin_pid=$!
    rc=0
    wait $base_pid || rc=1
    wait $admin_pid || rc=1
    [ "$rc" -eq 0 ] || die "seeding failed (see the messages above)"
    jq -n --arg url "$NEUTRON_URL" --arg ksurl "$NEUTRON_KS_URL" --arg pub "$PUB" --arg pubs "$PUB_SUBNET" \
        --slurpfile base "$TMP/base.json" --slurpfile admin "$TMP/admin.json" '
        $base[0] + {
          neutron_url: $url,
          neutron_ks_url: $ksurl,
          public_network: $pub,
          public_subnet: $pubs,
          admin: $admin[0],
          bench_connections: {}
        }' > "$TMP/seed.json"
    log "base set (demo-project) and admin set (project $ADMIN_PROJECT_ID) created after $(elapsed) s"
fi

# ---------------------------------------------------------------- bench connections
if [ "$BENCH" -gt 0 ]; then
    read -r VL IKE IPSEC OFFSET < <(jq -r '[.vpnservice_legacy, .ikepolicy, .ipsecpolicy,
        (.bench_connections | length)] | @tsv' "$TMP/seed.json")
    if [ "$BENCH_SQL" -eq 1 ]; then
        # Fast path for big benchmarks: rows inserted straight into the DB,
        # already ACTIVE, with the same values the API path would create.
        log "inserting $BENCH bench connections (bench-$(printf %04d "$OFFSET")..) directly in the database"
        END=$((OFFSET + BENCH - 1))
        NAME_EXPR="CONCAT('bench-', IF(seq < 10000, LPAD(seq, 4, '0'), seq))"
        "${MYSQL[@]}" -e "
            INSERT INTO ipsec_site_connections (project_id, id, name, description, peer_address, peer_id,
                route_mode, mtu, initiator, auth_mode, psk, dpd_action, dpd_interval, dpd_timeout, status,
                admin_state_up, vpnservice_id, ipsecpolicy_id, ikepolicy_id, local_ep_group_id, peer_ep_group_id, local_id)
            SELECT 'demo-project', UUID(), $NAME_EXPR, '',
                CONCAT('198.51.100.', seq % 200 + 20), CONCAT('198.51.100.', seq % 200 + 20),
                'static', 1500, 'bi-directional', 'psk', CONCAT('bench-psk-', seq), 'hold', 30, 120, 'ACTIVE',
                1, '$VL', '$IPSEC', '$IKE', NULL, NULL, ''
            FROM seq_${OFFSET}_to_${END};
            INSERT INTO ipsecpeercidrs (cidr, ipsec_site_connection_id)
            SELECT CONCAT('100.', 64 + (seq DIV 256) % 64, '.', seq % 256, '.0/24'), c.id
            FROM seq_${OFFSET}_to_${END} JOIN ipsec_site_connections c
              ON c.name = $NAME_EXPR AND c.vpnservice_id = '$VL';" \
            || die "SQL insert of bench connections failed"
        "${MYSQL[@]}" -N -e "SELECT c.name, c.id FROM seq_${OFFSET}_to_${END}
            JOIN ipsec_site_connections c ON c.name = $NAME_EXPR AND c.vpnservice_id = '$VL'" \
            | jq -R 'split("\t") | {(.[0]): .[1]}' | jq -s 'add // {}' > "$TMP/bench.json"
        [ "$(jq length "$TMP/bench.json")" -eq "$BENCH" ] || die "expected $BENCH inserted bench connections"
    else
        log "creating $BENCH bench connections (bench-$(printf %04d "$OFFSET")..), $PARALLEL in parallel over both servers"
        # One curl process per neutron-server drives the POSTs (--parallel,
        # keep-alive): spawning a curl/jq per connection costs more CPU than the
        # server itself here. Even indexes go to the noauth server, odd ones to the
        # keystone-mode server (admin token, tenant_id demo-project all the same):
        # each server has a single API worker, so this uses both cores.
        mkdir -p "$TMP/bench"
        gen_curl_config() {  # gen_curl_config URL TOKEN PARITY
            jq -rn --arg url "$1/v2.0/vpn/ipsec-site-connections" --arg token "$2" --argjson parity "$3" \
                --arg dir "$TMP/bench" --arg vl "$VL" --arg ike "$IKE" --arg ipsec "$IPSEC" \
                --argjson off "$OFFSET" --argjson n "$BENCH" '
                def pad4: tostring | if length < 4 then ("000" + .)[-4:] else . end;
                [range($off; $off + $n) | select(. % 2 == $parity)] | to_entries[]
                | .key as $k | .value as $i
                | ("bench-" + ($i | pad4)) as $name
                | ("198.51.100." + (($i % 200 + 20) | tostring)) as $peer
                | {ipsec_site_connection: {
                     name: $name, tenant_id: "demo-project",
                     vpnservice_id: $vl, ikepolicy_id: $ike, ipsecpolicy_id: $ipsec,
                     peer_address: $peer, peer_id: $peer,
                     peer_cidrs: ["100.\(64 + (($i / 256 | floor) % 64)).\($i % 256).0/24"],
                     psk: ("bench-psk-" + ($i | tostring))}} as $body
                | (if $k > 0 then "next\n" else "" end)
                  + "silent\nshow-error\nmax-time = 120\n"
                  + "url = \($url | tojson)\n"
                  + "header = \"Content-Type: application/json\"\n"
                  + (if $token != "" then "header = \("X-Auth-Token: " + $token | tojson)\n" else "" end)
                  + "data = \($body | tojson | tojson)\n"
                  + "output = \(($dir + "/" + $name + ".json") | tojson)\n"
                  + "write-out = \("%{http_code} " + $name + "\n" | tojson)"
                '
        }
        gen_curl_config "$NEUTRON_URL" "" 0 > "$TMP/bench0.curl"
        gen_curl_config "$NEUTRON_KS_URL" "$ADMIN_TOKEN" 1 > "$TMP/bench1.curl"
        half=$(( (PARALLEL + 1) / 2 ))
        rc0=0; rc1=0
        : > "$TMP/bench0.codes"; : > "$TMP/bench1.codes"
        if [ -s "$TMP/bench0.curl" ]; then
            curl --parallel --parallel-max "$half" -K "$TMP/bench0.curl" > "$TMP/bench0.codes" 2> "$TMP/bench0.err" &
            p0=$!
        fi
        if [ -s "$TMP/bench1.curl" ]; then
            curl --parallel --parallel-max "$half" -K "$TMP/bench1.curl" > "$TMP/bench1.codes" 2> "$TMP/bench1.err" || rc1=$?
        fi
        if [ -n "${p0:-}" ]; then wait "$p0" || rc0=$?; fi
        [ "$rc0" -eq 0 ] || log "curl (noauth) exited with $rc0: $(grep -v '^ *$' "$TMP/bench0.err" | tail -n 3)"
        [ "$rc1" -eq 0 ] || log "curl (keystone) exited with $rc1: $(grep -v '^ *$' "$TMP/bench1.err" | tail -n 3)"
        cat "$TMP/bench0.codes" "$TMP/bench1.codes" > "$TMP/bench.codes"
        bad=$(awk '$1 != 201' "$TMP/bench.codes" | head -n 5)
        if [ -n "$bad" ] || [ "$(wc -l < "$TMP/bench.codes")" -ne "$BENCH" ]; then
            for n in $(awk '$1 != 201 {print $2}' "$TMP/bench.codes" | head -n 3); do
                log "$n: $(cat "$TMP/bench/$n.json" 2>/dev/null)"
            done
            die "bench creation failed: $(wc -l < "$TMP/bench.codes")/$BENCH answered, first non-201: ${bad:-none}"
        fi
        find "$TMP/bench" -name '*.json' -print0 | xargs -0 cat \
            | jq -s 'map(.ipsec_site_connection | {(.name): .id}) | add' > "$TMP/bench.json"
    fi
    jq -S --slurpfile b "$TMP/bench.json" '.bench_connections += $b[0]' "$TMP/seed.json" > "$TMP/seed2.json"
    mv "$TMP/seed2.json" "$TMP/seed.json"
    log "$BENCH bench connections created after $(elapsed) s"
fi

n=$(activate)
log "set PENDING_* -> ACTIVE ($n connection rows in the last statement)"
cp "$TMP/seed.json" "$SEED_JSON.tmp" && mv "$SEED_JSON.tmp" "$SEED_JSON"
total=$(api GET "vpn/ipsec-site-connections?fields=id" | jq '.ipsec_site_connections | length')
pending=$("${MYSQL[@]}" -N -e "SELECT COUNT(*) FROM ipsec_site_connections WHERE status <> 'ACTIVE'")
log "done in $(elapsed) s: $total connections in neutron ($pending not ACTIVE), ids in $SEED_JSON"
