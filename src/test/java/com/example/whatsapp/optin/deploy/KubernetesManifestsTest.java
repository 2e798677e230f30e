package com.example.whatsapp.optin.deploy;

import com.example.whatsapp.optin.Main;
import com.example.whatsapp.optin.config.ServiceConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s, parsed into the Kubernetes API's own types (fabric8's model): what can drift from
 * the service as it is (settings, routes, commands, ports) fails here, not in a cluster.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("deploy/k8s");
    private static final Path BASE = K8S.resolve("base");
    private static final Path PRODUCTION = K8S.resolve("overlays/production");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper MODEL = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "StatefulSet", StatefulSet.class, "Service", Service.class, "PodDisruptionBudget", PodDisruptionBudget.class,
            "Job", Job.class, "Ingress", Ingress.class, "Secret", Secret.class, "Namespace", Namespace.class);
    private static final String SECRET = "whatsapp-optin-secrets";

    /** The manifests a kustomization lists, each file parsed (patches are partial: only parsed for their types). */
    static List<HasMetadata> resources(Path dir) throws IOException {
        List<HasMetadata> found = new ArrayList<>();
        for (JsonNode entry : kustomization(dir).path("resources")) {
            Path path = dir.resolve(entry.asText()).normalize();
            if (Files.isDirectory(path)) {
                found.addAll(resources(path));
            } else {
                found.addAll(parse(Files.readString(path)));
            }
        }
        return found;
    }

    static JsonNode kustomization(Path dir) throws IOException {
        return YAML.readTree(dir.resolve("kustomization.yaml").toFile());
    }

    static List<HasMetadata> parse(String yaml) throws IOException {
        List<HasMetadata> parsed = new ArrayList<>();
        for (JsonNode document : YAML.readValues(YAML.createParser(yaml), JsonNode.class).readAll()) {
            if (document == null || document.isNull() || document.isEmpty()) {
                continue;
            }
            String kind = document.path("kind").asText();
            assertThat(KINDS).as("a kind this test knows: " + kind).containsKey(kind);
            HasMetadata resource = MODEL.treeToValue(document, KINDS.get(kind));
            assertThat(unknownFields(resource)).as(kind + " " + resource.getMetadata().getName() + ": fields Kubernetes does not know").isEmpty();
            parsed.add(resource);
        }
        return parsed;
    }

    /** Fields the model keeps as "additional properties": a misspelt or misplaced key (readinesProbe, ports under spec). */
    static List<String> unknownFields(Object root) {
        List<String> unknown = new ArrayList<>();
        walk(root, "", unknown, new IdentityHashMap<>());
        return unknown;
    }

    private static void walk(Object node, String path, List<String> unknown, IdentityHashMap<Object, Boolean> seen) {
        if (node == null || seen.put(node, true) != null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, path + "." + key, unknown, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !(getter.getName().startsWith("get")) || getter.getName().equals("getClass")) {
                continue;
            }
            try {
                Object value = getter.invoke(node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(key -> unknown.add(path + "." + key));
                } else {
                    walk(value, path + "." + getter.getName().substring(3), unknown, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }

    static <T extends HasMetadata> T one(List<HasMetadata> resources, Class<T> kind, String name) {
        return resources.stream().filter(kind::isInstance).map(kind::cast)
                .filter(r -> r.getMetadata().getName().equals(name)
                        // a generated Secret's name ends with its content's hash
                        || r instanceof Secret && r.getMetadata().getName().matches(Pattern.quote(name) + "-[a-z0-9]{10}")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
    }

    /**
     * The environment the container would see: Secret references as secret values, the pod's own
     * fields as a pod's, {@code $(VAR)} references expanded as Kubernetes does.
     */
    static Map<String, String> environment(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            String value;
            if (var.getValueFrom() == null) {
                value = expand(var.getValue(), env);
            } else if (var.getValueFrom().getSecretKeyRef() != null) {
                value = "secret-" + var.getValueFrom().getSecretKeyRef().getKey().toLowerCase(Locale.ROOT);
            } else {
                String field = var.getValueFrom().getFieldRef().getFieldPath();
                value = field.equals("metadata.name") ? "whatsapp-optin-0" : field.equals("metadata.namespace") ? "consent" : null;
                assertThat(value).as("a field the test knows: " + field).isNotNull();
            }
            env.put(var.getName(), value);
        }
        return env;
    }

    private static String expand(String value, Map<String, String> earlier) {
        Matcher m = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            assertThat(earlier).as("$(" + m.group(1) + ") is defined before it is used").containsKey(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(earlier.get(m.group(1))));
        }
        return m.appendTail(out).toString();
    }

    /** The variables name real settings: the service loads them, and every KAFKA_ one reaches Kafka's properties. */
    static ServiceConfig assertRealSettings(Container container) {
        Map<String, String> env = environment(container);
        ServiceConfig config = ServiceConfig.load(null, env, Map.of());
        Properties streams = config.streamsProperties(config.bootstrapServers());
        Set<String> referenced = new TreeSet<>();
        container.getEnv().forEach(v -> {
            Matcher m = Pattern.compile("\\$\\(([A-Za-z0-9_]+)\\)").matcher(v.getValue() == null ? "" : v.getValue());
            while (m.find()) {
                referenced.add(m.group(1));
            }
        });
        env.forEach((variable, value) -> {
            if (variable.startsWith("KAFKA_")) {
                assertThat(streams.stringPropertyNames()).as(variable + " sets a Kafka property")
                        .anySatisfy(property -> {
                            assertThat("KAFKA_" + property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')).isEqualTo(variable);
                            assertThat(streams.getProperty(property)).isEqualTo(value);
                        });
            } else if (!variable.startsWith("OPTIN_")) {
                assertThat(referenced).as(variable + " is neither a setting nor used by one").contains(variable);
            }
        });
        assertThat(config.unknownKafkaProperties()).isEmpty();
        return config;
    }

    static JsonNode openApiPaths() throws IOException {
        try (InputStream in = com.example.whatsapp.optin.http.ConsentApi.class.getResourceAsStream("openapi.json")) {
            return new ObjectMapper().readTree(in).path("paths");
        }
    }

    static int containerPort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).contains(port.getIntVal());
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal())).getContainerPort();
    }

    static Container service(StatefulSet set) {
        return set.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** Checks every kustomization's resources and one overlay's built output alike. */
    abstract static class Deployment {

        abstract List<HasMetadata> resources() throws IOException;

        StatefulSet statefulSet() throws IOException {
            return one(resources(), StatefulSet.class, "whatsapp-optin");
        }

        @Test
        void every_environment_variable_is_a_real_setting_and_the_pod_announces_its_own_dns_name() throws IOException {
            StatefulSet set = statefulSet();
            ServiceConfig config = assertRealSettings(service(set));
            Service headless = one(resources(), Service.class, set.getSpec().getServiceName());
            assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
            assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
            assertThat(config.applicationServer()).isEqualTo("whatsapp-optin-0." + headless.getMetadata().getName()
                    + ".consent.svc.cluster.local:" + config.httpPort());
            assertThat(config.readToken()).as("the read token comes from the Secret").isEqualTo("secret-optin_http_read_token");
            assertThat(config.httpHost()).isEqualTo("0.0.0.0");
            assertThat(config.embeddedBroker()).isFalse();
        }

        @Test
        void the_fleet_size_is_the_replica_count() throws IOException {
            StatefulSet set = statefulSet();
            assertThat(environment(service(set))).containsEntry("OPTIN_FLEET_INSTANCES", String.valueOf(set.getSpec().getReplicas()));
        }

        @Test
        void state_dir_lies_on_the_pod_s_own_persistent_volume() throws IOException {
            StatefulSet set = statefulSet();
            ServiceConfig config = ServiceConfig.load(null, environment(service(set)), Map.of());
            String stateDir = config.streamsProperties("kafka:9092").getProperty("state.dir");
            String claim = set.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
            assertThat(service(set).getVolumeMounts()).anySatisfy(mount -> {
                assertThat(mount.getName()).isEqualTo(claim);
                assertThat(stateDir).startsWith(mount.getMountPath() + "/");
            });
        }

        @Test
        void every_probe_asks_a_real_open_route_on_the_service_s_port() throws IOException {
            Container container = service(statefulSet());
            ServiceConfig config = ServiceConfig.load(null, environment(container), Map.of());
            JsonNode paths = openApiPaths();
            List<Probe> probes = Stream.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe()).toList();
            assertThat(container.getLivenessProbe()).isNotNull();
            assertThat(container.getReadinessProbe()).isNotNull();
            for (Probe probe : probes) {
                if (probe == null) {
                    continue;
                }
                String path = probe.getHttpGet().getPath();
                JsonNode get = paths.path(path).path("get");
                assertThat(get.isMissingNode()).as(path + " is a GET route of the API").isFalse();
                assertThat(get.has("security")).as(path + " needs no token").isFalse();
                assertThat(containerPort(container, probe.getHttpGet().getPort())).isEqualTo(config.httpPort());
            }
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).as("liveness does not wait for Kafka").isEqualTo("/health/live");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        }

        @Test
        void the_services_reach_the_container_s_http_port() throws IOException {
            Container container = service(statefulSet());
            ServiceConfig config = ServiceConfig.load(null, environment(container), Map.of());
            Map<String, String> podLabels = statefulSet().getSpec().getTemplate().getMetadata().getLabels();
            for (Service service : resources().stream().filter(Service.class::isInstance).map(Service.class::cast).toList()) {
                assertThat(podLabels).as(service.getMetadata().getName() + " selects the pods").containsAllEntriesOf(service.getSpec().getSelector());
                for (ServicePort port : service.getSpec().getPorts()) {
                    assertThat(containerPort(container, port.getTargetPort())).isEqualTo(config.httpPort());
                }
            }
        }

        @Test
        void the_ingress_exposes_only_the_webhook() throws IOException {
            Ingress ingress = one(resources(), Ingress.class, "whatsapp-optin-webhook");
            List<HTTPIngressPath> paths = ingress.getSpec().getRules().stream().map(IngressRule::getHttp)
                    .flatMap(http -> http.getPaths().stream()).toList();
            assertThat(ingress.getSpec().getDefaultBackend()).isNull();
            assertThat(paths).isNotEmpty().allSatisfy(path -> {
                assertThat(path.getPath()).isEqualTo("/webhooks/whatsapp");
                assertThat(path.getPathType()).isEqualTo("Exact");
                Service backend = one(resources(), Service.class, path.getBackend().getService().getName());
                assertThat(backend.getSpec().getClusterIP()).isNotEqualTo("None");
                assertThat(backend.getSpec().getPorts()).extracting(ServicePort::getName).contains(path.getBackend().getService().getPort().getName());
            });
            assertThat(openApiPaths().path("/webhooks/whatsapp").has("post")).isTrue();
        }

        @Test
        void the_job_runs_the_real_topics_create_command_with_real_settings() throws IOException {
            Job job = one(resources(), Job.class, "whatsapp-optin-topics");
            Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getCommand()).as("the image's own entry point").isNullOrEmpty();
            CommandLine.ParseResult parsed = Main.commandLine().parseArgs(container.getArgs().toArray(String[]::new));
            List<String> names = new ArrayList<>();
            for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) {
                names.add(r.commandSpec().name());
            }
            assertThat(names).containsExactly("whatsapp-optin", "topics", "create");
            assertThat(container.getImage()).isEqualTo(service(statefulSet()).getImage());
            ServiceConfig jobConfig = assertRealSettings(container);
            assertThat(jobConfig.bootstrapServers()).isEqualTo(
                    ServiceConfig.load(null, environment(service(statefulSet())), Map.of()).bootstrapServers());
        }

        @Test
        void secrets_come_from_the_one_secret_and_the_read_token_is_required() throws IOException {
            List<EnvVar> fromSecrets = service(statefulSet()).getEnv().stream()
                    .filter(v -> v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null).toList();
            assertThat(fromSecrets).extracting(EnvVar::getName).contains("OPTIN_HTTP_READ_TOKEN", "OPTIN_HTTP_ADMIN_TOKEN",
                    "OPTIN_WEBHOOK_APP_SECRET", "OPTIN_WEBHOOK_VERIFY_TOKEN");
            fromSecrets.forEach(v -> {
                assertThat(v.getValueFrom().getSecretKeyRef().getName()).startsWith(SECRET);
                assertThat(v.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(v.getName());
            });
            assertThat(fromSecrets).filteredOn(v -> v.getName().equals("OPTIN_HTTP_READ_TOKEN"))
                    .allSatisfy(v -> assertThat(v.getValueFrom().getSecretKeyRef().getOptional()).isNotEqualTo(Boolean.TRUE));
        }

        @Test
        void a_pod_runs_as_a_non_root_user_and_stops_cleanly_before_it_is_killed() throws IOException {
            PodSpec pod = statefulSet().getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
            assertThat(pod.getEnableServiceLinks()).as("no <SERVICE>_PORT variables in the service's environment").isFalse();
            // Kafka Streams gets 30 s to commit and leave the group (ConsentService.CLOSE_TIMEOUT), the clients their own close.
            assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(45L);
            assertThat(service(statefulSet()).getResources().getLimits()).containsKey("memory");
            assertThat(service(statefulSet()).getResources().getRequests()).containsKeys("cpu", "memory");
        }

        @Test
        void the_disruption_budget_covers_the_service_s_pods() throws IOException {
            PodDisruptionBudget budget = one(resources(), PodDisruptionBudget.class, "whatsapp-optin");
            assertThat(statefulSet().getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
            assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        }
    }

    @Nested
    @DisplayName("The base")
    class Base extends Deployment {
        @Override
        List<HasMetadata> resources() throws IOException {
            return KubernetesManifestsTest.resources(BASE);
        }
    }

    @Nested
    @DisplayName("The production overlay, as kustomize builds it")
    class Production extends Deployment {

        @Override
        List<HasMetadata> resources() throws IOException {
            return production();
        }

        @Test
        void the_overlay_s_secret_has_every_key_the_pods_ask_for_and_the_example_names_them_all() throws IOException {
            Secret secret = one(resources(), Secret.class, SECRET);
            Set<String> asked = new TreeSet<>();
            service(statefulSet()).getEnv().stream().filter(v -> v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null)
                    .forEach(v -> {
                        asked.add(v.getValueFrom().getSecretKeyRef().getKey());
                        assertThat(v.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret.getMetadata().getName());
                    });
            assertThat(secret.getData().keySet()).containsExactlyInAnyOrderElementsOf(asked);
        }

        @Test
        void the_real_secrets_file_is_never_committed() throws IOException {
            assertThat(Files.readAllLines(PRODUCTION.resolve(".gitignore"))).contains("secrets.env");
        }
    }

    @Test
    void every_manifest_and_patch_in_the_folder_parses_into_the_kubernetes_model() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(K8S)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("kustomization.yaml")).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        for (Path file : files) {
            assertThat(parse(Files.readString(file))).as(file.toString()).isNotEmpty();
        }
    }

    @Test
    void every_kustomization_names_files_that_exist() throws IOException {
        for (Path dir : List.of(BASE, PRODUCTION)) {
            JsonNode k = kustomization(dir);
            List<String> named = new ArrayList<>();
            k.path("resources").forEach(r -> named.add(r.asText()));
            k.path("patches").forEach(p -> named.add(p.path("path").asText()));
            for (String name : named) {
                assertThat(dir.resolve(name)).as(dir + ": " + name).exists();
            }
        }
    }

    private static List<HasMetadata> production;

    /** The production overlay built once for all its checks. */
    static synchronized List<HasMetadata> production() throws IOException {
        if (production == null) {
            Path copy = Files.createTempDirectory("k8s-overlay");
            try {
                production = built(copy);
            } finally {
                try (Stream<Path> walk = Files.walk(copy)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        return production;
    }

    /**
     * The overlay as {@code kubectl kustomize} builds it, with the example secrets in place of the
     * real ones. Without kubectl these checks are skipped; {@link #every_kustomization_names_files_that_exist}
     * still checks the overlay's references.
     */
    static List<HasMetadata> built(Path copy) throws IOException {
        copyTree(K8S, copy);
        Path overlay = copy.resolve("overlays/production");
        Files.copy(overlay.resolve("secrets.env.example"), overlay.resolve("secrets.env"));
        Assumptions.assumeTrue(kubectl(), "kubectl (with kustomize) is not on the PATH");
        try {
            Process build = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(false).start();
            byte[] out = build.getInputStream().readAllBytes();
            String err = new String(build.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(build.exitValue()).as("kubectl kustomize: " + err).isZero();
            return parse(new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean kubectl() {
        try {
            return new ProcessBuilder("kubectl", "version", "--client").start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("secrets.env")) {
                    Files.copy(p, target);
                }
            }
        }
    }

}
