package dev.switchboard.contract.user;

import dev.switchboard.contract.FieldErrors;
import dev.switchboard.contract.Fields;
import dev.switchboard.contract.PageRequest;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules a user's fields obey. Every violation is collected, so a 400 lists every failing field at
 * once; fields the rules do not know are ignored.
 */
public final class UserRules {
  public static final int MIN_PASSWORD = 8;
  public static final int MAX_PASSWORD = 128;
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  private static final Pattern NICK_NAME = Pattern.compile("[\\p{L}\\p{Nd}_.-]{3,50}");
  private static final Pattern EMAIL = Pattern.compile(
      "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");
  private static final Pattern PHONE = Pattern.compile("[0-9 +()\\-]{8,50}");

  /** The profile fields, in the order errors are reported. */
  private static final String[] PROFILE_FIELDS = {"nick_name", "full_name", "cpf", "email", "phone_number"};

  private UserRules() {
  }

  /** A new user's fields, cleaned (trimmed name, CPF digits), or a 400 listing every problem. */
  public static NewUser newUser(JsonObject body) {
    FieldErrors errors = new FieldErrors();
    Map<String, String> profile = profile(body, errors, true);
    String password = password(body, "password", errors);
    errors.throwIfAny();
    return new NewUser(profile.get("nick_name"), password, profile.get("full_name"), profile.get("cpf"),
        profile.get("email"), profile.get("phone_number"));
  }

  /** The fields a profile update changes (at least one), or a 400. */
  public static UserChanges changes(JsonObject body) {
    FieldErrors errors = new FieldErrors();
    Map<String, String> changes = profile(body, errors, false);
    if (body.containsKey("password")) {
      errors.add("password", "change the password with PUT /users/{id}/password");
    }
    if (changes.isEmpty() && errors.isEmpty()) {
      errors.add("body", "give at least one of nick_name, full_name, cpf, email, phone_number");
    }
    errors.throwIfAny();
    return new UserChanges(changes.get("nick_name"), changes.get("full_name"), changes.get("cpf"), changes.get("email"),
        changes.get("phone_number"));
  }

  /** The current and new password of a password change, or a 400. */
  public static PasswordChange passwordChange(JsonObject body) {
    FieldErrors errors = new FieldErrors();
    String current = Fields.string(body, "current_password", errors, true);
    if (current != null && current.isEmpty()) {
      errors.add("current_password", "current_password must not be empty");
    }
    String next = password(body, "new_password", errors);
    errors.throwIfAny();
    return new PasswordChange(current, next);
  }

  public static int userId(JsonObject body) {
    return Fields.id(body, User.USER_ID);
  }

  /** {limit, offset} of a listing, defaulted and bounded, or a 400. */
  public static PageRequest page(JsonObject body) {
    return PageRequest.fromJson(body, DEFAULT_LIMIT, MAX_LIMIT);
  }

  private static Map<String, String> profile(JsonObject body, FieldErrors errors, boolean required) {
    Map<String, String> fields = new LinkedHashMap<>();
    String nick = Fields.string(body, "nick_name", errors, required);
    if (nick != null) {
      if (NICK_NAME.matcher(nick).matches()) {
        fields.put("nick_name", nick);
      } else {
        errors.add("nick_name", "nick_name must be 3 to 50 letters, digits, '_', '.' or '-'");
      }
    }
    String name = Fields.string(body, "full_name", errors, required);
    if (name != null) {
      String trimmed = name.strip();
      int length = Fields.length(trimmed);
      if (length >= 1 && length <= 50) {
        fields.put("full_name", trimmed);
      } else {
        errors.add("full_name", "full_name must be 1 to 50 characters after trimming");
      }
    }
    String cpf = Fields.string(body, "cpf", errors, required);
    if (cpf != null) {
      Cpf.normalize(cpf).ifPresentOrElse(digits -> fields.put("cpf", digits),
          () -> errors.add("cpf", "cpf must be a valid CPF: 11 digits (or 123.456.789-09) with both check digits right"));
    }
    String email = Fields.string(body, "email", errors, required);
    if (email != null) {
      String trimmed = email.strip();
      if (trimmed.length() <= 50 && EMAIL.matcher(trimmed).matches()) {
        fields.put("email", trimmed);
      } else {
        errors.add("email", "email must be a plausible address of at most 50 characters");
      }
    }
    String phone = Fields.string(body, "phone_number", errors, required);
    if (phone != null) {
      String trimmed = phone.strip();
      if (PHONE.matcher(trimmed).matches() && trimmed.chars().filter(Character::isDigit).count() >= 8) {
        fields.put("phone_number", trimmed);
      } else {
        errors.add("phone_number", "phone_number must be 8 to 50 of digits, spaces, '+', '(', ')', '-' with at least 8 digits");
      }
    }
    return fields;
  }

  private static String password(JsonObject body, String field, FieldErrors errors) {
    String password = Fields.string(body, field, errors, true);
    if (password == null) {
      return null;
    }
    int length = Fields.length(password);
    if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
      errors.add(field, field + " must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
      return null;
    }
    return password;
  }
}
