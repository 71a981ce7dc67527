package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.BooleanSupplier;

/**
 * A sandboxed Python interpreter for the Code node's Python languages (n8n's {@code python} and
 * {@code pythonNative}), found with {@link ServiceLoader}: the module {@code libs/nodes-python} has one, and a
 * distribution without it has no Python. The interpreter knows nothing of workflows: n8n's Python names
 * ({@code _input}, {@code _json}, {@code _('Node')} …) are answered by the {@link Host}, which evaluates the
 * matching JavaScript ({@code $input}, {@code $json}, {@code $('Node')} …) in the node's expression sandbox,
 * so both languages see the very same data.
 */
public interface PythonSandbox {

    /** What the Python code may ask of the node that runs it. */
    interface Host {
        /**
         * The JSON of what the n8n JavaScript expression {@code js} gives in the scope of the item being run (a
         * date as its ISO text, as a Code node's JavaScript returns it; {@code null} for undefined); an error
         * throws {@link ExpressionException} with n8n's message.
         */
        JsonNode evaluate(String js);

        /** One line the code printed. */
        void log(String line);
    }

    /** The runs of one node execution over one compiled code, in an interpreter of their own. */
    interface Session extends AutoCloseable {
        /**
         * Runs the code as the body of a function (it may {@code return}) and gives what it returns as JSON
         * ({@code null} for None). {@code eachItem} says whether it is run once per item (the host's scope is
         * then the current item's). Python errors (with n8n's {@code [line N]}), a result that is not JSON
         * data, a run longer than {@code timeout} and a run stopped because {@code canceled} turned true throw
         * {@link ExpressionException} with the reason.
         */
        JsonNode call(boolean eachItem, Duration timeout, BooleanSupplier canceled);

        @Override
        void close();
    }

    /**
     * Compiles {@code code} in a fresh interpreter; a syntax error throws {@link ExpressionException}. None is
     * JSON's null both ways (n8n's native Python runner; its Pyodide runner turned a None it was returned into
     * JavaScript's undefined, leaving such a member out).
     */
    Session open(String code, Host host);

    /** The interpreter on the class path, if any (looked up once). */
    static Optional<PythonSandbox> installed() {
        return Installed.SANDBOX;
    }
}

/** Looks the service up on first use only. */
final class Installed {
    static final Optional<PythonSandbox> SANDBOX =
            ServiceLoader.load(PythonSandbox.class).findFirst();

    private Installed() {}
}
