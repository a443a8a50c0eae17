package dev.switchboard.peer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes a ping persistent and mandatory to the ping queue and completes when the broker confirmed it
 * (publisher confirms {@code correlated}: each send carries a {@link CorrelationData} whose future the
 * confirm completes). {@link RabbitTemplate#send} is blocking I/O (it may open a channel, and it writes to
 * the socket), so it runs on Reactor's bounded-elastic scheduler — Reactor's recipe for wrapping a blocking
 * call — and never on a Netty event loop; the wait for the confirm blocks nothing.
 */
@Component
class PingPublisher {
  private final RabbitTemplate template;
  private final ObjectMapper json;
  private final PeerSettings settings;

  PingPublisher(RabbitTemplate template, ObjectMapper json, PeerSettings settings) {
    this.template = template;
    this.json = json;
    this.settings = settings;
  }

  /** Completes once the broker holds the ping; fails with {@link BrokerRefused} when it does not say so in time. */
  Mono<Void> publish(PingMessage ping) {
    return Mono.fromCallable(() -> send(ping))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(sent -> Mono.fromFuture(sent.getFuture(), true)
            .timeout(settings.confirmTimeout(), Mono.error(() -> new BrokerRefused("The message broker did not"
                + " confirm the message in time")))
            .flatMap(confirm -> {
              if (!confirm.isAck()) {
                return Mono.error(new BrokerRefused("The message broker refused the message"));
              }
              // Spring AMQP sets a returned message on its CorrelationData before the confirm completes
              if (sent.getReturned() != null) {
                return Mono.error(new BrokerRefused("The message broker could not route the message to its queue"));
              }
              return Mono.empty();
            }));
  }

  private CorrelationData send(PingMessage ping) throws JsonProcessingException {
    MessageProperties properties = new MessageProperties();
    properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    properties.setMessageId(ping.id());
    properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
    CorrelationData sent = new CorrelationData(ping.id());
    template.send("", settings.queue(), new Message(json.writeValueAsBytes(ping), properties), sent);
    return sent;
  }

  /** The broker did not take the message: refused, unroutable, not confirmed in time or not reachable. */
  static final class BrokerRefused extends RuntimeException {
    BrokerRefused(String message) {
      super(message, null, false, false);
    }
  }
}
