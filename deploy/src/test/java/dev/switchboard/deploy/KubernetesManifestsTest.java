package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests, checked without a cluster: every document of the base parses into the Kubernetes
 * model types (fabric8) with no field the model does not know; the overlay renders with {@code kubectl
 * kustomize}; images, ports, probes, grace periods and config keys agree with the code.
 */
class KubernetesManifestsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path BASE = ROOT.resolve("deploy/k8s/base");
  private static final Path OVERLAY = ROOT.resolve("deploy/k8s/overlays/production");
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  /** Service → (module, role file) whose jar the image holds (docker/Dockerfile, docker/compose.yaml). */
  private static final Map<String, String> MODULES = Map.of("gateway", "gateway-verticle", "user", "user-verticle",
      "order", "order-verticle", "ping", "ping-verticle");
  private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("Deployment", Deployment.class,
      "Service", Service.class, "ConfigMap", ConfigMap.class, "PodDisruptionBudget", PodDisruptionBudget.class,
      "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

  private static List<HasMetadata> parse(String yaml, String origin) throws IOException {
    List<HasMetadata> resources = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(yaml)) {
      Iterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class);
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document == null || document.isEmpty()) {
          continue;
        }
        String kind = document.path("kind").asText();
        assertThat(KINDS).as(origin + ": a kind this deployment is made of").containsKey(kind);
        HasMetadata resource = JSON.treeToValue(document, KINDS.get(kind));
        List<String> unknown = new ArrayList<>();
        unknownFields(resource, kind + " " + resource.getMetadata().getName(), unknown, new IdentityHashMap<>());
        assertThat(unknown).as(origin + ": fields the Kubernetes model does not know").isEmpty();
        resources.add(resource);
      }
    }
    return resources;
  }

  /** The model keeps what it does not know in additionalProperties: every such map must be empty. */
  private static void unknownFields(Object node, String path, List<String> unknown, Map<Object, Boolean> seen) {
    if (node == null || seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", unknown, seen);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown, seen));
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
        continue;
      }
      try {
        Object value = getter.invoke(node);
        if (getter.getName().equals("getAdditionalProperties")) {
          if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
            unknown.add(path + ": " + extra.keySet());
          }
        } else {
          unknownFields(value, path + "." + getter.getName().substring(3), unknown, seen);
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static List<HasMetadata> base() throws IOException {
    List<HasMetadata> all = new ArrayList<>();
    try (var files = Files.list(BASE)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted().toList()) {
        all.addAll(parse(Files.readString(file), file.getFileName().toString()));
      }
    }
    return all;
  }

  private static <T> List<T> of(List<HasMetadata> all, Class<T> type) {
    return all.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void everyDocumentIsAKubernetesObjectWithNoUnknownField() throws IOException {
    List<HasMetadata> all = base();
    assertThat(of(all, Deployment.class)).extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder("switchboard-gateway", "switchboard-user", "switchboard-order", "switchboard-ping");
    assertThat(of(all, HorizontalPodAutoscaler.class)).extracting(h -> h.getSpec().getScaleTargetRef().getName())
        .containsExactlyInAnyOrder("switchboard-gateway", "switchboard-user");
    assertThat(of(all, PodDisruptionBudget.class)).hasSize(4);
    // no credential ships: the secrets are made by the operator (README)
    assertThat(all).noneMatch(r -> r.getKind().equals("Secret"));
  }

  @Test
  void imagesPortsAndProbesMatchTheJarsTheyRun() throws IOException {
    Set<String> documented = YAML.readTree(ROOT.resolve("gateway-verticle/src/main/resources/openapi.yaml").toFile())
        .path("paths").properties().stream()
        .map(Map.Entry::getKey).collect(java.util.stream.Collectors.toSet());
    String dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
    String compose = Files.readString(ROOT.resolve("docker/compose.yaml"));
    for (Deployment deployment : of(base(), Deployment.class)) {
      String service = deployment.getMetadata().getName().replace("switchboard-", "");
      String module = MODULES.get(service);
      assertThat(module).as(service).isNotNull();
      Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
      // the image compose builds from the module's jar with docker/Dockerfile
      assertThat(container.getImage()).isEqualTo("switchboard/" + service + ":latest");
      assertThat(compose).contains("MODULE: " + module + "\n    image: switchboard/" + service + ":latest");
      assertThat(dockerfile).contains("COPY ${MODULE}/target/${MODULE}.jar");
      int port = container.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow()
          .getContainerPort();
      assertThat(port).as(service + " port").isEqualTo(httpPort(module, service));
      assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
      assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
      assertThat(documented).contains("/ready", "/health");
      assertThat(container.getArgs()).containsSubsequence("-conf", "/app/conf/k8s/switchboard.json").contains("-cluster");
      // the drain fits: preStop, then shutdown.graceSeconds for the edges and again for the rest
      int grace = config().path("shutdown").path("graceSeconds").asInt();
      long preStop = Long.parseLong(container.getLifecycle().getPreStop().getExec().getCommand().get(1));
      assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
          .isGreaterThan(preStop + 2L * grace);
      assertThat(container.getResources().getLimits()).containsKey("memory");
      assertThat(container.getEnv()).anyMatch(e -> e.getName().equals("SWITCHBOARD_CLUSTER_HOST")
          && e.getValueFrom().getFieldRef().getFieldPath().equals("status.podIP"));
    }
  }

  private static int httpPort(String module, String service) throws IOException {
    Path role = ROOT.resolve(module + "/src/main/resources/switchboard/" + service + ".json");
    JsonNode own = Files.exists(role) ? JSON.readTree(role.toFile()).path("http").path("port") : null;
    return own != null && own.isInt() ? own.asInt()
        : JSON.readTree(ROOT.resolve("platform/src/main/resources/switchboard/defaults.json").toFile())
            .path("http").path("port").asInt();
  }

  private static JsonNode config() throws IOException {
    return JSON.readTree(BASE.resolve("switchboard.json").toFile());
  }

  @Test
  void theConfigMapHoldsOnlyKeysTheSystemKnows() throws IOException {
    JsonNode defaults = JSON.readTree(ROOT.resolve("platform/src/main/resources/switchboard/defaults.json").toFile());
    List<String> unknown = new ArrayList<>();
    known(config(), defaults, "", unknown);
    assertThat(unknown).as("keys not in defaults.json").isEmpty();
    assertThat(config().path("cluster").path("kubernetes").path("serviceDns").asText()).isEqualTo("switchboard-cluster");
    assertThat(of(base(), Service.class)).anyMatch(s -> s.getMetadata().getName().equals("switchboard-cluster")
        && "None".equals(s.getSpec().getClusterIP()));
  }

  private static void known(JsonNode config, JsonNode defaults, String path, List<String> unknown) {
    config.properties().forEach(e -> {
      JsonNode known = defaults.get(e.getKey());
      if (known == null) {
        unknown.add(path + e.getKey());
      } else if (e.getValue().isObject() && known.isObject()) {
        known(e.getValue(), known, path + e.getKey() + ".", unknown);
      }
    });
  }

  @Test
  void theOverlayRenders() throws Exception {
    Process kubectl;
    try {
      kubectl = new ProcessBuilder("kubectl", "kustomize", OVERLAY.toString()).redirectErrorStream(false).start();
    } catch (IOException e) {
      String missing = "kubectl is not installed: the overlay's rendering is not checked";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(missing);
      }
      Assumptions.abort(missing);
      return;
    }
    String rendered = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(kubectl.exitValue()).as(errors).isZero();
    List<HasMetadata> all = parse(rendered, "kubectl kustomize " + OVERLAY);
    assertThat(all).allMatch(r -> "switchboard".equals(r.getMetadata().getNamespace()));
    assertThat(of(all, Deployment.class)).allMatch(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0)
        .getImage().startsWith("registry.example.com/switchboard/"));
    // the generated ConfigMap's hashed name is what the pods mount
    String configMap = of(all, ConfigMap.class).get(0).getMetadata().getName();
    assertThat(of(all, Deployment.class)).allMatch(d -> d.getSpec().getTemplate().getSpec().getVolumes().stream()
        .anyMatch(v -> v.getConfigMap() != null && v.getConfigMap().getName().equals(configMap)));
  }
}
