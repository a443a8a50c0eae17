package dev.switchboard.contract;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who a call is made for: the signed-in user ({@code subject}, the user id as the access token's {@code sub})
 * and their roles. The gateway takes it from a verified token; it travels to the services in the
 * {@link Headers#SUBJECT} and {@link Headers#ROLES} headers (event bus and AMQP alike), and each service
 * checks it ({@link Access}).
 */
public record Principal(String subject, Set<String> roles) {
  public static final String USER = "user";
  public static final String ADMIN = "admin";

  public Principal {
    roles = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
  }

  public static Principal user(int userId, Set<String> roles) {
    return new Principal(Integer.toString(userId), roles);
  }

  public boolean isAdmin() {
    return roles.contains(ADMIN);
  }

  /** Whether this principal is the user {@code userId}. */
  public boolean is(int userId) {
    return subject.equals(Integer.toString(userId));
  }

  /** The roles as they travel in a header: comma-separated. */
  public String rolesHeader() {
    return String.join(",", roles);
  }

  /** The principal the two headers carry, or null when there is no subject. */
  public static Principal fromHeaders(String subject, String roles) {
    if (subject == null || subject.isBlank()) {
      return null;
    }
    Set<String> parsed = roles == null ? Set.of() : Arrays.stream(roles.split(",")).map(String::trim)
        .filter(r -> !r.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
    return new Principal(subject.trim(), parsed);
  }
}
