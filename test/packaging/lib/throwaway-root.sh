#!/bin/bash
# Run a command as root in a throwaway copy of this machine's root: a private mount namespace in
# which an overlay of / (upper layer on a tmpfs) is mounted on a temporary directory, with /proc,
# /dev and /sys bound in, then chroot. Whatever the command writes (dpkg's database, /usr, /etc,
# /var) lands on the tmpfs and is gone when it exits; the namespace keeps every mount private.
# Directories named in SHARE (space separated) are bound into the chroot at the same path, so
# results can come out.
# Usage: SHARE="/dir ..." throwaway-root.sh COMMAND [ARG...]
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "throwaway-root: needs root" >&2; exit 1; }
exec unshare --mount --propagation private bash -euo pipefail -c '
  work=$(mktemp -d /tmp/xenha-throwaway.XXXXXX)
  # the mount namespace dies with this shell; the directory is removed on the way out
  trap "umount -R \"$work\" 2>/dev/null || umount -l \"$work\" 2>/dev/null || true; rmdir \"$work\" 2>/dev/null || true" EXIT
  mount -t tmpfs -o size=1g,mode=755 xenha-throwaway "$work"
  mkdir "$work/upper" "$work/work" "$work/root"
  mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/work" "$work/root"
  root=$work/root
  mount --rbind /dev "$root/dev"
  mount -t proc proc "$root/proc"
  mount --rbind -o ro /sys "$root/sys" 2>/dev/null || mount --rbind /sys "$root/sys"
  for dir in ${SHARE:-}; do
    mkdir -p "$root$dir"
    mount --bind "$dir" "$root$dir"
  done
  chroot "$root" "$@"
' throwaway-root "$@"
