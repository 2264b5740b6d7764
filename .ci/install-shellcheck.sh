#!/usr/bin/env bash
# Installs Debian's shellcheck for the hook script test (LeadFunctions.IntegrationTests/Infra/PostDeployHookTests). Idempotent.
set -euo pipefail
if command -v shellcheck >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends shellcheck
command -v shellcheck >/dev/null
