package io.hetumind.core.template;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The templates that ship with Hetumind, read from {@code io/hetumind/core/template/gallery/} on the class path (the
 * {@code index} file lists them in display order). A built-in template that does not pass {@link TemplateValidator}
 * is a bug: loading throws.
 */
public final class TemplateGallery {
    private static final String DIR = "io/hetumind/core/template/gallery/";

    private static volatile List<Template> builtIn;

    private TemplateGallery() {}

    /** Every built-in template, in display order. */
    public static List<Template> builtIn() {
        List<Template> b = builtIn;
        if (b == null) {
            b = load();
            builtIn = b;
        }
        return b;
    }

    /** The built-in template of this name. */
    public static Optional<Template> find(String name) {
        return builtIn().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private static List<Template> load() {
        List<Template> out = new ArrayList<>();
        for (String line : read("index").split("\n")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            Template t = TemplateFormat.read(read(file));
            var report = TemplateValidator.validate(t);
            if (!report.ok()) {
                throw new IllegalStateException("built-in template " + file + " is invalid:\n" + report);
            }
            out.add(t);
        }
        return List.copyOf(out);
    }

    private static String read(String file) {
        try (InputStream in = TemplateGallery.class.getClassLoader().getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DIR + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DIR + file, e);
        }
    }
}
