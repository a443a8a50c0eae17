package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fast check of primitive parameters gives vertx-json-schema's verdict, keyword for keyword, for every
 * parameter of the document and a corpus of values around each bound.
 */
class ContractValidatorTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void everyParameterOfTheDocumentIsCheckedAsTheSchemaValidatorWould() throws Exception {
    OpenAPIContract contract = OpenApiDocumentTest.contract(vertx);
    List<Object> corpus = List.of(0, 1, -1, 2, 99, 100, 101, 1000, 1001, 2147483647, 2147483648L, -2147483649L,
        1.5, 2.0, 1e300, "", "a", "abc", "7", "x".repeat(300), "ü", "\uD83D\uDE00", true, false,
        "0f8a5c3e-1111-4222-8333-444455556666");
    int compared = 0;
    List<String> disagreements = new ArrayList<>();
    for (Operation operation : contract.operations()) {
      for (Parameter parameter : operation.getParameters()) {
        ContractValidator.Primitive fast = ContractValidator.Primitive.of(parameter.getSchema());
        if (fast == null) {
          // (a schema with a format, the intake's request id: the general validator checks it)
          assertThat(parameter.getSchema().get("format") != null).as(parameter.getName()).isTrue();
          continue;
        }
        for (Object value : corpus) {
          OutputUnit general = contract.getSchemaRepository().validator(parameter.getSchema()).validate(value);
          String keyword = fast.violation(value);
          boolean valid = Boolean.TRUE.equals(general.getValid());
          if (valid != (keyword == null) || (!valid && general.getErrors().stream()
              .noneMatch(e -> e.getKeywordLocation().endsWith("/" + keyword)))) {
            disagreements.add(operation.getOperationId() + " " + parameter.getName() + " " + value + ": " + keyword
                + " vs " + (valid ? "valid" : general.getErrors().get(0).getKeywordLocation()));
          }
          compared++;
        }
      }
    }
    assertThat(disagreements).isEmpty();
    assertThat(compared).isGreaterThan(100);
  }

  @Test
  void aFlatBodyIsFoundValidExactlyWhenTheSchemaValidatorFindsItValid() throws Exception {
    OpenAPIContract contract = OpenApiDocumentTest.contract(vertx);
    List<Object> corpus = List.of(0, 1, -1, 2, 100, 1001, 2147483648L, 1.5, 2.0, "", "a", "abc", "7",
        "x".repeat(1001), "\uD83D\uDE00", true, false, new JsonObject().put("a", 1), new JsonArray().add(1));
    int compared = 0;
    List<String> flat = new ArrayList<>();
    List<String> disagreements = new ArrayList<>();
    for (Operation operation : contract.operations()) {
      if (operation.getRequestBody() == null || operation.getRequestBody().getContent().get("application/json") == null) {
        continue;
      }
      JsonSchema schema = operation.getRequestBody().getContent().get("application/json").getSchema();
      ContractValidator.FlatObject fast = ContractValidator.FlatObject.of(schema);
      if (fast == null) {
        continue;
      }
      flat.add(operation.getOperationId());
      JsonObject base = new JsonObject();
      fast.properties().forEach((name, primitive) -> corpus.stream().filter(v -> primitive.violation(v) == null)
          .findFirst().ifPresent(v -> base.put(name, v)));
      List<JsonObject> bodies = new ArrayList<>();
      bodies.add(base);
      bodies.add(base.copy().put("not_in_the_contract", 1));
      for (String name : fast.properties().keySet()) {
        JsonObject without = base.copy();
        without.remove(name);
        bodies.add(without);
        for (Object value : corpus) {
          bodies.add(base.copy().put(name, value));
        }
      }
      for (JsonObject body : bodies) {
        boolean general = Boolean.TRUE.equals(contract.getSchemaRepository().validator(schema).validate(body).getValid());
        if (general != fast.valid(body)) {
          disagreements.add(operation.getOperationId() + " " + body.encode() + ": fast " + fast.valid(body)
              + " vs " + general);
        }
        compared++;
      }
    }
    assertThat(flat).as("bodies with the fast check").contains("ping");
    assertThat(disagreements).isEmpty();
    assertThat(compared).isGreaterThan(50);
  }
}
