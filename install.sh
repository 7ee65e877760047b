#!/bin/sh
# Installs cnnsh built by `swift build -c release`, so that it runs from anywhere without the
# build folder:
#   PREFIX/bin/cnnsh                     the executable
#   PREFIX/share/cnnsh/mnist/            the bundled MNIST, where the executable looks for it
#   PREFIX/share/man/man1/cnnsh.1        the manual page (doc/cnnsh.1)
#   PREFIX/share/bash-completion/completions/cnnsh, PREFIX/share/zsh/site-functions/_cnnsh,
#   PREFIX/share/fish/vendor_completions.d/cnnsh.fish   completion scripts cnnsh writes itself
# Usage: ./install.sh [--prefix PREFIX] [--build FOLDER]
#   PREFIX defaults to /usr/local; FOLDER (where swift build left cnnsh) to .build/release beside
#   this script.
#   DESTDIR, as for `make install`, is put before every path written (for packaging).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=/usr/local
build=$here/.build/release
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --build) [ $# -ge 2 ] || { echo "install.sh: --build needs a folder" >&2; exit 2; }; build=$2; shift 2 ;;
        --build=*) build=${1#--build=}; shift ;;
        -h|--help) sed -n '2,12s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown argument '$1' (expected --prefix PREFIX or --build FOLDER)" >&2; exit 2 ;;
    esac
done
case "$prefix" in
    /*) ;;
    "~") prefix=$HOME ;;
    "~/"*) prefix=$HOME/${prefix#"~/"} ;;  # --prefix=~/x: no shell expands a tilde after '='
    *) prefix=$(pwd)/$prefix ;;  # as PATH must name it
esac
binary=$build/cnnsh
data=$build/cnnsh_Datasets.resources/mnist
if [ ! -x "$binary" ] || [ ! -d "$data" ]; then
    echo "install.sh: no cnnsh built in $build (hint: run 'swift build -c release' first, or give --build FOLDER)" >&2
    exit 1
fi
root=${DESTDIR:-}$prefix
install -d "$root/bin" "$root/share/cnnsh/mnist" "$root/share/man/man1" \
    "$root/share/bash-completion/completions" "$root/share/zsh/site-functions" "$root/share/fish/vendor_completions.d"
install -m 755 "$binary" "$root/bin/cnnsh"
install -m 644 "$data"/* "$root/share/cnnsh/mnist/"
install -m 644 "$here/doc/cnnsh.1" "$root/share/man/man1/cnnsh.1"
"$binary" --generate-completion-script bash > "$root/share/bash-completion/completions/cnnsh"
"$binary" --generate-completion-script zsh > "$root/share/zsh/site-functions/_cnnsh"
"$binary" --generate-completion-script fish > "$root/share/fish/vendor_completions.d/cnnsh.fish"
echo "installed cnnsh in $root/bin (data in $root/share/cnnsh, manual: man cnnsh)"
case ":${PATH:-}:" in *":$prefix/bin:"*) ;; *) echo "note: $prefix/bin is not on your PATH" ;; esac
