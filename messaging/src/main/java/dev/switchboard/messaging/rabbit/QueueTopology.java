package dev.switchboard.messaging.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares the queues a publisher or consumer needs, whichever starts first. A queue that already exists
 * with other properties (the source system's plain {@code mensagens_async}, {@code user} or {@code order},
 * or a queue an older version declared otherwise) is used as it is instead of making every declaration
 * fail: the broker refuses the declaration (406), which closes only the throwaway channel it was made on;
 * the queue is then checked to exist, and the difference is logged once and reported by {@code /ready}.
 * One per {@link RabbitConnection}: what it found is what its connection uses.
 */
public final class QueueTopology {
  private static final Logger LOG = LoggerFactory.getLogger(QueueTopology.class);
  /** Queues used as they were found, with the broker's reason, for readiness reports. */
  private final Map<String, String> adopted = new ConcurrentHashMap<>();

  /** Declares each queue on a channel of its own; blocking, so call it on a worker (inside a channel call). */
  void ensure(Connection connection, List<QueueSpec> specs) throws IOException, TimeoutException {
    for (QueueSpec spec : specs) {
      try (Channel channel = connection.createChannel()) {
        channel.queueDeclare(spec.name(), spec.durable(), false, false, spec.arguments().isEmpty() ? null
            : spec.arguments());
      } catch (IOException e) {
        String refusal = preconditionFailed(e);
        if (refusal == null) {
          throw e;
        }
        try (Channel channel = connection.createChannel()) {
          channel.queueDeclarePassive(spec.name());
        }
        if (adopted.put(spec.name(), refusal) == null) {
          LOG.warn("Queue {} exists with other properties than this version declares ({}); using it as it is. "
              + "To have it declared as documented, delete it while nothing uses it.", spec.name(), refusal);
        }
      } catch (ShutdownSignalException e) {
        throw new IOException(e);
      }
    }
  }

  /** Queues in use that were found with other properties, and why the broker refused to redeclare them. */
  public Map<String, String> adopted() {
    return Map.copyOf(adopted);
  }

  private static String preconditionFailed(IOException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ShutdownSignalException s && s.getReason() instanceof AMQP.Channel.Close close
          && close.getReplyCode() == AMQP.PRECONDITION_FAILED) {
        return close.getReplyText();
      }
    }
    return null;
  }
}
