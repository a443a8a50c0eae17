package dev.switchboard.contract;

import io.vertx.core.json.JsonObject;

/** Reading typed fields out of a JSON request, reporting what is wrong to a {@link FieldErrors}. */
public final class Fields {
  /** The field names every listing shares. */
  public static final String ITEMS = "items";
  public static final String LIMIT = "limit";
  public static final String OFFSET = "offset";

  /** Ids are PostgreSQL SERIALs. */
  public static final int MAX_ID = Integer.MAX_VALUE;

  private Fields() {
  }

  /** A required positive id, or a 400 naming the field. */
  public static int id(JsonObject body, String field) {
    FieldErrors errors = new FieldErrors();
    Integer id = integer(body, field, 1, MAX_ID, errors, true);
    errors.throwIfAny();
    return id;
  }

  /**
   * An integer field within [min, max]; null when absent (an error if required) or invalid (an error).
   */
  public static Integer integer(JsonObject body, String field, long min, long max, FieldErrors errors, boolean required) {
    Object value = body.getValue(field);
    if (value == null) {
      if (required) {
        errors.add(field, field + " is required");
      }
      return null;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && n.doubleValue() >= min && n.doubleValue() <= max) {
      return n.intValue();
    }
    errors.add(field, field + " must be an integer from " + min + " to " + max);
    return null;
  }

  /**
   * A single-line string field; null when absent (an error if required), not a string or not acceptable
   * text ({@link Text}: an error).
   */
  public static String string(JsonObject body, String field, FieldErrors errors, boolean required) {
    return string(body, field, errors, required, false);
  }

  /** Like {@link #string} for multi-line text: tab, line feed and carriage return are allowed. */
  public static String text(JsonObject body, String field, FieldErrors errors, boolean required) {
    return string(body, field, errors, required, true);
  }

  private static String string(JsonObject body, String field, FieldErrors errors, boolean required,
                               boolean multiline) {
    Object value = body.getValue(field);
    if (value == null) {
      if (required) {
        errors.add(field, field + " is required");
      }
      return null;
    }
    if (!(value instanceof String s)) {
      errors.add(field, field + " must be a string");
      return null;
    }
    String violation = Text.violation(s, multiline);
    if (violation != null) {
      errors.add(field, field + " " + violation);
      return null;
    }
    return s;
  }

  /** Length in characters (code points), as PostgreSQL's varchar counts them. */
  public static int length(String value) {
    return value.codePointCount(0, value.length());
  }
}
