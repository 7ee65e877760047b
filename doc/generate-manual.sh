#!/bin/sh
# Writes doc/cnnsh.1 from the argument parser's description of cnnsh, with swift-argument-parser's
# generate-manual plugin. Run it after changing cnnsh's options or their help; a test checks that
# every option is in the page. The plugin lists the `help` subcommand every parser has, and a
# `subcommand` argument for it, which cnnsh does not take: those lines are left out; blank lines
# of the discussion become paragraph breaks (mdoc warns about empty lines).
set -eu
cd "$(dirname "$0")/.."
swift package --allow-writing-to-package-directory generate-manual --date 2026-11-26 >/dev/null
sed -e 's/^$/.Pp/' -e '/^\.Ar subcommand$/d' -e '/^\.It Em help$/,/^\.El$/d' .build/plugins/GenerateManual/outputs/cnnsh/cnnsh.1 > doc/cnnsh.1
