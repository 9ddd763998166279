#!/bin/bash
# Set up a fresh Debian 12 machine (as root) to build, test and demo xenha-agents:
# the real cluster stack and tools the tests drive, Node.js if missing, npm dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "setup: run as root (it installs Debian packages)" >&2; exit 1; }

packages=(
  make git ca-certificates procps psmisc util-linux iproute2 iputils-ping fping time bc
  pacemaker pacemaker-cli-utils corosync cluster-glue resource-agents libxml2-utils
  drbd-utils openssh-server openssh-client at hyperfine jq
  pcs crmsh fence-agents fence-virt lintian rpm rpmlint man-db fakeroot openssl
)
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "setup: Debian packages installed"

# Exactly the committed lockfile, never rewriting it (a fresh clone stays clean after setup).
unset NODE_EXTRA_CA_CERTS
npm ci --no-audit --no-fund --loglevel=error
echo "setup: npm dependencies installed (node $(node --version))"
