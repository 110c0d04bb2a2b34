# Sourced by the build scripts: sets JAVA_HOME to a JDK 25 or says clearly that there is none.
find_jdk25() {
    for jdk in "${CREMA_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 "${JAVA_HOME:-}" /usr/lib/jvm/*; do
        [ -n "$jdk" ] && [ -x "$jdk/bin/javac" ] && [ -r "$jdk/release" ] || continue
        major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")
        if [ -n "$major" ] && [ "$major" -ge 25 ]; then echo "$jdk"; return 0; fi
    done
    return 1
}
if ! JAVA_HOME=$(find_jdk25); then
    echo "crema needs a JDK 25 to build (Temurin 25 is expected at /usr/lib/jvm/temurin-25-jdk-amd64)." >&2
    echo "None found in \$CREMA_JAVA_HOME, /usr/lib/jvm/temurin-25-jdk-amd64, \$JAVA_HOME or /usr/lib/jvm/*." >&2
    exit 1
fi
export JAVA_HOME
