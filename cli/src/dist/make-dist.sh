#!/usr/bin/env bash
# Builds the self-contained distribution (called by cli/pom.xml in the package phase):
#
#   target/vpnform-<version>/            bin/vpnform, lib/vpnform.jar, lib/vpnform.aot|.jsa, runtime/,
#                                        samples/openstack (for `vpnform demo`)
#   target/vpnform-<version>-linux-x64.tar.gz
#
# 1. Picks the newest JDK the machine has for the runtime: $VPNFORM_DIST_JDK if set, else the
#    newest of /usr/lib/jvm/*, $JAVA_HOME and the `java` on PATH that can jlink (JDK 17 or later).
# 2. jlink: a runtime image with only the modules vpnform needs, and its base CDS archive.
# 3. A training run (`vpnform plan samples/openstack` against a sandbox) records a start-up cache: on JDK 25+, an ahead-of-time cache
#    (JEP 483/514/515: classes loaded and linked, method profiles); before that, a dynamic CDS
#    archive on top of the runtime's base archive.
# 4. tar.gz of the directory.
#
# usage: make-dist.sh JAR VERSION TARGET_DIR REPO_DIR MODULES
set -euo pipefail
jar=$1 version=$2 target=$3 repo=$4 modules=$5

log() { echo "[dist] $*"; }
die() { echo "[dist] ERROR: $*" >&2; exit 1; }

# The feature version (17, 25, ...) of the JDK at $1, or nothing.
feature() {
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true)
  [[ "$v" =~ ^[0-9]+$ ]] && echo "$v"
}

# The JDKs to try, newest first, as "VERSION PATH" lines: $VPNFORM_DIST_JDK alone if set, else
# every JDK 17+ with jlink among /usr/lib/jvm/*, $JAVA_HOME and the `java` on PATH.
candidates() {
  if [ -n "${VPNFORM_DIST_JDK:-}" ]; then
    [ -x "$VPNFORM_DIST_JDK/bin/jlink" ] || die "VPNFORM_DIST_JDK=$VPNFORM_DIST_JDK has no bin/jlink"
    echo "$(feature "$VPNFORM_DIST_JDK") $VPNFORM_DIST_JDK"
    return
  fi
  local dirs=() c v
  for c in /usr/lib/jvm/*; do dirs+=("$c"); done
  [ -n "${JAVA_HOME:-}" ] && dirs+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    dirs+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in "${dirs[@]}"; do
    [ -x "$c/bin/jlink" ] && [ -x "$c/bin/java" ] || continue
    v=$(feature "$c") || continue
    [ "$v" -ge 17 ] && echo "$v $(cd "$c" && pwd -P)"
  done | sort -u | sort -k1,1nr
}

name="vpnform-$version"
stage="$target/$name"
archive="$target/$name-linux-x64.tar.gz"
rm -rf "$stage" "$archive"
mkdir -p "$stage/bin" "$stage/lib"

# Strip native debug symbols where the JDK's jlink supports it and objcopy exists: libjvm.so loses
# about 20 MB.
strip_native=()
if command -v objcopy >/dev/null 2>&1; then
  strip_native=(--strip-native-debug-symbols "objcopy=$(command -v objcopy)")
fi
# A JDK links a runtime from its jmods/, or (JEP 493, JDK 24+) from its own runtime when it was
# built so; a JDK with neither makes jlink fail, and the next one is tried.
# The runtime's own CDS archive of the JDK's classes is the base of the JDK 17-24 dynamic archive,
# and what a JDK 25 runtime falls back on when the ahead-of-time cache cannot be used (e.g. other
# GC options in VPNFORM_JAVA_OPTS): without it every JDK class is loaded from the image.
jdk="" jv=""
while read -r v c; do
  rm -rf "$stage/runtime"
  if "$c/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
      --generate-cds-archive "${strip_native[@]}" --output "$stage/runtime" \
      > "$target/dist-jlink.log" 2>&1; then
    jdk=$c jv=$v
    break
  fi
  log "jlink of $c (Java $v) failed: $(head -n 1 "$target/dist-jlink.log")"
done < <(candidates)
[ -n "$jdk" ] || die "no JDK 17 or later could jlink a runtime (set VPNFORM_DIST_JDK)"
# The archive for heaps over 32 GB (no compressed oops): 14 MB that a CLI run never uses.
rm -f "$stage/runtime/lib/server/classes_nocoops.jsa"
log "runtime linked from $jdk (Java $jv): $modules"

cp "$jar" "$stage/lib/vpnform.jar"
mkdir -p "$stage/samples"
cp -R "$repo/samples/openstack" "$stage/samples/openstack"
cp "$(dirname "$0")/vpnform" "$stage/bin/vpnform"
chmod 755 "$stage/bin/vpnform"
cat > "$stage/README.txt" <<TXT
vpnform $version: declarative IPsec site connections for OpenStack Neutron VPNaaS.

Run bin/vpnform (no installed Java needed: runtime/ is a Java $jv runtime made with jlink).
Install: put this directory anywhere (e.g. /opt/$name) and link bin/vpnform into your PATH:
  ln -s /opt/$name/bin/vpnform /usr/local/bin/vpnform
Try it: bin/vpnform demo
TXT

# The training run uses the launcher's JVM options, so that the cache matches them.
java_opts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
if [ "$jv" -ge 25 ]; then
  cache_opt="-XX:AOTCacheOutput=$stage/lib/vpnform.aot"
  cache_file="$stage/lib/vpnform.aot"
else
  cache_opt="-XX:ArchiveClassesAtExit=$stage/lib/vpnform.jsa"
  cache_file="$stage/lib/vpnform.jsa"
fi
# The workload a user runs most: `plan` of samples/openstack against a sandbox (started as a
# separate process, so that the server's classes stay out of the cache; an AOT cache loads every
# class it holds at start-up).
sandbox_log="$target/dist-sandbox.log"
"$stage/runtime/bin/java" "${java_opts[@]}" -cp "$stage/lib/vpnform.jar" dev.vpnform.cli.Main \
  sandbox --port 0 > "$sandbox_log" 2>&1 &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null || true' EXIT
endpoint=""
for _ in $(seq 600); do
  endpoint=$(sed -n 's/.*Networking API (VPNaaS) at \(http[^ ]*\).*/\1/p' "$sandbox_log" | head -n 1)
  [ -n "$endpoint" ] && break
  kill -0 "$sandbox_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$endpoint" ] || { cat "$sandbox_log" >&2; die "the training sandbox did not start"; }
log "training run for $(basename "$cache_file"): vpnform plan samples/openstack against $endpoint"
if ! (cd "$repo" && "$stage/runtime/bin/java" "${java_opts[@]}" "$cache_opt" \
      -cp "$stage/lib/vpnform.jar" dev.vpnform.cli.Main plan --os-auth-type none \
      --os-endpoint "$endpoint" samples/openstack) > "$target/dist-training.log" 2>&1; then
  tail -n 30 "$target/dist-training.log" >&2
  die "the training run failed"
fi
kill "$sandbox_pid" 2>/dev/null || true
wait "$sandbox_pid" 2>/dev/null || true
trap - EXIT
[ -f "$cache_file" ] || die "the training run wrote no $(basename "$cache_file")"

# The distribution must run as it is: check the launcher with the cache.
"$stage/bin/vpnform" --version > /dev/null || die "bin/vpnform --version failed"

tar -C "$target" -czf "$archive" "$name"
log "$archive ($(du -h "$archive" | cut -f1); runtime $(du -sh "$stage/runtime" | cut -f1), cache $(du -h "$cache_file" | cut -f1))"
