#!/usr/bin/env bash
# Builds the gateway image from docker/Dockerfile without a Docker engine, runs the gateway from it and sends
# and reads one message through it. Debian 12, as root: bash docker/test-image.sh [all|build|run]
# (default all; `build` does steps 1 to 4 only and `run` steps 1, 2 and 5 on the image `build` left, so that
# .ci/run can build the image in the background while the Maven tests run).
#
# 1. Installs podman, buildah, debootstrap and runc if missing (apt-get).
# 2. Uses a private container store and engine configuration under the work directory
#    (GATEWAY_IMAGE_TEST_DIR, default /var/tmp/inbasket-image-test): runc (crun cannot run on hybrid cgroup
#    hosts), no default ulimits (this host refuses setrlimit), overlay storage.
# 3. Makes local stand-ins for the Dockerfile's BUILD_IMAGE and RUN_IMAGE: a debootstrap Debian 12 root with
#    the host's apt sources and extra CA certificates, imported once, then a JDK 17 + Maven image and a JRE 17
#    image on top of it. Each is made only when `podman image exists` says it is missing, so later runs reuse
#    them and the image build's layer cache.
# 4. Builds the image with `podman build --isolation=chroot` (both stages: Maven build from source, runtime).
# 5. Runs the gateway from the image with `buildah run --isolation chroot` (host network) on free ports bound
#    to 127.0.0.1 with --demo, waits for "gateway ready", checks that it runs as the image's non-root user
#    and that the image's health check passes, sends a message by SMTP (STARTTLS) to
#    dr.grey@clinic.example, reads it back over IMAP (STARTTLS), stops the gateway with SIGTERM and checks
#    that it stopped cleanly. Exits non-zero with a message naming the failed step.
#
# SECURITY: every listener binds to 127.0.0.1; the private store keeps this test's images and containers
# apart from anything else on the host. The demo password is the documented one.
# BUGS: needs root and the Debian mirror plus Maven Central (through the host's proxy CA). Rebuilt images
# leave their old layers in the store; delete the work directory (after `podman system reset -f` with the
# same CONTAINERS_* variables) to start over. Runs one at a time per work directory (flock).
set -euo pipefail

MODE=${1:-all}
[[ $MODE == all || $MODE == build || $MODE == run ]] || { echo "usage: $0 [all|build|run]" >&2; exit 2; }
REPO=$(cd "$(dirname "$0")/.." && pwd)
W=${GATEWAY_IMAGE_TEST_DIR:-/var/tmp/inbasket-image-test}
IMAGE=localhost/inbasket-gateway:test
BASE=localhost/debian:bookworm
BUILD_BASE=localhost/inbasket-build-jdk17:bookworm
RUN_BASE=localhost/inbasket-run-jre17:bookworm
WC=inbasket-image-test

fail() { echo "test-image: FAILED: $*" >&2; exit 1; }
step() { echo "test-image: $*"; }
now() { date +%s; }
T_START=$(now)
T_LAST=$T_START
timing() { local t; t=$(now); echo "test-image: TIME $1: $((t - T_LAST))s"; T_LAST=$t; }
show_log() { echo "--- last lines of $1:" >&2; tail -n "${2:-40}" "$1" >&2 || true; }

[[ $(id -u) == 0 ]] || fail "run as root (podman in chroot isolation and debootstrap need it)"
mkdir -p "$W"
exec 9>"$W/lock"
flock -n 9 || fail "another test-image.sh is running with work directory $W"

