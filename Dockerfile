# moi on the official Payara Micro image. Build: docker build -t moi .
# Run: docker run -p 8080:8080 -e REDIS_URL=redis://redis-host:6379 -v moi-data:/opt/payara/data moi
# The first start prints the generated admin password in the log (docker logs).
# Several servers on one Redis: see docker-compose.yml. Give each container a MOI_NODE_ID of
# its own that survives a restart, and --stop-timeout 30 (docker stop waits 10 s by default,
# no longer than moi.shutdown.grace, before it kills the server and its jobs).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY cli/pom.xml cli/
COPY server/pom.xml server/
RUN mvn -B -q -pl server -am dependency:go-offline || true
COPY cli/src cli/src
COPY server/src server/src
COPY server-config server-config
RUN mvn -B -q -DskipTests -pl server -am package

FROM payara/micro:6.2025.10-jdk17
# python3 runs python code jobs; the data folder keeps the account file across restarts.
USER root
RUN (command -v apt-get >/dev/null && apt-get update \
      && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*) \
    || apk add --no-cache python3; \
    mkdir -p /opt/payara/data && chown payara /opt/payara/data
USER payara
COPY --from=build /src/server/target/moi.war /opt/payara/deployments/moi.war
COPY server-config /opt/payara/server-config
# The parallel collector's short young pauses keep live updates on time (see the README).
ENV REDIS_URL=redis://redis:6379 \
    MOI_USERS_FILE=/opt/payara/data/users.properties \
    JAVA_TOOL_OPTIONS=-XX:+UseParallelGC
VOLUME /opt/payara/data
EXPOSE 8080
# The server listens on every interface of the container (as bin/moi-server does with
# MOI_BIND=0.0.0.0): the pre-boot commands set no listen address.
# The image's entry point runs payara-micro.jar; these are its arguments.
CMD ["--deploy", "/opt/payara/deployments/moi.war", "--contextroot", "/", "--port", "8080", \
     "--nohazelcast", "--logproperties", "/opt/payara/server-config/logging.properties", \
     "--prebootcommandfile", "/opt/payara/server-config/pre-boot-commands.asadmin", \
     "--postbootcommandfile", "/opt/payara/server-config/post-boot-commands.asadmin"]
