#!/usr/bin/env bash
# Builds the Debian packages and checks them the way a cinema's IT person would use them:
# install with apt, run both programs, start the installed server as its system user
# against a throwaway PostgreSQL and ask /v1/health over HTTPS, back up and restore a
# counter database with the installed app, verify the systemd unit, run lintian, then
# purge both packages and check that nothing is left behind. Runs as root, as CI does.
#   installer/check-packages.sh            ./dev package first, then the checks
#   MARQUEE_SKIP_BUILD=1 installer/...     check the .deb files already in build-pkg/
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PKGDIR=${MARQUEE_PACKAGE_DIR:-$ROOT/build-pkg}
export DEBIAN_FRONTEND=noninteractive

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() {
  CHECK_FAILED=1
  printf 'check-packages: FAILED: %s\n' "$*" >&2
  exit 1
}
[ "$(id -u)" -eq 0 ] || die "run as root: it installs packages and makes a system user"

if [ -z "${MARQUEE_SKIP_BUILD:-}" ]; then
  MARQUEE_PACKAGE_DIR=$PKGDIR ./dev package
fi
shopt -s nullglob
debs=("$PKGDIR"/marquee_*.deb "$PKGDIR"/marquee-server_*.deb)
[ ${#debs[@]} -eq 2 ] || die "expected marquee_*.deb and marquee-server_*.deb in $PKGDIR, found: ${debs[*]:-none}"
version=$(sed -n 's/^project(Marquee VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)

work=$(mktemp -d /tmp/marquee-pkgcheck.XXXXXX)
chmod 755 "$work"
server_pid=""
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  tests/server/pg_fixture.sh stop "$work/pg" >/dev/null 2>&1 || true
  if [ -n "${CHECK_FAILED:-}" ]; then
    apt-get remove --purge -y -qq marquee marquee-server >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap 'CHECK_FAILED=1; cleanup' ERR INT TERM
trap cleanup EXIT

say "lintian"
# Overrides ship inside the packages (installer/lintian/), each with its reason.
lintian --fail-on error,warning --display-info --tag-display-limit 0 "${debs[@]}" | tee "$work/lintian.txt"

say "installing ${debs[*]##*/} with apt"
if ! apt-get install -y -qq "${debs[@]}" >"$work/apt.log" 2>&1; then
  # A fresh machine may have no package lists yet for the dependencies.
  apt-get update -qq
  apt-get install -y -qq "${debs[@]}" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; die "apt-get install"; }
fi
for p in marquee marquee-server; do
  dpkg-query -W -f='${Package} ${Version} ${Status}\n' "$p" | grep -q "install ok installed" || die "$p not installed"
  dpkg-query -W -f='${Package} ${Version}: ${Depends}\n' "$p"
done

say "installed files"
for f in /usr/bin/marquee /usr/bin/marquee-server; do [ -x "$f" ] || die "$f missing"; done
for f in /usr/share/applications/org.marquee.Marquee.desktop /usr/share/metainfo/org.marquee.Marquee.metainfo.xml \
  /usr/share/icons/hicolor/scalable/apps/org.marquee.Marquee.svg /usr/share/icons/hicolor/48x48/apps/org.marquee.Marquee.png \
  /usr/share/marquee/demo/cinema.json /lib/systemd/system/marquee-server.service /etc/marquee/server.env; do
  [ -f "$f" ] || die "$f missing"
done
[ "$(stat -c '%U:%G %a' /etc/marquee/server.env)" = "root:marquee 640" ] || die "server.env is $(stat -c '%U:%G %a' /etc/marquee/server.env)"
getent passwd marquee | grep -q ':/nonexistent:/usr/sbin/nologin$' || die "system user marquee: $(getent passwd marquee)"
desktop-file-validate /usr/share/applications/org.marquee.Marquee.desktop
appstreamcli validate --no-net --pedantic /usr/share/metainfo/org.marquee.Marquee.metainfo.xml

say "marquee --version (no display)"
out=$(env -u DISPLAY -u WAYLAND_DISPLAY marquee --version)
echo "$out"
[ "$out" = "marquee $version" ] || die "marquee --version printed '$out', expected 'marquee $version'"
say "marquee-server --help"
marquee-server --help | head -3
marquee-server --help | grep -q "^  migrate" || die "marquee-server --help"

say "systemd-analyze verify"
systemd-analyze verify /lib/systemd/system/marquee-server.service

say "installed server against a throwaway PostgreSQL"
tests/server/pg_fixture.sh start "$work/pg"
# shellcheck disable=SC1091
. "$work/pg/env"
# The installed /etc/marquee/server.env, pointed at the test cluster (through its Unix
# socket, as the package's default does) and the test certificate.
settings=/etc/marquee/server.env
sed -i -e "s|^MARQUEE_DB=.*|MARQUEE_DB=\"postgresql:///postgres?host=$MARQUEE_TEST_CLUSTER\&port=$MARQUEE_TEST_PG_PORT\"|" \
  -e "s|^MARQUEE_LISTEN=.*|MARQUEE_LISTEN=127.0.0.1:0|" -e "s|^MARQUEE_TLS_CERT=.*|MARQUEE_TLS_CERT=$MARQUEE_TEST_CERT|" \
  -e "s|^MARQUEE_TLS_KEY=.*|MARQUEE_TLS_KEY=$MARQUEE_TEST_KEY|" -e "s|^MARQUEE_SERVE_OPTIONS=.*|MARQUEE_SERVE_OPTIONS=\"--pool 4 --threads 8\"|" \
  "$settings"
# The unit's command lines, run as its user with its settings (systemd itself is not
# running here). setpriv, bash and the server each exec the next, so $! is the server.
unit=/lib/systemd/system/marquee-server.service
as_service=(setpriv --reuid=marquee --regid=marquee --init-groups --reset-env bash -c)
with_settings="set -a; . $settings; set +a; exec"
"${as_service[@]}" "$with_settings $(sed -n 's/^ExecStartPre=//p' "$unit")"
# docs/operations.md's way of running an administrative command.
mq() { runuser -u marquee -- env "$(grep '^MARQUEE_DB=' "$settings" | tr -d '"')" marquee-server "$@"; }
mq device add --name "CI counter" --role counter 2>/dev/null | grep -q '^token: mq_' || die "device add printed no token"
mq device list | grep -q "CI counter" || die "device list"
: >"$work/serve.log"
"${as_service[@]}" "$with_settings $(sed -n 's/^ExecStart=//p' "$unit")" 2>>"$work/serve.log" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*listening on https://127.0.0.1:\([0-9]*\).*|\1|p' "$work/serve.log")
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; die "server exited"; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.log"; die "server did not start"; }
health=$(curl -sS --fail --cacert "$MARQUEE_TEST_CA" "https://127.0.0.1:$port/v1/health")
echo "GET /v1/health: $health"
echo "$health" | grep -q '"status":"ok"' || die "health answered: $health"
curl -sS --fail --cacert "$MARQUEE_TEST_CA" "https://127.0.0.1:$port/metrics" | grep -q '^marquee_' ||
  die "/metrics has no marquee_ series"
kill "$server_pid"
wait "$server_pid" || die "server did not stop cleanly on SIGTERM: $(cat "$work/serve.log")"
server_pid=""
tests/server/pg_fixture.sh stop "$work/pg"

say "installed app: backup and restore a counter database"
home="$work/home"
mkdir -p "$home"
db="$home/counter.sqlite"
HOME=$home QT_QPA_PLATFORM=offscreen timeout 120 marquee --database "$db" --quit-when-shown
HOME=$home marquee --database "$db" --backup "$work/backup.sqlite"
HOME=$home marquee --database "$db" --restore "$work/backup.sqlite"
ls "$db".before-restore-* >/dev/null || die "restore kept no copy of the previous database"
if HOME=$home marquee --database "$db" --restore "$work/lintian.txt" 2>"$work/refused.txt"; then
  die "restore accepted a text file"
fi
grep -q "not a Marquee" "$work/refused.txt" || die "restore of a text file said: $(cat "$work/refused.txt")"

say "apt-get remove --purge"
apt-get remove --purge -y -qq marquee marquee-server >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; die "purge"; }
left=()
for f in /usr/bin/marquee /usr/bin/marquee-server /usr/share/marquee /usr/share/doc/marquee /usr/share/doc/marquee-server \
  /usr/share/applications/org.marquee.Marquee.desktop /usr/share/metainfo/org.marquee.Marquee.metainfo.xml \
  /usr/share/icons/hicolor/scalable/apps/org.marquee.Marquee.svg /usr/share/icons/hicolor/48x48/apps/org.marquee.Marquee.png \
  /usr/share/man/man1/marquee.1.gz /usr/share/man/man1/marquee-server.1.gz /lib/systemd/system/marquee-server.service \
  /etc/marquee /usr/share/lintian/overrides/marquee /usr/share/lintian/overrides/marquee-server; do
  [ ! -e "$f" ] || left+=("$f")
done
[ ${#left[@]} -eq 0 ] || die "left behind after purge: ${left[*]}"
getent passwd marquee >/dev/null && die "system user marquee left behind after purge"
dpkg-query -W marquee marquee-server >/dev/null 2>&1 && die "packages still known to dpkg"
say "packages checked"
