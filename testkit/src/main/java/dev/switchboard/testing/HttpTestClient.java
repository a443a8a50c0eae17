package dev.switchboard.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP client for tests against one port, waiting on the test thread. Keeps every response body it
 * saw, so a test can assert something never appeared in any of them (a password, say).
 */
public final class HttpTestClient {
  private final WebClient client;
  private final String host;
  private final int port;
  private final List<String> seenBodies;
  private final Map<String, String> headers;

  public HttpTestClient(Vertx vertx, int port) {
    this(vertx, port, null);
  }

  /** A client whose connections leave from {@code localAddress} (e.g. 127.0.0.2: another client address). */
  public HttpTestClient(Vertx vertx, int port, String localAddress) {
    this(vertx, "127.0.0.1", port, localAddress);
  }

  /** A client of the server at {@code host:port} (another host's address). */
  public static HttpTestClient to(Vertx vertx, String host, int port) {
    return new HttpTestClient(vertx, host, port, null);
  }

  private HttpTestClient(Vertx vertx, String host, int port, String localAddress) {
    WebClientOptions options = new WebClientOptions().setKeepAlive(true);
    if (localAddress != null) {
      options.setLocalAddress(localAddress);
    }
    this.client = WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(100));
    this.host = host;
    this.port = port;
    this.seenBodies = new CopyOnWriteArrayList<>();
    this.headers = Map.of();
  }

  private HttpTestClient(HttpTestClient base, Map<String, String> headers) {
    this.client = base.client;
    this.host = base.host;
    this.port = base.port;
    this.seenBodies = base.seenBodies;
    this.headers = headers;
  }

  /** The same client, sending {@code Authorization: Bearer <accessToken>} on every request. */
  public HttpTestClient bearer(String accessToken) {
    return new HttpTestClient(this, Map.of("authorization", "Bearer " + accessToken));
  }

  /** Signs in ({@code POST /auth/login}) and answers the login's body; fails unless it is 200. */
  public JsonObject signIn(String nickName, String password) {
    HttpResponse<Buffer> answer = post("/auth/login", new JsonObject().put("nick_name", nickName)
        .put("password", password));
    if (answer.statusCode() != 200) {
      throw new AssertionError("sign-in as " + nickName + " answered " + answer.statusCode() + ": "
          + answer.bodyAsString());
    }
    return answer.bodyAsJsonObject();
  }

  /** A client signed in as {@code nickName}. */
  public HttpTestClient signedIn(String nickName, String password) {
    return bearer(signIn(nickName, password).getString("access_token"));
  }

  public HttpResponse<Buffer> get(String path) {
    return Await.result(send(HttpMethod.GET, path, null));
  }

  public HttpResponse<Buffer> delete(String path) {
    return Await.result(send(HttpMethod.DELETE, path, null));
  }

  public HttpResponse<Buffer> post(String path, Object body) {
    return Await.result(send(HttpMethod.POST, path, body));
  }

  public HttpResponse<Buffer> put(String path, Object body) {
    return Await.result(send(HttpMethod.PUT, path, body));
  }

  /** Sends without waiting; {@code body} is a JsonObject, a raw String or null. */
  public Future<HttpResponse<Buffer>> send(HttpMethod method, String path, Object body) {
    return send(method, path, body, Map.of());
  }

  /** Sends with extra request headers, without waiting. */
  public Future<HttpResponse<Buffer>> send(HttpMethod method, String path, Object body, Map<String, String> headers) {
    HttpRequest<Buffer> request = client.request(method, port, host, path);
    this.headers.forEach(request::putHeader);
    headers.forEach(request::putHeader);
    Future<HttpResponse<Buffer>> response;
    if (body == null) {
      response = request.send();
    } else {
      Buffer buffer = body instanceof JsonObject json ? json.toBuffer() : Buffer.buffer(body.toString());
      response = request.putHeader("content-type", "application/json").sendBuffer(buffer);
    }
    return response.onSuccess(r -> {
      if (r.body() != null) {
        seenBodies.add(r.bodyAsString());
      }
    });
  }

  public List<String> seenBodies() {
    return seenBodies;
  }

  public int port() {
    return port;
  }
}
