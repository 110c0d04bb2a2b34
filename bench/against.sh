#!/bin/sh
# bench/against.sh OTHER: this checkout's crema against the crema of another built checkout (an older commit:
# `git worktree add --detach /tmp/old REV && /tmp/old/build`), both without a server, in one hyperfine run per
# command: `run` of /bin/true, `create`, `state`, `exec`, `--version`. How "without the server, nothing slower
# than before" is checked (docs/performance.md). Prints hyperfine's tables, records nothing. Root. Not a test.
set -eu
[ $# -eq 1 ] && [ -x "$1/bin/crema" ] || { echo "usage: bench/against.sh OTHER_CHECKOUT (built)" >&2; exit 2; }
other=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
[ -x target/libexec/crema-init ] || ./build
work=$(mktemp -d /tmp/crema-against.XXXXXX)
# no server runs for either root, so this checkout's client runs its JVM controller, as engines would see it
new="bin/crema --root $work/new" old="$other/bin/crema --root $work/old"
cleanup() {
    for id in against-state against-exec against-create; do
        $new delete -f $id >/dev/null 2>&1 || true; $old delete -f $id >/dev/null 2>&1 || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

. bench/lib.sh
bundles "$work"

echo "this checkout: $(git rev-parse --short HEAD); other: $(git -C "$other" rev-parse --short HEAD)"
hyperfine -N --warmup 3 --runs 40 --style basic -n "run (this)" "$new run --bundle $work/bundle against-run" \
    -n "run (other)" "$old run --bundle $work/bundle against-run"
hyperfine -N --warmup 3 --runs 30 --style basic \
    --prepare "sh -c '$new delete -f against-create >/dev/null 2>&1; true'" -n "create (this)" "$new create --bundle $work/sleeper against-create" \
    --prepare "sh -c '$old delete -f against-create >/dev/null 2>&1; true'" -n "create (other)" "$old create --bundle $work/sleeper against-create"
$new create --bundle "$work/sleeper" against-state; $old create --bundle "$work/sleeper" against-state
$new run -d --bundle "$work/sleeper" against-exec; $old run -d --bundle "$work/sleeper" against-exec
hyperfine -N --warmup 3 --runs 40 --style basic -n "state (this)" "$new state against-state" \
    -n "state (other)" "$old state against-state"
hyperfine -N --warmup 3 --runs 40 --style basic -n "exec (this)" "$new exec against-exec true" \
    -n "exec (other)" "$old exec against-exec true"
hyperfine -N --warmup 3 --runs 40 --style basic -n "version (this)" "$new --version" -n "version (other)" "$old --version"
