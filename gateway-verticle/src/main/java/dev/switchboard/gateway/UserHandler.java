package dev.switchboard.gateway;

import dev.switchboard.contract.ServiceClient;
import dev.switchboard.cache.CacheKeys;
import dev.switchboard.contract.Actions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Users: the REST routes under {@code /users}, and the source system's route names under {@code /user/…}
 * answering with its {@code {"Status","Message"}} envelope.
 */
final class UserHandler {
  private final ServiceClient users;
  private final CachedReads cached;

  UserHandler(ServiceClient users, CachedReads cached) {
    this.users = users;
    this.cached = cached;
  }

  void mount(Router router, Routes routes) {
    routes.rest(router.post("/users"), this::create);
    routes.rest(router.get("/users"), this::list);
    routes.rest(router.get("/users/:id"), this::get);
    routes.rest(router.put("/users/:id"), this::update);
    routes.rest(router.put("/users/:id/password"), this::changePassword);
    routes.rest(router.delete("/users/:id"), this::delete);

    for (String slash : new String[] {"", "/"}) {
      routes.envelope(router.post("/user/create_user" + slash), this::create);
      routes.envelope(router.get("/user/show_all_user" + slash), this::list);
      routes.envelope(router.get("/user/show_one_user/:id" + slash), this::get);
      routes.envelope(router.put("/user/edit_user/:id" + slash), this::update);
      routes.envelope(router.put("/user/edit_password/:id" + slash), this::changePassword);
      routes.envelope(router.delete("/user/delete_user/:id" + slash), this::delete);
    }
  }

  private Future<Reply> create(RoutingContext ctx) {
    return users.request(Actions.User.CREATE, Requests.jsonObject(ctx), RequestIds.of(ctx))
        .map(user -> Reply.created(user, "/users/" + user.getInteger("user_id")));
  }

  private Future<Reply> list(RoutingContext ctx) {
    JsonObject query = Requests.page(ctx);
    return users.request(Actions.User.LIST, query, RequestIds.of(ctx))
        .map(page -> Reply.ok(page.getJsonArray("items", new JsonArray())));
  }

  private Future<Reply> get(RoutingContext ctx) {
    int id = Requests.id(ctx, "id");
    return cached.get(ctx, CacheKeys.user(id), "", () -> users.request(Actions.User.GET,
        new JsonObject().put("user_id", id), RequestIds.of(ctx)).map(Reply::ok));
  }

  private Future<Reply> update(RoutingContext ctx) {
    int id = Requests.id(ctx, "id");
    JsonObject body = Requests.jsonObject(ctx).put("user_id", id);
    return users.request(Actions.User.UPDATE, body, RequestIds.of(ctx)).map(Reply::ok);
  }

  private Future<Reply> changePassword(RoutingContext ctx) {
    int id = Requests.id(ctx, "id");
    JsonObject body = Requests.jsonObject(ctx).put("user_id", id);
    return users.request(Actions.User.CHANGE_PASSWORD, body, RequestIds.of(ctx)).map(v -> Reply.noContent());
  }

  private Future<Reply> delete(RoutingContext ctx) {
    return users.request(Actions.User.DELETE, idOnly(ctx), RequestIds.of(ctx)).map(v -> Reply.noContent());
  }

  private static JsonObject idOnly(RoutingContext ctx) {
    return new JsonObject().put("user_id", Requests.id(ctx, "id"));
  }
}
