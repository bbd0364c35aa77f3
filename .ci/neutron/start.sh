#!/usr/bin/env bash
# Starts, from scratch, on loopback only:
#   - a private MariaDB           127.0.0.1:$DB_PORT (3307) + $WORKDIR/mysql.sock
#   - Keystone                    127.0.0.1:$KEYSTONE_PORT (5000)
#   - neutron-server, noauth      127.0.0.1:$NEUTRON_PORT (9696)
#   - neutron-server, keystone    127.0.0.1:$NEUTRON_KS_PORT (9697)
# Both neutron-servers share one database. Anything previously started from
# the same WORKDIR is stopped first and WORKDIR is wiped.
# Writes $WORKDIR/env.sh, $WORKDIR/clouds.yaml, $WORKDIR/pids, logs in $WORKDIR/log.
set -euo pipefail
SCRIPT_NAME=start.sh
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$HERE/common.sh"

WAIT_SECONDS=${VPNFORM_NEUTRON_WAIT_SECONDS:-60}
T0=$(date +%s.%N)
elapsed() { awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'; }

# ---------------------------------------------------------------- checks
for f in "$PY" /usr/sbin/mariadbd /usr/bin/mariadb-install-db /usr/bin/mariadb \
         /usr/bin/keystone-manage /usr/bin/curl /usr/bin/jq; do
    [ -x "$f" ] || die "$f missing: run $HERE/install.sh first"
done

# ---------------------------------------------------------------- clean slate
if [ -d "$WORKDIR" ]; then
    stop_recorded
    case "$WORKDIR" in
        /|/tmp|/root|/home|/usr|/var|/etc|/work|/work/main) die "refusing to wipe WORKDIR=$WORKDIR" ;;
    esac
    if [ -n "$(ls -A "$WORKDIR")" ] && [ ! -e "$MARKER" ]; then
        die "WORKDIR=$WORKDIR exists, is not empty and was not made by start.sh; refusing to wipe it"
    fi
    rm -rf "$WORKDIR"
fi
mkdir -p "$WORKDIR" "$LOGDIR" "$WORKDIR/run"
touch "$MARKER"
: > "$PIDFILE"

for p in "$DB_PORT" "$KEYSTONE_PORT" "$NEUTRON_PORT" "$NEUTRON_KS_PORT"; do
    if port_in_use "$p"; then
        die "port $HOST:$p is already in use by another process (not started from $WORKDIR)"
    fi
done

STARTED_OK=0
on_exit() {
    local rc=$?
    if [ "$STARTED_OK" -ne 1 ]; then
        if [ "${VPNFORM_NEUTRON_KEEP_ON_FAILURE:-0}" = 1 ]; then
            log "start failed (rc=$rc); processes left running (VPNFORM_NEUTRON_KEEP_ON_FAILURE=1)"
        else
            log "start failed (rc=$rc); stopping what was started. Logs: $LOGDIR"
            stop_recorded || true
        fi
    fi
}
trap on_exit EXIT

# start_bg NAME CMD...: runs CMD in its own session (setsid), output to
# $LOGDIR/NAME.out, and records "PID NAME" in $PIDFILE. The PID is written by
# the process itself just before exec, so it is the real server PID.
start_bg() {
    local name=$1; shift
    local pf="$WORKDIR/run/$name.pid" i
    rm -f "$pf"
    setsid /bin/sh -c 'echo $$ > "$0"; exec "$@"' "$pf" "$@" \
        > "$LOGDIR/$name.out" 2>&1 < /dev/null &
    for i in $(seq 1 100); do
        [ -s "$pf" ] && break
        sleep 0.05
    done
    [ -s "$pf" ] || die "$name did not start"
    echo "$(cat "$pf") $name" >> "$PIDFILE"
    log "started $name (pid $(cat "$pf"))"
}

fail_with_log() {
    local msg=$1; shift
    log "ERROR: $msg"
    local f
    for f in "$@"; do
        [ -f "$f" ] || continue
        echo "----- tail -n 60 $f -----" >&2
        tail -n 60 "$f" >&2
    done
    exit 1
}

