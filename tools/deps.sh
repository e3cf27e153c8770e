#!/bin/sh
# tools/deps.sh: check that the tools the Mica build and tests need exist.
#
# Usage: tools/deps.sh [NAME:DEBIAN-PACKAGE]...
#   NAME is a command looked up in PATH, or (if it contains a '/') a file.
#   Always checked: gcc, make, ld and objcopy (binutils), qemu-system-x86_64
#   (qemu-system-x86 and its firmware), ninja (ninja-build).
#
# All present: prints nothing, exits 0.  Something missing: as root with
# apt-get, installs the packages (one line says so first) and checks again;
# otherwise prints the missing names and the apt-get command, and exits 1.
set -u

# Firmware a `qemu-system-x86_64 -machine pc -nographic -kernel x.elf` boot
# opens on Debian 12 (seen with strace): the BIOS and VGA BIOS from seabios,
# the multiboot/linuxboot option ROMs and kvmvapic.bin from qemu-system-data,
# and the default NIC's (e1000) boot ROM from ipxe-qemu.  apt treats these
# packages as hard dependencies of qemu-system-x86, so --no-install-recommends
# still installs them; we name them anyway so a broken install is repaired.
QEMU_PKGS="qemu-system-x86 qemu-system-data seabios ipxe-qemu"
QEMU_FIRMWARE="/usr/share/seabios/bios-256k.bin:seabios
/usr/share/seabios/vgabios-stdvga.bin:seabios
/usr/share/qemu/multiboot_dma.bin:qemu-system-data
/usr/share/qemu/linuxboot_dma.bin:qemu-system-data
/usr/share/qemu/kvmvapic.bin:qemu-system-data
/usr/lib/ipxe/qemu/efi-e1000.rom:ipxe-qemu"

missing_names=""
missing_pkgs=""

# add_pkgs PKG...: append packages to missing_pkgs, skipping duplicates.
add_pkgs() {
    for p in "$@"; do
        case " $missing_pkgs " in
        *" $p "*) ;;
        *) missing_pkgs="${missing_pkgs:+$missing_pkgs }$p" ;;
        esac
    done
}

# present NAME: true if NAME (a command, or a file when it contains '/') exists.
present() {
    case $1 in
    */*) [ -e "$1" ] ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
    esac
}

# check_one NAME:PACKAGE: record NAME and PACKAGE if NAME is missing.
check_one() {
    name=${1%%:*}
    pkg=${1#*:}
    if present "$name"; then
        return 0
    fi
    missing_names="${missing_names:+$missing_names }$name"
    if [ "$name" = qemu-system-x86_64 ]; then
        # shellcheck disable=SC2086 # word splitting intended
        add_pkgs $QEMU_PKGS
    else
        add_pkgs "$pkg"
    fi
}

# check_all ARG...: fill missing_names/missing_pkgs from the built-in list and ARGs.
check_all() {
    missing_names=""
    missing_pkgs=""
    for item in gcc:gcc make:make ld:binutils objcopy:binutils \
        qemu-system-x86_64:qemu-system-x86 ninja:ninja-build "$@"; do
        check_one "$item"
    done
    # Firmware paths are Debian's; only check them for Debian's own QEMU.
    case $(command -v qemu-system-x86_64) in
    /usr/bin/qemu-system-x86_64 | /bin/qemu-system-x86_64)
        if [ -f /etc/debian_version ]; then
            for item in $QEMU_FIRMWARE; do
                check_one "$item"
            done
        fi
        ;;
    esac
}

# install_missing: apt-get update once, then install missing_pkgs; status of apt-get.
install_missing() {
    echo "mica: missing tools: $missing_names; running apt-get install -y" \
        "--no-install-recommends $missing_pkgs" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update >&2 || return 1
    # shellcheck disable=SC2086 # one word per package
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        $missing_pkgs >&2
}

for arg in "$@"; do
    case $arg in
    ?*:?*) ;;
    *)
        echo "mica: deps.sh: bad argument '$arg' (want command:debian-package)" >&2
        exit 2
        ;;
    esac
done

check_all "$@"
if [ -z "$missing_names" ]; then
    exit 0
fi
if [ "$(id -u 2>/dev/null || echo 1)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    if ! install_missing; then
        echo "mica: apt-get failed; missing tools: $missing_names" >&2
        exit 1
    fi
    check_all "$@"
    if [ -n "$missing_names" ]; then
        echo "mica: still missing after apt-get install: $missing_names" \
            "(packages: $missing_pkgs)" >&2
        exit 1
    fi
    exit 0
fi
echo "mica: missing tools: $missing_names" >&2
echo "mica: install them with: sudo apt-get install -y $missing_pkgs" >&2
exit 1
