#!/bin/sh
# Writes dev/crema/cli/BuildInfo.java under OUT: the version (the pom's) and the commit crema is built from,
# for `crema --version`. The commit is `git rev-parse HEAD`, with "-dirty" when tracked files differ from it
# (what runc's `git describe --dirty` marks), and "unknown" outside a git checkout. Constants in a class, not a
# resource file: reading a resource from the jar loads a dozen URL and jar-connection classes at startup.
# Usage: build-info.sh REPO OUT VERSION
set -eu
repo=$1 out=$2/dev/crema/cli version=$3
if commit=$(git -C "$repo" rev-parse HEAD 2>/dev/null); then
    git -C "$repo" diff --quiet HEAD -- 2>/dev/null || commit="$commit-dirty"
else
    commit=unknown
fi
mkdir -p "$out"
new="package dev.crema.cli;

/** Written by scripts/build-info.sh at build time. */
final class BuildInfo {
    private BuildInfo() {}

    static final String VERSION = \"$version\";
    static final String COMMIT = \"$commit\";
}"
# unchanged content keeps the file's time, so the compiler does not rebuild everything for nothing
[ "$(cat "$out/BuildInfo.java" 2>/dev/null)" = "$new" ] || printf '%s\n' "$new" > "$out/BuildInfo.java"
