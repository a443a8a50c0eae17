package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contract.Page;
import dev.switchboard.contract.ping.MessageQuery;
import dev.switchboard.contract.ping.PingMessage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /ping} and {@code GET /messages} against fake ping and pong sides. */
class PingRoutesTest {
  private static final PingMessage HELLO = new PingMessage("p-1", "2026-12-01T10:00:00.000+00:00", "hello");
  private final List<Object> asked = new ArrayList<>();
  private Future<PingMessage> published = Future.succeededFuture(HELLO);
  private GatewayFixture gateway;

  @BeforeEach
  void start() throws Exception {
    gateway = new GatewayFixture(msg -> {
      asked.add(msg);
      return published;
    }, query -> {
      asked.add(query);
      return Future.succeededFuture(new Page<>(List.of(HELLO)));
    }, null, null);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
  }

  @Test
  void aPingIsAnswered202InTheSourceSystemsShapeToo() throws Exception {
    HttpResponse<Buffer> answer = gateway.send(HttpMethod.POST, "/ping", new JsonObject().put("msg", "hello"),
        "X-Request-Id", "ping-trace");
    assertThat(answer.statusCode()).isEqualTo(202);
    assertThat(answer.bodyAsJsonObject()).isEqualTo(HELLO.toJson().put("message", "Created at " + HELLO.date())
        .put("content", "hello"));
    assertThat(answer.getHeader("x-request-id")).isEqualTo("ping-trace");
    assertThat(asked).containsExactly("hello");
  }

  @Test
  void anEmptyPingIsRefusedAndAnUnreachableBrokerIs503() throws Exception {
    assertThat(gateway.send(HttpMethod.POST, "/ping", new JsonObject().put("msg", "  ")).statusCode()).isEqualTo(400);
    assertThat(gateway.send(HttpMethod.POST, "/ping", new JsonObject()).statusCode()).isEqualTo(400);
    assertThat(asked).isEmpty();
    published = Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS, "no ping service"));
    assertThat(gateway.send(HttpMethod.POST, "/ping", new JsonObject().put("msg", "x")).statusCode()).isEqualTo(503);
  }

  @Test
  void bothNamesOfTheListingPassTheQuery() throws Exception {
    HttpResponse<Buffer> messages = gateway.send(HttpMethod.GET, "/messages?limit=5&after=p-0", null);
    assertThat(messages.bodyAsJsonArray().getJsonObject(0)).isEqualTo(HELLO.toJson());
    assertThat(gateway.send(HttpMethod.GET, "/pong", null).statusCode()).isEqualTo(200);
    assertThat(asked).containsExactly(new MessageQuery(5, "p-0"), new MessageQuery(100, null));
    assertThat(gateway.send(HttpMethod.GET, "/messages?limit=1001", null).statusCode()).isEqualTo(400);
  }
}
