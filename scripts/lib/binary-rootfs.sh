# Shared by scripts/build-*-image.sh: pack one host binary and the libraries ldd lists for it into a
# root filesystem, and import it as an image without a registry. Source this file; it defines:
#   binary_libs BIN              -> prints the library paths the loader resolves (one per line)
#   binary_hash TAG VERSION BIN  -> a 16-hex content hash of the binary and its libraries
#   image_label IMAGE            -> the image's memgate.content label ('' when absent)
#   binary_rootfs ROOT BIN NAME  -> ROOT with BIN at /usr/local/bin/NAME, its libraries, /tmp, /etc
#   import_rootfs ROOT IMAGE HASH [CHANGE...] -> docker import with the label, PATH and the changes
#   image_script_args NAME SCRIPT "$@"  -> sets FORCE from --force; --help prints SCRIPT's header
#   exit_if_current IMAGE HASH   -> prints IMAGE and exits 0 when its label matches (unless FORCE=1)

binary_libs() {
  # Left of `=>` resolved paths, or the loader itself (e.g. /lib64/ld-linux-x86-64.so.2).
  ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u
}

binary_hash() {
  local tag=$1 version=$2 bin=$3 lib
  {
    echo "$tag"
    echo "$version"
    sha256sum "$bin" | cut -d' ' -f1
    while read -r lib; do echo "$lib $(sha256sum "$lib" | cut -d' ' -f1)"; done < <(binary_libs "$bin")
  } | sha256sum | cut -c1-16
}

image_label() {
  docker image inspect --format '{{ index .Config.Labels "memgate.content" }}' "$1" 2>/dev/null || true
}

binary_rootfs() {
  local root=$1 bin=$2 name=$3 lib
  mkdir -p "$root"/{usr/local/bin,etc,tmp,proc,sys,dev,root}
  chmod 1777 "$root/tmp"
  cp -L "$bin" "$root/usr/local/bin/$name"
  while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done < <(binary_libs "$bin")
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
}

import_rootfs() {
  local root=$1 image=$2 hash=$3 c
  shift 3
  local changes=(--change "LABEL memgate.content=$hash" --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin')
  for c in "$@"; do changes+=(--change "$c"); done
  tar --numeric-owner --owner=0 --group=0 -C "$root" -cf - . | docker import "${changes[@]}" - "$image" >/dev/null
}

image_script_args() {
  local name=$1 script=$2 arg
  shift 2
  FORCE=0
  for arg in "$@"; do
    case "$arg" in
      --force) FORCE=1 ;;
      -h | --help)
        # The header comment, up to the first line that is not a comment.
        sed -n '2,/^[^#]/p' "$script" | sed '$d' | sed 's/^# \{0,1\}//'
        exit 0
        ;;
      *)
        echo "$name: unknown argument: $arg" >&2
        exit 2
        ;;
    esac
  done
}

exit_if_current() {
  local image=$1 hash=$2
  if [[ ${FORCE:-0} -eq 0 && "$(image_label "$image")" == "$hash" ]]; then
    printf '%s: %s is up to date (memgate.content=%s)\n' "$(basename "$0" .sh)" "$image" "$hash" >&2
    echo "$image"
    exit 0
  fi
}
