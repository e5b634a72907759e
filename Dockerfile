# Builds the service with the Maven wrapper and runs the jar on a JRE.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests package -pl cku-app -am

FROM eclipse-temurin:21-jre
COPY --from=build /src/cku-app/target/cku-app.jar /opt/cku/cku-app.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/cku/cku-app.jar"]
