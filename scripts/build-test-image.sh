#!/usr/bin/env bash
# memgate/node-base:local (and memgate/ugly-service:local) are built together; see build-ugly-image.sh.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/build-ugly-image.sh" "$@"
