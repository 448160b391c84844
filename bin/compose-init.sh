#!/bin/sh
# docker-compose.yml's one-shot `init` job (runs as `node`, before every other service): for each
# file named on the command line, a random secret (32 bytes, hex) unless the file already holds one.
# The files live in named volumes, so they are made on the first `up` and kept until
# `docker compose down -v` (which also drops the Postgres data initialised with the old password).
# Mode 0444: Postgres reads its password as the `postgres` user, a different uid from `node`.
set -eu
for file in "$@"; do
  if [ -s "$file" ]; then
    echo "init: $file kept"
    continue
  fi
  tmp="$file.$$.tmp"
  od -An -vtx1 -N32 /dev/urandom | tr -d ' \n' >"$tmp"
  chmod 0444 "$tmp"
  mv -f "$tmp" "$file"
  echo "init: $file made"
done
