#!/bin/sh
# Builds target/crema_<version>_<arch>.deb from the parts the build made: crema needs no JDK once installed
# (it carries its jlink'ed runtime), and engines find it at /usr/bin/crema. Run by the Maven build (package
# phase, after the AOT cache), so `mvn verify` tests the very package it made (PackageIT).
#
# Installed layout: /usr/lib/crema/{bin/crema-jvm,crema.jar,crema.aot,runtime/,libexec/} is the checkout's
# {bin/crema-jvm,target/...} with "target/" dropped; /usr/lib/crema/bin/crema links to libexec/crema, the native
# client (as bin/crema links to target/libexec/crema), and /usr/bin/crema links to it (bin/install). The client
# finds the JVM launcher at libexec/../bin/crema-jvm. The systemd unit and socket are installed, not enabled.
# The AOT cache is the one the build trained on
# target/: the JVM (JDK 25) accepts a cache whose runtime image and jar moved together to another directory
# (it substitutes the longest common prefix of their paths: -Xlog:class+path shows "Longest common prefix
# substitution ... yes" and "Archived boot classpath validation: passed"), so it is valid at /usr/lib/crema as
# long as the layout under the prefix is the same, which this script guarantees. PackageIT checks it maps.
# Usage: deb.sh REPO TARGET VERSION
set -eu
umask 022
repo=$1 target=$2 version=$3
arch=$(dpkg --print-architecture)
stage=$target/deb
lib=$stage/usr/lib/crema
deb=$target/crema_${version}_$arch.deb

for part in crema.jar crema.aot runtime/bin/java libexec/crema-init libexec/libcrema.so libexec/crema; do
    [ -e "$target/$part" ] || { echo "deb.sh: $target/$part is missing (the build makes it before this step)" >&2; exit 1; }
done
rm -rf "$stage" "$target"/crema_*.deb
mkdir -p "$lib/bin" "$lib/libexec" "$stage/usr/bin" "$stage/DEBIAN" \
    "$stage/usr/share/bash-completion/completions" "$stage/usr/share/doc/crema" "$stage/usr/lib/systemd/system"

# cp -p keeps the sizes and times the AOT cache recorded for the runtime image and the jar
cp -p "$repo/bin/crema-jvm" "$lib/bin/crema-jvm"
ln -s ../libexec/crema "$lib/bin/crema"
cp -pR "$target/runtime" "$lib/runtime"
cp -p "$target/crema.jar" "$target/crema.aot" "$lib/"
cp -p "$target/libexec/crema-init" "$target/libexec/libcrema.so" "$target/libexec/crema" "$lib/libexec/"
cp "$repo/contrib/systemd/crema.service" "$repo/contrib/systemd/crema.socket" "$stage/usr/lib/systemd/system/"
"$repo/bin/install" "$stage/usr/bin/crema" /usr/lib/crema >/dev/null

"$repo/scripts/man.sh" "$repo/docs/usage.md" "$repo/bin/crema" "$stage/usr/share/man/man8" "$version"
gzip -9n "$stage"/usr/share/man/man8/*.8
cp "$repo/contrib/bash-completion/crema" "$stage/usr/share/bash-completion/completions/crema"
printf 'crema %s (`crema --version` names the commit it was built from).\nDocumentation: crema(8), crema-COMMAND(8).\n' \
    "$version" > "$stage/usr/share/doc/crema/README"

# What the ELF files need at run time: libc6 (the JVM, libcrema.so) and libseccomp2 (libcrema.so); crema-init
# is static. The build host's versions are the minimum, since that is what the parts were linked against.
upstream() { dpkg-query -W -f='${Version}' "$1" | sed 's/^[0-9]*://; s/-[^-]*$//'; }
cat > "$stage/DEBIAN/control" <<EOF
Package: crema
Version: $version
Architecture: $arch
Maintainer: crema developers <crema@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: libc6 (>= $(upstream libc6)), libseccomp2 (>= $(upstream libseccomp2))
Section: admin
Priority: optional
Description: OCI container runtime, a drop-in for runc
 crema runs OCI bundles as runc does and speaks runc's command line, so podman,
 containerd and docker can use it (point them at /usr/bin/crema). The controller
 is Java, with its own minimal Java runtime in /usr/lib/crema (no JDK needed);
 the container's init is a small C program.
EOF
# gzip, not dpkg-deb's default xz: xz takes about 20 s more on the 56 MB runtime, on every build
dpkg-deb --root-owner-group -Zgzip -z6 --build "$stage" "$deb" >/dev/null
rm -rf "$stage" # a second copy of the runtime; the package holds it all
echo "package: $deb ($(du -h "$deb" | cut -f1))"
