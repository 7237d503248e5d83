#!/bin/sh
# psql as postgresql-stencil has it, and the host's docker CLI (with its libraries when it is not static).
set -eu
context=$1
sh "$IMAGES_DIR/postgresql-stencil/prepare.sh" "$context"
docker=$(command -v docker)
mkdir -p "$context/rootfs/usr/bin"
cp -L "$docker" "$context/rootfs/usr/bin/docker"
for lib in $(ldd "$docker" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
  mkdir -p "$context/rootfs$(dirname "$lib")"
  cp -L "$lib" "$context/rootfs$lib"
done
