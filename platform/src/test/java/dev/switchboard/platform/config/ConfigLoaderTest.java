package dev.switchboard.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  private static SwitchboardConfig load(JsonObject conf, Properties props, Map<String, String> env) {
    return SwitchboardConfig.from(ConfigLoader.merge(conf, null, props, env));
  }

  @Test
  void defaultsDescribeTheStandaloneSystem() {
    SwitchboardConfig config = load(null, new Properties(), Map.of());
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.http().host()).isEqualTo("0.0.0.0");
    assertThat(config.postgres().embedded()).isTrue();
    assertThat(config.postgres().database()).isEqualTo("switchboard");
    assertThat(config.postgres().poolSize()).isEqualTo(8);
    assertThat(config.rabbitmq().enabled()).isFalse();
    assertThat(config.redis().enabled()).isFalse();
    assertThat(config.queues().ping()).isEqualTo("mensagens_async");
    assertThat(config.queues().orderIntake()).isEqualTo("create_order_queue");
    assertThat(config.section("ping").integer("capacity", 1, 10_000_000)).isEqualTo(10_000);
    assertThat(config.transport().user()).isEqualTo(Transport.EVENTBUS);
    assertThat(config.calls().timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void laterSourcesWinKeyByKey() {
    JsonObject conf = new JsonObject()
        .put("http", new JsonObject().put("port", 7000))
        .put("rabbitmq", new JsonObject().put("enabled", true));
    Properties props = new Properties();
    props.setProperty("switchboard.http.port", "9090");
    props.setProperty("switchboard.queues.ping", "from-property");
    Map<String, String> env = Map.of(
        "SWITCHBOARD_QUEUES_PING", "from-env",
        "SWITCHBOARD_QUEUES_ORDERINTAKE", "intake-from-env",
        "SWITCHBOARD_PING_ROLES", "pong");

    SwitchboardConfig config = load(conf, props, env);

    assertThat(config.http().port()).isEqualTo(9090);            // property over -conf
    assertThat(config.http().host()).isEqualTo("0.0.0.0");       // default kept beside it
    assertThat(config.rabbitmq().enabled()).isTrue();            // -conf over default
    assertThat(config.rabbitmq().uri()).startsWith("amqp://");   // sibling default kept
    assertThat(config.queues().ping()).isEqualTo("from-env");    // env over property
    assertThat(config.queues().orderIntake()).isEqualTo("intake-from-env"); // case-insensitive match
    assertThat(config.section("ping").strings("roles")).containsExactly("pong");
  }

  @Test
  void environmentOverridesConvertToTheKeysType() {
    SwitchboardConfig config = load(null, new Properties(),
        Map.of("SWITCHBOARD_HTTP_PORT", "9191", "SWITCHBOARD_RABBITMQ_ENABLED", "TRUE",
            "SWITCHBOARD_TRANSPORT_USER", "rabbitmq"));
    assertThat(config.http().port()).isEqualTo(9191);
    assertThat(config.rabbitmq().enabled()).isTrue();
    assertThat(config.transport().user()).isEqualTo(Transport.RABBITMQ);
  }

  @Test
  void aValueOfTheWrongTypeNamesTheKey() {
    assertThatThrownBy(() -> load(null, new Properties(), Map.of("SWITCHBOARD_HTTP_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port")
        .hasMessageContaining("SWITCHBOARD_HTTP_PORT");
    assertThatThrownBy(() -> load(new JsonObject().put("postgres", new JsonObject().put("poolSize", "big")),
        new Properties(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("postgres.poolSize");
    assertThatThrownBy(() -> load(null, new Properties(), Map.of("SWITCHBOARD_RABBITMQ_ENABLED", "yes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rabbitmq.enabled");
  }

  @Test
  void anOutOfRangeValueNamesTheKey() {
    Properties props = new Properties();
    props.setProperty("switchboard.http.port", "70000");
    assertThatThrownBy(() -> load(null, props, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port");
  }

  @Test
  void anUnknownTransportNamesTheKey() {
    assertThatThrownBy(() -> load(new JsonObject().put("transport", new JsonObject().put("order", "kafka")),
        new Properties(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transport.order")
        .hasMessageContaining("kafka");
  }

  @Test
  void unknownKeysAreIgnored() {
    Properties props = new Properties();
    props.setProperty("switchboard.nope.nothing", "1");
    SwitchboardConfig config = load(new JsonObject().put("typo", 1), props, Map.of("SWITCHBOARD_ALSO_NOT", "x"));
    assertThat(config.http().port()).isEqualTo(8080);
  }

  @Test
  void printingTheConfigNeverShowsPasswords() {
    SwitchboardConfig config = load(new JsonObject()
            .put("postgres", new JsonObject().put("password", "s3cret"))
            .put("rabbitmq", new JsonObject().put("uri", "amqp://bob:hunter2@mq:5672")),
        new Properties(), Map.of());
    assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("hunter2").contains("bob");
  }

  @Test
  void listsAndSectionsCanComeFromOneVariable() {
    SwitchboardConfig config = load(null, new Properties(), Map.of(
        "SWITCHBOARD_CLUSTER_MEMBERS", "10.0.0.1, 10.0.0.2:5702",
        "SWITCHBOARD_TRANSPORT", "{\"order\":\"rabbitmq\",\"nope\":1}",
        "SWITCHBOARD_RABBITMQ_ENABLED", "true"));
    assertThat(config.cluster().members()).containsExactly("10.0.0.1", "10.0.0.2:5702");
    assertThat(config.transport().order()).isEqualTo(Transport.RABBITMQ);
    assertThat(config.transport().user()).isEqualTo(Transport.EVENTBUS); // sibling default kept
  }

  @Test
  void aBadSystemPropertyIsNamedAsTheSourceOfTheError() {
    Properties props = new Properties();
    props.setProperty("switchboard.postgres.poolSize", "many");
    assertThatThrownBy(() -> load(null, props, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("postgres.poolSize")
        .hasMessageContaining("-Dswitchboard.postgres.poolSize");
  }

  @Test
  void theMergedTreeKeepsOnlyKnownKeys() {
    JsonObject tree = ConfigLoader.merge(new JsonObject().put("typo", 1)
        .put("http", new JsonObject().put("nope", 2).put("port", 1)), null, new Properties(), Map.of());
    assertThat(tree.containsKey("typo")).isFalse();
    assertThat(tree.getJsonObject("http").containsKey("nope")).isFalse();
    assertThat(tree.getJsonObject("http").getInteger("port")).isEqualTo(1);
  }
}