# wait_http NAME URL EXPECTED_CODES LOG...: polls until GET URL answers with
# one of EXPECTED_CODES (space separated), bounded by WAIT_SECONDS.
wait_http() {
    local name=$1 url=$2 codes=$3; shift 3
    local deadline=$(( $(date +%s) + WAIT_SECONDS )) code
    while :; do
        code=$(http_code "$url")
        if [[ " $codes " == *" $code "* ]]; then
            log "$name answers ($code) after $(elapsed) s"
            return 0
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
            fail_with_log "$name did not answer $url within ${WAIT_SECONDS}s (last code $code)" "$@"
        fi
        sleep 0.2
    done
}

# ---------------------------------------------------------------- MariaDB
DATADIR=$WORKDIR/mysql
log "initialising MariaDB in $DATADIR"
/usr/bin/mariadb-install-db --no-defaults --user=root --datadir="$DATADIR" \
    --auth-root-authentication-method=normal --skip-test-db \
    > "$LOGDIR/mariadb-install-db.log" 2>&1 \
    || fail_with_log "mariadb-install-db failed" "$LOGDIR/mariadb-install-db.log"

start_bg mariadb /usr/sbin/mariadbd --no-defaults --user=root \
    --datadir="$DATADIR" --socket="$DB_SOCKET" --pid-file="$WORKDIR/run/mariadbd.pid" \
    --bind-address=$HOST --port="$DB_PORT" --skip-name-resolve \
    --log-error="$LOGDIR/mariadb.log" \
    --character-set-server=utf8mb3 --collation-server=utf8mb3_general_ci \
    --max-connections=500 --skip-log-bin \
    --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
    --innodb-buffer-pool-size=256M --sync-frm=0 --innodb-flush-method=nosync

MYSQL=(/usr/bin/mariadb --no-defaults --socket="$DB_SOCKET" -uroot)
deadline=$(( $(date +%s) + WAIT_SECONDS ))
until "${MYSQL[@]}" -e 'SELECT 1' >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || fail_with_log "MariaDB did not come up" "$LOGDIR/mariadb.log" "$LOGDIR/mariadb.out"
    sleep 0.1
done
log "MariaDB up after $(elapsed) s"
"${MYSQL[@]}" <<EOF
CREATE DATABASE neutron CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci;
CREATE DATABASE keystone CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci;
CREATE USER 'neutron'@'%' IDENTIFIED BY '$DB_NEUTRON_PASSWORD';
CREATE USER 'neutron'@'localhost' IDENTIFIED BY '$DB_NEUTRON_PASSWORD';
GRANT ALL PRIVILEGES ON neutron.* TO 'neutron'@'%';
GRANT ALL PRIVILEGES ON neutron.* TO 'neutron'@'localhost';
CREATE USER 'keystone'@'%' IDENTIFIED BY '$DB_KEYSTONE_PASSWORD';
CREATE USER 'keystone'@'localhost' IDENTIFIED BY '$DB_KEYSTONE_PASSWORD';
GRANT ALL PRIVILEGES ON keystone.* TO 'keystone'@'%';
GRANT ALL PRIVILEGES ON keystone.* TO 'keystone'@'localhost';
FLUSH PRIVILEGES;
EOF

# ---------------------------------------------------------------- configs
ETC=$WORKDIR/etc
mkdir -p "$ETC" "$WORKDIR/neutron-noauth" "$WORKDIR/neutron-keystone" \
         "$WORKDIR/keystone/fernet-keys" "$WORKDIR/keystone/credential-keys" \
         "$WORKDIR/keystone/receipt-keys"

# api-paste.ini: the upstream neutron pipeline, written by hand (Debian ships
# it in neutron-common, which is not installed). auth_strategy picks the
# noauth or keystone pipeline.
cat > "$ETC/api-paste.ini" <<'EOF'
[composite:neutron]
use = egg:Paste#urlmap
/: neutronversions_composite
/v2.0: neutronapi_v2_0

[composite:neutronapi_v2_0]
use = call:neutron.auth:pipeline_factory
noauth = cors http_proxy_to_wsgi request_id catch_errors extensions neutronapiapp_v2_0
keystone = cors http_proxy_to_wsgi request_id catch_errors authtoken keystonecontext extensions neutronapiapp_v2_0

[composite:neutronversions_composite]
use = call:neutron.auth:pipeline_factory
noauth = cors http_proxy_to_wsgi neutronversions
keystone = cors http_proxy_to_wsgi neutronversions

