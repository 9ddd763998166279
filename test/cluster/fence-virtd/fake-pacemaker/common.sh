# shellcheck shell=bash
: "${FAKE_PCMK:?FAKE_PCMK is not set}"
echo "$(basename "$0") $*" >> "$FAKE_PCMK/calls"
if [ -e "$FAKE_PCMK/down" ]; then
    echo "Could not connect to the CIB: Transport endpoint is not connected" >&2
    exit 102
fi
rsc_field() { sed -n "s/^$2=//p" "$FAKE_PCMK/rsc/$1"; }
