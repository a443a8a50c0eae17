package dev.switchboard.peer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The benchmark's peer: Switchboard's {@code POST /ping} (through RabbitMQ, answered after the broker's
 * confirm, consumed and stored) and {@code GET /users/{id}} (a PostgreSQL point read, no cache) built the way
 * most teams would build them on Spring Boot — WebFlux on Reactor Netty, R2DBC with r2dbc-pool, Spring AMQP —
 * and measured beside the system in the same run (bench/src/.../PeerScenario.java).
 */
@SpringBootApplication
public class PeerApplication {
  public static void main(String[] args) {
    SpringApplication.run(PeerApplication.class, args);
  }
}
