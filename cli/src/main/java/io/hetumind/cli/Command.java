package io.hetumind.cli;

/** One {@code hetumind} subcommand: what it accepts, and what it does with the parsed arguments. */
interface Command {

    /** Its options, parameters and help. */
    CommandSpec spec();

    /** Runs with the parsed arguments and returns the exit code; an exception prints as {@code hetumind: message}, exit 1. */
    int call(Invocation in) throws Exception;
}
