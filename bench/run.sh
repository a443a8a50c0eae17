#!/usr/bin/env bash
# The benchmark in one command: builds what it needs, measures the limits of the parts (H0 bare Vert.x,
# P0 RabbitMQ PerfTest, D0 pgbench, C0 redis-benchmark, R0 AMQP request/reply, the Argon2id hashing limit)
# and every scenario against the local PostgreSQL, RabbitMQ and Redis, and the Spring Boot peer of paths 1 and 3
# (bench/peers/spring-peer), prints one table and writes it to bench/results/ with an SVG chart beside it.
# Loopback only; it stops everything it starts and removes what it creates.
#
#   bench/run.sh [--duration 10] [--warmup 5] [--connections 64] [--only H0,P0,D0,C0,R0,HASH,1,2r,2l,2a,3,4,5,6,6l,7,peer]
#
# Environment: BENCH_PG_HOST/PORT/USER/PASSWORD (127.0.0.1:5432 postgres), BENCH_AMQP_URI
# (amqp://guest:guest@127.0.0.1:5672), BENCH_REDIS_HOST/PORT (127.0.0.1:6379).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for tool in wrk pgbench redis-benchmark redis-cli; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} (Debian packages wrk, postgresql-client, redis-tools)"
    apt-get update -qq && apt-get install -y -qq wrk postgresql-client redis-tools >/dev/null
  else
    echo "The benchmark needs ${missing[*]}: install wrk, the PostgreSQL client (pgbench) and redis-tools" >&2
    echo "(Debian/Ubuntu: sudo apt-get install wrk postgresql-client redis-tools; macOS: brew install wrk libpq redis)" >&2
    exit 1
  fi
fi

if [ -x ../shared/scripts/services.sh ]; then
  ../shared/scripts/services.sh up >/dev/null
fi

./mvnw -q -Pbench -DskipTests package
exec java -cp "$PWD/bench/target/classes:$PWD/bench/target/lib/*" dev.switchboard.bench.Harness --root "$PWD" "$@"
