package dev.switchboard.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain AMQP client on the test thread, playing another program on the broker (the source system's
 * Python publisher, an operator reading a dead-letter queue).
 */
public final class RawAmqp implements AutoCloseable {
  private final Connection connection;
  private final Channel channel;
  private String replyQueue;

  public RawAmqp(String uri) {
    try {
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(uri);
      factory.setAutomaticRecoveryEnabled(false);
      connection = factory.newConnection("switchboard-test");
      channel = connection.createChannel();
      channel.confirmSelect();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot connect to " + uri, e);
    }
  }

  /** Publishes a persistent message to a queue through the default exchange and waits for the confirm. */
  public void publish(String queue, byte[] body, AMQP.BasicProperties props) {
    try {
      channel.basicPublish("", queue, props == null ? new AMQP.BasicProperties.Builder().deliveryMode(2).build() : props,
          body);
      channel.waitForConfirmsOrDie(5_000);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Takes every message currently in a queue (acknowledging them). */
  public List<GetResponse> drain(String queue) {
    List<GetResponse> messages = new ArrayList<>();
    try {
      GetResponse r;
      while ((r = channel.basicGet(queue, true)) != null) {
        messages.add(r);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return messages;
  }

  public long messageCount(String queue) {
    try {
      return channel.messageCount(queue);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the queue exists (asked on a channel of its own: a missing queue closes the channel asking). */
  public boolean exists(String queue) {
    try (Channel c = connection.createChannel()) {
      c.queueDeclarePassive(queue);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** Deletes an exchange, if it exists. */
  public void deleteExchange(String exchange) {
    try (com.rabbitmq.client.Channel ch = connection.createChannel()) {
      ch.exchangeDelete(exchange);
    } catch (java.io.IOException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Could not delete exchange " + exchange, e);
    }
  }

  public void deleteQueue(String queue) {
    try (Channel c = connection.createChannel()) {
      c.queueDelete(queue);
    } catch (Exception e) {
      // absent already
    }
  }

  /** A reply to {@link #call}: the {@code status} header and the JSON body. */
  public record Reply(int status, io.vertx.core.json.JsonObject body, AMQP.BasicProperties properties) {
  }

  /**
   * A request/reply call following docs/rabbitmq-rpc.md: publishes {@code body} to {@code queue} with the
   * action in {@code type}, a fresh correlation id and this client's own reply queue, then waits for the
   * reply carrying that correlation id.
   */
  public Reply call(String queue, String type, byte[] body, java.time.Duration timeout) {
    String correlationId = java.util.UUID.randomUUID().toString();
    return call(queue, body, timeout, new AMQP.BasicProperties.Builder()
        .correlationId(correlationId).type(type).contentType("application/json")
        .expiration(Long.toString(timeout.toMillis()))
        .headers(java.util.Map.of("x-request-id", "raw-" + correlationId.substring(0, 8))));
  }

  /**
   * A call the way the source system's Flask gateway makes it: the JSON body, {@code reply_to} (an
   * exclusive queue of its own) and {@code correlation_id}, no {@code type}, no headers; returns the reply's
   * body and status, or fails after {@code timeout}.
   */
  /**
   * Like {@link #call}, for the user {@code subject} with {@code roles} — the principal headers the gateway
   * sets after verifying a token (whoever may publish on the broker may set them: the trust boundary).
   */
  public Reply callAs(String queue, String type, byte[] body, java.time.Duration timeout, String subject, String roles) {
    String correlationId = java.util.UUID.randomUUID().toString();
    return call(queue, body, timeout, new AMQP.BasicProperties.Builder()
        .correlationId(correlationId).type(type).contentType("application/json")
        .expiration(Long.toString(timeout.toMillis()))
        .headers(java.util.Map.of("x-request-id", "raw-" + correlationId.substring(0, 8), "x-subject", subject,
            "x-roles", roles)));
  }

  public Reply callLikeTheSourceGateway(String queue, byte[] body, java.time.Duration timeout) {
    return call(queue, body, timeout, new AMQP.BasicProperties.Builder()
        .correlationId(java.util.UUID.randomUUID().toString()));
  }

  private Reply call(String queue, byte[] body, java.time.Duration timeout, AMQP.BasicProperties.Builder request) {
    try {
      if (replyQueue == null) {
        replyQueue = channel.queueDeclare("", false, true, true, null).getQueue();
      }
      AMQP.BasicProperties props = request.replyTo(replyQueue).build();
      channel.basicPublish("", queue, props, body);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        GetResponse r = channel.basicGet(replyQueue, true);
        if (r == null) {
          Thread.sleep(20);
          continue;
        }
        if (props.getCorrelationId().equals(r.getProps().getCorrelationId())) {
          Object status = r.getProps().getHeaders() == null ? null : r.getProps().getHeaders().get("status");
          return new Reply(status instanceof Number n ? n.intValue() : 200,
              new io.vertx.core.json.JsonObject(new String(r.getBody(), java.nio.charset.StandardCharsets.UTF_8)),
              r.getProps());
        }
      }
      throw new AssertionError("No reply from " + queue + " within " + timeout);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public Channel channel() {
    return channel;
  }

  @Override
  public void close() {
    try {
      connection.close(2_000);
    } catch (Exception e) {
      connection.abort();
    }
  }
}
