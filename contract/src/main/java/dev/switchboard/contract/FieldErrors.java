package dev.switchboard.contract;

import io.vertx.core.json.JsonArray;

/** Collects every violation of a request, so a 400 lists all failing fields at once. */
public final class FieldErrors {
  private final JsonArray errors = new JsonArray();

  public FieldErrors add(String field, String message) {
    errors.add(ServiceFailure.fieldError(field, message));
    return this;
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /** @throws ServiceFailure a 400 listing every violation, when there is one */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw ServiceFailure.invalid(errors);
    }
  }
}
