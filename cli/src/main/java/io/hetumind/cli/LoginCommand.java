package io.hetumind.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** {@code hetumind login}: signs in to IAM and remembers the studio to talk to. */
final class LoginCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec(
                    "login", "Sign in to a running studio (the session is kept in $HETUMIND_HOME/session.json).")
            .option(
                    "URL",
                    "studio base URL (HETUMIND_STUDIO_URL)",
                    CommandSpec.env("HETUMIND_STUDIO_URL", "http://127.0.0.1:8080"),
                    "--studio")
            .option(
                    "URL",
                    "IAM base URL (HETUMIND_IAM_URL)",
                    CommandSpec.env("HETUMIND_IAM_URL", "http://127.0.0.1:8081"),
                    "--iam")
            .requiredOption("ADDR", "your e-mail address", "--email")
            .flag("read the password from standard input (for scripts)", "--password-stdin");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        String studio = in.string("--studio");
        String iam = in.string("--iam");
        String email = in.string("--email");
        String password = password(in.flag("--password-stdin"), email);
        if (password == null || password.isEmpty()) {
            in.err().println("hetumind: no password given");
            return RunSupport.FAILED;
        }
        StudioSession.login(studio, iam, email, password);
        in.out().println("signed in to " + studio + " as " + email);
        return RunSupport.OK;
    }

    private static String password(boolean passwordStdin, String email) throws java.io.IOException {
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
