package dev.switchboard.contract.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.contract.ServiceFailure;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderRulesTest {

  static JsonObject valid() {
    return new JsonObject().put("user_id", 1).put("item_description", "  Coffee beans 1kg ")
        .put("item_quantity", 3).put("item_price", 4590);
  }

  private static ServiceFailure failure(Runnable validation) {
    ServiceFailure failure = catchThrowableOfType(ServiceFailure.class, validation::run);
    assertThat(failure).isNotNull();
    return failure;
  }

  private static List<String> fields(ServiceFailure failure) {
    return failure.errors().stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }

  @Test
  void acceptsAValidOrderAndComputesItsTotal() {
    NewOrder order = OrderRules.newOrder(valid().put("total_value", 1).put("status", "CONFIRMED"));
    assertThat(order.itemDescription()).isEqualTo("Coffee beans 1kg");
    assertThat(order.totalValue()).isEqualTo(13_770);
    assertThat(OrderRules.newOrder(valid().put("item_price", 0)).totalValue()).isZero();
  }

  @Test
  void listsEveryFailingField() {
    ServiceFailure all = failure(() -> OrderRules.newOrder(new JsonObject()));
    assertThat(all.status()).isEqualTo(400);
    assertThat(fields(all)).containsExactly("user_id", "item_description", "item_quantity", "item_price");

    ServiceFailure bad = failure(() -> OrderRules.newOrder(new JsonObject().put("user_id", 0)
        .put("item_description", " ").put("item_quantity", 0).put("item_price", -1)));
    assertThat(fields(bad)).containsExactly("user_id", "item_description", "item_quantity", "item_price");
    assertThat(fields(failure(() -> OrderRules.newOrder(valid().put("item_description", "d".repeat(257))))))
        .containsExactly("item_description");
    assertThat(fields(failure(() -> OrderRules.newOrder(valid().put("item_quantity", 1.5)))))
        .containsExactly("item_quantity");
    assertThat(fields(failure(() -> OrderRules.newOrder(valid().put("item_price", "10")))))
        .containsExactly("item_price");
    assertThat(OrderRules.newOrder(valid().put("item_description", "d".repeat(256)))).isNotNull();
  }

  @Test
  void aTotalThatDoesNotFitAnIntegerIs422() {
    ServiceFailure overflow = failure(() -> OrderRules.newOrder(valid().put("item_quantity", 100_000)
        .put("item_price", 100_000)));
    assertThat(overflow.status()).isEqualTo(422);
    assertThat(fields(overflow)).containsExactly("total_value");
    assertThat(OrderRules.newOrder(valid().put("item_quantity", 1).put("item_price", Integer.MAX_VALUE))
        .totalValue()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void changesNeedOneKnownFieldAndAKnownStatus() {
    assertThat(fields(failure(() -> OrderRules.changes(new JsonObject())))).containsExactly("body");
    ServiceFailure unknownStatus = failure(() -> OrderRules.changes(new JsonObject().put("status", "SHIPPED")));
    assertThat(unknownStatus.status()).isEqualTo(400);
    assertThat(fields(unknownStatus)).containsExactly("status");
    assertThat(OrderRules.changes(new JsonObject().put("status", "cancelled")).status()).isEqualTo("CANCELLED");
    assertThat(failure(() -> OrderRules.changes(new JsonObject().put("item_quantity", 65_536)
        .put("item_price", 65_536))).status()).isEqualTo(422);
  }
}
