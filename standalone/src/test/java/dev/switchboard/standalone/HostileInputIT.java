package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.GatewayVerticle;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// Why one file of this size: the corpus (every route's entry and every kind of hostile value) is read as one
// table next to the one test that sends it.
/**
 * Hostile input against every route of the running system (standalone, with RabbitMQ and Redis): NUL and
 * other control characters, lone surrogates, huge strings, bidi overrides, SQL and HTML fragments, numbers
 * out of range, deep nesting, duplicate keys, invalid UTF-8, empty and non-object bodies, wrong types, odd
 * paths, query parameters and headers. The cases are generated from the gateway's own route table: a route
 * added without an entry in {@link #ENTRIES} fails this test. Nothing a client sends may be answered 5xx or
 * take 2 s; every 202 must settle; the system must be ready and serving afterwards.
 */
@ExtendWith(VertxExtension.class)
class HostileInputIT {
  /** Everything the test needs to know about a route: a valid body to mutate (null: none) and its query. */
  private record Entry(JsonObject body, List<String> queryParams) {
  }

  private static final JsonObject USER = new JsonObject().put("nick_name", "hostile").put("password",
      "hostile-password").put("full_name", "Hostile Input").put("cpf", "12345678909").put("email",
      "hostile@example.com").put("phone_number", "11 3333-4444");
  private static final JsonObject ORDER_FIELDS = new JsonObject().put("item_description", "Thing")
      .put("item_quantity", 1).put("item_price", 10);
  private static final JsonObject PASSWORDS = new JsonObject().put("current_password", "hostile-password")
      .put("new_password", "hostile-password");

  /** One entry per route of {@link GatewayVerticle#routeTable}; {@code ORDER} bodies get a real user id. */
  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();
  private static String bearer;

  static {
    ENTRIES.put("POST /auth/login", new Entry(new JsonObject().put("nick_name", "owner").put("password", "x"),
        List.of()));
    ENTRIES.put("POST /auth/refresh", new Entry(new JsonObject().put("refresh_token", "abc"), List.of()));
    ENTRIES.put("POST /auth/logout", new Entry(new JsonObject().put("refresh_token", "abc"), List.of()));
    ENTRIES.put("GET /.well-known/jwks.json", new Entry(null, List.of()));
    ENTRIES.put("POST /ping", new Entry(new JsonObject().put("msg", "hello"), List.of()));
    ENTRIES.put("GET /messages", new Entry(null, List.of("limit", "after")));
    ENTRIES.put("GET /pong", new Entry(null, List.of("limit", "after")));
    ENTRIES.put("POST /users", new Entry(USER, List.of()));
    ENTRIES.put("GET /users", new Entry(null, List.of("limit", "offset")));
    ENTRIES.put("GET /users/:id", new Entry(null, List.of()));
    ENTRIES.put("PUT /users/:id", new Entry(new JsonObject().put("full_name", "Renamed").put("email",
        "renamed@example.com"), List.of()));
    ENTRIES.put("PUT /users/:id/password", new Entry(PASSWORDS, List.of()));
    ENTRIES.put("DELETE /users/:id", new Entry(null, List.of()));
    for (String slash : new String[] {"", "/"}) {
      ENTRIES.put("POST /user/create_user" + slash, new Entry(USER, List.of()));
      ENTRIES.put("GET /user/show_all_user" + slash, new Entry(null, List.of("limit", "offset")));
      ENTRIES.put("GET /user/show_one_user/:id" + slash, new Entry(null, List.of()));
      ENTRIES.put("PUT /user/edit_user/:id" + slash, new Entry(new JsonObject().put("full_name", "Renamed"),
          List.of()));
      ENTRIES.put("PUT /user/edit_password/:id" + slash, new Entry(PASSWORDS, List.of()));
      ENTRIES.put("DELETE /user/delete_user/:id" + slash, new Entry(null, List.of()));
    }
    ENTRIES.put("POST /orders", new Entry(ORDER_FIELDS, List.of()));
    ENTRIES.put("GET /orders", new Entry(null, List.of("user_id", "limit", "offset")));
    ENTRIES.put("GET /orders/:id", new Entry(null, List.of()));
    ENTRIES.put("PUT /orders/:id", new Entry(new JsonObject().put("item_quantity", 2).put("status", "CONFIRMED"),
        List.of()));
    ENTRIES.put("DELETE /orders/:id", new Entry(null, List.of()));
    ENTRIES.put("GET /users/:id/orders", new Entry(null, List.of("limit", "offset")));
    ENTRIES.put("POST /queue/neworder", new Entry(ORDER_FIELDS, List.of()));
    ENTRIES.put("GET /queue/neworder/:requestId", new Entry(null, List.of()));
  }

