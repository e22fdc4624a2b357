#!/usr/bin/env bash
# Issue 3's benchmark in one command: builds the gateway, fetches the published james-server-memory-app
# (once; cached in gateway/target/bench/james-memory-app/lib), then runs the same SMTP->IMAP load against the
# memory app and against the gateway on embedded Derby, one after another, and prints a report with ratios.
# Options are passed to org.inbasket.gateway.bench.BenchmarkMain, e.g.:
#   gateway/bench/run-benchmark.sh --messages 4000 --single-messages 1000 --targets james-memory-app,gateway
# Everything binds to 127.0.0.1 on free ports. Reports: gateway/target/bench/results/<time>/.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

# Versions are declared once, in the root pom.
james_version="$(sed -n 's:.*<james.version>\(.*\)</james.version>.*:\1:p' pom.xml | head -1)"
dependency_plugin="$(grep -A1 '<artifactId>maven-dependency-plugin</artifactId>' pom.xml | sed -n 's:.*<version>\(.*\)</version>.*:\1:p' | head -1)"
peer_lib="gateway/target/bench/james-memory-app/lib"
if [ ! -f "$peer_lib/james-server-memory-app-$james_version.jar" ]; then
    echo "fetching james-server-memory-app:$james_version into $peer_lib"
    mvn -B -q -f gateway/bench/peer-pom.xml -Djames.version="$james_version" \
        "org.apache.maven.plugins:maven-dependency-plugin:$dependency_plugin:copy-dependencies" \
        -DincludeScope=runtime -DoutputDirectory="$root/$peer_lib"
fi

exec mvn -B -q ${BENCH_MAVEN_OFFLINE:+-o} -pl gateway -am package -DskipTests -Pbench -Dbench.args="$*"
