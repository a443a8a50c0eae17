package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contract.Page;
import dev.switchboard.contract.PageRequest;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.contract.order.IntakeRequest;
import dev.switchboard.contract.order.IntakeStatus;
import dev.switchboard.contract.order.NewOrder;
import dev.switchboard.contract.order.Order;
import dev.switchboard.contract.order.OrderApi;
import dev.switchboard.contract.order.OrderChanges;
import dev.switchboard.contract.order.OrderQuery;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The order and intake routes against a fake {@link OrderApi}: what the gateway itself decides. */
class OrderRoutesTest {
  private static final Order TEA = new Order(3, 7, "Tea", 2, 150, 300, "PENDING", "2026-12-01T10:00:00",
      "2026-12-01T10:00:00");
  private final FakeOrders orders = new FakeOrders();
  private GatewayFixture gateway;

  @BeforeEach
  void start() throws Exception {
    gateway = new GatewayFixture(null, null, null, orders);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
  }

  private static JsonObject tea() {
    return new JsonObject().put("user_id", 7).put("item_description", "  Tea ").put("item_quantity", 2)
        .put("item_price", 150);
  }

  @Test
  void aCreatedOrderIsAnswered201WithItsLocationAndItsTotalComputedHere() throws Exception {
    orders.script.next = () -> Future.succeededFuture(TEA);
    HttpResponse<Buffer> created = gateway.send(HttpMethod.POST, "/orders", tea().put("total_value", 1));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.getHeader("location")).isEqualTo("/orders/3");
    assertThat(created.bodyAsJsonObject()).isEqualTo(TEA.toJson());
    NewOrder sent = (NewOrder) orders.script.calls.get(0);
    assertThat(sent).isEqualTo(new NewOrder(7, "Tea", 2, 150));
    assertThat(sent.totalValue()).isEqualTo(300);
  }

  /** What the source system took stays taken: a status in any case, padding the rules trim, a null member. */
  @Test
  void theContractRefusesNothingTheRulesTake() throws Exception {
    orders.script.next = () -> Future.succeededFuture(TEA);
    HttpResponse<Buffer> changed = gateway.send(HttpMethod.PUT, "/orders/003", new JsonObject().put("status", "cancelled")
        .put("item_description", " ".repeat(40) + "Tea" + " ".repeat(240)).putNull("item_price"));
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    assertThat(orders.script.calls).contains(new OrderChanges("Tea", null, null, "CANCELLED"));
  }

  @Test
  void anOrderBreakingTheRulesIsRefusedBeforeAnyCall() throws Exception {
    HttpResponse<Buffer> refused = gateway.send(HttpMethod.POST, "/orders", new JsonObject().put("user_id", 0));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("field")).toList())
        .containsExactly("user_id", "item_description", "item_quantity", "item_price");
    HttpResponse<Buffer> tooLarge = gateway.send(HttpMethod.POST, "/orders",
        tea().put("item_quantity", 100_000).put("item_price", 100_000));
    assertThat(tooLarge.statusCode()).isEqualTo(422);
    HttpResponse<Buffer> notJson = gateway.send(HttpMethod.POST, "/orders", Buffer.buffer("{\"user_id\":"),
        "content-type", "application/json");
    assertThat(notJson.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> huge = gateway.send(HttpMethod.POST, "/orders",
        Buffer.buffer("{\"item_description\":\"" + "x".repeat(GatewayFixture.MAX_BODY) + "\"}"),
        "content-type", "application/json");
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(orders.script.calls).isEmpty();
  }

  @Test
  void aMissingUserIs422AndAListingPassesItsQuery() throws Exception {
    orders.script.next = () -> Future.failedFuture(ServiceFailure.unprocessable("user_id 7 does not exist"));
    assertThat(gateway.send(HttpMethod.POST, "/orders", tea()).statusCode()).isEqualTo(422);
    orders.script.next = () -> Future.succeededFuture(new Page<>(List.of(TEA)));
    HttpResponse<Buffer> listed = gateway.send(HttpMethod.GET, "/orders?user_id=7&limit=5", null);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.bodyAsJsonArray().getJsonObject(0)).isEqualTo(TEA.toJson());
    assertThat(orders.script.calls.get(1)).isEqualTo(new OrderQuery(7, new PageRequest(5, 0)));
    assertThat(gateway.send(HttpMethod.GET, "/orders?user_id=0", null).statusCode()).isEqualTo(400);
  }

  @Test
  void theIntakeAnswers202WithWhereToLookAndChecksTheIdempotencyKey() throws Exception {
    UUID id = UUID.randomUUID();
    orders.script.next = () -> Future.succeededFuture(IntakeStatus.queued(id));
    HttpResponse<Buffer> accepted = gateway.send(HttpMethod.POST, "/queue/neworder", tea(), "Idempotency-Key", "k-1");
    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(accepted.getHeader("location")).isEqualTo("/queue/neworder/" + id);
    assertThat(accepted.bodyAsJsonObject()).isEqualTo(new JsonObject().put("request_id", id.toString())
        .put("status", "QUEUED"));
    assertThat(((IntakeRequest) orders.script.calls.get(0)).idempotencyKey()).isEqualTo("k-1");
    HttpResponse<Buffer> badKey = gateway.send(HttpMethod.POST, "/queue/neworder", tea(), "Idempotency-Key",
        "with space");
    assertThat(badKey.statusCode()).isEqualTo(400);
    assertThat(badKey.bodyAsString()).contains("Idempotency-Key");
    assertThat(gateway.send(HttpMethod.GET, "/queue/neworder/not-a-uuid", null).statusCode()).isEqualTo(400);
    orders.script.next = () -> Future.succeededFuture(new IntakeStatus(id, "STORED", 3, null));
    assertThat(gateway.send(HttpMethod.GET, "/queue/neworder/" + id, null).bodyAsJsonObject().getInteger("order_id"))
        .isEqualTo(3);
    assertThat(orders.script.calls).hasSize(2);
  }

  @Test
  void aUsersOrdersAreCachedPerPage() throws Exception {
    orders.script.next = () -> Future.succeededFuture(new Page<>(List.of(TEA)));
    assertThat(gateway.send(HttpMethod.GET, "/users/7/orders", null).getHeader("X-Cache")).isEqualTo("MISS");
    assertThat(gateway.send(HttpMethod.GET, "/users/7/orders?limit=20", null).getHeader("X-Cache")).isEqualTo("HIT");
    assertThat(gateway.send(HttpMethod.GET, "/users/7/orders?offset=1", null).getHeader("X-Cache")).isEqualTo("MISS");
    orders.script.next = () -> Future.failedFuture(ServiceFailure.notFound("No user with id 8"));
    assertThat(gateway.send(HttpMethod.GET, "/users/8/orders", null).statusCode()).isEqualTo(404);
    assertThat(orders.script.calls).hasSize(3);
  }

  private static final class FakeOrders implements OrderApi {
    final GatewayFixture.Script script = new GatewayFixture.Script();

    @Override
    public Future<Order> create(NewOrder order) {
      return script.answer(order);
    }

    @Override
    public Future<Page<Order>> list(OrderQuery query) {
      return script.answer(query);
    }

    @Override
    public Future<Page<Order>> listByUser(int userId, PageRequest page) {
      return script.answer(page);
    }

    @Override
    public Future<Order> get(int orderId) {
      return script.answer(orderId);
    }

    @Override
    public Future<Order> update(int orderId, OrderChanges changes) {
      return script.answer(changes);
    }

    @Override
    public Future<Void> delete(int orderId) {
      return script.answer(orderId);
    }

    @Override
    public Future<IntakeStatus> enqueue(IntakeRequest request) {
      return script.answer(request);
    }

    @Override
    public Future<IntakeStatus> intakeStatus(UUID intakeId) {
      return script.answer(intakeId);
    }
  }
}
