#!/usr/bin/env bash
# Installs what the tests drive for real, when missing: PowerShell 7.6.9 (a .NET global tool, for
# the Teams backend through real pwsh), and Debian's PostgreSQL (shared run history, tenant locks,
# the fleet queue), Chromium (HTML reports checked in a real browser) and openssl (the readiness
# radar's trust-store probe). Never skips: a part that
# cannot be installed fails here, loudly.
set -euo pipefail
export PATH="$PATH:$HOME/.dotnet/tools"

if ! command -v pwsh >/dev/null 2>&1; then
  command -v dotnet >/dev/null 2>&1 || { echo "pwsh is missing and so is dotnet to install it (a .NET SDK is needed)" >&2; exit 1; }
  echo "== installing pwsh"
  dotnet tool install --global PowerShell --version 7.6.9 || dotnet tool update --global PowerShell --version 7.6.9
fi
echo "== pwsh $(pwsh -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()')"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${need[@]}"
fi
echo "== $(chromium --version 2>/dev/null | head -1); PostgreSQL $(ls /usr/lib/postgresql | sort -V | tail -1); $(openssl version)"