  /** Strings no text field may take or must survive: control characters, lone surrogates, giants, injections. */
  private static final List<Object> HOSTILE_VALUES = List.of(
      "a\u0000b", "\u0000", "tab\there", "line\nbreak", "\u0007bell", "\u007f", "\u009b", "\ud800", "x\udc00y",
      "\ud83d", "\u202eevil\u202c", "\u2066isolate\u2069", "x".repeat(100_000), "'; DROP TABLE users; --",
      "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}", "%00", "  ", "", "\ufeff", "😀".repeat(60),
      1e300, -1, 0, 1.5, -0.0, Long.MAX_VALUE, true, new JsonObject().put("a", 1), new io.vertx.core.json.JsonArray());

  /** Raw number literals JSON can carry that Java's JSON objects cannot build. */
  private static final List<String> HOSTILE_NUMBERS = List.of("1e400", "-1e400", "9223372036854775808",
      "-9223372036854775809", "-0", "1.5", "2147483648", "1" + "0".repeat(80), "0.0000001", "1E2");

  /** Whole bodies: not JSON, not an object, nested too deep, duplicated keys, invalid UTF-8. */
  private static final List<byte[]> HOSTILE_BODIES = List.of(
      bytes(""), bytes("null"), bytes("[]"), bytes("1"), bytes("\"text\""), bytes("{"), bytes("{\"a\":}"),
      bytes("{}"), bytes("{} {}"), bytes("[".repeat(5000) + "]".repeat(5000)),
      bytes("{\"a\":".repeat(100) + "1" + "}".repeat(100)),
      bytes("{\"user_id\":1,\"user_id\":2,\"msg\":\"a\",\"msg\":\"b\",\"nick_name\":\"a\",\"nick_name\":\"b\"}"),
      new byte[] {'{', '"', 'm', 's', 'g', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'},
      new byte[] {'{', '"', 'm', 's', 'g', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'},
      new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'},
      bytes("{\"msg\":\"" + "x".repeat(70_000) + "\"}"),
      bytes("<xml/>"), bytes("msg=hello&user_id=1"));

  /** What goes where a path parameter is expected. */
  private static final List<String> HOSTILE_PATH_VALUES = List.of("0", "-1", "2147483648", "99999999999999999999",
      "1.5", "1e3", "abc", "%00", "%zz", "%ED%A0%80", "%E2%80%AE1", "1%20", "%20", "'%20OR%201=1--",
      "%3Cscript%3E", "..%2F..%2Fetc", "1;DROP", "9".repeat(5000), "00000001", "+1", "0x10", "null");

  /** What goes into a query parameter. */
  private static final List<String> HOSTILE_QUERY_VALUES = List.of("", "-1", "0", "101", "2147483648", "1e3",
      "abc", "%00", "%zz", "%ED%A0%80", "1.5", "9".repeat(3000), "%27%20OR%201%3D1");

  private static final List<String> ODD_PATHS = List.of("/", "//users", "/users/", "/users/1/orders/x",
      "/%2e%2e/%2e%2e/etc/passwd", "/users/..", "/queue", "/queue/neworder/", "/user/show_one_user/",
      "/nope", "/users?%zz=1", "/users?limit=1&limit=2", "/users?" + "a=1&".repeat(500), "/" + "a".repeat(3000),
      "/users/%", "/users/%2", "/metrics", "/ready?verbose=1");

  private static final List<Map.Entry<String, String>> ODD_HEADERS = List.of(
      Map.entry("X-Request-Id", "x".repeat(5000)),
      Map.entry("x-request-id", "éèê\u202e"),
      Map.entry("X-Request-Id", "../../etc/passwd\u0000"),
      Map.entry("Idempotency-Key", "key with spaces and é"),
      Map.entry("Idempotency-Key", "k".repeat(300)),
      Map.entry("Idempotency-Key", ""),
      Map.entry("Content-Type", "text/plain"),
      Map.entry("Content-Type", "multipart/form-data; boundary=----x"),
      Map.entry("Content-Type", "application/x-www-form-urlencoded"),
      Map.entry("Content-Type", "application/json; charset=utf-16"),
      Map.entry("Content-Type", "\u00ff\u00fe"),
      Map.entry("X-Odd", "\u0001\u0002 control bytes"),
      Map.entry("Content-Length", "-5"),
      Map.entry("Transfer-Encoding", "chunked"),
      Map.entry("Transfer-Encoding", "gzip, chunked"),
      Map.entry("Cache-Control", "no-cache, " + "x".repeat(3000)),
      Map.entry("Accept", "application/xml"));

  private TestConfig config;
  private int port;

  @AfterEach
  void tearDown(Vertx vertx) {
    Await.result(vertx.close());
    config.cleanUp();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** One hostile request. */
  private record Case(HttpMethod method, String uri, Map<String, String> headers, byte[] body) {
    @Override
    public String toString() {
      String shown = uri.length() > 120 ? uri.substring(0, 120) + "…" : uri;
      String b = body == null ? "" : new String(body, StandardCharsets.UTF_8);
      return method + " " + shown + (b.isEmpty() ? "" : " " + (b.length() > 120 ? b.substring(0, 120) + "…" : b))
          + (headers.isEmpty() ? "" : " " + headers.keySet());
    }
  }

  private record Outcome(Case request, int status, long millis, String body) {
  }

  @Test
  void noClientInputIsAnswered5xxOrSlowAndEvery202Settles(Vertx vertx) {
    config = TestConfig.create().withPostgres("hostile").withRabbitMq().withRedis().withAuth()
        .put("auth.throttle.perAddress", 1_000_000);
    Apps.deployStandalone(vertx, config.json());
    // every case is sent as the admin, so that it reaches the handler behind the sign-in
    HttpTestClient http = new HttpTestClient(vertx, config.httpPort()).signedIn(TestConfig.ADMIN, config.adminPassword());
    bearer = http.signIn(TestConfig.ADMIN, config.adminPassword()).getString("access_token");
    int userId = http.post("/users", USER.copy().put("nick_name", "owner")).bodyAsJsonObject().getInteger("user_id");
    int orderId = http.post("/orders", ORDER_FIELDS.copy().put("user_id", userId)).bodyAsJsonObject()
        .getInteger("order_id");

    List<String> table = GatewayVerticle.routeTable(vertx);
    assertThat(ENTRIES.keySet()).as("every corpus entry names a route the gateway serves")
        .containsExactlyInAnyOrderElementsOf(new LinkedHashSet<>(table));

    List<Case> cases = corpus(table, userId, orderId);
    assertThat(cases.size()).isGreaterThanOrEqualTo(300);

    port = config.httpPort();
    List<Outcome> outcomes = new ArrayList<>();
    for (Case c : cases) {
      outcomes.add(send(c));
    }

    List<Outcome> serverErrors = outcomes.stream().filter(o -> o.status() >= 500 || o.status() < 0).toList();
    assertThat(serverErrors).as("answers 5xx (or none) to client input").isEmpty();
    List<Outcome> slow = outcomes.stream().filter(o -> o.millis() >= 2_000).toList();
    assertThat(slow).as("answers that took 2 s or more").isEmpty();
    List<Outcome> problems = outcomes.stream().filter(o -> o.status() >= 400)
        .filter(o -> o.status() != 408 && o.status() != 414 && o.status() != 431 && !o.body().contains("\"status\":"))
        .toList();
    assertThat(problems).as("4xx answers without a problem body").isEmpty();

    // every intake request accepted settles (stored, or rejected with a reason)
    List<String> accepted = outcomes.stream().filter(o -> o.status() == 202 && o.request().uri().equals("/queue/neworder"))
        .map(o -> new JsonObject(o.body()).getString("request_id")).toList();
    for (String requestId : accepted) {
      Await.until("intake request " + requestId + " to settle", Duration.ofSeconds(20), () -> {
        String status = http.get("/queue/neworder/" + requestId).bodyAsJsonObject().getString("status");
        return "STORED".equals(status) || "REJECTED".equals(status);
      });
    }

    // and the system still serves
    assertThat(http.get("/ready").statusCode()).isEqualTo(200);
    assertThat(http.post("/users", USER.copy().put("nick_name", "after_" + UUID.randomUUID().toString()
        .substring(0, 8))).statusCode()).isEqualTo(201);
    assertThat(http.get("/users/" + userId).statusCode()).isEqualTo(200);

    long slowest = outcomes.stream().mapToLong(Outcome::millis).max().orElse(0);
    org.slf4j.LoggerFactory.getLogger(HostileInputIT.class).info(
        "Hostile corpus: {} cases over {} routes, {} answered 5xx, slowest {} ms, {} accepted intake requests settled",
        cases.size(), table.size(), serverErrors.size(), slowest, accepted.size());
  }

  /**
   * Sends the case over a socket of its own, byte for byte (no client library in the way to refuse or
   * repair an odd header or path), and reads the whole answer.
   */
  private Outcome send(Case c) {
    long start = System.nanoTime();
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder(c.method().name()).append(' ').append(c.uri()).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1\r\nConnection: close\r\n");
    if (bearer != null && c.headers().keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Authorization"))) {
      head.append("Authorization: Bearer ").append(bearer).append("\r\n");
    }
    byte[] body = c.body() == null ? new byte[0] : c.body();
    request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    c.headers().forEach((name, value) -> request.writeBytes((name + ": " + value + "\r\n")
        .getBytes(StandardCharsets.UTF_8)));
    boolean chunked = c.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Transfer-Encoding"));
    if (c.body() != null && !chunked) {
      request.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    if (chunked) {
      request.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      request.writeBytes(body);
      request.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    } else {
      request.writeBytes(body);
    }
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.toByteArray());
      socket.getOutputStream().flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      long millis = (System.nanoTime() - start) / 1_000_000;
      int status = answer.matches("(?s)HTTP/1\\.[01] \\d{3}.*") ? Integer.parseInt(answer.substring(9, 12)) : -1;
      int split = answer.indexOf("\r\n\r\n");
      return new Outcome(c, status, millis, split < 0 ? "" : answer.substring(split + 4));
    } catch (IOException e) {
      // a reset after the answer was read in full is fine; no answer at all is not
      return new Outcome(c, -1, (System.nanoTime() - start) / 1_000_000, String.valueOf(e));
    }
  }

  /** What goes in the Authorization header: nothing a client sends there may cost a 5xx. */
  private static final List<String> HOSTILE_AUTHORIZATION = List.of("Bearer", "Bearer ", "Bearer a.b.c",
      "Bearer ..", "Bearer " + "x".repeat(6000), "Basic YWRtaW46YWRtaW4=", "bearer eyJhbGciOiJub25lIn0.e30.",
      "Bearer eyJhbGciOiJub25lIn0.e30", "Bearer e30.e30.e30", "Bearer %00", "Bearer \u00e9t\u00e9.x.y",
      "Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiIxIn0.AAAA", "Bearer ey" + "J".repeat(500) + ".x.y");

  /** The cases, generated from the route table. */
  private static List<Case> corpus(List<String> table, int userId, int orderId) {
    List<Case> cases = new ArrayList<>();
    Map<String, String> json = Map.of("content-type", "application/json");
    for (String value : HOSTILE_AUTHORIZATION) {
      cases.add(new Case(HttpMethod.GET, "/users/" + userId, Map.of("Authorization", value), null));
      cases.add(new Case(HttpMethod.GET, "/user/show_one_user/" + userId, Map.of("Authorization", value), null));
    }
    for (String route : table) {
      Entry entry = ENTRIES.get(route);
      HttpMethod method = HttpMethod.valueOf(route.substring(0, route.indexOf(' ')));
      String template = route.substring(route.indexOf(' ') + 1);
      String real = template.replace(":id", Integer.toString(template.startsWith("/orders") ? orderId : userId))
          .replace(":requestId", UUID.randomUUID().toString());
      // hostile path parameters
      if (template.contains(":")) {
        for (String value : HOSTILE_PATH_VALUES) {
          String uri = template.replaceAll(":[A-Za-z]+", value);
          cases.add(new Case(method, uri, json, entry.body() == null ? null : bytes(body(entry, userId).encode())));
        }
      }
      // hostile query parameters
      for (String param : entry.queryParams()) {
        for (String value : HOSTILE_QUERY_VALUES) {
          cases.add(new Case(method, real + "?" + param + "=" + value, Map.of(), null));
        }
      }
      if (entry.body() == null) {
        continue;
      }
      // each field of the body, replaced by each hostile value, and by each raw number
      JsonObject valid = body(entry, userId);
      for (String field : valid.fieldNames()) {
        for (Object value : HOSTILE_VALUES) {
          cases.add(new Case(method, real, json, bytes(valid.copy().put(field, value).encode())));
        }
        for (String number : HOSTILE_NUMBERS) {
          String raw = valid.copy().put(field, "__N__").encode().replace("\"__N__\"", number);
          cases.add(new Case(method, real, json, bytes(raw)));
        }
      }
      // whole hostile bodies
      for (byte[] body : HOSTILE_BODIES) {
        cases.add(new Case(method, real, json, body));
      }
      // a form where JSON is expected: too many fields, one too long
      Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded");
      cases.add(new Case(method, real, form, bytes("a=1&".repeat(300))));
      cases.add(new Case(method, real, form, bytes("a=" + "x".repeat(20_000))));
      // odd headers on a valid body
      for (Map.Entry<String, String> header : ODD_HEADERS) {
        cases.add(new Case(method, real, Map.of(header.getKey(), header.getValue()), bytes(valid.encode())));
      }
    }
    for (String path : ODD_PATHS) {
      for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PATCH)) {
        cases.add(new Case(method, path, json, method == HttpMethod.GET ? null : bytes("{}")));
      }
    }
    return cases;
  }

  /** The entry's valid body; order bodies name the test's real user. */
  private static JsonObject body(Entry entry, int userId) {
    JsonObject body = entry.body().copy();
    if (body.containsKey("item_description") && body.containsKey("item_price")) {
      body.put("user_id", userId);
    }
    if (body.containsKey("nick_name")) {
      body.put("nick_name", "h" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }
    return body;
  }

}
