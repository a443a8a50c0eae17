package dev.switchboard.peer;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.boot.autoconfigure.amqp.RabbitTemplateCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The broker side, declared on start by Spring AMQP's RabbitAdmin: the durable ping queue, dead-lettering to
 * {@code <queue>.dlq} (as Switchboard declares its ping queue), and the template's separate publishing
 * connection.
 */
@Configuration
@EnableConfigurationProperties(PeerSettings.class)
class PeerQueues {
  @Bean
  Queue deadLetters(PeerSettings settings) {
    return QueueBuilder.durable(settings.deadLetterQueue()).build();
  }

  @Bean
  Queue pings(PeerSettings settings) {
    return QueueBuilder.durable(settings.queue()).deadLetterExchange("")
        .deadLetterRoutingKey(settings.deadLetterQueue()).build();
  }

  /**
   * Publishes on a connection of their own, as Spring AMQP's reference recommends ("Using a Separate
   * Connection"): a broker that blocks publishers then does not stall the consumer's acks (Switchboard
   * separates them too).
   */
  @Bean
  RabbitTemplateCustomizer publisherConnection() {
    return template -> template.setUsePublisherConnection(true);
  }
}
