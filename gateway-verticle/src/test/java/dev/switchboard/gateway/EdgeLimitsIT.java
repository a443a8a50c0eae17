package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.JarProcess;
import dev.switchboard.testing.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the HTTP server tolerates from a client, each limit checked with a raw socket against the gateway
 * on its own (no service behind it is needed): a client trickling its headers or its body one byte at a
 * time is cut off at the deadline while the server keeps serving everyone else; an idle connection is
 * closed; headers and request lines over their limits are refused with a problem body.
 */
@ExtendWith(VertxExtension.class)
class EdgeLimitsIT {
  private static final long HEADER_TIMEOUT_MS = 1_000;
  private static final long BODY_TIMEOUT_MS = 1_000;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    start(vertx, HEADER_TIMEOUT_MS, 2);
  }

  private void start(Vertx vertx, long headerTimeoutMs, int idleTimeoutSeconds) {
    TestConfig config = TestConfig.create();
    JsonObject conf = config.json();
    conf.getJsonObject("http").put("headerTimeoutMs", headerTimeoutMs).put("bodyTimeoutMs", BODY_TIMEOUT_MS)
        .put("idleTimeoutSeconds", idleTimeoutSeconds).put("maxHeaderSize", 4096).put("maxInitialLineLength", 1024);
    Await.result(vertx.deployVerticle(new GatewayApplication(), new DeploymentOptions().setConfig(conf)));
    port = config.httpPort();
    Await.until("the gateway to answer", Duration.ofSeconds(30), () -> JarProcess.status(port, "/health") == 200);
  }

  @Test
  void aClientTricklingItsHeadersIsCutOffAndOthersAreServedMeanwhile() throws Exception {
    try (Socket slow = new Socket("127.0.0.1", port)) {
      slow.setSoTimeout(200);
      OutputStream out = slow.getOutputStream();
      out.write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      boolean closed = false;
      for (int i = 0; i < 60 && !closed; i++) {
        try {
          out.write('X');
          out.flush();
        } catch (IOException e) {
          closed = true;
          break;
        }
        // the others are served while the slow client holds its connection
        assertThat(JarProcess.status(port, "/health")).isEqualTo(200);
        closed = closedByServer(slow);
      }
      long heldMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(closed).as("connection closed by the server").isTrue();
      assertThat(heldMs).isBetween(HEADER_TIMEOUT_MS - 100, HEADER_TIMEOUT_MS + 3_000);
    }
  }

  @Test
  void aClientTricklingItsBodyIsAnswered408AndCutOff() throws Exception {
    try (Socket slow = new Socket("127.0.0.1", port)) {
      slow.setSoTimeout(200);
      OutputStream out = slow.getOutputStream();
      out.write(("POST /ping HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.nanoTime();
      StringBuilder answer = new StringBuilder();
      for (int i = 0; i < 60; i++) {
        try {
          out.write(' ');
          out.flush();
        } catch (IOException e) {
          break;
        }
        assertThat(JarProcess.status(port, "/health")).isEqualTo(200);
        if (readAvailable(slow, answer)) {
          break;
        }
      }
      long heldMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(answer.toString()).startsWith("HTTP/1.1 408").contains("application/problem+json")
          .contains("did not arrive within");
      assertThat(heldMs).isBetween(BODY_TIMEOUT_MS - 100, BODY_TIMEOUT_MS + 3_000);
    }
  }

  @Test
  void aSilentConnectionIsClosed() throws Exception {
    try (Socket silent = new Socket("127.0.0.1", port)) {
      silent.setSoTimeout(5_000);
      long start = System.nanoTime();
      assertThat(silent.getInputStream().read()).as("end of stream").isEqualTo(-1);
      assertThat((System.nanoTime() - start) / 1_000_000).isBetween(HEADER_TIMEOUT_MS - 100, 3_000L);
    }
  }

  @Test
  void anIdleKeptAliveConnectionIsClosedAtTheIdleTimeout(Vertx vertx) throws Exception {
    // a second gateway whose header deadline is long, so that only the idle timeout (1 s) can close
    start(vertx, 30_000, 1);
    try (Socket idle = new Socket("127.0.0.1", port)) {
      idle.setSoTimeout(10_000);
      idle.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = idle.getInputStream();
      byte[] buffer = new byte[4096];
      int read = in.read(buffer);
      assertThat(new String(buffer, 0, read, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
      long start = System.nanoTime();
      while (in.read(buffer) >= 0) {
        // drain until the server closes
      }
      assertThat((System.nanoTime() - start) / 1_000_000).isBetween(800L, 5_000L);
    }
  }

  @Test
  void headersOverTheLimitAre431AndALongRequestLine414() throws Exception {
    String big = raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(8_000) + "\r\n\r\n");
    assertThat(big).startsWith("HTTP/1.").contains(" 431 ").contains("application/problem+json")
        .contains("headers are too large");
    String longLine = raw("GET /" + "a".repeat(2_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(longLine).contains(" 414 ").contains("request line is too long");
    String notHttp = raw("HELLO\r\n\r\n");
    assertThat(notHttp).contains(" 400 ");
    assertThat(JarProcess.status(port, "/health")).isEqualTo(200);
  }

  @Test
  void tooManyOrTooLargeFormFieldsAreRefused() throws Exception {
    String fields = "a=1&".repeat(200) + "b=" + "x".repeat(10_000);
    String answer = raw("POST /ping HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: " + fields.length() + "\r\nConnection: close\r\n\r\n" + fields);
    assertThat(answer).matches("(?s)HTTP/1\\.1 4\\d\\d .*");
    assertThat(JarProcess.status(port, "/health")).isEqualTo(200);
  }

  /** Sends {@code request} on a connection of its own and reads what comes back until the server closes. */
  private String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      StringBuilder answer = new StringBuilder();
      try {
        byte[] buffer = new byte[8192];
        int read;
        while ((read = socket.getInputStream().read(buffer)) >= 0) {
          answer.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
        }
      } catch (IOException e) {
        // a reset after the answer: what was read is the answer
      }
      return answer.toString();
    }
  }

  private static boolean closedByServer(Socket socket) throws IOException {
    try {
      return socket.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** Appends what the server sent; true once the server answered or closed. */
  private static boolean readAvailable(Socket socket, StringBuilder answer) {
    byte[] buffer = new byte[8192];
    try {
      int read = socket.getInputStream().read(buffer);
      if (read < 0) {
        return true;
      }
      answer.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
      return answer.length() > 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