[filter:request_id]
paste.filter_factory = oslo_middleware:RequestId.factory

[filter:catch_errors]
paste.filter_factory = oslo_middleware:CatchErrors.factory

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = neutron

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory

[filter:keystonecontext]
paste.filter_factory = neutron.auth:NeutronKeystoneContext.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:extensions]
paste.filter_factory = neutron.api.extensions:plugin_aware_extension_middleware_factory

[app:neutronversions]
paste.app_factory = neutron.pecan_wsgi.app:versions_factory

[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
EOF

DB_URL_NEUTRON="mysql+pymysql://neutron:$DB_NEUTRON_PASSWORD@$HOST:$DB_PORT/neutron?charset=utf8"
DB_URL_KEYSTONE="mysql+pymysql://keystone:$DB_KEYSTONE_PASSWORD@$HOST:$DB_PORT/keystone?charset=utf8"

# Shared by both neutron-servers and by the migrations.
cat > "$ETC/neutron.conf" <<EOF
[DEFAULT]
bind_host = $HOST
core_plugin = ml2
service_plugins = router,vpnaas
transport_url = fake:/
api_workers = 1
rpc_workers = 1
rpc_state_report_workers = 0
api_paste_config = $ETC/api-paste.ini
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
graceful_shutdown_timeout = 5
debug = false
use_stderr = false

[database]
connection = $DB_URL_NEUTRON
max_pool_size = 20
max_overflow = 50

[ml2]
type_drivers = flat,vlan,vxlan
tenant_network_types = vxlan
mechanism_drivers =
extension_drivers =

[ml2_type_flat]
flat_networks = public

[ml2_type_vxlan]
vni_ranges = 1:1000

[service_providers]
service_provider = VPN:strongswan:neutron_vpnaas.services.vpn.service_drivers.ipsec.IPsecVPNDriver:default

[keystone_authtoken]
www_authenticate_uri = http://$HOST:$KEYSTONE_PORT
auth_url = http://$HOST:$KEYSTONE_PORT
auth_type = password
user_domain_name = Default
project_domain_name = Default
project_name = service
username = neutron
password = $NEUTRON_SERVICE_PASSWORD
region_name = RegionOne
interface = public

[oslo_concurrency]
lock_path = $WORKDIR/neutron-noauth/lock
EOF

for mode in noauth keystone; do
    if [ $mode = noauth ]; then port=$NEUTRON_PORT; else port=$NEUTRON_KS_PORT; fi
    mkdir -p "$WORKDIR/neutron-$mode/lock"
    cat > "$ETC/neutron-$mode.conf" <<EOF
[DEFAULT]
bind_port = $port
auth_strategy = $mode
state_path = $WORKDIR/neutron-$mode
log_file = $LOGDIR/neutron-$mode.log

[oslo_concurrency]
lock_path = $WORKDIR/neutron-$mode/lock
EOF
done

cat > "$ETC/keystone.conf" <<EOF
[DEFAULT]
debug = false
log_file = $LOGDIR/keystone.log
use_stderr = false

[database]
connection = $DB_URL_KEYSTONE

[identity]
# cheap bcrypt: test passwords only, keeps every password auth fast
password_hash_rounds = 4

[token]
provider = fernet
expiration = 86400

[fernet_tokens]
key_repository = $WORKDIR/keystone/fernet-keys

[fernet_receipts]
key_repository = $WORKDIR/keystone/receipt-keys

[credential]
key_repository = $WORKDIR/keystone/credential-keys

[cache]
# in-process cache: without it every request costs ~200 SQL queries (~0.5 s here)
enabled = true
backend = dogpile.cache.memory
EOF

NEUTRON_MANAGE=("$PY" -c 'from neutron.db.migration.cli import main; main()' --config-file "$ETC/neutron.conf")
KSM=(/usr/bin/keystone-manage --config-file "$ETC/keystone.conf")

# ---------------------------------------------------------------- DB schemas
# neutron migrations and keystone setup are independent: run them in parallel.
log "migrating neutron and keystone databases (in parallel)"
# 'upgrade heads' without --subproject already migrates every installed
# subproject (neutron-vpnaas included); the explicit vpnaas run is only a
# fallback in case it was not picked up.
(
    "${NEUTRON_MANAGE[@]}" upgrade heads &&
    if ! grep -q 'Running upgrade for neutron-vpnaas' "$LOGDIR/neutron-db-manage.log"; then
        "${NEUTRON_MANAGE[@]}" --subproject neutron-vpnaas upgrade head
    fi
) > "$LOGDIR/neutron-db-manage.log" 2>&1 &
neutron_mig=$!
(
    "${KSM[@]}" db_sync &
    a=$!
    "${KSM[@]}" fernet_setup --keystone-user root --keystone-group root &
    b=$!
    "${KSM[@]}" credential_setup --keystone-user root --keystone-group root &
    c=$!
    wait $a && wait $b && wait $c &&
    "${KSM[@]}" bootstrap \
        --bootstrap-username admin --bootstrap-password "$ADMIN_PASSWORD" \
        --bootstrap-project-name admin --bootstrap-role-name admin \
        --bootstrap-service-name keystone \
        --bootstrap-admin-url "$KEYSTONE_URL/" \
        --bootstrap-internal-url "$KEYSTONE_URL/" \
        --bootstrap-public-url "$KEYSTONE_URL/" \
        --bootstrap-region-id RegionOne
) > "$LOGDIR/keystone-manage.log" 2>&1 &
keystone_mig=$!

# Keystone can start serving as soon as its schema is done; neutron needs its own.
wait $keystone_mig || fail_with_log "keystone db_sync/bootstrap failed" "$LOGDIR/keystone-manage.log" "$LOGDIR/keystone.log"
log "keystone database ready after $(elapsed) s"

# Keystone's own test server is single-threaded wsgiref; this is the same
# application behind a threading wsgiref server so that concurrent clients
# (and neutron's token validation) do not queue behind each other.
start_bg keystone "$PY" -c '
import socketserver, sys, wsgiref.simple_server as wss
from keystone.server.wsgi import initialize_public_application
host, port = sys.argv[1], int(sys.argv[2])
del sys.argv[1:3]
class Server(socketserver.ThreadingMixIn, wss.WSGIServer):
    daemon_threads = True
    request_queue_size = 128
class Handler(wss.WSGIRequestHandler):
    def log_message(self, fmt, *args):
        sys.stderr.write("%s - %s\n" % (self.address_string(), fmt % args))
app = initialize_public_application()
srv = wss.make_server(host, port, app, server_class=Server, handler_class=Handler)
print("keystone listening on http://%s:%d/" % (host, port), flush=True)
srv.serve_forever()
' "$HOST" "$KEYSTONE_PORT" --config-file "$ETC/keystone.conf"

wait $neutron_mig || fail_with_log "neutron-db-manage failed" "$LOGDIR/neutron-db-manage.log"
log "neutron database migrated after $(elapsed) s ($(grep -c 'alembic.runtime.migration\] Running upgrade' "$LOGDIR/neutron-db-manage.log" || true) alembic steps)"

NEUTRON_SERVER=("$PY" -c 'from neutron.cmd.eventlet.server import main; main()')
start_bg neutron-noauth "${NEUTRON_SERVER[@]}" --config-file "$ETC/neutron.conf" --config-file "$ETC/neutron-noauth.conf"
start_bg neutron-keystone "${NEUTRON_SERVER[@]}" --config-file "$ETC/neutron.conf" --config-file "$ETC/neutron-keystone.conf"

# ---------------------------------------------------------------- keystone data
wait_http keystone "$KEYSTONE_URL" "200" "$LOGDIR/keystone.log" "$LOGDIR/keystone.out"

ks_token() {  # ks_token USER PASSWORD PROJECT -> prints a project-scoped token
    curl -sS -o /dev/null -D - --max-time 30 -H 'Content-Type: application/json' \
        -d "$(jq -n --arg u "$1" --arg p "$2" --arg pr "$3" '{auth: {
              identity: {methods: ["password"], password: {user: {name: $u, domain: {id: "default"}, password: $p}}},
              scope: {project: {name: $pr, domain: {id: "default"}}}}}')" \
        "$KEYSTONE_URL/auth/tokens" | awk 'tolower($1) == "x-subject-token:" {print $2}' | tr -d '\r'
}
TOKEN=$(ks_token admin "$ADMIN_PASSWORD" admin)
[ -n "$TOKEN" ] || fail_with_log "could not get an admin token from keystone" "$LOGDIR/keystone.log" "$LOGDIR/keystone.out"

