package dev.switchboard.contract.order;

import dev.switchboard.contract.ApiClient;
import dev.switchboard.contract.ApiServer;
import dev.switchboard.contract.Page;
import dev.switchboard.contract.PageRequest;
import dev.switchboard.contract.Service;
import dev.switchboard.contract.ServiceClient;
import dev.switchboard.contract.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;

/**
 * The order service ({@link Service#ORDER}), with the accepting side of the durable intake. Every future
 * fails with a {@link ServiceFailure} whose status is what the failure means: 400 (invalid fields, each
 * listed), 404 (no such order, user or intake request), 422 (the user does not exist; a total that does not
 * fit; an idempotency key reused for another order), 503/504 (the service, its database or the broker is
 * not available in time).
 */
public interface OrderApi {
  /** The action names: the event-bus {@code action} header, the AMQP {@code type} property. */
  String CREATE = "create";
  String LIST = "list";
  String LIST_BY_USER = "list-by-user";
  String GET = "get";
  String UPDATE = "update";
  String DELETE = "delete";
  String ENQUEUE = "enqueue";
  String INTAKE_STATUS = "intake-status";

  /** Creates an order; 422 when its user does not exist. */
  Future<Order> create(NewOrder order);

  /** Orders ordered by id, one user's or everybody's. */
  Future<Page<Order>> list(OrderQuery query);

  /** One user's orders; 404 when the user does not exist. */
  Future<Page<Order>> listByUser(int userId, PageRequest page);

  Future<Order> get(int orderId);

  Future<Order> update(int orderId, OrderChanges changes);

  Future<Void> delete(int orderId);

  /** Accepts an order for the intake: answered once the intake holds it (the request's state). */
  Future<IntakeStatus> enqueue(IntakeRequest request);

  Future<IntakeStatus> intakeStatus(UUID intakeId);

  /** Calls the order service over {@code transport}. */
  static OrderApi client(ServiceClient transport) {
    ApiClient api = new ApiClient(transport);
    return new OrderApi() {
      @Override
      public Future<Order> create(NewOrder order) {
        return api.call(CREATE, order.toJson(), Order::fromJson);
      }

      @Override
      public Future<Page<Order>> list(OrderQuery query) {
        return api.call(LIST, query.toJson(), json -> Page.fromJson(json, Order::fromJson));
      }

      @Override
      public Future<Page<Order>> listByUser(int userId, PageRequest page) {
        return api.call(LIST_BY_USER, page.toJson().put(Order.USER_ID, userId),
            json -> Page.fromJson(json, Order::fromJson));
      }

      @Override
      public Future<Order> get(int orderId) {
        return api.call(GET, id(orderId), Order::fromJson);
      }

      @Override
      public Future<Order> update(int orderId, OrderChanges changes) {
        return api.call(UPDATE, changes.toJson().put(Order.ORDER_ID, orderId), Order::fromJson);
      }

      @Override
      public Future<Void> delete(int orderId) {
        return api.call(DELETE, id(orderId));
      }

      @Override
      public Future<IntakeStatus> enqueue(IntakeRequest request) {
        return api.call(ENQUEUE, request.toJson(), IntakeStatus::fromJson);
      }

      @Override
      public Future<IntakeStatus> intakeStatus(UUID intakeId) {
        return api.call(INTAKE_STATUS, new JsonObject().put(IntakeStatus.INTAKE_ID, intakeId.toString()),
            IntakeStatus::fromJson);
      }
    };
  }

  /** Serves {@code orders}: each action decodes and checks its request, calls it and encodes the reply. */
  static Map<String, ApiServer.Action> server(OrderApi orders) {
    return new ApiServer()
        .on(CREATE, NewOrder::fromJson, order -> orders.create(order).map(Order::toJson))
        .on(LIST, OrderQuery::fromJson, query -> orders.list(query).map(p -> p.toJson(Order::toJson)))
        .on(LIST_BY_USER, json -> Map.entry(OrderRules.userId(json), OrderRules.page(json)),
            call -> orders.listByUser(call.getKey(), call.getValue()).map(p -> p.toJson(Order::toJson)))
        .on(GET, OrderRules::orderId, id -> orders.get(id).map(Order::toJson))
        .on(UPDATE, json -> Map.entry(OrderRules.orderId(json), OrderChanges.fromJson(json)),
            call -> orders.update(call.getKey(), call.getValue()).map(Order::toJson))
        .on(DELETE, OrderRules::orderId, id -> ApiServer.empty(orders.delete(id)))
        .on(ENQUEUE, IntakeRequest::fromJson, request -> orders.enqueue(request).map(IntakeStatus::toJson))
        .on(INTAKE_STATUS, json -> OrderRules.intakeId(json.getValue(IntakeStatus.INTAKE_ID), IntakeStatus.INTAKE_ID),
            id -> orders.intakeStatus(id).map(IntakeStatus::toJson))
        .actions();
  }

  private static JsonObject id(int orderId) {
    return new JsonObject().put(Order.ORDER_ID, orderId);
  }
}
