#!/bin/sh
# Builds Junction's contract test images (every directory here with a Dockerfile, or the ones named) as
# junction/<name>:dev, FROM scratch with the host's static busybox. An image whose dev.junction.content label
# already matches the sha256 of its directory's files (and busybox) is left as it is.
# An image directory may hold prepare.sh, run with the build context as its argument (and IMAGES_DIR set to
# this directory) to add host files.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
busybox=${BUSYBOX:-/usr/bin/busybox}
static() { "$busybox" --help >/dev/null 2>&1 && ! ldd "$busybox" >/dev/null 2>&1; }
if ! static && [ -z "${BUSYBOX:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "build.sh: installing Debian's busybox-static" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static; } >/dev/null 2>&1 || true
fi
if ! static; then
  echo "build.sh: $busybox must be a static busybox (Debian: apt-get install busybox-static)" >&2
  exit 1
fi
if [ $# -eq 0 ]; then
  set -- $(cd "$here" && for d in */Dockerfile; do dirname "$d"; done)
fi
status=0
for name in "$@"; do
  dir="$here/$name"
  if [ ! -f "$dir/Dockerfile" ]; then
    echo "build.sh: no image $name (no $dir/Dockerfile)" >&2
    status=1
    continue
  fi
  context=$(mktemp -d)
  trap 'rm -rf "$context"' EXIT
  cp -a "$dir/." "$context/"
  cp "$busybox" "$context/busybox"
  if [ -f "$context/prepare.sh" ]; then
    IMAGES_DIR="$here" sh "$context/prepare.sh" "$context"
  fi
  sum=$(cd "$context" && find . -type f | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum | cut -d' ' -f1)
  tag="junction/$name:dev"
  current=$(docker image inspect -f '{{index .Config.Labels "dev.junction.content"}}' "$tag" 2>/dev/null || true)
  if [ "$current" = "$sum" ]; then
    echo "$tag is up to date"
  else
    echo "building $tag"
    if ! docker build -q --network none --label "dev.junction.content=$sum" -t "$tag" "$context" >"$context.log" 2>&1; then
      grep -v -e DEPRECATED -e 'legacy builder' -e buildx "$context.log" >&2 || true
      echo "build.sh: building $tag failed" >&2
      status=1
    fi
    rm -f "$context.log"
  fi
  rm -rf "$context"
  trap - EXIT
done
exit $status
