#!/usr/bin/env bash
# Lints the OpenAPI document the app serves (/api/openapi.json, written by the local host's `openapi` command) with
# Redocly CLI's recommended rules and redocly.yaml; exits non-zero on any lint error. With a FILE argument it lints
# that file instead (LeadFunctions.IntegrationTests/Docs/OpenApiLintTests.cs uses it to check that an error fails the script).
# Needs `npm ci` at the repository root (Redocly CLI comes from node_modules) and the .NET SDK.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
redocly="$PWD/node_modules/.bin/redocly"
if [ ! -x "$redocly" ]; then
  echo "error: $redocly is missing: run npm ci at the repository root" >&2
  exit 2
fi

# Redocly CLI otherwise reports usage and checks for a newer version over the network.
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true

if [ "$#" -gt 0 ]; then
  document="$1"
else
  workdir=$(mktemp -d)
  trap 'rm -rf "$workdir"' EXIT
  document="$workdir/openapi.json"
  dotnet run --project LeadFunctions.LocalHost -- openapi "$document"
fi

"$redocly" lint --config redocly.yaml --format stylish "$document"
