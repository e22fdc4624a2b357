#!/usr/bin/env bash
# Container health check: asks the gateway's admin API (James WebAdmin) for GET /healthcheck over loopback
# and succeeds only on HTTP 200, which James answers when its components (queue, mail repositories) are
# healthy. Plain bash (/dev/tcp), so the runtime image needs no curl and no second JVM.
#
# SECURITY: talks only to 127.0.0.1 inside the container; reads nothing but the status line. /healthcheck is
# the admin API's one route that needs no token (ADR 0041), so this script never touches admin.token.
# BUGS: the port comes from GATEWAY_ADMIN_PORT, else admin.port in /conf/gateway.properties, else 8000;
# the admin API must listen on loopback (admin.bind.address 127.0.0.1 or 0.0.0.0).
set -u
port=${GATEWAY_ADMIN_PORT:-}
if [[ -z $port && -r /conf/gateway.properties ]]; then
  port=$(sed -n 's/^[[:space:]]*admin\.port[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' /conf/gateway.properties | tail -n 1)
fi
port=${port:-8000}
{ exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || { echo "admin API not reachable on 127.0.0.1:$port"; exit 1; }
printf 'GET /healthcheck HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
IFS=$' \r' read -r -t 10 _ status _ <&3 || { echo "no answer from 127.0.0.1:$port/healthcheck"; exit 1; }
exec 3<&-
[[ $status == 200 ]] && exit 0
echo "GET /healthcheck answered HTTP $status"
exit 1
