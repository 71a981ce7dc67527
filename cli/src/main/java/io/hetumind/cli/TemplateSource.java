package io.hetumind.cli;

import io.hetumind.core.template.Template;
import io.hetumind.core.template.TemplateFormat;
import io.hetumind.core.template.TemplateFormatException;
import io.hetumind.core.template.TemplateGallery;
import io.hetumind.core.template.TemplateValidator;
import io.hetumind.core.validate.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Finds a template by name in the built-in gallery, or else reads it from a file of that name. */
final class TemplateSource {

    private TemplateSource() {}

    static Template find(String nameOrFile) {
        var builtIn = TemplateGallery.find(nameOrFile);
        if (builtIn.isPresent()) {
            return builtIn.get();
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no template '" + nameOrFile + "': neither a built-in one ("
                    + TemplateGallery.builtIn().stream().map(Template::name).collect(Collectors.joining(", "))
                    + ") nor a template file");
        }
        Template t;
        try {
            t = TemplateFormat.read(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (TemplateFormatException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
        ValidationReport report = TemplateValidator.validate(t);
        if (!report.ok()) {
            throw new IllegalStateException(file + ": not a valid template:\n" + report);
        }
        return t;
    }
}
