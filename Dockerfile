# Images for docker-compose.yml, built from this repository:
#   docker compose build            (or: docker build --target hub -t vigil/hub:0.1.0 .)
# Stage "build" runs the Maven wrapper once (with Node.js from the "node" stage: the hub's web
# console is bundled with npm/esbuild at build time); "hub" is the hub (ingest replicas and the
# anchoring sequencer share it); "flink-job" is Flink with the analytics job jar in usrlib.
FROM node:20.18.0-bookworm-slim AS node

FROM eclipse-temurin:17.0.13_11-jdk-jammy AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && node --version && npm --version
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl hub -am package \
 && cp stream-analytics/target/vigil-stream-analytics-*-job.jar /src/analytics-job.jar

FROM eclipse-temurin:17.0.13_11-jre-jammy AS hub
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 vigil && mkdir -p /var/lib/vigil && chown vigil /var/lib/vigil
COPY --from=build /src/hub/target/vigil-hub-0.1.0-SNAPSHOT.jar /opt/vigil/vigil-hub.jar
COPY --from=build /src/hub/target/lib /opt/vigil/lib
USER vigil
WORKDIR /var/lib/vigil
# MLLP and HTTP (defaults of mllp.port and http.port). Run with an open-file limit above
# mllp.max-connections + http.max-connections + db.pool-size + a margin (docker run --ulimit
# nofile=65536:65536; docker-compose.yml sets it; docs/operations.md "Limits and abuse").
EXPOSE 2575 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-cp", "/opt/vigil/vigil-hub.jar:/opt/vigil/lib/*", "io.vigil.hub.cli.VigilCli"]
CMD ["start"]

FROM flink:2.2.1-java17 AS flink-job
COPY --from=build /src/analytics-job.jar /opt/flink/usrlib/vigil-analytics-job.jar
