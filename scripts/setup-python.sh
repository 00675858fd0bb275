#!/usr/bin/env bash
# Installs the pinned Python test tools (moto server, cfn-lint, checkov) into a project-local .venv.
# Idempotent: re-running with an unchanged requirements file does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
req=requirements-test.txt
stamp=.venv/.requirements.sha256
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ -x .venv/bin/moto_server ] && [ -x .venv/bin/checkov ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r "$req"
echo "$want" > "$stamp"
