package io.hetumind.sdk.plugin;

import java.nio.file.Path;

/**
 * A plugin jar that was not loaded, and why.
 *
 * @param plugin the plugin's name (or {@code name@version}) when it got that far, else null
 * @param reason a sentence for the operator ("it was built for node SDK 2.0.0 but this host provides …")
 */
public record RefusedPlugin(Path jar, String plugin, String reason) {

    /** {@code plugin-name (file.jar): reason}. */
    public String message() {
        String file = jar.getFileName().toString();
        return (plugin == null ? file : plugin + " (" + file + ")") + ": " + reason;
    }
}
