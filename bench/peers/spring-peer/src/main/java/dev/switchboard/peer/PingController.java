package dev.switchboard.peer;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.amqp.AmqpException;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /ping}: validated, stamped with an id and the date-time, published; 202 only after the broker's
 * confirm. Also the two endpoints the benchmark reads: {@code GET /peer/ready} and {@code GET /peer/counts}
 * (202s sent, pings stored), the peer's correctness counters.
 */
@RestController
class PingController {
  /** ISO-8601 with a numeric offset, as Switchboard stamps a ping. */
  static final DateTimeFormatter DATE_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

  private final PingPublisher publisher;
  private final PongStore store;
  private final PongListener listener;
  private final ApplicationAvailability availability;
  private final Clock clock = Clock.systemDefaultZone();
  private final LongAdder accepted = new LongAdder();

  PingController(PingPublisher publisher, PongStore store, PongListener listener,
                 ApplicationAvailability availability) {
    this.publisher = publisher;
    this.store = store;
    this.listener = listener;
    this.availability = availability;
  }

  @PostMapping("/ping")
  Mono<ResponseEntity<?>> ping(@RequestBody JsonNode body, ServerHttpRequest request) {
    List<Map<String, String>> violations = PingRules.violations(body);
    if (!violations.isEmpty()) {
      ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid fields: msg", request);
      problem.setProperty("errors", violations);
      return Mono.just(ResponseEntity.of(problem).build());
    }
    PingMessage ping = new PingMessage(UUID.randomUUID().toString(), OffsetDateTime.now(clock).format(DATE_FORMAT),
        body.get("msg").textValue());
    return publisher.publish(ping)
        .then(Mono.fromSupplier(() -> {
          accepted.increment();
          return ResponseEntity.status(HttpStatus.ACCEPTED).<Object>body(PingAccepted.of(ping));
        }))
        .<ResponseEntity<?>>map(answer -> answer)
        .onErrorResume(e -> e instanceof PingPublisher.BrokerRefused || e instanceof AmqpException,
            e -> Mono.just(ResponseEntity.of(problem(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), request))
                .header("retry-after", "1").build()));
  }

  /** 200 once the application is up (web server, queues declared, listener consuming); 503 before and while stopping. */
  @GetMapping("/peer/ready")
  ResponseEntity<Void> ready() {
    return availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC ? ResponseEntity.ok().build()
        : ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
  }

  /** The correctness counters: 202s sent (counted when the 202 is answered), pings stored, evicted and redelivered. */
  @GetMapping("/peer/counts")
  Map<String, Long> counts() {
    return Map.of("accepted", accepted.sum(), "stored", (long) store.size(), "evicted", store.evicted(),
        "duplicates", listener.duplicates());
  }

  private static ProblemDetail problem(HttpStatus status, String detail, ServerHttpRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setInstance(URI.create(request.getPath().value()));
    return problem;
  }
}
