package dev.switchboard.contract;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A failure a service answers with: its code is the HTTP status it means and its message is safe to show
 * a client. Validation failures also list every failing field in {@link #errors()}
 * ({@code [{"field","message"}]}). Travels over the event bus with {@link ServiceFailureCodec} and over
 * AMQP as the JSON of {@link #toJson()}.
 */
public final class ServiceFailure extends ReplyException {
  private static final long serialVersionUID = 1L;
  private final JsonArray errors;

  public ServiceFailure(int status, String detail, JsonArray errors) {
    super(ReplyFailure.RECIPIENT_FAILURE, status, detail, true);
    this.errors = errors == null || errors.isEmpty() ? null : errors.copy();
  }

  public ServiceFailure(int status, String detail) {
    this(status, detail, null);
  }

  public static ServiceFailure badRequest(String detail) {
    return new ServiceFailure(400, detail);
  }

  /** 400 listing every failing field. */
  public static ServiceFailure invalid(JsonArray errors) {
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < errors.size(); i++) {
      String field = errors.getJsonObject(i).getString("field");
      if (fields.indexOf(field) < 0) {
        fields.append(fields.length() == 0 ? "" : ", ").append(field);
      }
    }
    return new ServiceFailure(400, "Invalid fields: " + fields, errors);
  }

  /** 401: the call needs a signed-in user and has none, or the sign-in failed. */
  public static ServiceFailure unauthorized(String detail) {
    return new ServiceFailure(401, detail);
  }

  /** 429: too many attempts; {@code retryAfterSeconds} is when the next one may succeed (in the detail). */
  public static ServiceFailure tooMany(String detail) {
    return new ServiceFailure(429, detail);
  }

  public static ServiceFailure forbidden(String detail) {
    return new ServiceFailure(403, detail);
  }

  public static ServiceFailure notFound(String detail) {
    return new ServiceFailure(404, detail);
  }

  public static ServiceFailure conflict(String detail) {
    return new ServiceFailure(409, detail);
  }

  public static ServiceFailure unprocessable(String detail) {
    return new ServiceFailure(422, detail);
  }

  public static ServiceFailure unprocessable(String detail, JsonArray errors) {
    return new ServiceFailure(422, detail, errors);
  }

  public static ServiceFailure unavailable(String detail) {
    return new ServiceFailure(503, detail);
  }

  public static ServiceFailure timeout(String detail) {
    return new ServiceFailure(504, detail);
  }

  public int status() {
    return failureCode();
  }

  public String detail() {
    return getMessage();
  }

  /** The failing fields, or null. */
  public JsonArray errors() {
    return errors == null ? null : errors.copy();
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("status", status()).put("detail", detail());
    if (errors != null) {
      json.put("errors", errors.copy());
    }
    return json;
  }

  public static ServiceFailure fromJson(JsonObject json) {
    return new ServiceFailure(json.getInteger("status", 500), json.getString("detail", "Service failure"),
        json.getJsonArray("errors"));
  }

  /** One failing field, as listed in {@link #errors()}. */
  public static JsonObject fieldError(String field, String message) {
    return new JsonObject().put("field", field).put("message", message);
  }
}
