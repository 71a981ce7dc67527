package io.hetumind.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hetumind login}: signs in to IAM and remembers the studio to talk to. */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = "Sign in to a running studio (the session is kept in $HETUMIND_HOME/session.json).")
final class LoginCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--studio",
            defaultValue = "${env:HETUMIND_STUDIO_URL:-http://127.0.0.1:8080}",
            description = "studio base URL (HETUMIND_STUDIO_URL)")
    String studio;

    @Option(
            names = "--iam",
            defaultValue = "${env:HETUMIND_IAM_URL:-http://127.0.0.1:8081}",
            description = "IAM base URL (HETUMIND_IAM_URL)")
    String iam;

    @Option(names = "--email", required = true, description = "your e-mail address")
    String email;

    @Option(names = "--password-stdin", description = "read the password from standard input (for scripts)")
    boolean passwordStdin;

    @Override
    public Integer call() throws Exception {
        String password = password();
        if (password == null || password.isEmpty()) {
            spec.commandLine().getErr().println("hetumind: no password given");
            return RunSupport.FAILED;
        }
        StudioSession.login(studio, iam, email, password);
        spec.commandLine().getOut().println("signed in to " + studio + " as " + email);
        return RunSupport.OK;
    }

    private String password() throws java.io.IOException {
        if (passwordStdin) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        String env = System.getenv("HETUMIND_PASSWORD");
        if (env != null) {
            return env;
        }
        Console console = System.console();
        if (console == null) {
            throw new java.io.IOException("no terminal to ask for the password: use --password-stdin");
        }
        char[] p = console.readPassword("password for %s: ", email);
        return p == null ? null : new String(p);
    }
}
