#!/usr/bin/env bash
# Builds a JRE base image from Debian packages alone, as a `docker save` tarball that Jib takes as
# its base (`-Dimage.base=tar://...`): for machines that reach Debian's package archive but no
# container registry. Debian 12 minbase, openjdk-17-jre-headless and ca-certificates with the
# security updates, docs and package caches removed; one layer.
#
#   sudo deploy/image/debian-jre-base.sh target/base    # writes target/base/debian-jre17-base.tar
#
# Needs root (debootstrap, chroot) and the debootstrap package. A work folder that already holds
# the root filesystem is reused (delete it for a fresh one).
set -euo pipefail

work=$(realpath -m "${1:-target/base}")
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
suite=bookworm
name=${BASE_IMAGE_NAME:-whatsapp-optin-base:debian12-jre17}
rootfs=$work/rootfs
mkdir -p "$work"

if [ ! -e "$rootfs/usr/lib/jvm/java-17-openjdk-amd64/bin/java" ]; then
  rm -rf "$rootfs"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates "$suite" "$rootfs" "$mirror"
fi

cat > "$rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security $suite-security main
SOURCES
# ca-certificates-java runs java while configuring: it needs /proc.
mount -t proc proc "$rootfs/proc"
trap 'umount "$rootfs/proc" 2>/dev/null || true' EXIT
chroot "$rootfs" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get -qq update
chroot "$rootfs" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get -qq -y upgrade
chroot "$rootfs" /usr/bin/java -version
umount "$rootfs/proc"
trap - EXIT

# What a runtime never reads: package caches and lists, documentation, manuals, translations.
rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/* "$rootfs"/tmp/* \
       "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} +

out=$work/image
rm -rf "$out" && mkdir -p "$out"
tar --numeric-owner --sort=name --mtime='2000-01-01 00:00Z' -C "$rootfs" -cf "$out/layer.tar" .
diff_id=sha256:$(sha256sum "$out/layer.tar" | cut -d' ' -f1)
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
java_version=$(chroot "$rootfs" dpkg-query -W -f '${Version}' openjdk-17-jre-headless)
cat > "$out/config.json" <<CONFIG
{"architecture":"amd64","os":"linux","created":"$created",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64","LANG=C.UTF-8"],
           "Labels":{"org.opencontainers.image.base.name":"debian:$suite","org.opencontainers.image.description":"Debian $suite minbase with openjdk-17-jre-headless $java_version"}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"$created","created_by":"deploy/image/debian-jre-base.sh: debootstrap --variant=minbase $suite, openjdk-17-jre-headless $java_version"}]}
CONFIG
config_id=$(sha256sum "$out/config.json" | cut -d' ' -f1)
mv "$out/config.json" "$out/$config_id.json"
echo "[{\"Config\":\"$config_id.json\",\"RepoTags\":[\"$name\"],\"Layers\":[\"layer.tar\"]}]" > "$out/manifest.json"
tar -C "$out" -cf "$work/debian-jre17-base.tar" manifest.json "$config_id.json" layer.tar
rm -rf "$out"
ls -l "$work/debian-jre17-base.tar"
