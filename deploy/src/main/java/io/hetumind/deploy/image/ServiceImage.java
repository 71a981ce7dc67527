package io.hetumind.deploy.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service's image: the module it packs (its {@code target/quarkus-app}), the port it listens on (read from the
 * module's {@code application.properties}, so the image cannot disagree with the service), and whether it carries
 * a shell and the core utilities (the task agent runs host commands; the other services run none).
 *
 * @param module the module's directory name under {@code services/}, also the image's repository name
 * @param port the default of {@code quarkus.http.port}
 * @param shellTools whether {@code /bin/sh}, bash and coreutils are in the image
 */
public record ServiceImage(String module, int port, boolean shellTools) {

    /** The modules Kubernetes runs (deploy/k8s/base): the task agent is the one that runs commands. */
    public static final List<String> MODULES = List.of("iam", "studio", "task-server", "task-agent");

    private static final Pattern PORT =
            Pattern.compile("(?m)^quarkus\\.http\\.port=(?:\\$\\{[A-Za-z0-9_.]+:(\\d+)}|(\\d+))\\s*$");

    /** The image of {@code services/<module>} in the repository at {@code root}. */
    public static ServiceImage of(Path root, String module) {
        Path props = root.resolve("services").resolve(module).resolve("src/main/resources/application.properties");
        String text;
        try {
            text = Files.readString(props);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + props, e);
        }
        Matcher m = PORT.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(props + " sets no quarkus.http.port with a default");
        }
        int port = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
        return new ServiceImage(module, port, module.equals("task-agent"));
    }

    /** Where the module's Quarkus build put the application. */
    public Path app(Path root) {
        return root.resolve("services").resolve(module).resolve("target/quarkus-app");
    }
}
