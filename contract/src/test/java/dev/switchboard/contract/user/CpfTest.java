package dev.switchboard.contract.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CpfTest {

  @ParameterizedTest
  @ValueSource(strings = {"12345678909", "123.456.789-09", "52998224725", "529.982.247-25", "11144477735",
      " 111.444.777-35 ", "00000000191"})
  void acceptsValidCpfs(String cpf) {
    assertThat(Cpf.normalize(cpf)).hasValueSatisfying(digits -> assertThat(digits).matches("\\d{11}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"12345678900", "12345678919", "123.456.789-00", "52998224724", "00000000000",
      "11111111111", "999.999.999-99", "1234567890", "123456789090", "123-456-789.09", "123.456.78909",
      "abcdefghijk", "", "1234567890a"})
  void refusesInvalidCpfs(String cpf) {
    assertThat(Cpf.normalize(cpf)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"123.456.789-09"})
  void storesTheDigitsOnly(String cpf) {
    assertThat(Cpf.normalize(cpf)).contains("12345678909");
  }
}
