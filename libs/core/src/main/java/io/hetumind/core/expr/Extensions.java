package io.hetumind.core.expr;

import java.util.List;

/** n8n's documented extension methods, installed on the sandbox's own built-in prototypes. */
final class Extensions {

    static final List<String> SOURCES = List.of();

    private Extensions() {}
}
