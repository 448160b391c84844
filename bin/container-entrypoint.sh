#!/bin/sh
# Entrypoint of the project's images (the app targets and `tools`). For each variable named below,
# NAME_FILE=/path becomes NAME=<contents of /path> before the command runs, so secrets can arrive as
# files (the compose file's secret volumes, Docker or Kubernetes secrets) and the apps still read
# plain NAME. Setting both NAME and NAME_FILE, or naming an unreadable file, stops the container.
set -eu
for name in USERS_TRANSPORT_SECRET EVENTS_TRANSPORT_SECRET PGPASSWORD; do
  eval "file=\${${name}_FILE-}"
  [ -n "$file" ] || continue
  if eval "[ -n \"\${${name}-}\" ]"; then
    echo "container-entrypoint: both $name and ${name}_FILE are set; set one" >&2
    exit 64
  fi
  if [ ! -r "$file" ] || [ ! -f "$file" ]; then
    echo "container-entrypoint: ${name}_FILE=$file is not readable" >&2
    exit 66
  fi
  value=$(cat "$file")
  export "$name=$value"
  unset "${name}_FILE"
done
exec "$@"
