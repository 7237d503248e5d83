#!/bin/sh
# Copies the host's real psql binary (not Debian's wrapper script) and the libraries ldd lists into
# $1/rootfs, installing Debian's postgresql-client first when no psql is there.
set -eu
context=$1
find_psql() { ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1; }
psql=$(find_psql)
if [ -z "$psql" ]; then
  echo "installing postgresql-client for the psql binary" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >&2
  psql=$(find_psql)
fi
[ -n "$psql" ] || { echo "prepare.sh: no psql binary found" >&2; exit 1; }
mkdir -p "$context/rootfs/usr/bin"
cp -L "$psql" "$context/rootfs/usr/bin/psql"
for lib in $(ldd "$psql" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
  mkdir -p "$context/rootfs$(dirname "$lib")"
  cp -L "$lib" "$context/rootfs$lib"
done
