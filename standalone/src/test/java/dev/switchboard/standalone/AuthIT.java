package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.LogCapture;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestData;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

// Why one file of this size: every rule of sign-in and access against one running system, sharing its users,
// its key directory and its captured logs (the last test scans what all the others logged).
/**
 * Sign-in and who may do what, against the standalone system with auth on (a real PostgreSQL): tokens,
 * ownership on every user and order route (REST and the source system's envelope, cache hits included),
 * refresh rotation and reuse detection, revocation, throttling, timing, and no secret in any log line.
 */
class AuthIT {
  private static final String PASSWORD = "correct-horse-battery";
  private static Vertx vertx;
  private static TestConfig config;
  private static HttpTestClient http;
  private static LogCapture logs;
  private static final List<String> secrets = new ArrayList<>();
  private static int alice;
  private static int bob;
  private static String aliceNick;
  private static String bobNick;

  @BeforeAll
  static void start() {
    logs = LogCapture.attach();
    // with metrics, as the launcher makes it, so that the scan below reads real ones
    vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setMetricsOptions(dev.switchboard.platform.ops.Metrics.options()));
    config = TestConfig.create().withPostgres("auth").withAuth().withOpsPort()
        // a window long enough to hold during the test; the per-address limit out of the way of the timing test
        .put("auth.throttle.perAddress", 10_000);
    secrets.add(config.adminPassword());
    secrets.add(PASSWORD);
    Apps.deployStandalone(vertx, config.json());
    http = new HttpTestClient(vertx, config.httpPort());
    aliceNick = TestData.nick("alice");
    bobNick = TestData.nick("bob");
    alice = signUp(aliceNick);
    bob = signUp(bobNick);
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
    config.cleanUp();
    logs.close();
  }

  private static int signUp(String nick) {
    HttpResponse<Buffer> created = http.post("/users", TestData.newUser(nick, PASSWORD));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getInteger("user_id");
  }

  private static HttpTestClient as(String nick) {
    JsonObject login = http.signIn(nick, PASSWORD);
    secrets.add(login.getString("access_token"));
    secrets.add(login.getString("refresh_token"));
    return http.bearer(login.getString("access_token"));
  }

  private static HttpTestClient admin() {
    JsonObject login = http.signIn(TestConfig.ADMIN, config.adminPassword());
    secrets.add(login.getString("access_token"));
    return http.bearer(login.getString("access_token"));
  }

  private static void assertProblem(HttpResponse<Buffer> answer, int status) {
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(status);
    assertThat(answer.getHeader("content-type")).startsWith("application/problem+json");
    assertThat(answer.bodyAsJsonObject().getInteger("status")).isEqualTo(status);
  }

  private static void assertUnauthorized(HttpResponse<Buffer> answer) {
    assertProblem(answer, 401);
    assertThat(answer.getHeader("www-authenticate")).startsWith("Bearer");
  }

  @Test
  void signInAnswersABearerTokenAndARefreshToken() {
    JsonObject login = http.signIn(aliceNick, PASSWORD);
    assertThat(login.getString("token_type")).isEqualTo("Bearer");
    assertThat(login.getLong("expires_in")).isEqualTo(900);
    assertThat(login.getString("refresh_token")).hasSizeGreaterThan(40);
    JsonObject header = part(login.getString("access_token"), 0);
    JsonObject claims = part(login.getString("access_token"), 1);
    assertThat(header.getString("alg")).isEqualTo("RS256");
    assertThat(claims.getString("sub")).isEqualTo(Integer.toString(alice));
    assertThat(claims.getJsonArray("roles")).containsExactly("user");
    assertThat(claims.getString("iss")).isEqualTo("switchboard");
    assertThat(claims.getString("aud")).isEqualTo("switchboard");
    assertThat(claims.getString("jti")).isNotBlank();
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(900);

    JsonObject jwks = http.get("/.well-known/jwks.json").bodyAsJsonObject();
    assertThat(jwks.getJsonArray("keys").getJsonObject(0).getString("kid")).isEqualTo(header.getString("kid"));
    assertThat(jwks.encode()).doesNotContain("\"d\"");

    // the same 401 for a wrong password and an unknown nick_name
    HttpResponse<Buffer> wrong = http.post("/auth/login", new JsonObject().put("nick_name", aliceNick)
        .put("password", "not-the-password"));
    HttpResponse<Buffer> unknown = http.post("/auth/login", new JsonObject().put("nick_name", "nobody_" + UUID
        .randomUUID().toString().substring(0, 6)).put("password", "not-the-password"));
    assertProblem(wrong, 401);
    assertProblem(unknown, 401);
    assertThat(wrong.bodyAsJsonObject().getString("detail")).isEqualTo(unknown.bodyAsJsonObject().getString("detail"));
    assertProblem(http.post("/auth/login", new JsonObject().put("nick_name", aliceNick)), 400);
  }

  @Test
  void aUserActsOnlyOnThemselves() {
    HttpTestClient a = as(aliceNick);
    assertThat(a.get("/users/" + alice).statusCode()).isEqualTo(200);
    assertProblem(a.get("/users/" + bob), 403);
    assertProblem(a.put("/users/" + bob, new JsonObject().put("full_name", "Mallory")), 403);
    assertProblem(a.put("/users/" + bob + "/password", new JsonObject().put("current_password", PASSWORD)
        .put("new_password", "another-password")), 403);
    assertProblem(a.delete("/users/" + bob), 403);
    assertProblem(a.get("/users"), 403);
    assertThat(a.put("/users/" + alice, new JsonObject().put("full_name", "Alice A")).statusCode()).isEqualTo(200);

    // anonymous: 401 with the challenge, on REST and on the source system's routes
    assertUnauthorized(http.get("/users/" + alice));
    assertUnauthorized(http.get("/users"));
    HttpResponse<Buffer> envelope = http.get("/user/show_one_user/" + alice);
    assertThat(envelope.bodyAsJsonObject().getInteger("Status")).isEqualTo(401);
    assertThat(envelope.getHeader("www-authenticate")).startsWith("Bearer");
    assertThat(a.get("/user/show_one_user/" + bob).bodyAsJsonObject().getInteger("Status")).isEqualTo(403);
    assertThat(a.get("/user/show_all_user/").bodyAsJsonObject().getInteger("Status")).isEqualTo(403);

    // a cached answer is not served to another user: bob reads it after alice filled the cache
    HttpTestClient b = as(bobNick);
    a.get("/users/" + alice);
    assertThat(a.get("/users/" + alice).getHeader("X-Cache")).isEqualTo("HIT");
    assertProblem(b.get("/users/" + alice), 403);

    // the admin lists and reads anyone
    HttpTestClient root = admin();
    assertThat(root.get("/users").statusCode()).isEqualTo(200);
    assertThat(root.get("/users/" + bob).statusCode()).isEqualTo(200);
    assertThat(root.get("/user/show_all_user/").bodyAsJsonObject().getInteger("Status")).isEqualTo(200);
  }

  @Test
  void ordersBelongToTheirUser() {
    HttpTestClient a = as(aliceNick);
    HttpTestClient b = as(bobNick);
    assertProblem(a.post("/orders", TestData.newOrder(bob, 1, 10)), 403);
    assertUnauthorized(http.post("/orders", TestData.newOrder(alice, 1, 10)));
    HttpResponse<Buffer> created = a.post("/orders", TestData.newOrder(alice, 2, 10));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    int order = created.bodyAsJsonObject().getInteger("order_id");

    assertThat(a.get("/orders/" + order).statusCode()).isEqualTo(200);
    assertThat(a.get("/orders/" + order).getHeader("X-Cache")).isEqualTo("HIT");
    assertProblem(b.get("/orders/" + order), 403);
    assertProblem(b.put("/orders/" + order, new JsonObject().put("item_quantity", 5)), 403);
    assertProblem(b.delete("/orders/" + order), 403);
    assertProblem(b.get("/users/" + alice + "/orders"), 403);
    assertProblem(b.get("/orders?user_id=" + alice), 403);
    JsonArray bobsView = b.get("/orders").bodyAsJsonArray();
    assertThat(bobsView.stream().map(o -> ((JsonObject) o).getInteger("user_id"))).allMatch(id -> id == bob);
    assertThat(a.get("/users/" + alice + "/orders").statusCode()).isEqualTo(200);

    // the durable intake: only for yourself, and only your own requests
    assertProblem(a.post("/queue/neworder", TestData.newOrder(bob, 1, 10)), 403);
    HttpResponse<Buffer> queued = a.post("/queue/neworder", TestData.newOrder(alice, 1, 10));
    assertThat(queued.statusCode()).as(queued.bodyAsString()).isEqualTo(202);
    String intake = queued.bodyAsJsonObject().getString("request_id");
    assertThat(a.get("/queue/neworder/" + intake).statusCode()).isEqualTo(200);
    assertProblem(b.get("/queue/neworder/" + intake), 403);

    assertThat(admin().get("/orders/" + order).statusCode()).isEqualTo(200);
    assertThat(a.delete("/orders/" + order).statusCode()).isEqualTo(204);
  }

  @Test
  void everyInvalidTokenIs401() throws Exception {
    String valid = http.signIn(aliceNick, PASSWORD).getString("access_token");
    secrets.add(valid);
    String[] parts = valid.split("\\.");
    JsonObject header = part(valid, 0);
    JsonObject claims = part(valid, 1);
    PrivateKey ours = ourKey();
    PrivateKey other = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
    long now = System.currentTimeMillis() / 1000;

    List<String> bad = List.of(
        // expired (signed with the system's own key)
        sign(header, claims.copy().put("iat", now - 3600).put("exp", now - 1800), ours),
        // tampered payload: another subject under the original signature
        parts[0] + "." + encode(claims.copy().put("sub", Integer.toString(bob)).put("roles",
            new JsonArray().add("admin"))) + "." + parts[2],
        // alg none, without a signature
        encode(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + encode(claims) + ".",
        encode(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + encode(claims),
        // another key under the system's kid, and another key under an unknown kid
        sign(header, claims, other),
        sign(header.copy().put("kid", "not-a-key-of-ours"), claims, other),
        // another issuer or audience, signed with the system's key
        sign(header, claims.copy().put("iss", "someone-else"), ours),
        sign(header, claims.copy().put("aud", "someone-else"), ours),
        "not-a-jwt", "a.b.c");
    for (String token : bad) {
      HttpResponse<Buffer> answer = http.bearer(token).get("/users/" + alice);
      assertUnauthorized(answer);
      assertThat(answer.getHeader("www-authenticate")).contains("invalid_token");
    }
    assertUnauthorized(Await.result(http.send(io.vertx.core.http.HttpMethod.GET, "/users/" + alice, null,
        java.util.Map.of("authorization", "Basic YWxpY2U6eA=="))));
    // the control: the genuine token works
    assertThat(http.bearer(valid).get("/users/" + alice).statusCode()).isEqualTo(200);
    // and a token of ours re-signed with our key but for bob is bob's (the signature is what counts)
    assertThat(http.bearer(sign(header, claims.copy().put("sub", Integer.toString(bob)), ours))
        .get("/users/" + bob).statusCode()).isEqualTo(200);
  }

  @Test
  void refreshRotatesAndAReusedTokenRevokesTheFamily() {
    JsonObject first = http.signIn(aliceNick, PASSWORD);
    String r1 = first.getString("refresh_token");
    HttpResponse<Buffer> rotated = http.post("/auth/refresh", new JsonObject().put("refresh_token", r1));
    assertThat(rotated.statusCode()).as(rotated.bodyAsString()).isEqualTo(200);
    String r2 = rotated.bodyAsJsonObject().getString("refresh_token");
    assertThat(r2).isNotEqualTo(r1);
    assertThat(http.bearer(rotated.bodyAsJsonObject().getString("access_token")).get("/users/" + alice).statusCode())
        .isEqualTo(200);
    secrets.addAll(List.of(r1, r2, rotated.bodyAsJsonObject().getString("access_token")));

    // r1 again: a reuse — refused, and the whole family (r2 too) is revoked
    assertUnauthorized(http.post("/auth/refresh", new JsonObject().put("refresh_token", r1)));
    assertUnauthorized(http.post("/auth/refresh", new JsonObject().put("refresh_token", r2)));

    // logout revokes the family
    String r3 = http.signIn(aliceNick, PASSWORD).getString("refresh_token");
    secrets.add(r3);
    assertThat(http.post("/auth/logout", new JsonObject().put("refresh_token", r3)).statusCode()).isEqualTo(204);
    assertUnauthorized(http.post("/auth/refresh", new JsonObject().put("refresh_token", r3)));
    assertUnauthorized(http.post("/auth/refresh", new JsonObject().put("refresh_token", "made-up-token")));
  }

  @Test
  void aPasswordChangeRevokesEveryRefreshToken() {
    String nick = TestData.nick("carol");
    int carol = signUp(nick);
    JsonObject login = http.signIn(nick, PASSWORD);
    String refresh = login.getString("refresh_token");
    String other = http.signIn(nick, PASSWORD).getString("refresh_token");
    secrets.addAll(List.of(refresh, other, login.getString("access_token")));
    HttpTestClient c = http.bearer(login.getString("access_token"));
    assertThat(c.put("/users/" + carol + "/password", new JsonObject().put("current_password", PASSWORD)
        .put("new_password", "carols-new-password")).statusCode()).isEqualTo(204);
    secrets.add("carols-new-password");
    assertUnauthorized(http.post("/auth/refresh", new JsonObject().put("refresh_token", refresh)));
    assertUnauthorized(http.post("/auth/refresh", new JsonObject().put("refresh_token", other)));
    assertThat(http.signIn(nick, "carols-new-password").getString("access_token")).isNotBlank();
  }

  @Test
  void logInsAreThrottledPerNickNameAndAddressWithoutLockingTheOwnerOut() {
    String nick = TestData.nick("dave");
    signUp(nick);
    JsonObject wrong = new JsonObject().put("nick_name", nick).put("password", "guessing-wrong");
    for (int i = 0; i < 5; i++) {
      assertProblem(http.post("/auth/login", wrong), 401);
    }
    HttpResponse<Buffer> throttled = http.post("/auth/login", wrong);
    assertProblem(throttled, 429);
    assertThat(Long.parseLong(throttled.getHeader("retry-after"))).isBetween(1L, 900L);
    // the right password from the attacker's address waits too …
    assertProblem(http.post("/auth/login", wrong.copy().put("password", PASSWORD)), 429);
    // … but the owner, from another address, signs in
    HttpTestClient elsewhere = new HttpTestClient(vertx, config.httpPort(), "127.0.0.2");
    assertThat(elsewhere.signIn(nick, PASSWORD).getString("access_token")).isNotBlank();
  }

  @Test
  void passwordChangesAreThrottledToo() {
    String nick = TestData.nick("erin");
    int erin = signUp(nick);
    HttpTestClient e = as(nick);
    JsonObject wrong = new JsonObject().put("current_password", "not-erins-password").put("new_password",
        "erins-new-password");
    for (int i = 0; i < 5; i++) {
      assertProblem(e.put("/users/" + erin + "/password", wrong), 403);
    }
    HttpResponse<Buffer> throttled = e.put("/users/" + erin + "/password", wrong.copy().put("current_password", PASSWORD));
    assertProblem(throttled, 429);
    assertThat(throttled.getHeader("retry-after")).isNotBlank();
    // the password did not change: the right one still signs in
    assertThat(http.signIn(nick, PASSWORD).getString("access_token")).isNotBlank();
  }

  @Test
  void anUnknownNickNameCostsWhatAWrongPasswordCosts() {
    // distinct accounts, so that the throttle (5 failures per pair) never answers instead of the service
    List<String> known = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String nick = TestData.nick("t" + i);
      signUp(nick);
      known.add(nick);
    }
    List<Long> knownMs = new ArrayList<>();
    List<Long> unknownMs = new ArrayList<>();
    for (int round = 0; round < 2; round++) { // the first round warms up
      knownMs.clear();
      unknownMs.clear();
      for (int i = 0; i < 50; i++) {
        knownMs.add(timedLogin(known.get(i)));
        unknownMs.add(timedLogin("nobody_" + UUID.randomUUID().toString().substring(0, 8)));
      }
    }
    double k = median(knownMs);
    double u = median(unknownMs);
    org.slf4j.LoggerFactory.getLogger(AuthIT.class).info("Log-in timing, median of 50: known nick_name {} ms,"
        + " unknown {} ms", String.format("%.2f", k / 1e3), String.format("%.2f", u / 1e3));
    assertThat(Math.abs(k - u) / Math.max(k, u)).as("median %.2f ms known vs %.2f ms unknown", k / 1e3, u / 1e3)
        .isLessThanOrEqualTo(0.10);
  }

  @Test
  void noSecretReachesALogLineAndEveryEventIsAudited() {
    // runs after the others in any order: it looks at what they logged so far, plus one more of each event
    JsonObject login = http.signIn(aliceNick, PASSWORD);
    secrets.add(login.getString("access_token"));
    secrets.add(login.getString("refresh_token"));
    http.post("/auth/login", new JsonObject().put("nick_name", aliceNick).put("password", "audited-wrong"));
    secrets.add("audited-wrong");
    List<String> lines = List.copyOf(logs.lines());
    for (String secret : List.copyOf(secrets)) {
      assertThat(lines).as("log lines holding a secret").noneMatch(line -> line.contains(secret));
    }
    assertThat(lines).noneMatch(line -> line.contains("$argon2id$"));
    List<JsonObject> audit = lines.stream().filter(l -> l.contains("dev.switchboard.audit"))
        .map(l -> new JsonObject(l.substring(l.indexOf('{')))).toList();
    assertThat(audit).anyMatch(a -> "auth.login".equals(a.getString("action"))
        && "success".equals(a.getString("outcome")) && aliceNick.equals(a.getString("subject")));
    assertThat(audit).anyMatch(a -> "auth.login".equals(a.getString("action"))
        && "refused 401".equals(a.getString("outcome")));
    assertThat(audit).allMatch(a -> a.containsKey("time") && a.containsKey("request_id") && a.containsKey("client"));
    // nor a metric
    String metrics = new HttpTestClient(vertx, config.opsPort()).get("/metrics").bodyAsString();
    assertThat(metrics).contains("switchboard");
    for (String secret : List.copyOf(secrets)) {
      assertThat(metrics).as("the metrics holding a secret").doesNotContain(secret);
    }
  }

  @Test
  void tokensSurviveARestartBecauseTheKeyIsKept() {
    String token = http.signIn(bobNick, PASSWORD).getString("access_token");
    secrets.add(token);
    Path keyDir = Path.of(config.json().getJsonObject("auth").getString("keyDir"));
    assertThat(Files.exists(keyDir.resolve("signing.private.pem"))).isTrue();
    // a second process with the same key directory (the restarted one) accepts the token
    TestConfig again = TestConfig.create().withPostgres("auth_again").withAuth().put("auth.keyDir", keyDir.toString());
    Vertx other = Vertx.vertx();
    try {
      Apps.deployStandalone(other, again.json());
      HttpResponse<Buffer> answer = new HttpTestClient(other, again.httpPort()).bearer(token).get("/users/" + bob);
      // another database: bob's id is not a user there, but the token was accepted (404, not 401)
      assertProblem(answer, 404);
    } finally {
      Await.result(other.close());
      again.cleanUp();
    }
  }

  private static long timedLogin(String nick) {
    long start = System.nanoTime();
    HttpResponse<Buffer> answer = http.post("/auth/login", new JsonObject().put("nick_name", nick)
        .put("password", "wrong-password-here"));
    long micros = (System.nanoTime() - start) / 1_000;
    assertThat(answer.statusCode()).isEqualTo(401);
    return micros;
  }

  private static double median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return (sorted.get(sorted.size() / 2) + sorted.get((sorted.size() - 1) / 2)) / 2.0;
  }

  private static PrivateKey ourKey() throws Exception {
    Path keyDir = Path.of(config.json().getJsonObject("auth").getString("keyDir"));
    String pem = Files.readString(keyDir.resolve("signing.private.pem"));
    byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  private static String sign(JsonObject header, JsonObject claims, PrivateKey key) throws Exception {
    String input = encode(header) + "." + encode(claims);
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(key);
    signature.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
  }

  private static String encode(JsonObject json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject part(String token, int index) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8));
  }
}
