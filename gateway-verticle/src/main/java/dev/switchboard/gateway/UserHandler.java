package dev.switchboard.gateway;

import dev.switchboard.cache.CacheKeys;
import dev.switchboard.contract.user.NewUser;
import dev.switchboard.contract.user.PasswordChange;
import dev.switchboard.contract.user.User;
import dev.switchboard.contract.user.UserApi;
import dev.switchboard.contract.user.UserChanges;
import dev.switchboard.contract.user.UserRules;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Users: the REST routes under {@code /users}, and the source system's route names under {@code /user/…}
 * answering with its {@code {"Status","Message"}} envelope. Bodies are checked against the contract here
 * (a 400 listing every failing field, without a call) and again by the service.
 */
final class UserHandler {
  private final UserApi users;
  private final CachedReads cached;
  private final Guard guard;

  UserHandler(UserApi users, CachedReads cached, Guard guard) {
    this.users = users;
    this.cached = cached;
    this.guard = guard;
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
    NewUser user = Requests.body(ctx, NewUser::fromJson);
    return users.create(user).map(created -> Reply.created(created.toJson(), "/users/" + created.userId()));
  }

  private Future<Reply> list(RoutingContext ctx) {
    return guard.audited(ctx, "user.list", null, users.list(UserRules.page(Requests.page(ctx))))
        .map(page -> Reply.ok(page.items(User::toJson)));
  }

  private Future<Reply> get(RoutingContext ctx) {
    int id = Requests.id(ctx, "id");
    return guard.access().self(id).compose(v -> cached.get(ctx, CacheKeys.user(id), "",
        () -> users.get(id).map(user -> Reply.ok(user.toJson()))));
  }

  private Future<Reply> update(RoutingContext ctx) {
    int id = Requests.id(ctx, "id");
    UserChanges changes = Requests.body(ctx, UserChanges::fromJson);
    return guard.audited(ctx, "user.update", Integer.toString(id), users.update(id, changes))
        .map(user -> Reply.ok(user.toJson()));
  }

  private Future<Reply> changePassword(RoutingContext ctx) {
    int id = Requests.id(ctx, "id");
    PasswordChange change = Requests.body(ctx, PasswordChange::fromJson);
    return guard.throttled(ctx, "user:" + id, "user.change_password", () -> users.changePassword(id, change))
        .map(v -> Reply.noContent());
  }

  private Future<Reply> delete(RoutingContext ctx) {
    int id = Requests.id(ctx, "id");
    return guard.audited(ctx, "user.delete", Integer.toString(id), users.delete(id)).map(v -> Reply.noContent());
  }
}
