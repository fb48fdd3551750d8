#!/usr/bin/env bash
# Build the image with Debian's podman (no Docker engine on these machines), run it,
# wait until healthy, load a page, check $PORT and the non-root user, then stop.
# Usage (as root): bash deploy/smoke.sh      Needs: apt-get install -y podman buildah runc debootstrap
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=${BASE:-localhost/debian-py:bookworm}
IMAGE=${IMAGE:-localhost/regviz:smoke}
PORT=${SMOKE_PORT:-18501}
ALT_PORT=${SMOKE_ALT_PORT:-18502}
NAME=regviz-smoke
work=$(mktemp -d)
cleanup() { podman rm -f "$NAME" "$NAME-port" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

command -v podman >/dev/null || { echo "podman not found: apt-get install -y podman buildah runc debootstrap"; exit 2; }
step() { printf '[%5ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }
start=$(date +%s)

# No registry is reachable: make a base image from Debian's own packages once.
if ! podman image exists "$BASE"; then
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates,passwd \
    bookworm "$work/rootfs" "${mirror:-http://deb.debian.org/debian}" >"$work/debootstrap.log"
  tar -C "$work/rootfs" -c . | podman import - "$BASE" >/dev/null
  step "base image $BASE imported"
fi

# pip inside the build goes through this network's TLS proxy: use the host CA bundle (local builds only).
printf '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n' >"$work/pip.conf"
podman build --quiet --isolation=chroot --format docker --network=host \
  -v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro \
  -v "$work/pip.conf:/etc/pip.conf:ro" \
  --build-arg BASE="$BASE" -t "$IMAGE" . >/dev/null
step "built $IMAGE ($(podman image inspect "$IMAGE" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}'))"

run() {  # name, host port, extra args...
  local name=$1 port=$2
  shift 2
  podman --runtime runc run -d --name "$name" --ulimit nofile=20000:20000 --ulimit nproc=1024:1024 "$@" \
    -p "127.0.0.1:$port:${CONTAINER_PORT:-8501}" "$IMAGE" >/dev/null 2>"$work/run-$name.log"
}
# Health timers need systemd, which is absent here (harmless): run the check by hand below.
run "$NAME" "$PORT"
for _ in $(seq 1 90); do
  if podman healthcheck run "$NAME" >/dev/null 2>&1; then break; fi
  sleep 1
done
podman healthcheck run "$NAME" >/dev/null && step "container healthy (HEALTHCHECK on /_stcore/health)"
curl -fsS "http://127.0.0.1:$PORT/_stcore/health" >/dev/null && step "GET /_stcore/health: ok"
curl -fsS "http://127.0.0.1:$PORT/geometry?penalty=l1&lam=0.1" | grep -q '<div id="root">' && step "GET /geometry: page served"
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/app/static/plotly-basic.min.js" && step "GET /app/static/plotly-basic.min.js: served from the image (no CDN)"
step "runs as uid $(podman exec "$NAME" id -u), workdir $(podman exec "$NAME" pwd)"
# A real session over Streamlit's websocket protocol: both lessons run without an exception.
python3 - "$PORT" <<'PY' && step "lessons render over the websocket (no exception, state in the URL)"
import asyncio, sys
sys.path.insert(0, ".")
from bench.streamlit_client import Session

async def main(port: int) -> None:
    s = await Session.open("127.0.0.1", port)
    for page in ("geometry", "overfitting"):
        r = await s.rerun(page=page)
        assert not r.exception and "lam=" in r.query_string, (page, r)
    await s.close()

asyncio.run(main(int(sys.argv[1])))
PY

CONTAINER_PORT=9000 run "$NAME-port" "$ALT_PORT" -e PORT=9000
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$ALT_PORT/_stcore/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$ALT_PORT/_stcore/health" >/dev/null && step "PORT=9000 honoured"

t0=$(date +%s.%N)
podman stop -t 20 "$NAME" >/dev/null 2>&1
step "stopped on SIGTERM in $(echo "$(date +%s.%N) - $t0" | bc | xargs printf '%.1f') s (exit code $(podman inspect "$NAME" --format '{{.State.ExitCode}}'))"
