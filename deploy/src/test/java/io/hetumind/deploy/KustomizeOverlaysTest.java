package io.hetumind.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders each overlay with {@code kubectl kustomize} (offline; nothing is applied), reads every
 * object into the fabric8 Kubernetes model strictly (an unknown or misspelt field fails), and
 * checks the objects against each other and against the services' code: images name modules that
 * exist, container ports are the ports the services listen on, probes hit health endpoints the
 * services have, every selector, port name and referenced ConfigMap/Secret resolves.
 */
class KustomizeOverlaysTest {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "apps/v1/DaemonSet", DaemonSet.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

    /** Secrets a prod cluster gets out of band (deploy/k8s/README.md), or from the PostgreSQL operator. */
    private static final Set<String> PROD_EXTERNAL_SECRETS =
            Set.of("hetumind-iam-keys", "hetumind-studio-keys", "hetumind-agent-token", "hetumind-db-app");

    private static final Set<String> HEALTH = Set.of("/q/health/live", "/q/health/ready", "/q/health/started");

    static String render(String overlay) throws Exception {
        boolean kubectl =
                Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "kubectl")));
        assumeTrue(kubectl, "kubectl is not on the PATH: cannot render the kustomize overlays");
        Path dir = Yaml.repo().resolve("deploy/k8s/overlays").resolve(overlay);
        Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    record Rendered(List<HasMetadata> typed, List<ObjectNode> custom) {
        <T extends HasMetadata> List<T> all(Class<T> type) {
            return typed.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    static Rendered parse(String yaml) throws IOException {
        List<HasMetadata> typed = new ArrayList<>();
        List<ObjectNode> custom = new ArrayList<>();
        for (ObjectNode doc : Yaml.documents(yaml)) {
            String key =
                    doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
            Class<? extends HasMetadata> type = TYPES.get(key);
            if (type == null) {
                assertThat(key)
                        .as("a kind this test knows")
                        .isIn("monitoring.coreos.com/v1/ServiceMonitor", "postgresql.cnpg.io/v1/Cluster");
                custom.add(doc);
                continue;
            }
            HasMetadata object = STRICT.treeToValue(doc, type);
            List<String> unknown = new ArrayList<>();
            unknownFields(
                    object, key + " " + doc.path("metadata").path("name").asText(), unknown, new IdentityHashMap<>());
            assertThat(unknown).as("fields the Kubernetes API does not know").isEmpty();
            typed.add(object);
        }
        return new Rendered(typed, custom);
    }

    /** fabric8 keeps unknown fields in additionalProperties instead of failing: walk and collect them. */
    private static void unknownFields(Object o, String path, List<String> out, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof Iterable<?> it) {
            int i = 0;
            for (Object e : it) {
                unknownFields(e, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, out, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        if (o instanceof Quantity q) {
            Quantity.getAmountInBytes(q); // throws on a malformed quantity
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object v = m.invoke(o);
                if (m.getName().equals("getAdditionalProperties")) {
                    if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        out.add(path + ": " + extra.keySet());
                    }
                } else {
                    unknownFields(v, path + "." + m.getName().substring(3), out, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The port a service module listens on by default: {@code quarkus.http.port=${ENV:port}}. */
    static int listenPort(String module) throws IOException {
        Path props =
                Yaml.repo().resolve("services").resolve(module).resolve("src/main/resources/application.properties");
        assertThat(props).as("image hetumind/%s names a service module", module).isRegularFile();
        Matcher m = Pattern.compile("(?m)^quarkus\\.http\\.port=\\$\\{[A-Z_]+:(\\d+)}")
                .matcher(Files.readString(props));
        assertThat(m.find()).as("%s declares quarkus.http.port", module).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** Whether the module serves /q/health and /q/metrics (directly or through libs/platform). */
    static boolean servesHealthAndMetrics(String module) throws IOException {
        String pom =
                Files.readString(Yaml.repo().resolve("services").resolve(module).resolve("pom.xml"));
        return pom.contains("<artifactId>hetumind-platform</artifactId>")
                || (pom.contains("quarkus-smallrye-health") && pom.contains("quarkus-micrometer-registry-prometheus"));
    }

    private static PodTemplateSpec template(HasMetadata workload) {
        return switch (workload) {
            case Deployment d -> d.getSpec().getTemplate();
            case StatefulSet s -> s.getSpec().getTemplate();
            case DaemonSet d -> d.getSpec().getTemplate();
            default -> null;
        };
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null
                && !selector.isEmpty()
                && labels != null
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectIsValidAndEveryReferenceResolves(String overlay) throws Exception {
        Rendered r = parse(render(overlay));
        List<HasMetadata> workloads = new ArrayList<>();
        workloads.addAll(r.all(Deployment.class));
        workloads.addAll(r.all(StatefulSet.class));
        workloads.addAll(r.all(DaemonSet.class));
        Set<String> configMaps = new java.util.HashSet<>();
        r.all(ConfigMap.class).forEach(c -> configMaps.add(c.getMetadata().getName()));
        Map<String, Secret> secrets = new HashMap<>();
        r.all(Secret.class).forEach(s -> secrets.put(s.getMetadata().getName(), s));

        // the pieces the issue asks for
        List<String> deployments = r.all(Deployment.class).stream()
                .map(d -> d.getMetadata().getName())
                .toList();
        assertThat(deployments)
                .contains("hetumind-iam", "hetumind-studio-api", "hetumind-studio-worker", "hetumind-task-server");
        assertThat(r.all(DaemonSet.class))
                .extracting(d -> d.getMetadata().getName())
                .containsExactly("hetumind-task-agent");
        Deployment taskServer = r.all(Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("hetumind-task-server"))
                .findFirst()
                .orElseThrow();
        assertThat(taskServer.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        if (overlay.equals("dev")) {
            assertThat(r.all(StatefulSet.class))
                    .extracting(s -> s.getMetadata().getName())
                    .containsExactly("hetumind-postgres");
            assertThat(r.custom()).noneMatch(c -> c.path("kind").asText().equals("Cluster"));
        } else {
            assertThat(r.all(StatefulSet.class)).isEmpty();
            ObjectNode cluster = r.custom().stream()
                    .filter(c -> c.path("kind").asText().equals("Cluster"))
                    .findFirst()
                    .orElseThrow();
            assertThat(cluster.path("spec").path("instances").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(cluster.path("metadata").path("name").asText() + "-app")
                    .as("the Secret the operator creates")
                    .isEqualTo("hetumind-db-app");
        }
        // studio pods share no disk: their binaries must be in the database
        assertThat(r.all(ConfigMap.class))
                .filteredOn(c -> c.getMetadata().getName().equals("hetumind-config"))
                .singleElement()
                .satisfies(
                        c -> assertThat(c.getData()).containsEntry("HETUMIND_STUDIO_ENGINE_BINARY_STORE", "postgres"));
        for (String role : List.of("api", "worker")) {
            Deployment d = r.all(Deployment.class).stream()
                    .filter(x -> x.getMetadata().getName().equals("hetumind-studio-" + role))
                    .findFirst()
                    .orElseThrow();
            assertThat(d.getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .getFirst()
                            .getEnv())
                    .anyMatch(e -> e.getName().equals("HETUMIND_STUDIO_ROLE") && role.equals(e.getValue()));
        }

        for (HasMetadata w : workloads) {
            String name = w.getKind() + " " + w.getMetadata().getName();
            PodTemplateSpec t = template(w);
            Map<String, String> selector =
                    switch (w) {
                        case Deployment d -> d.getSpec().getSelector().getMatchLabels();
                        case StatefulSet s -> s.getSpec().getSelector().getMatchLabels();
                        case DaemonSet d -> d.getSpec().getSelector().getMatchLabels();
                        default -> Map.of();
                    };
            assertThat(selects(selector, t.getMetadata().getLabels()))
                    .as("%s selects its own pods", name)
                    .isTrue();
            PodSpec pod = t.getSpec();
            Set<String> volumes = new java.util.HashSet<>();
            if (w instanceof StatefulSet st && st.getSpec().getVolumeClaimTemplates() != null) {
                st.getSpec()
                        .getVolumeClaimTemplates()
                        .forEach(pvc -> volumes.add(pvc.getMetadata().getName()));
            }
            for (Volume v : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
                volumes.add(v.getName());
                if (v.getConfigMap() != null) {
                    assertThat(configMaps)
                            .as("%s mounts ConfigMap", name)
                            .contains(v.getConfigMap().getName());
                }
                if (v.getSecret() != null) {
                    assertSecret(overlay, secrets, v.getSecret().getSecretName(), null, name);
                }
            }
            for (Container c : pod.getContainers()) {
                String where = name + "/" + c.getName();
                assertThat(c.getResources().getRequests())
                        .as("%s requests", where)
                        .containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as("%s limits", where).containsKey("memory");
                assertThat(c.getLivenessProbe()).as("%s liveness probe", where).isNotNull();
                assertThat(c.getReadinessProbe())
                        .as("%s readiness probe", where)
                        .isNotNull();
                c.getVolumeMounts()
                        .forEach(m -> assertThat(volumes).as("%s mounts", where).contains(m.getName()));
                for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null) {
                        assertThat(configMaps)
                                .as("%s envFrom", where)
                                .contains(from.getConfigMapRef().getName());
                    }
                    if (from.getSecretRef() != null) {
                        assertSecret(overlay, secrets, from.getSecretRef().getName(), null, where);
                    }
                }
                for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        assertSecret(
                                overlay,
                                secrets,
                                e.getValueFrom().getSecretKeyRef().getName(),
                                e.getValueFrom().getSecretKeyRef().getKey(),
                                where + " env " + e.getName());
                    }
                }
                Map<String, Integer> ports = new HashMap<>();
                c.getPorts().forEach(p -> ports.put(p.getName(), p.getContainerPort()));
                for (Probe probe : new Probe[] {c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe()}) {
                    if (probe != null && probe.getHttpGet() != null) {
                        HTTPGetAction get = probe.getHttpGet();
                        assertThat(HEALTH).as("%s probe path", where).contains(get.getPath());
                        assertThat(ports)
                                .as("%s probe port", where)
                                .containsKey(get.getPort().getStrVal());
                    }
                }
                String image = c.getImage();
                if (image.startsWith("hetumind/")) {
                    String module = image.substring("hetumind/".length(), image.indexOf(':'));
                    int port = listenPort(module);
                    boolean overridden = c.getEnv() != null
                            && c.getEnv().stream().anyMatch(e -> e.getName().endsWith("_PORT"));
                    assertThat(overridden)
                            .as("%s keeps the service's own port", where)
                            .isFalse();
                    assertThat(c.getPorts())
                            .extracting(ContainerPort::getContainerPort)
                            .as("%s port", where)
                            .containsExactly(port);
                    assertThat(servesHealthAndMetrics(module))
                            .as("%s serves /q/health and /q/metrics", module)
                            .isTrue();
                    assertThat(image).as("%s is pinned by the overlay", where).doesNotEndWith(":latest");
                } else {
                    assertThat(image)
                            .as("%s third-party image has a tag", where)
                            .matches(".+:[\\w.-]+");
                }
            }
        }

        for (Service s : r.all(Service.class)) {
            String name = "Service " + s.getMetadata().getName();
            List<PodTemplateSpec> backends = workloads.stream()
                    .map(KustomizeOverlaysTest::template)
                    .filter(t ->
                            selects(s.getSpec().getSelector(), t.getMetadata().getLabels()))
                    .toList();
            assertThat(backends).as("%s selects pods", name).isNotEmpty();
            for (ServicePort p : s.getSpec().getPorts()) {
                IntOrString target = p.getTargetPort();
                for (PodTemplateSpec t : backends) {
                    List<ContainerPort> cps = t.getSpec().getContainers().stream()
                            .flatMap(c -> c.getPorts().stream())
                            .toList();
                    if (target.getStrVal() != null) {
                        assertThat(cps)
                                .extracting(ContainerPort::getName)
                                .as("%s targetPort", name)
                                .contains(target.getStrVal());
                        assertThat(cps.stream()
                                        .filter(cp -> cp.getName().equals(target.getStrVal()))
                                        .findFirst()
                                        .orElseThrow()
                                        .getContainerPort())
                                .as("%s port %s is the container's", name, p.getName())
                                .isEqualTo(p.getPort());
                    } else {
                        assertThat(cps)
                                .extracting(ContainerPort::getContainerPort)
                                .contains(target.getIntVal());
                    }
                }
            }
        }
        for (PodDisruptionBudget pdb : r.all(PodDisruptionBudget.class)) {
            assertThat(workloads)
                    .as("PDB %s protects something", pdb.getMetadata().getName())
                    .anyMatch(w -> selects(
                            pdb.getSpec().getSelector().getMatchLabels(),
                            template(w).getMetadata().getLabels()));
        }
        for (String w :
                List.of("hetumind-iam", "hetumind-studio-api", "hetumind-studio-worker", "hetumind-task-server")) {
            Deployment d = r.all(Deployment.class).stream()
                    .filter(x -> x.getMetadata().getName().equals(w))
                    .findFirst()
                    .orElseThrow();
            assertThat(r.all(PodDisruptionBudget.class))
                    .as("%s has a PodDisruptionBudget", w)
                    .anyMatch(pdb -> selects(
                            pdb.getSpec().getSelector().getMatchLabels(),
                            d.getSpec().getTemplate().getMetadata().getLabels()));
        }
        for (HorizontalPodAutoscaler hpa : r.all(HorizontalPodAutoscaler.class)) {
            assertThat(deployments)
                    .as("HPA %s target", hpa.getMetadata().getName())
                    .contains(hpa.getSpec().getScaleTargetRef().getName());
            assertThat(hpa.getSpec().getMinReplicas())
                    .isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
        }
        HorizontalPodAutoscaler workers = r.all(HorizontalPodAutoscaler.class).stream()
                .filter(h -> h.getSpec().getScaleTargetRef().getName().equals("hetumind-studio-worker"))
                .findFirst()
                .orElseThrow();
        String metric = workers.getSpec()
                .getMetrics()
                .getFirst()
                .getExternal()
                .getMetric()
                .getName();
        assertThat(metric).isEqualTo("hetumind_queue_depth");
        assertThat(Files.readString(
                        Yaml.repo().resolve("services/studio/src/main/java/io/hetumind/studio/queue/QueueDepth.java")))
                .as("the studio publishes the metric the workers scale on")
                .contains("\"" + metric + "\"");
        for (NetworkPolicy np : r.all(NetworkPolicy.class)) {
            Map<String, String> sel = np.getSpec().getPodSelector().getMatchLabels();
            if (sel == null || sel.isEmpty()) {
                continue; // the default deny
            }
            boolean postgresOperator = sel.containsKey("cnpg.io/cluster");
            assertThat(postgresOperator
                            || workloads.stream()
                                    .anyMatch(w -> selects(
                                            sel, template(w).getMetadata().getLabels())))
                    .as("NetworkPolicy %s selects pods", np.getMetadata().getName())
                    .isTrue();
            np.getSpec().getIngress().forEach(rule -> rule.getPorts().forEach(port -> {
                if (port.getPort().getStrVal() != null && !postgresOperator) {
                    assertThat(workloads.stream()
                                    .filter(w -> selects(
                                            sel, template(w).getMetadata().getLabels()))
                                    .flatMap(w -> template(w).getSpec().getContainers().stream())
                                    .flatMap(c -> c.getPorts().stream())
                                    .map(ContainerPort::getName))
                            .as("NetworkPolicy %s port", np.getMetadata().getName())
                            .contains(port.getPort().getStrVal());
                }
            }));
        }
        assertThat(r.all(NetworkPolicy.class))
                .anyMatch(np -> np.getSpec().getPodSelector().getMatchLabels() == null
                        || np.getSpec().getPodSelector().getMatchLabels().isEmpty());
        for (ObjectNode sm : r.custom().stream()
                .filter(c -> c.path("kind").asText().equals("ServiceMonitor"))
                .toList()) {
            Map<String, String> sel =
                    STRICT.convertValue(sm.path("spec").path("selector").path("matchLabels"), Map.class);
            List<Service> targets = r.all(Service.class).stream()
                    .filter(s -> selects(sel, s.getMetadata().getLabels()))
                    .toList();
            assertThat(targets)
                    .as(
                            "ServiceMonitor %s selects Services",
                            sm.path("metadata").path("name").asText())
                    .isNotEmpty();
            for (JsonNode ep : sm.path("spec").path("endpoints")) {
                assertThat(ep.path("path").asText()).isEqualTo("/q/metrics");
                assertThat(targets).allSatisfy(s -> assertThat(s.getSpec().getPorts())
                        .extracting(ServicePort::getName)
                        .contains(ep.path("port").asText()));
            }
        }
        List<String> monitored = r.custom().stream()
                .filter(c -> c.path("kind").asText().equals("ServiceMonitor"))
                .map(c -> c.path("metadata").path("name").asText())
                .toList();
        assertThat(monitored)
                .contains("hetumind-iam", "hetumind-studio", "hetumind-task-server", "hetumind-task-agent");
        if (overlay.equals("dev")) {
            // generated dev master keys are what the services accept: base64 of 32 bytes
            for (String k : List.of("hetumind-iam-keys", "hetumind-studio-keys")) {
                secrets.get(k).getData().forEach((key, value) -> {
                    if (key.contains("MASTER_KEY")) {
                        byte[] raw = Base64.getDecoder()
                                .decode(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
                        assertThat(raw).as("%s %s", k, key).hasSize(32);
                    }
                });
            }
        }
    }

    private static void assertSecret(
            String overlay, Map<String, Secret> secrets, String name, String key, String where) {
        Secret s = secrets.get(name);
        if (s == null) {
            assertThat(overlay.equals("prod") && PROD_EXTERNAL_SECRETS.contains(name))
                    .as("%s: Secret %s exists (or is a documented external one in prod)", where, name)
                    .isTrue();
            return;
        }
        if (key != null) {
            assertThat(s.getData()).as("%s: Secret %s key", where, name).containsKey(key);
        }
    }
}
