# Sourced by the end-to-end scripts. Stops the processes a script started, waits until each has
# exited, and only then removes its work directory: a server still shutting down writes there
# (WAL checkpoint, audit flush, pool close), and an `rm -rf` racing it fails "Directory not empty".
stop_then_remove() {
  local dir=$1
  shift
  local p
  for p in "$@"; do kill "$p" 2>/dev/null || true; done
  for p in "$@"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$dir"
}
