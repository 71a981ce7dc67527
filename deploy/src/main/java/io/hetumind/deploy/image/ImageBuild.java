package io.hetumind.deploy.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the services' images: {@code ImageBuild [--out DIR] [--tag TAG] [MODULE …]} (all of
 * {@link ServiceImage#MODULES} when none is named). Run by the deploy module's {@code images} profile ({@code ./mvnw
 * -Pimages package}), from the repository root or below it.
 */
public final class ImageBuild {

    private ImageBuild() {}

    public static void main(String[] args) throws Exception {
        Path root = repository(Path.of("").toAbsolutePath());
        Path out = root.resolve("deploy/target/images");
        String tag = null;
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--tag" -> tag = value(args, ++i, "--tag");
                default -> {
                    if (!ServiceImage.MODULES.contains(args[i])) {
                        throw new IllegalArgumentException(
                                "unknown image " + args[i] + "; the images are " + ServiceImage.MODULES);
                    }
                    modules.add(args[i]);
                }
            }
        }
        if (tag == null) {
            tag = defaultTag(root);
        }
        if (modules.isEmpty()) {
            modules.addAll(ServiceImage.MODULES);
        }
        Path work = root.resolve("deploy/target/image-work");
        Path runtime = JavaRuntime.link(Path.of(System.getProperty("java.home")), work);
        ImageBuilder builder = new ImageBuilder(root, runtime, work, System.out::println);
        for (String module : modules) {
            builder.build(ServiceImage.of(root, module), tag, out);
        }
    }

    /** The project's version without {@code -SNAPSHOT}: the tag the Kubernetes manifests pin. */
    public static String defaultTag(Path root) throws java.io.IOException {
        String pom = Files.readString(root.resolve("pom.xml"));
        int start = pom.indexOf("<version>", pom.indexOf("<artifactId>hetumind-parent</artifactId>"));
        String version = pom.substring(start + "<version>".length(), pom.indexOf("</version>", start));
        return version.replace("-SNAPSHOT", "");
    }

    static Path repository(Path from) {
        for (Path p = from; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("services")) && Files.isDirectory(p.resolve("deploy/k8s"))) {
                return p;
            }
        }
        throw new IllegalStateException("no Hetumind repository at or above " + from);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
