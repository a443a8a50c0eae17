package dev.switchboard.peer;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /users/{id}}: the row from PostgreSQL on every request (no cache: the peer of scenario 3). */
@RestController
class UserController {
  private final UserRepository users;

  UserController(UserRepository users) {
    this.users = users;
  }

  /** 200 with the user; 404 {@code application/problem+json} when there is none. */
  @GetMapping("/users/{id}")
  Mono<ResponseEntity<?>> user(@PathVariable int id, ServerHttpRequest request) {
    return users.find(id).<ResponseEntity<?>>map(ResponseEntity::ok)
        .switchIfEmpty(Mono.fromSupplier(() -> notFound(id, request)));
  }

  private static ResponseEntity<?> notFound(int id, ServerHttpRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No user with id " + id);
    problem.setInstance(URI.create(request.getPath().value()));
    return ResponseEntity.of(problem).build();
  }
}
