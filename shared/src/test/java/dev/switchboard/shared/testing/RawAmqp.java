package dev.switchboard.shared.testing;

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

  public void deleteQueue(String queue) {
    try (Channel c = connection.createChannel()) {
      c.queueDelete(queue);
    } catch (Exception e) {
      // absent already
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