# 1. Packages.
need=()
for pkg in podman buildah debootstrap runc uidmap fuse-overlayfs curl; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if ((${#need[@]})); then
  step "installing ${need[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null || fail "apt-get install ${need[*]}"
fi
timing packages

# 2. Private store and engine configuration.
cat > "$W/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$W/storage"
runroot = "$W/runroot"
EOF
cat > "$W/containers.conf" <<'EOF'
[containers]
default_ulimits = []

[engine]
runtime = "runc"
EOF
export CONTAINERS_STORAGE_CONF="$W/storage.conf" CONTAINERS_CONF="$W/containers.conf"
# Working containers left by an interrupted run (this store holds only this script's containers).
timeout 120 buildah rm --all >/dev/null 2>&1 || true

if [[ $MODE != run ]]; then
# 3. Base images.
if ! podman image exists "$BASE"; then
  MIRROR=$( { awk '/^URIs:/{print $2}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true
              awk '$1=="deb"{print ($2 ~ /^\[/ ? $3 : $2)}' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true
            } | grep -v -- '-security' | grep -i debian | head -n1 || true )
  [[ -n $MIRROR ]] || fail "no Debian mirror found in the host's apt sources"
  ROOT="$W/root"
  if [[ ! -x $ROOT/bin/sh ]]; then
    step "debootstrap bookworm from $MIRROR (log: $W/debootstrap.log)"
    rm -rf "$ROOT"
    timeout 900 debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >"$W/debootstrap.log" 2>&1 \
      || { show_log "$W/debootstrap.log"; rm -rf "$ROOT"; fail "debootstrap"; }
  fi
  # The host's apt sources and options, and its extra CA certificates (HTTPS egress may be intercepted).
  if ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
    grep -l -i 'debian' /etc/apt/sources.list.d/*.sources | xargs -r cp -t "$ROOT/etc/apt/sources.list.d/"
    rm -f "$ROOT/etc/apt/sources.list"
  fi
  grep -l 'Check-Valid-Until' /etc/apt/apt.conf.d/* 2>/dev/null | xargs -r cp -t "$ROOT/etc/apt/apt.conf.d/" || true
  mkdir -p "$ROOT/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/" 2>/dev/null || true
  rm -f "$ROOT"/var/cache/apt/archives/*.deb
  rm -rf "$ROOT"/var/lib/apt/lists/*
  mkdir -p "$ROOT/var/lib/apt/lists/partial"
  step "importing $BASE"
  tar -C "$ROOT" -c . | timeout 300 podman import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' - "$BASE" >"$W/import.log" 2>&1 \
    || { show_log "$W/import.log"; fail "podman import $BASE"; }
fi
base_image() { # name, packages
  podman image exists "$1" && return 0
  step "building $1 ($2; log: $W/base.log)"
  printf 'FROM %s\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends %s && rm -rf /var/lib/apt/lists/*\n' \
    "$BASE" "$2" | timeout 900 podman build --isolation=chroot -t "$1" -f - "$W/empty" >"$W/base.log" 2>&1 \
    || { show_log "$W/base.log"; fail "building base image $1"; }
}
mkdir -p "$W/empty"
base_image "$BUILD_BASE" "openjdk-17-jdk-headless maven"
base_image "$RUN_BASE" "openjdk-17-jre-headless"
timing "base images"

# 4. The image, both stages. Docker format keeps the HEALTHCHECK (OCI image configs have no such field).
step "building $IMAGE from docker/Dockerfile (log: $W/build.log)"
timeout 1800 podman build --isolation=chroot --layers --format docker \
  --build-arg BUILD_IMAGE="$BUILD_BASE" --build-arg RUN_IMAGE="$RUN_BASE" \
  -f "$REPO/docker/Dockerfile" -t "$IMAGE" "$REPO" >"$W/build.log" 2>&1 \
  || { show_log "$W/build.log" 60; fail "podman build of docker/Dockerfile"; }
podman image inspect --format '{{.Config.Healthcheck.Test}}' "$IMAGE" | grep -q healthcheck.sh \
  || fail "the image has no HEALTHCHECK"
timing "image build"
fi
if [[ $MODE == build ]]; then
  echo "test-image: image built in $(($(now) - T_START))s"
  exit 0
fi
podman image exists "$IMAGE" || fail "no image $IMAGE: run docker/test-image.sh build first"

# 5. Run the gateway from the image.
free_port() { # a port nothing listens on, from a random start
  local p=$((20000 + RANDOM % 20000))
  while ss -Htln "sport = :$p" | grep -q . || [[ " ${PORTS[*]-} " == *" $p "* ]]; do p=$((p + 1)); done
  echo "$p"
}
PORTS=()
for _ in 1 2 3 4 5 6; do PORTS+=("$(free_port)"); done
SMTP=${PORTS[0]} SUBMISSION=${PORTS[1]} IMAP=${PORTS[2]} IMAPS=${PORTS[3]} ADMIN=${PORTS[4]} PORTAL=${PORTS[5]}
RUN_LOG="$W/gateway.log"
RUN_PID=
MAIL_FILE="$W/message.eml"

JAVA_PID=
descendants() { local c; for c in $(pgrep -P "$1"); do echo "$c"; descendants "$c"; done; }
java_pid() { # the JVM that buildah run (RUN_PID) started, through its chroot helper
  local p
  for p in $(descendants "$RUN_PID"); do
    [[ $(ps -o comm= -p "$p" 2>/dev/null) == java ]] && { echo "$p"; return; }
  done
  return 0
}
cleanup() {
  if [[ -z $JAVA_PID && -n $RUN_PID ]]; then JAVA_PID=$(java_pid); fi
  if [[ -n $JAVA_PID ]]; then kill -KILL "$JAVA_PID" 2>/dev/null || true; fi
  if [[ -n $RUN_PID ]]; then
    kill -KILL "$RUN_PID" 2>/dev/null || true
    wait "$RUN_PID" 2>/dev/null || true
  fi
  timeout 120 buildah rm "$WC" >/dev/null 2>&1 || true
}
trap cleanup EXIT

timeout 120 buildah from --name "$WC" "$IMAGE" >/dev/null || fail "buildah from $IMAGE"
WC_USER=$(timeout 60 buildah run --isolation chroot "$WC" -- id -u) || fail "buildah run id -u"
[[ $WC_USER != 0 ]] || fail "the image runs as root"

step "starting the gateway (SMTP $SMTP, submission $SUBMISSION, IMAP $IMAP, IMAPS $IMAPS, admin $ADMIN, portal $PORTAL; log: $RUN_LOG)"
# buildah run ignores the image's ENTRYPOINT: read it from the image and add --demo. Its /etc/hosts does not
# name the container's host name, which James resolves at startup: use localhost (Docker and podman run add
# the container's name to /etc/hosts themselves).
readarray -t ENTRYPOINT < <(podman image inspect --format '{{range .Config.Entrypoint}}{{println .}}{{end}}' "$IMAGE" | sed '/^$/d')
((${#ENTRYPOINT[@]})) || fail "the image has no ENTRYPOINT"
buildah run --isolation chroot --hostname localhost \
  --env GATEWAY_BIND_ADDRESS=127.0.0.1 --env GATEWAY_ADMIN_BIND_ADDRESS=127.0.0.1 \
  --env GATEWAY_SMTP_PORT="$SMTP" --env GATEWAY_SUBMISSION_PORT="$SUBMISSION" \
  --env GATEWAY_IMAP_PORT="$IMAP" --env GATEWAY_IMAPS_PORT="$IMAPS" --env GATEWAY_ADMIN_PORT="$ADMIN" \
  --env GATEWAY_PORTAL_PORT="$PORTAL" \
  "$WC" -- "${ENTRYPOINT[@]}" --demo \
  >"$RUN_LOG" 2>&1 9>&- &
RUN_PID=$!
ready=
for _ in $(seq 1 300); do
  grep -q '^gateway ready in' "$RUN_LOG" && { ready=1; break; }
  kill -0 "$RUN_PID" 2>/dev/null || break
  sleep 1
done
if [[ -z $ready ]]; then
  show_log "$RUN_LOG"
  kill -0 "$RUN_PID" 2>/dev/null || fail "the gateway exited before it was ready"
  fail "the gateway did not report ready within 300 s"
fi
grep '^gateway ready in' "$RUN_LOG"
JAVA_PID=$(java_pid)
[[ -n $JAVA_PID ]] || fail "gateway JVM not found on the process list"
JAVA_UID=$(ps -o uid= -p "$JAVA_PID" | tr -d ' ')
[[ $JAVA_UID == "$WC_USER" ]] || fail "the gateway runs as uid $JAVA_UID, the image's user is $WC_USER"
step "gateway running as uid $JAVA_UID (pid $JAVA_PID)"
timing "gateway start"

timeout 60 buildah run --isolation chroot --env GATEWAY_ADMIN_PORT="$ADMIN" "$WC" -- bash /opt/gateway/healthcheck.sh \
  || { show_log "$RUN_LOG"; fail "the image's health check failed on a running gateway"; }
step "health check passed"

# The HTTPS portal from the image: Thunderbird's autoconfig document names the ports this container was given.
autoconfig=$(timeout 30 curl -sS --fail --insecure "https://127.0.0.1:$PORTAL/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=dr.grey%40clinic.example") \
  || { show_log "$RUN_LOG"; fail "GET of the autoconfig document from the portal on port $PORTAL"; }
grep -q "<port>$IMAP</port>" <<<"$autoconfig" && grep -q "<port>$SUBMISSION</port>" <<<"$autoconfig" \
  || fail "the portal's autoconfig document does not name IMAP port $IMAP and submission port $SUBMISSION"
step "portal answers over HTTPS (autoconfig names IMAP $IMAP and submission $SUBMISSION)"

TOKEN="image-test-$$-$T_START"
cat > "$MAIL_FILE" <<EOF
From: Outside Sender <sender@outside.example>
To: Dr Grey <dr.grey@clinic.example>
Subject: $TOKEN
Message-ID: <$TOKEN@outside.example>
Date: $(LC_ALL=C date -R)
Content-Type: text/plain; charset=us-ascii

Body of $TOKEN.
EOF
sed -i 's/$/\r/' "$MAIL_FILE"
timeout 60 curl -sS --ssl-reqd --insecure "smtp://127.0.0.1:$SMTP/outside.example" \
  --mail-from sender@outside.example --mail-rcpt dr.grey@clinic.example -T "$MAIL_FILE" \
  || { show_log "$RUN_LOG"; fail "SMTP (STARTTLS) to dr.grey@clinic.example on port $SMTP"; }
step "sent $TOKEN by SMTP"

imap() { timeout 30 curl -sS --ssl-reqd --insecure -u dr.grey@clinic.example:demo "$@"; }
uid=
for _ in $(seq 1 60); do
  uid=$(imap "imap://127.0.0.1:$IMAP/INBOX" -X "UID SEARCH SUBJECT \"$TOKEN\"" | tr -d '\r' \
          | awk '/^\* SEARCH/ && NF > 2 {print $3}') || true
  [[ -n $uid ]] && break
  sleep 1
done
[[ -n $uid ]] || { show_log "$RUN_LOG"; fail "the message did not reach dr.grey's INBOX over IMAP within 60 s"; }
fetched=$(imap "imap://127.0.0.1:$IMAP/INBOX;UID=$uid") || fail "IMAP fetch of UID $uid"
grep -q "^Subject: $TOKEN" <<<"$fetched" || fail "fetched message has the wrong subject"
# Stored S/MIME-encrypted at rest to dr.grey's certificate: export dr.grey's key through the admin API (token
# from the gateway's data volume) and open the message with openssl, as a mail client would.
grep -qi "^Content-Type: application/pkcs7-mime" <<<"$fetched" || fail "the stored message is not S/MIME encrypted at rest"
# The gateway's own view of its data volume, through its process (buildah run may give each run its own volume).
ADMIN_TOKEN=$(cat "/proc/$JAVA_PID/root/data/admin.token") || fail "reading the gateway's /data/admin.token"
P12_PASS="image-test-$$"
timeout 60 curl -sS --fail -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"password\":\"$P12_PASS\"}" "http://127.0.0.1:$ADMIN/smime/certificates/dr.grey@clinic.example/pkcs12" \
  -o "$W/dr.grey.p12" || fail "exporting dr.grey's PKCS#12 from the admin API"
openssl pkcs12 -in "$W/dr.grey.p12" -nodes -clcerts -passin "pass:$P12_PASS" -out "$W/dr.grey.pem" 2>/dev/null \
  || fail "openssl could not read the exported PKCS#12"
printf '%s\n' "$fetched" | openssl cms -decrypt -inkey "$W/dr.grey.pem" -recip "$W/dr.grey.pem" \
  >"$W/decrypted.eml" 2>/dev/null || fail "openssl could not decrypt the stored message"
rm -f "$W/dr.grey.p12" "$W/dr.grey.pem"
grep -q "Body of $TOKEN." "$W/decrypted.eml" || fail "the decrypted message has the wrong body"
step "read $TOKEN back over IMAP (UID $uid)"
timing "mail round trip"

kill -TERM "$JAVA_PID"
for _ in $(seq 1 60); do kill -0 "$JAVA_PID" 2>/dev/null || break; sleep 1; done
kill -0 "$JAVA_PID" 2>/dev/null && fail "the gateway did not stop within 60 s of SIGTERM"
JAVA_PID=
wait "$RUN_PID" 2>/dev/null || true
RUN_PID=
grep -q '^gateway: stopped' "$RUN_LOG" || { show_log "$RUN_LOG"; fail "the gateway did not stop cleanly"; }
if timeout 60 buildah run --isolation chroot --env GATEWAY_ADMIN_PORT="$ADMIN" "$WC" -- bash /opt/gateway/healthcheck.sh >/dev/null 2>&1; then
  fail "the image's health check passed with the gateway stopped"
fi
step "gateway stopped cleanly; the health check now fails, as it should"
timeout 120 buildah rm "$WC" >/dev/null || fail "buildah rm $WC"
timing "stop and clean up"
echo "test-image: OK in $(($(now) - T_START))s"
