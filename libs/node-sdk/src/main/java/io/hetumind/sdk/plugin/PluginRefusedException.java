package io.hetumind.sdk.plugin;

/** Why one plugin jar was not loaded; the loader records it and goes on with the others. */
final class PluginRefusedException extends RuntimeException {

    private final String plugin;

    PluginRefusedException(String plugin, String reason) {
        super(reason);
        this.plugin = plugin;
    }

    /** The plugin's declared name, or its label, or null when it was refused before that was known. */
    String plugin() {
        return plugin;
    }
}