# ks METHOD PATH [JSON]: admin call to keystone, prints the body, fails on HTTP >= 400.
ks() {
    local method=$1 path=$2 body=${3:-} out code
    out=$(mktemp)
    if [ -n "$body" ]; then
        code=$(curl -sS -o "$out" -w '%{http_code}' --max-time 30 -X "$method" \
            -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' -d "$body" "$KEYSTONE_URL$path")
    else
        code=$(curl -sS -o "$out" -w '%{http_code}' --max-time 30 -X "$method" \
            -H "X-Auth-Token: $TOKEN" "$KEYSTONE_URL$path")
    fi
    if [ "$code" -ge 400 ]; then
        log "keystone $method $path -> $code: $(cat "$out")"
        rm -f "$out"
        return 1
    fi
    cat "$out"; rm -f "$out"
}
id_of() { jq -er "$1"; }

ADMIN_PROJECT_ID=$(ks GET "/projects?name=admin" | id_of '.projects[0].id')
ADMIN_USER_ID=$(ks GET "/users?name=admin" | id_of '.users[0].id')
SERVICE_PROJECT_ID=$(ks POST /projects '{"project": {"name": "service", "domain_id": "default", "description": "service project"}}' | id_of .project.id)
DEMO_PROJECT_ID=$(ks POST /projects '{"project": {"name": "demo", "domain_id": "default", "description": "demo project"}}' | id_of .project.id)
ADMIN_ROLE_ID=$(ks GET "/roles?name=admin" | id_of '.roles[0].id')
MEMBER_ROLE_ID=$(ks GET "/roles?name=member" | id_of '.roles[0].id')
SERVICE_ROLE_ID=$(ks POST /roles '{"role": {"name": "service"}}' | id_of .role.id)
NEUTRON_USER_ID=$(ks POST /users "$(jq -n --arg p "$SERVICE_PROJECT_ID" --arg pw "$NEUTRON_SERVICE_PASSWORD" \
    '{user: {name: "neutron", password: $pw, domain_id: "default", default_project_id: $p}}')" | id_of .user.id)
DEMO_USER_ID=$(ks POST /users "$(jq -n --arg p "$DEMO_PROJECT_ID" --arg pw "$DEMO_PASSWORD" \
    '{user: {name: "demo", password: $pw, domain_id: "default", default_project_id: $p}}')" | id_of .user.id)
ks PUT "/projects/$SERVICE_PROJECT_ID/users/$NEUTRON_USER_ID/roles/$ADMIN_ROLE_ID" >/dev/null
ks PUT "/projects/$SERVICE_PROJECT_ID/users/$NEUTRON_USER_ID/roles/$SERVICE_ROLE_ID" >/dev/null
ks PUT "/projects/$DEMO_PROJECT_ID/users/$DEMO_USER_ID/roles/$MEMBER_ROLE_ID" >/dev/null
NETWORK_SERVICE_ID=$(ks POST /services '{"service": {"type": "network", "name": "neutron", "description": "vpnform test neutron (keystone auth)"}}' | id_of .service.id)
for iface in public internal admin; do
    ks POST /endpoints "$(jq -n --arg s "$NETWORK_SERVICE_ID" --arg i "$iface" --arg u "$NEUTRON_KS_URL" \
        '{endpoint: {service_id: $s, interface: $i, url: $u, region_id: "RegionOne"}}')" >/dev/null
done
APPCRED_JSON=$(ks POST "/users/$ADMIN_USER_ID/application_credentials" \
    '{"application_credential": {"name": "vpnform-admin", "description": "vpnform tests"}}')
APPCRED_ID=$(id_of .application_credential.id <<<"$APPCRED_JSON")
APPCRED_SECRET=$(id_of .application_credential.secret <<<"$APPCRED_JSON")
log "keystone projects/users/roles/catalog created after $(elapsed) s"

# ---------------------------------------------------------------- neutron readiness
wait_http neutron-noauth "$NEUTRON_URL/v2.0/vpn/ipsec-site-connections" "200" \
    "$LOGDIR/neutron-noauth.log" "$LOGDIR/neutron-noauth.out"
# Without a token the keystone-mode server must refuse: 401 means it is up.
wait_http neutron-keystone "$NEUTRON_KS_URL/v2.0/vpn/ipsec-site-connections" "401" \
    "$LOGDIR/neutron-keystone.log" "$LOGDIR/neutron-keystone.out"
code=$(http_code -H "X-Auth-Token: $TOKEN" "$NEUTRON_KS_URL/v2.0/vpn/ipsec-site-connections")
[ "$code" = 200 ] || fail_with_log "neutron-keystone refused a valid admin token ($code)" \
    "$LOGDIR/neutron-keystone.log" "$LOGDIR/keystone.log"
code=$(http_code -H "X-Auth-Token: $(ks_token demo "$DEMO_PASSWORD" demo)" "$NEUTRON_KS_URL/v2.0/vpn/ipsec-site-connections")
[ "$code" = 200 ] || fail_with_log "neutron-keystone refused a valid demo token ($code)" \
    "$LOGDIR/neutron-keystone.log" "$LOGDIR/keystone.log"

# ---------------------------------------------------------------- client files
cat > "$WORKDIR/clouds.yaml" <<EOF
# Written by .ci/neutron/start.sh (test fixtures, loopback only).
clouds:
  vpnform-noauth:
    auth_type: none
    endpoint: $NEUTRON_URL
  ks-admin:
    auth_type: password
    auth:
      auth_url: $KEYSTONE_URL
      username: admin
      password: $ADMIN_PASSWORD
      project_name: admin
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
  ks-demo:
    auth_type: password
    auth:
      auth_url: $KEYSTONE_URL
      username: demo
      password: $DEMO_PASSWORD
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
  ks-admin-appcred:
    auth_type: v3applicationcredential
    auth:
      auth_url: $KEYSTONE_URL
      application_credential_id: $APPCRED_ID
      application_credential_secret: $APPCRED_SECRET
    region_name: RegionOne
    interface: public
    identity_api_version: 3
EOF

cat > "$WORKDIR/env.sh" <<EOF
# Written by .ci/neutron/start.sh. Source it: . $WORKDIR/env.sh
export VPNFORM_NEUTRON_WORKDIR=$WORKDIR
export VPNFORM_NEUTRON_URL=$NEUTRON_URL
export VPNFORM_NEUTRON_KS_URL=$NEUTRON_KS_URL
export VPNFORM_KEYSTONE_URL=$KEYSTONE_URL
export VPNFORM_CLOUDS_YAML=$WORKDIR/clouds.yaml
export VPNFORM_NEUTRON_DB_SOCKET=$DB_SOCKET
export VPNFORM_NEUTRON_DB_URL='$DB_URL_NEUTRON'
export VPNFORM_NEUTRON_DB_PORT=$DB_PORT
export VPNFORM_NEUTRON_PORT=$NEUTRON_PORT
export VPNFORM_NEUTRON_KS_PORT=$NEUTRON_KS_PORT
export VPNFORM_KEYSTONE_PORT=$KEYSTONE_PORT
export VPNFORM_SEED_JSON=$WORKDIR/seed.json
export VPNFORM_KEYSTONE_REGION=RegionOne
export VPNFORM_KEYSTONE_ADMIN_USER=admin
export VPNFORM_KEYSTONE_ADMIN_PASSWORD=$ADMIN_PASSWORD
export VPNFORM_KEYSTONE_ADMIN_PROJECT_ID=$ADMIN_PROJECT_ID
export VPNFORM_KEYSTONE_DEMO_USER=demo
export VPNFORM_KEYSTONE_DEMO_PASSWORD=$DEMO_PASSWORD
export VPNFORM_KEYSTONE_DEMO_PROJECT_ID=$DEMO_PROJECT_ID
export VPNFORM_KEYSTONE_APPCRED_ID=$APPCRED_ID
export VPNFORM_KEYSTONE_APPCRED_SECRET=$APPCRED_SECRET
EOF

STARTED_OK=1
log "all up in $(elapsed) s: neutron noauth $NEUTRON_URL, neutron keystone $NEUTRON_KS_URL, keystone $KEYSTONE_URL, db $DB_SOCKET"
log "env: . $WORKDIR/env.sh   clouds: $WORKDIR/clouds.yaml   stop: $HERE/stop.sh"
