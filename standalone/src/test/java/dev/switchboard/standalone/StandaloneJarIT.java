package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.JarProcess;
import dev.switchboard.testing.TestData;
import dev.switchboard.testing.TestConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar standalone/target/switchboard.jar} as a user runs it: embedded PostgreSQL, in-JVM event
 * bus, every service behind the gateway.
 */
class StandaloneJarIT {
  private static final Path JAR = Path.of("target", "switchboard.jar");
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void startsWithEmbeddedPostgresAndServesPingAndMessages() throws Exception {
    int port = TestConfig.freePort();
    Path workDir = Files.createTempDirectory(Path.of("target"), "standalone-");
    try (JarProcess app = JarProcess.jar(JAR).workDir(workDir).config("http.port", port).start()) {
      app.awaitReady(port, Duration.ofSeconds(90));
      assertThat(app.output()).contains("ready").contains("http://localhost:" + port);
      assertThat(Files.exists(workDir.resolve("data/postgres/postgresql.conf"))).as("data kept under ./data").isTrue();

      HttpResponse<String> ping = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"msg\":\"hello standalone\"}")));
      assertThat(ping.statusCode()).isEqualTo(202);
      String id = new JsonObject(ping.body()).getString("id");

      HttpResponse<String> messages = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/messages")).GET());
      assertThat(messages.statusCode()).isEqualTo(200);
      JsonArray list = new JsonArray(messages.body());
      assertThat(list).hasSize(1);
      assertThat(list.getJsonObject(0).getString("id")).isEqualTo(id);
      assertThat(list.getJsonObject(0).getString("msg")).isEqualTo("hello standalone");

      // sign-in is on by default: sign up, sign in, read yourself with the token (and not without it)
      String base = "http://127.0.0.1:" + port;
      HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/users"))
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(TestData.newUser("jar_user", "jar-user-password").encode())));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      int userId = new JsonObject(created.body()).getInteger("user_id");
      HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(base + "/auth/login"))
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"nick_name\":\"jar_user\",\"password\":\"jar-user-password\"}")));
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      String token = new JsonObject(login.body()).getString("access_token");
      assertThat(send(HttpRequest.newBuilder(URI.create(base + "/users/" + userId))
          .header("authorization", "Bearer " + token).GET()).statusCode()).isEqualTo(200);
      assertThat(send(HttpRequest.newBuilder(URI.create(base + "/users/" + userId)).GET()).statusCode()).isEqualTo(401);
      Path key = workDir.resolve("data/keys/signing.private.pem");
      assertThat(Files.getPosixFilePermissions(key)).as("the generated key is the owner's only")
          .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

      assertThat(app.stop()).as("exit code after SIGTERM").isIn(0, 143);
      assertThat(app.output()).doesNotContain("has been blocked");
    }
  }

  @Test
  void aConfigValueOfTheWrongTypeStopsStartUpNamingTheKey() throws Exception {
    Path workDir = Files.createTempDirectory(Path.of("target"), "standalone-badconf-");
    try (JarProcess app = JarProcess.jar(JAR).workDir(workDir).env("SWITCHBOARD_HTTP_PORT", "eighty").start()) {
      assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero();
      assertThat(app.output()).contains("http.port").contains("SWITCHBOARD_HTTP_PORT")
          .as("a process that never started has nothing to drain").doesNotContain("Draining did not finish");
    }
  }

  @Test
  void anUnreadableConfFileStopsStartUp() throws Exception {
    Path workDir = Files.createTempDirectory(Path.of("target"), "standalone-badfile-");
    Path conf = workDir.resolve("broken.json");
    Files.writeString(conf, "{ not json");
    try (JarProcess app = JarProcess.jar(JAR).workDir(workDir).args("-conf", conf.toString()).start()) {
      assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero();
      assertThat(app.output()).contains("-conf").contains("broken.json");
    }
  }
}
