#!/usr/bin/env bash
# Builds and packages the VS Code extension into editors/vscode/strata.vsix.
# Needs node >= 20 and npm. Exits non-zero on the first failing step.
#
#   editors/build-vscode.sh            # build and package
#   STRATA_BUNDLE_SERVER=target/release/strata editors/build-vscode.sh
#                                      # also ship that binary as bin/strata
set -euo pipefail
cd "$(dirname "$0")/vscode"

npm ci --no-audit --no-fund
npx --no-install tsc -p .

rm -rf bin
if [[ -n "${STRATA_BUNDLE_SERVER:-}" ]]; then
  mkdir -p bin
  cp "$STRATA_BUNDLE_SERVER" bin/strata
  chmod +x bin/strata
fi

rm -f strata.vsix
npx --no-install vsce package --out strata.vsix --skip-license

# The client library must be inside the package, or the extension cannot start.
list_vsix() {
  if command -v unzip >/dev/null; then unzip -Z1 strata.vsix; else python3 -m zipfile -l strata.vsix; fi
}
if ! list_vsix | grep -c "extension/node_modules/vscode-languageclient/node.js" >/dev/null; then
  echo "build-vscode.sh: strata.vsix lacks vscode-languageclient" >&2
  exit 1
fi
echo "build-vscode.sh: packaged $(pwd)/strata.vsix"
