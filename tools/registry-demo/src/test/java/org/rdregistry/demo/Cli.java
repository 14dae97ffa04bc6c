package org.rdregistry.demo;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** Runs {@code registry-demo} in-process with captured output. */
public final class Cli {

    public record Run(int exit, String out, String err) {
    }

    private Cli() {
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = DemoCli.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        // kept in the surefire report (target/surefire-reports/*-output.txt) for diagnosis
        System.out.println("$ registry-demo " + String.join(" ", args) + "\n" + out + err + "exit " + exit + "\n");
        return new Run(exit, out.toString(), err.toString());
    }
}
