#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on 127.0.0.1 for the tests that use them.
# This machine kind starts both before a session or CI run; this only starts one
# that is down, with the machine's own service commands, and never fails the run:
# tests that need a missing server skip and say so.
set -uo pipefail

postgres_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

if ! postgres_up && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "services: starting PostgreSQL"
    for version in $(ls /etc/postgresql); do
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
fi
if ! redis_up && command -v redis-server >/dev/null; then
    echo "services: starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
        --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
fi
for _ in $(seq 20); do
    postgres_up && redis_up && break
    sleep 0.5
done
postgres_up && echo "services: PostgreSQL up" || echo "services: PostgreSQL down (its tests skip)"
redis_up && echo "services: Redis up" || echo "services: Redis down (its tests skip)"
exit 0
