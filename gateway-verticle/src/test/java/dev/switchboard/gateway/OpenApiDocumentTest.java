package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code openapi.yaml} is a valid OpenAPI 3.1 document (vertx-openapi reads and checks it) and describes
 * exactly the routes the gateway serves: a route the document lacks, or an operation no route serves, fails.
 */
class OpenApiDocumentTest {
  /** Served outside the resource routes (health, readiness, the document itself). */
  private static final List<String> EDGE_ROUTES = List.of("GET /health", "GET /ready", "GET /openapi.yaml",
      "GET /openapi.json", "GET /", "GET /console/events");
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static OpenAPIContract contract(Vertx vertx) throws Exception {
    return OpenAPIContract.from(vertx, OpenApiDocument.load().forValidation()).toCompletionStage()
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void theDocumentAndTheRouterAgree() throws Exception {
    OpenAPIContract contract = contract(vertx);
    Set<String> documented = contract.operations().stream()
        .map(o -> o.getHttpMethod().name() + " " + o.getOpenAPIPath())
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> served = GatewayVerticle.routeTable(vertx).stream()
        .map(route -> route.replaceAll(":([A-Za-z]+)", "{$1}"))
        // the envelope routes are served with and without a trailing slash, documented once without
        .map(route -> route.length() > 1 && route.endsWith("/") ? route.substring(0, route.length() - 1) : route)
        .collect(Collectors.toCollection(TreeSet::new));
    served.addAll(EDGE_ROUTES);
    assertThat(documented).as("operations in openapi.yaml").containsExactlyInAnyOrderElementsOf(served);
  }

  /** The operations open without a token are exactly the ones the sign-in rules open (README). */
  @Test
  void onlyTheOpenRoutesNeedNoToken() throws Exception {
    io.vertx.core.json.JsonObject paths = OpenApiDocument.load().json().getJsonObject("paths");
    Set<String> open = new TreeSet<>();
    for (String path : paths.fieldNames()) {
      io.vertx.core.json.JsonObject item = paths.getJsonObject(path);
      for (String method : List.of("get", "put", "post", "delete")) {
        io.vertx.core.json.JsonObject operation = item.getJsonObject(method);
        if (operation != null && operation.getJsonArray("security") != null
            && operation.getJsonArray("security").isEmpty()) {
          open.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path);
        }
      }
    }
    assertThat(open).containsExactlyInAnyOrder("POST /auth/login", "POST /auth/refresh", "POST /auth/logout",
        "GET /.well-known/jwks.json", "POST /users", "POST /user/create_user",
        "POST /ping", "GET /messages", "GET /pong", "GET /health", "GET /ready", "GET /openapi.yaml",
        "GET /openapi.json", "GET /", "GET /console/events");
  }

  /** /docs serves Swagger UI from the jar, reading this system's document. */
  @Test
  void theDocsPageIsServedFromTheJar() throws Exception {
    io.vertx.ext.web.Router router = io.vertx.ext.web.Router.router(vertx);
    OpenApiDocument.load().mount(router);
    DocsPage.locate().mount(router);
    io.vertx.core.http.HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    io.vertx.ext.web.client.WebClient client = io.vertx.ext.web.client.WebClient.create(vertx,
        new io.vertx.ext.web.client.WebClientOptions().setFollowRedirects(false));
    java.util.function.Function<String, io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>> get =
        path -> {
          try {
            return client.get(server.actualPort(), "127.0.0.1", path).send().toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    assertThat(get.apply("/docs").statusCode()).isEqualTo(302);
    var index = get.apply("/docs/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.bodyAsString()).contains("swagger-ui").contains("swagger-initializer.js");
    assertThat(get.apply("/docs/swagger-initializer.js").bodyAsString()).contains("\"/openapi.yaml\"");
    var bundle = get.apply("/docs/swagger-ui-bundle.js");
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.getHeader("content-type")).contains("javascript");
    assertThat(get.apply("/docs/swagger-ui.css").statusCode()).isEqualTo(200);
    assertThat(get.apply("/openapi.yaml").bodyAsString()).startsWith("openapi: 3.1.0");
    assertThat(get.apply("/openapi.json").bodyAsJsonObject().getString("openapi")).isEqualTo("3.1.0");
  }
}
