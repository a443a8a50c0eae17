package dev.switchboard.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.messaging.bus.EventBusServiceClient;
import dev.switchboard.contract.ServiceClient;
import dev.switchboard.contract.user.UserApi;
import dev.switchboard.contract.Service;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.JarProcess;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestData;
import dev.switchboard.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The user service on the event bus against a real PostgreSQL: what it stores and how it starts. */
@ExtendWith(VertxExtension.class)
class UserServiceIT {
  private String database;

  @AfterEach
  void dropDatabase(Vertx vertx) {
    Await.result(vertx.close());
    if (database != null) {
      TestServices.dropDatabase(database);
    }
  }

  private JsonObject row(String sql) throws Exception {
    TestServices.PostgresEndpoint pg = TestServices.postgres();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
         Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      JsonObject row = new JsonObject();
      if (rs.next()) {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnName(i), String.valueOf(rs.getObject(i)));
        }
      }
      return row;
    }
  }

  private static JsonObject newUser(String nick, String password) {
    return TestData.newUser(nick, password);
  }

  private TestConfig deployed(Vertx vertx) {
    TestConfig config = TestConfig.create().withPostgres("users");
    database = config.database();
    Await.result(vertx.deployVerticle(new UserApplication(), new DeploymentOptions().setConfig(config.json())));
    return config;
  }

  private static void awaitServing(ServiceClient users) {
    Await.until("the user service to serve", Duration.ofSeconds(30), () -> {
      try {
        Await.result(users.request(UserApi.LIST, new JsonObject(), null));
        return true;
      } catch (io.vertx.core.eventbus.ReplyException e) {
        return false;
      }
    });
  }

  @Test
  void storesAnArgon2idHashAndSetsTimestamps(Vertx vertx) throws Exception {
    deployed(vertx);
    ServiceClient users = new EventBusServiceClient(vertx, Service.USER, Duration.ofSeconds(10));
    awaitServing(users);

    JsonObject created = Await.result(users.request(UserApi.CREATE, newUser("hashme", "plain-text-pw"), null));
    int id = created.getInteger("user_id");
    assertThat(created.containsKey("password")).isFalse();
    assertThat(created.getString("created_at")).isEqualTo(created.getString("updated_at"));

    JsonObject stored = row("SELECT password, cpf, created_at, updated_at FROM users WHERE user_id = " + id);
    assertThat(stored.getString("password")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("plain-text-pw");
    assertThat(stored.getString("cpf")).isEqualTo("52998224725");
    assertThat(stored.getString("created_at")).isEqualTo(stored.getString("updated_at"));

    Thread.sleep(5);
    JsonObject updated = Await.result(users.request(UserApi.UPDATE,
        new JsonObject().put("user_id", id).put("full_name", "Renamed"), null));
    assertThat(updated.getString("full_name")).isEqualTo("Renamed");
    assertThat(updated.getString("created_at")).isEqualTo(created.getString("created_at"));
    assertThat(updated.getString("updated_at")).isGreaterThan(created.getString("updated_at"));

    String hashBefore = stored.getString("password");
    Await.result(users.request(UserApi.CHANGE_PASSWORD, new JsonObject().put("user_id", id)
        .put("current_password", "plain-text-pw").put("new_password", "another-secret"), null));
    String hashAfter = row("SELECT password FROM users WHERE user_id = " + id).getString("password");
    assertThat(hashAfter).isNotEqualTo(hashBefore).startsWith("$argon2id$");
    // the new password is now the current one; the old one no longer is
    ServiceFailure wrong = (ServiceFailure) Await.failure(users.request(UserApi.CHANGE_PASSWORD,
        new JsonObject().put("user_id", id).put("current_password", "plain-text-pw").put("new_password", "x-y-z-1234"), null));
    assertThat(wrong.status()).isEqualTo(403);
    Await.result(users.request(UserApi.CHANGE_PASSWORD, new JsonObject().put("user_id", id)
        .put("current_password", "another-secret").put("new_password", "x-y-z-1234"), null));
  }

  @Test
  void twoInstancesStartingAtOnceOnAnEmptyDatabaseBothComeUp(Vertx vertx) throws Exception {
    TestConfig config = TestConfig.create().withPostgres("users_race");
    // a database that does not exist yet: both instances try to create it and to migrate it
    String fresh = config.database() + "_new";
    TestServices.dropDatabase(config.database());
    database = fresh;
    JsonObject conf = config.json();
    conf.getJsonObject("postgres").put("database", fresh);
    JsonObject second = conf.copy();
    second.getJsonObject("http").put("port", TestConfig.freePort());

    Await.result(Future.all(
        vertx.deployVerticle(new UserApplication(), new DeploymentOptions().setConfig(conf)),
        vertx.deployVerticle(new UserApplication(), new DeploymentOptions().setConfig(second))));

    Await.until("both instances ready", Duration.ofSeconds(60), () ->
        JarProcess.status(conf.getJsonObject("http").getInteger("port"), "/ready") == 200
            && JarProcess.status(second.getJsonObject("http").getInteger("port"), "/ready") == 200);
    // each of the user service's migrations (V1, V2, V3) applied once, not once per instance
    assertThat(row("SELECT count(*) AS n FROM flyway_history_user WHERE success").getString("n")).isEqualTo("3");
    assertThat(row("SELECT count(DISTINCT version) AS n FROM flyway_history_user WHERE success").getString("n"))
        .isEqualTo("3");

    ServiceClient users = new EventBusServiceClient(vertx, Service.USER, Duration.ofSeconds(10));
    for (int i = 0; i < 4; i++) {
      Await.result(users.request(UserApi.CREATE, newUser("both" + i, "password-" + i), null));
    }
    assertThat(row("SELECT count(*) AS n FROM users").getString("n")).isEqualTo("4");
  }

  @Test
  void waitsForItsDatabaseInsteadOfDying(Vertx vertx) {
    TestServices.PostgresEndpoint pg = TestServices.postgres();
    TcpProxy proxy = new TcpProxy(vertx, pg.host(), pg.port());
    int proxyPort = Await.result(proxy.start());
    proxy.cut();
    TestConfig config = TestConfig.create().withPostgres("users_wait");
    database = config.database();
    JsonObject conf = config.json();
    conf.getJsonObject("postgres").put("host", "127.0.0.1").put("port", proxyPort);
    int port = config.httpPort();

    Await.result(vertx.deployVerticle(new UserApplication(), new DeploymentOptions().setConfig(conf)));
    assertThat(JarProcess.status(port, "/health")).isEqualTo(200);
    assertThat(JarProcess.status(port, "/ready")).isEqualTo(503);

    proxy.restore();
    Await.until("the service to be ready once its database is", Duration.ofSeconds(30),
        () -> JarProcess.status(port, "/ready") == 200);
    ServiceClient users = new EventBusServiceClient(vertx, Service.USER, Duration.ofSeconds(10));
    assertThat(Await.result(users.request(UserApi.CREATE, newUser("patient", "waited-long"), null))
        .getString("nick_name")).isEqualTo("patient");
  }

  @Test
  void unknownActionsAndNonObjectBodiesAreRefused(Vertx vertx) {
    deployed(vertx);
    ServiceClient users = new EventBusServiceClient(vertx, Service.USER, Duration.ofSeconds(10));
    awaitServing(users);
    assertThat(((ServiceFailure) Await.failure(users.request("explode", new JsonObject(), null))).status()).isEqualTo(400);
    assertThat(((ServiceFailure) Await.failure(users.request(UserApi.GET,
        new JsonObject().put("user_id", UUID.randomUUID().toString()), null))).status()).isEqualTo(400);
  }
}
