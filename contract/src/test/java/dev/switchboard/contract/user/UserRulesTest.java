package dev.switchboard.contract.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.contract.PageRequest;
import dev.switchboard.contract.ServiceFailure;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserRulesTest {

  static JsonObject valid() {
    return new JsonObject()
        .put("nick_name", "maria.silva")
        .put("password", "s3cret-enough")
        .put("full_name", "  Maria da Silva  ")
        .put("cpf", "529.982.247-25")
        .put("email", "maria@example.com.br")
        .put("phone_number", "+55 (11) 98765-4321");
  }

  private static List<String> failingFields(JsonObject body) {
    ServiceFailure failure = catchThrowableOfType(ServiceFailure.class, () -> UserRules.newUser(body));
    assertThat(failure).as("a 400 for " + body).isNotNull();
    assertThat(failure.status()).isEqualTo(400);
    return failure.errors().stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }

  @Test
  void cleansAValidUser() {
    NewUser user = UserRules.newUser(valid().put("unknown", "ignored"));
    assertThat(user.fullName()).isEqualTo("Maria da Silva");
    assertThat(user.cpf()).isEqualTo("52998224725");
    assertThat(user.toString()).doesNotContain("s3cret-enough");
  }

  @Test
  void listsEveryFailingFieldAtOnce() {
    assertThat(failingFields(new JsonObject()))
        .containsExactly("nick_name", "full_name", "cpf", "email", "phone_number", "password");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ab", "has space", "semi;colon", "x@y", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void refusesBadNickNames(String nick) {
    assertThat(failingFields(valid().put("nick_name", nick))).containsExactly("nick_name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "João_2", "a.b-c", "x_y_z"})
  void acceptsGoodNickNames(String nick) {
    assertThat(UserRules.newUser(valid().put("nick_name", nick)).nickName()).isEqualTo(nick);
  }

  @Test
  void checksTheOtherFields() {
    assertThat(failingFields(valid().put("full_name", "   "))).containsExactly("full_name");
    assertThat(failingFields(valid().put("full_name", "x".repeat(51)))).containsExactly("full_name");
    assertThat(failingFields(valid().put("cpf", "111.111.111-11"))).containsExactly("cpf");
    assertThat(failingFields(valid().put("email", "no-at-sign"))).containsExactly("email");
    assertThat(failingFields(valid().put("email", "a@b"))).containsExactly("email");
    assertThat(failingFields(valid().put("email", "x".repeat(40) + "@example.com"))).containsExactly("email");
    assertThat(failingFields(valid().put("phone_number", "1234567"))).containsExactly("phone_number");
    assertThat(failingFields(valid().put("phone_number", "12345678a"))).containsExactly("phone_number");
    assertThat(failingFields(valid().put("phone_number", "((((  ))))"))).containsExactly("phone_number");
    assertThat(failingFields(valid().put("password", "7chars!"))).containsExactly("password");
    assertThat(failingFields(valid().put("password", "x".repeat(129)))).containsExactly("password");
    assertThat(failingFields(valid().put("nick_name", 12345))).containsExactly("nick_name");
    assertThat(UserRules.newUser(valid().put("password", "x".repeat(128))).password()).hasSize(128);
    assertThat(UserRules.newUser(valid().put("password", "8chars!!"))).isNotNull();
  }

  @Test
  void anUpdateNeedsAtLeastOneFieldAndNeverThePassword() {
    assertThatThrownBy(() -> UserRules.changes(new JsonObject().put("user_id", 1)))
        .isInstanceOf(ServiceFailure.class);
    assertThatThrownBy(() -> UserRules.changes(new JsonObject().put("password", "newpassword")))
        .isInstanceOf(ServiceFailure.class)
        .hasMessageContaining("password");
    UserChanges changes = UserRules.changes(new JsonObject().put("email", "new@example.org"));
    assertThat(changes).isEqualTo(new UserChanges(null, null, null, "new@example.org", null));
  }

  @Test
  void idsAndPagesAreBounded() {
    assertThat(UserRules.userId(new JsonObject().put("user_id", 7))).isEqualTo(7);
    for (Object bad : new Object[] {0, -1, 2_147_483_648L, 1.5, "7"}) {
      assertThatThrownBy(() -> UserRules.userId(new JsonObject().put("user_id", bad)))
          .isInstanceOf(ServiceFailure.class);
    }
    assertThat(UserRules.page(new JsonObject())).isEqualTo(new PageRequest(20, 0));
    assertThat(UserRules.page(new JsonObject().put("limit", 100).put("offset", 5))).isEqualTo(new PageRequest(100, 5));
    assertThatThrownBy(() -> UserRules.page(new JsonObject().put("limit", 101))).isInstanceOf(ServiceFailure.class);
    assertThatThrownBy(() -> UserRules.page(new JsonObject().put("offset", -1))).isInstanceOf(ServiceFailure.class);
  }
}
