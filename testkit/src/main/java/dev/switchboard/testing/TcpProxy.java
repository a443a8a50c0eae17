package dev.switchboard.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a real service, so a test can fault the service for one client without touching
 * it for everyone else: {@link #cut()} closes every connection and refuses new ones (a service that went
 * away cleanly); {@link #stall()} stops reading in both directions but keeps every socket open, and accepts
 * new connections without forwarding them (a host gone without closing its sockets, a network partition:
 * nothing is lost, it waits in the kernel's buffers); {@link #restore()} ends either.
 * {@link #delayConnects} makes each new connection wait before it is forwarded (a slow handshake).
 */
public final class TcpProxy {
  private final Vertx vertx;
  private final String targetHost;
  private final int targetPort;
  /** Every open socket, both sides of each forwarded connection. */
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  /** Accepted while stalled, forwarded on restore. */
  private final Set<NetSocket> waiting = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean stalled;
  private volatile long connectDelayMs;
  private NetServer server;
  private NetClient client;

  public TcpProxy(Vertx vertx, String targetHost, int targetPort) {
    this.vertx = vertx;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  public Future<Integer> start() {
    client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(this::accept);
    return server.listen(0, "127.0.0.1").map(NetServer::actualPort);
  }

  public int port() {
    return server.actualPort();
  }

  private void accept(NetSocket inbound) {
    if (cut) {
      inbound.close();
      return;
    }
    inbound.pause();
    sockets.add(inbound);
    inbound.closeHandler(v -> {
      sockets.remove(inbound);
      waiting.remove(inbound);
    });
    if (stalled) {
      waiting.add(inbound);
    } else if (connectDelayMs > 0) {
      vertx.setTimer(connectDelayMs, t -> forward(inbound));
    } else {
      forward(inbound);
    }
  }

  private void forward(NetSocket inbound) {
    client.connect(targetPort, targetHost).onComplete(ar -> {
      if (ar.failed() || cut) {
        inbound.close();
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      NetSocket outbound = ar.result();
      sockets.add(outbound);
      inbound.handler(outbound::write);
      outbound.handler(inbound::write);
      inbound.closeHandler(v -> {
        sockets.remove(inbound);
        outbound.close();
      });
      outbound.closeHandler(v -> {
        sockets.remove(outbound);
        inbound.close();
      });
      if (stalled) {
        outbound.pause();
      } else {
        inbound.resume();
      }
    });
  }

  /** Closes every proxied connection and refuses new ones. */
  public void cut() {
    cut = true;
    sockets.forEach(NetSocket::close);
  }

  /** Stops forwarding anything, in both directions, keeping every socket open (and accepting new ones). */
  public void stall() {
    stalled = true;
    sockets.forEach(NetSocket::pause);
  }

  /** Makes every new connection wait {@code delay} before it is forwarded. */
  public void delayConnects(Duration delay) {
    connectDelayMs = delay.toMillis();
  }

  /** Ends a cut or a stall: stalled connections carry on where they stopped, waiting ones are forwarded. */
  public void restore() {
    cut = false;
    if (stalled) {
      stalled = false;
      List<NetSocket> accepted = List.copyOf(waiting);
      waiting.clear();
      sockets.stream().filter(s -> !accepted.contains(s)).forEach(NetSocket::resume);
      accepted.forEach(this::forward);
    }
  }

  public Future<Void> close() {
    cut();
    return server == null ? Future.succeededFuture() : server.close();
  }
}
