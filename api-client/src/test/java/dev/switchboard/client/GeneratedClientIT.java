package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.api.AuthApi;
import dev.switchboard.client.api.UsersApi;
import dev.switchboard.client.model.Credentials;
import dev.switchboard.client.model.NewUser;
import dev.switchboard.client.model.Tokens;
import dev.switchboard.client.model.User;
import dev.switchboard.client.model.UserChanges;
import dev.switchboard.standalone.StandaloneApplication;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.JarProcess;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestData;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java client the OpenAPI Generator made from {@code openapi.yaml} at build time, used as a client
 * team would: sign up, sign in, then read, change and delete the user through it, against the standalone
 * system with sign-in on.
 */
class GeneratedClientIT {
  private static Vertx vertx;
  private static TestConfig config;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    config = TestConfig.create().withPostgres("generated_client").withAuth();
    Await.result(vertx.deployVerticle(new StandaloneApplication(), new DeploymentOptions().setConfig(config.json())));
    Await.until("the system to be ready", Duration.ofSeconds(60),
        () -> JarProcess.status(config.httpPort(), "/ready") == 200);
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
    config.cleanUp();
  }

  private static ApiClient client() {
    return new ApiClient().setScheme("http").setHost("127.0.0.1").setPort(config.httpPort());
  }

  @Test
  void createReadUpdateDeleteThroughTheGeneratedClient() throws Exception {
    String nick = TestData.nick("generated");
    UsersApi anonymous = new UsersApi(client());
    User created = anonymous.createUser(new NewUser().nickName(nick).password("generated-password")
        .fullName("Generated Client").cpf(TestData.CPF).email(nick + "@example.com").phoneNumber(TestData.PHONE));
    assertThat(created.getUserId()).isPositive();
    assertThat(created.getNickName()).isEqualTo(nick);

    Tokens tokens = new AuthApi(client()).login(new Credentials().nickName(nick).password("generated-password"));
    assertThat(tokens.getAccessToken()).isNotBlank();

    ApiClient signedIn = client().setRequestInterceptor(request ->
        request.header("Authorization", "Bearer " + tokens.getAccessToken()));
    UsersApi users = new UsersApi(signedIn);
    assertThat(users.getUser(created.getUserId()).getEmail()).isEqualTo(nick + "@example.com");
    User changed = users.updateUser(created.getUserId(), new UserChanges().fullName("Renamed Client"));
    assertThat(changed.getFullName()).isEqualTo("Renamed Client");
    users.deleteUser(created.getUserId());

    assertThatThrownBy(() -> users.getUser(created.getUserId()))
        .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).getCode()).isEqualTo(404);
    assertThatThrownBy(() -> anonymous.getUser(created.getUserId()))
        .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).getCode()).isEqualTo(401);
  }
}
