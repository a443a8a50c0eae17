package dev.switchboard.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;

/**
 * Parses JSON a client or another program sent, with bounds: nesting depth, string and number lengths,
 * document size, and no field given twice in an object (which value would win is undefined, so such a
 * body is refused). Everything the system reads from outside goes through here: the gateway's request
 * bodies and the messages the broker hands its consumers.
 */
public final class JsonInput {
  public static final int MAX_DEPTH = 32;
  public static final int MAX_STRING_LENGTH = 64 * 1024;
  public static final int MAX_NUMBER_LENGTH = 64;
  public static final long MAX_DOCUMENT_LENGTH = 1024 * 1024;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(MAX_STRING_LENGTH)
          .maxNumberLength(MAX_NUMBER_LENGTH)
          .maxNameLength(1024)
          .maxDocumentLength(MAX_DOCUMENT_LENGTH)
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private JsonInput() {
  }

  /** Why a body is not acceptable JSON; its message is safe to show the sender. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /** The body as a JSON object, or {@link Invalid} saying why it is not one. */
  public static JsonObject object(Buffer body) throws Invalid {
    if (body == null || body.length() == 0) {
      throw new Invalid("The request body must be a JSON object");
    }
    Object parsed = value(body);
    if (!(parsed instanceof JsonObject json)) {
      throw new Invalid("The request body must be a JSON object");
    }
    return json;
  }

  /** Any JSON value (object, array, string, number, boolean; null for JSON null). */
  public static Object value(Buffer body) throws Invalid {
    JsonParser parser;
    try {
      parser = FACTORY.createParser(body.getBytes());
    } catch (IOException e) {
      throw new Invalid("The request body is not valid JSON");
    }
    try {
      return JacksonCodec.fromParser(parser, Object.class);
    } catch (DecodeException e) {
      throw new Invalid(reason(e));
    }
  }

  private static String reason(DecodeException e) {
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Duplicate field")) {
      int end = message.indexOf('\n');
      return "The request body is not valid JSON: " + (end < 0 ? message : message.substring(0, end))
          + " (each field may appear once)";
    }
    if (message.contains("nesting depth")) {
      return "The request body nests deeper than " + MAX_DEPTH + " levels";
    }
    if (message.contains("Number value length") || message.contains("Number length")) {
      return "The request body holds a number longer than " + MAX_NUMBER_LENGTH + " characters";
    }
    if (message.contains("String value length") || message.contains("String length")) {
      return "The request body holds a string longer than " + MAX_STRING_LENGTH + " characters";
    }
    if (message.contains("Name length")) {
      return "The request body holds a field name that is too long";
    }
    if (message.contains("Document length")) {
      return "The request body is too large";
    }
    return "The request body is not valid JSON";
  }
}
