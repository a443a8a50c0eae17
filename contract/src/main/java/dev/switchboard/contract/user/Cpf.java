package dev.switchboard.contract.user;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Brazilian CPF: 11 digits whose last two are check digits. Accepted as {@code 12345678909} or
 * {@code 123.456.789-09}; stored as the 11 digits. Numbers of one repeated digit pass the check-digit
 * arithmetic but are not real CPFs, so they are refused.
 */
public final class Cpf {
  private static final Pattern DIGITS = Pattern.compile("\\d{11}");
  private static final Pattern FORMATTED = Pattern.compile("\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}");

  private Cpf() {
  }

  /** The 11 digits of a valid CPF, or empty. */
  public static Optional<String> normalize(String input) {
    String value = input.strip();
    String digits;
    if (DIGITS.matcher(value).matches()) {
      digits = value;
    } else if (FORMATTED.matcher(value).matches()) {
      digits = value.replace(".", "").replace("-", "");
    } else {
      return Optional.empty();
    }
    if (digits.chars().distinct().count() == 1) {
      return Optional.empty();
    }
    return checkDigit(digits, 9) == digits.charAt(9) - '0' && checkDigit(digits, 10) == digits.charAt(10) - '0'
        ? Optional.of(digits) : Optional.empty();
  }

  /** The check digit over the first {@code length} digits (weights length+1 down to 2). */
  private static int checkDigit(String digits, int length) {
    int sum = 0;
    for (int i = 0; i < length; i++) {
      sum += (digits.charAt(i) - '0') * (length + 1 - i);
    }
    int rest = sum % 11;
    return rest < 2 ? 0 : 11 - rest;
  }
}
