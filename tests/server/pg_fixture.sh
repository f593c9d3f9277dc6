#!/usr/bin/env bash
# CTest fixture for the server tests: a throwaway PostgreSQL 15 cluster on a free loopback
# port, and a test CA with a server certificate for 127.0.0.1/localhost.
#   pg_fixture.sh start DIR   initdb + start; writes DIR/env (MARQUEE_TEST_PG_URL, ...)
#   pg_fixture.sh restart DIR stop and start the cluster again (same port and data)
#   pg_fixture.sh stop DIR    stop the cluster and remove it
# DIR only holds the env file; the cluster lives in a fresh /tmp directory that the
# postgres user can reach whatever the permissions of the build tree.
# PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?directory}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local p
  for _ in $(seq 1 200); do
    # Below Linux's ephemeral range (32768+), where outgoing connections take ports.
    p=$(( 20000 + RANDOM % 12000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "no free port found" >&2; return 1
}

stop_cluster() {
  local cluster
  cluster=$(sed -n 's/^MARQUEE_TEST_CLUSTER=//p' "$dir/env" 2>/dev/null || true)
  [ -n "$cluster" ] || return 0
  if [ -f "$cluster/data/postmaster.pid" ]; then
    as_owner "$PGBIN/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null 2>&1 ||
      as_owner "$PGBIN/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$cluster"
}

case "$cmd" in
restart)
  cluster=$(sed -n 's/^MARQUEE_TEST_CLUSTER=//p' "$dir/env")
  as_owner "$PGBIN/pg_ctl" -D "$cluster/data" -m fast -w -t 60 -l "$cluster/postgres.log" restart >/dev/null
  ;;
start)
  stop_cluster
  rm -rf "$dir"
  mkdir -p "$dir"
  state=$dir
  dir=$(mktemp -d /tmp/marquee-pg.XXXXXX)
  chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
  as_owner "$PGBIN/initdb" -D "$dir/data" -A trust -U marquee >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  # fsync off: the tests kill the server, never PostgreSQL; the benchmarks use their own cluster.
  # A port can be taken between the check and the bind: try a few.
  started=no
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$PGBIN/pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/postgres.log" \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 ${PG_EXTRA:--c fsync=off -c synchronous_commit=off -c full_page_writes=off}" \
      start >/dev/null; then
      started=yes
      break
    fi
  done
  [ "$started" = yes ] || { cat "$dir/postgres.log" >&2; exit 1; }
  pki="$dir/pki"
  mkdir -p "$pki"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Marquee Test CA" \
    -keyout "$pki/ca.key" -out "$pki/ca.crt" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$pki/server.key" -out "$pki/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$pki/ext.cnf"
  openssl x509 -req -in "$pki/server.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 2 \
    -extfile "$pki/ext.cnf" -out "$pki/server.crt" 2>/dev/null
  chmod 644 "$pki"/*
  cat >"$state/env" <<ENV
MARQUEE_TEST_CLUSTER=$dir
MARQUEE_TEST_PG_URL=postgresql://marquee@127.0.0.1:$port/postgres
MARQUEE_TEST_PG_PORT=$port
MARQUEE_TEST_CA=$pki/ca.crt
MARQUEE_TEST_CERT=$pki/server.crt
MARQUEE_TEST_KEY=$pki/server.key
ENV
  echo "PostgreSQL on 127.0.0.1:$port, data in $dir"
  ;;
stop)
  stop_cluster
  rm -f "$dir/env"
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
