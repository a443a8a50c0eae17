package dev.switchboard.gateway;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code GET /docs}: Swagger UI reading {@code /openapi.yaml}, its files served from the Swagger UI webjar in
 * the gateway jar (nothing is fetched at run time). "Try it out" calls this same process; the bearer token of
 * {@code POST /auth/login} goes in "Authorize" and is kept across reloads. Finding the webjar reads the jar:
 * do it off the event loop, once.
 */
final class DocsPage {
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
  private static final String INITIALIZER = """
      window.onload = function () {
        window.ui = SwaggerUIBundle({
          url: "/openapi.yaml",
          dom_id: "#swagger-ui",
          deepLinking: true,
          persistAuthorization: true,
          tryItOutEnabled: true,
          presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
          plugins: [SwaggerUIBundle.plugins.DownloadUrl],
          layout: "StandaloneLayout"
        });
      };
      """;
  private final String root;

  private DocsPage(String root) {
    this.root = root;
  }

  /** Locates the webjar's files by the version its own pom.properties names. */
  static DocsPage locate() {
    try (InputStream in = DocsPage.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("The gateway jar holds no Swagger UI webjar");
      }
      Properties properties = new Properties();
      properties.load(in);
      return new DocsPage(WEBJAR + properties.getProperty("version"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void mount(Router router) {
    // (a route of /docs also matches /docs/: only the bare one is sent on)
    router.get("/docs").handler(ctx -> {
      if (ctx.request().path().equals("/docs")) {
        ctx.redirect("/docs/");
      } else {
        ctx.next();
      }
    });
    router.get("/docs/swagger-initializer.js").handler(ctx -> ctx.response()
        .putHeader("content-type", "application/javascript; charset=utf-8").end(INITIALIZER));
    router.get("/docs/*").handler(StaticHandler.create(root).setCachingEnabled(true).setMaxAgeSeconds(3600));
  }
}
