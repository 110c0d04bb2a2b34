#!/bin/sh
# How the D-Bus client of --systemd-cgroup was chosen: a JVM with crema's flags that connects to a system bus
# (EXTERNAL auth, Hello) and reads systemd's Version property, once with crema's own client
# (dev.crema.systemd.DBusConnection) and once with dbus-java 5.2.2 and its native unix-socket transport, each
# with an AOT cache of its own and without, against a hello world (the floor). Not a test.
# Usage: bench/dbus-client.sh SOCKET   (a system bus with systemd behind it, such as a systemd container's:
#        /proc/<its pid 1>/root/run/dbus/system_bus_socket while SystemdCgroupIT's machine runs)
set -eu
socket=$1
cd "$(dirname "$0")/.."
. scripts/jdk.sh
[ -r target/crema.jar ] || ./build
work=$(mktemp -d /tmp/crema-dbus-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mvn -B -q -f bench/dbus/pom.xml dependency:copy-dependencies -DoutputDirectory="$work/lib"
lib=$(ls "$work"/lib/*.jar | tr '\n' ':')
j=$JAVA_HOME/bin
mkdir "$work/hello" "$work/hand" "$work/dbus-java"
"$j/javac" -d "$work/hello" bench/Hello.java
"$j/javac" -d "$work/hand" -cp target/crema.jar bench/dbus/HandBus.java
"$j/javac" -d "$work/dbus-java" -cp "$lib" bench/dbus/LibBus.java
for p in hello hand dbus-java; do "$j/jar" cf "$work/$p.jar" -C "$work/$p" .; done
flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData"
hello="$flags -cp $work/hello.jar Hello"
hand="$flags -cp $work/hand.jar:target/crema.jar HandBus $socket"
lib="$flags -cp $work/dbus-java.jar:$lib LibBus $socket"
for p in hello hand lib; do
    eval "args=\$$p"
    "$j/java" -XX:AOTCacheOutput="$work/$p.aot" $args >/dev/null 2>&1
    echo "$p: $("$j/java" -Xlog:class+load $args 2>/dev/null | grep -c 'class,load') classes loaded"
done
hyperfine -N --warmup 3 --runs 40 \
    -n "hello (floor)" "$j/java -XX:AOTCache=$work/hello.aot $hello" \
    -n "crema's client" "$j/java -XX:AOTCache=$work/hand.aot $hand" \
    -n "dbus-java 5.2.2" "$j/java -XX:AOTCache=$work/lib.aot $lib" \
    -n "hello, no AOT cache" "$j/java $hello" \
    -n "crema's client, no AOT cache" "$j/java $hand" \
    -n "dbus-java 5.2.2, no AOT cache" "$j/java $lib"
